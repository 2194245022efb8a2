"""Listing incidents: filters, sorting, keyset pagination, stats and the change feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rasd.errors import StorageError
from rasd.link.merge import merge_new_reports
from rasd.model import IncidentReport
from rasd.store import IncidentFilter, IncidentRow, Store

Factory = Callable[..., IncidentReport]

EVENTS = [
    # text, type, date, country, city, killed, groups, lat, lon
    (
        "تفجير انتحاري في مسجد بأبها",
        "suicide_bombing",
        "2015-08-06",
        "SA",
        "Abha",
        15,
        ("Islamic State",),
        18.22,
        42.51,
    ),
    (
        "هجوم مسلح على فندق في سيفاري",
        "hostage_taking",
        "2015-08-07",
        "ML",
        "Sevare",
        3,
        (),
        14.53,
        -4.1,
    ),
    (
        "تفجير سيارة مفخخة في سوق بعقوبة",
        "bombing",
        "2015-08-10",
        "IQ",
        "Baqubah",
        40,
        ("Islamic State",),
        33.75,
        44.64,
    ),
    (
        "هجوم على قنصلية أمريكية في إسطنبول",
        "armed_assault",
        "2015-08-10",
        "TR",
        "Istanbul",
        0,
        ("DHKP-C",),
        41.01,
        28.98,
    ),
    (
        "تفجير انتحاري في سوروج",
        "suicide_bombing",
        "2015-07-20",
        "TR",
        "Suruc",
        32,
        ("Islamic State",),
        36.98,
        38.42,
    ),
    (
        "اعتقال خلية في الكويت",
        "arrest_raid",
        "2015-07-30",
        "KW",
        None,
        None,
        ("Islamic State",),
        None,
        None,
    ),
]


@pytest.fixture(scope="module")
def store(module_db_url: str, report_factory_module: Factory) -> Iterator[Store]:
    with Store.open(module_db_url) as s:
        for text, type_, date, country, city, killed, groups, lat, lon in EVENTS:
            with s.transaction():
                aid, _ = s.add_article(text, published=date)
                rep = report_factory_module(
                    type_,
                    date=date,
                    country=country,
                    city=city,
                    killed=killed,
                    groups=groups,
                    lat=lat,
                    lon=lon,
                )
                merge_new_reports(s, s.add_reports(aid, [rep]))
        yield s


@pytest.fixture(scope="module")
def report_factory_module() -> Factory:
    from report_support import make_report

    return make_report  # type: ignore[return-value]


def cities(rows: list[IncidentRow]) -> list[str | None]:
    return [r.city for r in rows]


def test_default_sort_is_latest_first(store: Store) -> None:
    rows, cursor = store.list_incidents()
    assert cursor is None and len(rows) == 6
    assert [r.date for r in rows] == sorted((r.date or "" for r in rows), reverse=True)
    assert rows[0].date == "2015-08-10"


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (IncidentFilter(country="TR"), {"Istanbul", "Suruc"}),
        (IncidentFilter(country=["TR", "ML"]), {"Istanbul", "Suruc", "Sevare"}),
        (IncidentFilter(type="suicide_bombing"), {"Abha", "Suruc"}),
        (IncidentFilter(group="Islamic State"), {"Abha", "Baqubah", "Suruc", None}),
        (IncidentFilter(date_from="2015-08-06", date_to="2015-08-07"), {"Abha", "Sevare"}),
        (IncidentFilter(city="Abha"), {"Abha"}),
        (IncidentFilter(bbox=(34.0, 12.0, 60.0, 42.0)), {"Abha", "Baqubah", "Suruc"}),
        (IncidentFilter(query="انتحاري"), {"Abha", "Suruc"}),
        (IncidentFilter(query="بعقوبة", type="bombing"), {"Baqubah"}),
        (IncidentFilter(min_confidence=0.9), set()),
        (
            IncidentFilter(recency="new", status="executed"),
            {"Abha", "Sevare", "Baqubah", "Istanbul", "Suruc", None},
        ),
    ],
)
def test_filters(store: Store, flt: IncidentFilter, expected: set[str | None]) -> None:
    rows, _ = store.list_incidents(flt, limit=100)
    assert set(cities(rows)) == expected


@pytest.mark.parametrize("sort", ["date", "-date", "killed", "-killed", "updated", "-created"])
def test_keyset_pages_cover_everything_once(store: Store, sort: str) -> None:
    everything, _ = store.list_incidents(sort=sort, limit=100)
    seen, cursor = [], None
    while True:
        page, cursor = store.list_incidents(
            sort=sort, cursor=cursor, limit=4 if sort == "date" else 2
        )
        seen += page
        if cursor is None:
            break
    assert [r.id for r in seen] == [r.id for r in everything]


def test_bad_sort_and_cursor(store: Store) -> None:
    with pytest.raises(StorageError):
        store.list_incidents(sort="colour")
    with pytest.raises(StorageError):
        store.list_incidents(cursor="%%%not-a-cursor")


def test_stats(store: Store) -> None:
    by_type = store.stats(by="type", period="month")
    assert {(s.period, s.key, s.count) for s in by_type} >= {
        ("2015-08-01", "suicide_bombing", 1),
        ("2015-07-01", "suicide_bombing", 1),
    }
    assert sum(s.count for s in by_type) == 6
    weeks = store.stats(by="country", period="week", filters=IncidentFilter(country="TR"))
    assert [(s.period, s.key, s.count) for s in weeks] == [
        ("2015-07-20", "TR", 1),
        ("2015-08-10", "TR", 1),
    ]
    groups = store.stats(by="group", period="month")
    assert ("2015-08-01", "Islamic State", 2) in {(s.period, s.key, s.count) for s in groups}
    with pytest.raises(StorageError):
        store.stats(by="colour")


def test_change_feed(store: Store) -> None:
    feed = store.changes(0, limit=100)
    assert [c.kind for c in feed] == ["created"] * 6
    assert [c.seq for c in feed] == sorted(c.seq for c in feed)
    assert store.changes(feed[2].seq) == feed[3:]


def test_counts(store: Store) -> None:
    counts = store.counts()
    assert (
        counts["articles"],
        counts["reports"],
        counts["incidents"],
        counts["unlinked_reports"],
    ) == (6, 6, 6, 0)
