"""Corrections (``rasd.store.corrections``) are audited and survive automatic re-merging."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasd.errors import StorageError
from rasd.link.merge import merge_new_reports
from rasd.model import IncidentReport
from rasd.store.corrections import apply_fields, check_fields, correct_incident
from rasd.store.records import IncidentFilter
from rasd.store.repo import Store

MakeReport = Callable[..., Any]


def add(store: Store, text: str, report: object) -> str:
    """Store one article with one report and merge it; returns the incident id."""
    aid, _ = store.add_article(text, published="2015-08-06")
    rids = store.add_reports(aid, [report])  # type: ignore[list-item]
    return merge_new_reports(store, rids).links[rids[0]]


def test_correction_survives_automatic_merging(db_url: str, report_factory: MakeReport) -> None:
    make_report = report_factory
    with Store.open(db_url) as store:
        first = add(store, "خبر أول عن تفجير في أبها", make_report(killed=3, wounded=5))
        correct_incident(
            store, first, {"killed": 15, "groups": ["Islamic State"]}, actor="analyst#1"
        )
        second = add(store, "خبر ثان عن تفجير في أبها", make_report(killed=4, wounded=5))
        assert second == first  # the linker merged the new report in
        inc = store.get_incident(first)
        assert len(inc.reports) == 2
        assert inc.summary.killed is not None and inc.summary.killed.value == 15
        assert [a.name for a in inc.summary.perpetrators] == ["Islamic State"]
        rows, _ = store.list_incidents(IncidentFilter(group="Islamic State"))
        assert [r.id for r in rows] == [first] and rows[0].killed == 15
        log = [e for e in inc.merge_log if e["action"] == "correct"]
        assert log and log[0]["actor"] == "analyst#1"


def test_corrections_follow_a_manual_merge(db_url: str, report_factory: MakeReport) -> None:
    make_report = report_factory
    with Store.open(db_url) as store:
        a = add(store, "خبر عن هجوم في الرياض", make_report("armed_assault", city="Riyadh"))
        b = add(
            store,
            "خبر عن هجوم في تونس",
            make_report("kidnapping", country="TN", city="Tunis", date="2016-01-01"),
        )
        correct_incident(store, b, {"wounded": 7}, actor="x")
        survivor = store.incident_merge([a, b])
        inc = store.get_incident(survivor)
        assert inc.summary.wounded is not None and inc.summary.wounded.value == 7


def test_place_and_date_corrections(report_factory: MakeReport) -> None:
    make_report = report_factory
    rep = make_report(city="Abha", lat=18.2, lon=42.5)
    assert isinstance(rep, IncidentReport)
    moved = apply_fields(rep, check_fields({"country": "ye", "city": "Sanaa"}))
    assert moved.location is not None
    assert (moved.location.country, moved.location.city, moved.location.lat) == (
        "YE",
        "Sanaa",
        None,
    )
    dated = apply_fields(rep, {"date": "2015-08"})
    assert dated.date is not None and dated.date.precision == "month"
    assert apply_fields(rep, {"killed": None}).killed is None


@pytest.mark.parametrize(
    "fields",
    [{}, {"colour": 1}, {"type": "picnic"}, {"date": "2015-02-30"}, {"killed": -2}, {"lat": 95.0}],
)
def test_bad_corrections_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(StorageError) as err:
        check_fields(fields)
    assert err.value.code == "RASD411"
