"""merge_new_reports into the store: linking, audit, change feed, stable ids, manual edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rasd.errors import StorageError
from rasd.link.ids import incident_id
from rasd.link.merge import merge_new_reports
from rasd.model import IncidentReport
from rasd.store import Store

Factory = Callable[..., IncidentReport]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def ingest(
    store: Store, text: str, reports: list[IncidentReport], published: str, source: str = ""
) -> list[str]:
    """Article + reports + merge in one transaction, as the ingest command does."""
    with store.transaction():
        if source:
            store.add_source(source)
        aid, _ = store.add_article(text, published=published, source=source or None)
        ids = store.add_reports(aid, reports)
        merge_new_reports(store, ids)
    return ids


def test_two_outlets_one_incident(store: Store, report_factory: Factory) -> None:
    (r1,) = ingest(
        store,
        "خبر عكاظ عن تفجير أبها",
        [report_factory(killed=15, groups=("Islamic State",))],
        "2015-08-06",
        "okaz",
    )
    (r2,) = ingest(
        store,
        "خبر الرياض عن تفجير أبها",
        [report_factory(killed=13, wounded=9)],
        "2015-08-07",
        "alriyadh",
    )
    rows, _ = store.list_incidents()
    assert len(rows) == 1
    inc = store.get_incident(rows[0].id)
    assert inc.id == incident_id(r1)
    assert inc.report_ids == [r1, r2]
    assert {s.source for s in inc.sources} == {"okaz", "alriyadh"}
    assert rows[0].n_reports == 2 and rows[0].n_sources == 2
    assert rows[0].groups == ["Islamic State"] and rows[0].version == 2
    # audit: why r2 joined
    (entry,) = [e for e in inc.merge_log if e["action"] == "merge"]
    assert entry["report_ids"] == [r2] and entry["score"] >= 2.75
    assert any(r["feature"] == "killed" for r in entry["reasons"])
    kinds = [(c.kind, c.incident_id) for c in store.changes(0)]
    assert kinds == [("created", inc.id), ("updated", inc.id)]


def test_different_incidents_stay_apart(store: Store, report_factory: Factory) -> None:
    ingest(
        store,
        "تفجير في طرابلس الليبية",
        [report_factory("bombing", country="LY", city="Tripoli", killed=3)],
        "2015-08-06",
    )
    ingest(
        store,
        "تفجير في طرابلس اللبنانية",
        [report_factory("bombing", country="LB", city="Tripoli", killed=3)],
        "2015-08-06",
    )
    ingest(
        store,
        "تفجير في أبها بعد أسبوع",
        [report_factory(date="2015-08-13", killed=15)],
        "2015-08-13",
    )
    ingest(store, "تفجير في أبها", [report_factory(date="2015-08-06", killed=15)], "2015-08-06")
    assert store.counts()["incidents"] == 4


def test_two_incidents_of_one_article(store: Store, report_factory: Factory) -> None:
    ids = ingest(
        store,
        "هجومان في كابول",
        [
            report_factory("suicide_bombing", country="AF", city="Kabul", killed=20),
            report_factory("bombing", country="AF", city="Kabul", killed=15),
        ],
        "2015-08-07",
    )
    assert len({store.get_incident(incident_id(r)).id for r in ids}) == 2


def test_merging_is_idempotent(store: Store, report_factory: Factory) -> None:
    ids = ingest(store, "خبر", [report_factory()], "2015-08-06")
    before = store.counts()
    again = merge_new_reports(store, ids)
    assert again.created == [] and again.updated == [] and list(again.links) == ids
    assert store.counts() == before


def test_bridge_report_unites_incidents_and_earliest_id_survives(
    store: Store, report_factory: Factory
) -> None:
    is_ = ("Islamic State",)
    # Two reports two days apart, one without a city: not merged on their own ...
    (a,) = ingest(store, "الأول", [report_factory(killed=15, groups=is_)], "2015-08-06")
    (b,) = ingest(
        store,
        "الثاني",
        [report_factory(date="2015-08-08", city=None, province="Asir", wounded=9, groups=is_)],
        "2015-08-08",
    )
    first, second = incident_id(a), incident_id(b)
    assert store.counts()["incidents"] == 2
    # ... then a report that strongly matches both unites them.
    (c,) = ingest(
        store,
        "الثالث",
        [report_factory(date="2015-08-07", province="Asir", killed=15, wounded=9, groups=is_)],
        "2015-08-08",
    )
    assert store.counts()["incidents"] == 1
    assert store.resolve_incident_id(second) == first
    inc = store.get_incident(second)  # the alias resolves to the survivor
    assert inc.id == first and inc.report_ids == [a, b, c]
    assert ("merged", second) in [(x.kind, x.incident_id) for x in store.changes(0)]
    assert any(e["incident_ids"] == [first, second] for e in inc.merge_log)


def test_manual_split_is_respected_later(store: Store, report_factory: Factory) -> None:
    (a,) = ingest(store, "أ", [report_factory(killed=15)], "2015-08-06")
    (b,) = ingest(store, "ب", [report_factory(killed=15)], "2015-08-06")
    inc = store.resolve_incident_id(incident_id(a))
    assert inc is not None and store.get_incident(inc).report_ids == [a, b]
    new = store.incident_split(inc, [b], note="two different mosques")
    assert store.get_incident(new).report_ids == [b]
    assert store.get_incident(inc).report_ids == [a]
    # a third report like both would bridge them, but the split pair is never re-merged
    ingest(store, "ج", [report_factory(killed=15)], "2015-08-07")
    assert store.resolve_incident_id(new) == new and store.resolve_incident_id(inc) == inc
    assert store.counts()["incidents"] == 2
    log = store.get_incident(inc).merge_log
    assert any(e["action"] == "split" and e["actor"] == "user" for e in log)


def test_manual_merge(store: Store, report_factory: Factory) -> None:
    (a,) = ingest(store, "أ", [report_factory(city="Abha")], "2015-08-06")
    (b,) = ingest(store, "ب", [report_factory(city="Dammam")], "2015-08-06")
    ia, ib = incident_id(a), incident_id(b)
    assert store.counts()["incidents"] == 2
    survivor = store.incident_merge([ib, ia], note="same attack, wrong city in one outlet")
    assert survivor == ia
    assert store.get_incident(ib).id == ia
    assert store.get_incident(ia).report_ids == [a, b]
    assert store.get_incident(ia).merge_log[-1]["action"] == "manual"
    with pytest.raises(StorageError) as err:
        store.incident_merge([ia, ib])  # both resolve to one incident
    assert err.value.code == "RASD410"


def test_split_validation(store: Store, report_factory: Factory) -> None:
    (a,) = ingest(store, "أ", [report_factory()], "2015-08-06")
    inc = incident_id(a)
    with pytest.raises(StorageError):
        store.incident_split(inc, [a])  # would empty the incident
    with pytest.raises(StorageError):
        store.incident_split(inc, ["nope.0"])
    with pytest.raises(StorageError):
        store.incident_split("inc-missing", [a])


def test_summary_takes_best_supported_fields(store: Store, report_factory: Factory) -> None:
    ingest(store, "أ", [report_factory("bombing", killed=15, date="2015-08")], "2015-08-06")
    ingest(
        store, "ب", [report_factory("suicide_bombing", killed=15, date="2015-08-06")], "2015-08-06"
    )
    ingest(
        store, "ج", [report_factory("suicide_bombing", killed=13, date="2015-08-06")], "2015-08-07"
    )
    (row,), _ = store.list_incidents()
    assert (row.type, row.date, row.date_precision, row.killed, row.n_reports) == (
        "suicide_bombing",
        "2015-08-06",
        "day",
        15,
        3,
    )
