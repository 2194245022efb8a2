"""Pair blocking and scoring: the golden cases of cross-source merging."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rasd.link.audit import explain
from rasd.link.score import LinkItem, MergeParams, counts_agree, haversine_km, score_pair
from rasd.model import Count, IncidentReport

P = MergeParams()
Factory = Callable[..., IncidentReport]


def item(
    rep: IncidentReport, rid: str, article: str | None = None, published: str | None = None
) -> LinkItem:
    return LinkItem(rid, article or rid.split(".")[0], rep, published or "2015-08-07")


def merges(a: LinkItem, b: LinkItem) -> bool:
    d = score_pair(a, b, P)
    return d.ok and d.score >= P.threshold


def test_same_event_two_outlets_13_vs_15_killed(report_factory: Factory) -> None:
    a = item(report_factory(killed=15, wounded=7, groups=("Islamic State",)), "a.0")
    b = item(report_factory(killed=13, wounded=9), "b.0")
    d = score_pair(a, b)
    assert merges(a, b)
    assert {r.feature for r in d.reasons} >= {"place", "date", "type", "killed"}
    assert "killed 15 vs 13 agree" in explain(d)
    assert score_pair(b, a).score == pytest.approx(d.score)  # symmetric


def test_same_city_a_week_apart_does_not_merge(report_factory: Factory) -> None:
    a = item(report_factory(date="2015-08-06", killed=15), "a.0")
    b = item(report_factory(date="2015-08-13", killed=15), "b.0", published="2015-08-14")
    d = score_pair(a, b)
    assert not d.ok and d.blocked == "dates 7 days apart"


@pytest.mark.parametrize("gap,expected", [(0, True), (1, True), (3, False)])
def test_date_gap_lowers_the_score(report_factory: Factory, gap: int, expected: bool) -> None:
    a = item(report_factory(date="2015-08-06", city="Kabul", country="AF"), "a.0")
    b = item(report_factory(date=f"2015-08-{6 + gap:02d}", city="Kabul", country="AF"), "b.0")
    assert merges(a, b) is expected


def test_tripoli_libya_vs_lebanon(report_factory: Factory) -> None:
    a = item(report_factory("bombing", country="LY", city="Tripoli", killed=3), "a.0")
    b = item(report_factory("bombing", country="LB", city="Tripoli", killed=3), "b.0")
    assert score_pair(a, b).blocked == "countries differ LY/LB"


def test_far_apart_coordinates_veto(report_factory: Factory) -> None:
    a = item(report_factory(city="X", lat=18.22, lon=42.50), "a.0")
    b = item(report_factory(city="X", lat=21.49, lon=39.19), "b.0")
    assert (score_pair(a, b).blocked or "").endswith("km apart")


def test_close_coordinates_count_as_same_place(report_factory: Factory) -> None:
    a = item(report_factory(city="Abha", lat=18.2164, lon=42.5053), "a.0")
    b = item(report_factory(city="Khamis Mushait", lat=18.30, lon=42.73), "b.0")
    d = score_pair(a, b)
    assert d.ok and any(r.feature == "place" and r.points > 0 for r in d.reasons)


def test_different_city_names_are_penalised(report_factory: Factory) -> None:
    a = item(report_factory(city="Abha"), "a.0")
    b = item(report_factory(city="Dammam"), "b.0")
    assert not merges(a, b)


@pytest.mark.parametrize(
    "ta,tb,ok",
    [
        ("bombing", "suicide_bombing", True),
        ("bombing", "attack_on_facility", True),
        ("armed_assault", "assassination", True),
        ("kidnapping", "hostage_taking", True),
        ("claim", "suicide_bombing", True),
        ("bombing", "armed_assault", False),
        ("bombing", "kidnapping", False),
        ("arrest_raid", "plot_foiled", False),  # no shared article or group
        ("warning_threat", "bombing", False),
    ],
)
def test_type_families(report_factory: Factory, ta: str, tb: str, ok: bool) -> None:
    a = item(report_factory(ta), "a.0")
    b = item(report_factory(tb), "b.0")
    assert score_pair(a, b).ok is ok


def test_arrest_and_the_plot_it_foiled_stay_apart(report_factory: Factory) -> None:
    # gold convention (and GTD/ACLED): the arrests and the disrupted plot are two incidents
    a = item(report_factory("arrest_raid", city=None, groups=("Islamic State",)), "a.0")
    b = item(report_factory("plot_foiled", city=None, groups=("Islamic State",)), "b.0")
    assert score_pair(a, b).blocked == "types incompatible arrest_raid/plot_foiled"


def test_two_reports_of_one_article_same_family_never_merge(report_factory: Factory) -> None:
    a = item(report_factory("suicide_bombing", city="Kabul", country="AF"), "x.0", "x")
    b = item(report_factory("bombing", city="Kabul", country="AF"), "x.1", "x")
    assert score_pair(a, b).blocked == "two reports of one article"


def test_claim_in_same_article_attaches(report_factory: Factory) -> None:
    a = item(report_factory("suicide_bombing", killed=15), "x.0", "x")
    b = item(report_factory("claim", groups=("Islamic State",)), "x.1", "x")
    assert merges(a, b)


def test_undated_report_uses_publication_day(report_factory: Factory) -> None:
    a = item(report_factory(date="2015-08-06", killed=15), "a.0")
    b = item(report_factory(date=None, killed=15), "b.0", published="2015-08-07")
    c = item(report_factory(date=None, killed=15), "c.0", published="2015-08-20")
    assert merges(a, b)
    assert not score_pair(a, c).ok


def test_text_similarity_adds_points(report_factory: Factory) -> None:
    s1 = "فجر انتحاري نفسه داخل مسجد لقوات الطوارئ في أبها"
    s2 = "انتحاري يفجر نفسه في مسجد قوات الطوارئ بمدينة أبها"
    a = item(report_factory(sentence=s1), "a.0")
    b = item(report_factory(sentence=s2), "b.0")
    c = item(report_factory(), "c.0")
    text = [r for r in score_pair(a, b).reasons if r.feature == "text"]
    assert text and text[0].points > 0.3
    assert score_pair(a, b).score > score_pair(a, c).score


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (Count(13), Count(15), 1.0),
        (Count(27), Count(32), 1.0),
        (Count(24), Count(40), 0.0),
        (Count(1), Count(2), 0.0),
        (Count(0), Count(0), 1.0),
        (Count(5, at_least=True), Count(20), 0.5),
        (Count(20), Count(5, at_least=True), 0.5),
    ],
)
def test_counts_agree(a: Count, b: Count, expected: float) -> None:
    assert counts_agree(a, b, P) == expected


def test_haversine() -> None:
    assert haversine_km(18.2164, 42.5053, 18.2164, 42.5053) == 0
    assert 830 < haversine_km(24.7136, 46.6753, 21.4858, 39.1925) < 870  # Riyadh–Jeddah
