"""Trends, group profiles and the network over a small hand-made database."""

from __future__ import annotations

import pytest

from rasd.analysis.trends import group_profile, network, trend_table
from rasd.errors import InputError
from rasd.store import IncidentFilter, Store


def test_monthly_counts_and_casualties_by_country(filled: Store) -> None:
    rows = [r for r in trend_table(filled, by="country", period="month") if r.key == "SA"]
    assert [(r.period, r.count, r.killed, r.wounded) for r in rows] == [
        ("2015-05-01", 1, 21, 100),
        ("2015-07-01", 1, 0, 0),
        ("2015-08-01", 1, 15, 9),
    ]


def test_group_and_target_keys_count_once_per_value(filled: Store) -> None:
    by_group = trend_table(filled, by="group", period="month")
    aug = {r.key: r.count for r in by_group if r.period == "2015-08-01"}
    assert aug == {"Islamic State": 1, "Taliban": 1}
    none_group = [r for r in by_group if r.key is None]
    assert [(r.period, r.count) for r in none_group] == [("2015-07-01", 1)]  # the arrest
    by_target = trend_table(filled, by="target", period="month")
    aug_t = {r.key: (r.count, r.killed) for r in by_target if r.period == "2015-08-01"}
    assert aug_t == {"Police": (2, 65), "Religious Figures/Institutions": (1, 15)}


def test_weekly_periods_start_on_monday_and_filters_apply(filled: Store) -> None:
    rows = trend_table(
        filled, by="type", period="week", filters=IncidentFilter(country="SA", type="arrest_raid")
    )
    assert [(r.period, r.key, r.count) for r in rows] == [("2015-07-13", "arrest_raid", 1)]


def test_bad_key_or_period_is_a_coded_error(filled: Store) -> None:
    with pytest.raises(InputError):
        trend_table(filled, by="colour")
    with pytest.raises(InputError):
        trend_table(filled, by="type", period="year")


def test_group_profile(filled: Store) -> None:
    p = group_profile(filled, "islamic state")  # case-insensitive
    assert p.name == "Islamic State"
    assert p.incidents == 4 and p.killed == 21 + 27 + 33 + 15
    assert p.lethality == pytest.approx(96 / 4)
    assert (p.first_seen, p.last_seen) == ("2015-05-22", "2015-08-06")
    assert p.tempo_days == 24.0  # gaps 35, 24, 17 days
    assert p.countries == {"SA": 2, "KW": 1, "TR": 1}
    assert p.types == {"suicide_bombing": 3, "bombing": 1}
    assert p.targets["Religious Figures/Institutions"] == 3
    # every incident falls in the 90 days before the last one
    assert (p.last_90, p.previous_90, p.trend) == (4, 0, "new")
    later = group_profile(filled, "Islamic State", as_of="2015-11-15")
    assert (later.last_90, later.previous_90, later.trend) == (0, 4, "falling")


def test_unknown_group_is_a_coded_error(filled: Store) -> None:
    with pytest.raises(InputError) as err:
        group_profile(filled, "No Such Group")
    assert err.value.code == "RASD100"


def test_network_nodes_and_edges(filled: Store) -> None:
    g = network(filled)
    edges = {(e["source"], e["target"]): e["weight"] for e in g["edges"]}
    assert edges[("group:Islamic State", "country:SA")] == 2
    assert edges[("group:Taliban", "target:Police")] == 1
    ids = {n["id"]: n for n in g["nodes"]}
    assert ids["group:Islamic State"]["weight"] == 4
    assert ids["country:AF"]["kind"] == "country"
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    heavy = network(filled, min_weight=2)
    assert {(e["source"], e["target"]) for e in heavy["edges"]} == {
        ("group:Islamic State", "country:SA"),
        ("group:Islamic State", "target:Religious Figures/Institutions"),
    }
