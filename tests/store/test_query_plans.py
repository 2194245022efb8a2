"""Fast paths of incident queries keep their answers: redundant date bounds, wide
bounding boxes, and the stats cache that the change feed invalidates."""

from __future__ import annotations

from pathlib import Path

from report_support import make_report

from rasd.link.merge import merge_new_reports
from rasd.store.records import IncidentFilter
from rasd.store.repo import Store


def _fill(store: Store) -> None:
    rows = [
        ("2015-01-15", "IQ", "Baghdad", 33.3, 44.4),
        ("2015-12", "IQ", "Mosul", 36.3, 43.1),  # month precision
        ("2014", "SY", "Raqqa", 35.9, 39.0),  # year precision, overlaps 2014 only
        ("2016-02-01", "SY", "Aleppo", 36.2, 37.1),
        (None, "YE", "Aden", 12.8, 45.0),  # undated
    ]
    for n, (day, country, city, lat, lon) in enumerate(rows):
        aid, _ = store.add_article(f"نص تجريبي رقم {n} عن حادث في {city}", published="2016-03-01")
        rep = make_report("bombing", date=day, country=country, city=city, lat=lat, lon=lon)
        merge_new_reports(store, store.add_reports(aid, [rep]))  # type: ignore[list-item]


def _cities(store: Store, f: IncidentFilter) -> set[str | None]:
    rows, _ = store.list_incidents(f, limit=100)
    return {r.city for r in rows}


def test_date_ranges_and_boxes(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "q.sqlite")) as store:
        _fill(store)
        assert _cities(store, IncidentFilter(date_from="2015-01-01", date_to="2015-12-31")) == {
            "Baghdad",
            "Mosul",
        }
        assert _cities(store, IncidentFilter(date_from="2014-06-01", date_to="2014-06-30")) == {
            "Raqqa"
        }
        assert _cities(store, IncidentFilter(date_to="2015-12-31")) == {"Baghdad", "Mosul", "Raqqa"}
        # an undated new incident counts on its first publication day (2016-03-01)
        assert _cities(store, IncidentFilter(date_from="2015-12-20")) == {"Mosul", "Aleppo", "Aden"}
        wide = IncidentFilter(bbox=(30.0, 30.0, 50.0, 40.0))  # 200 square degrees
        narrow = IncidentFilter(bbox=(44.0, 33.0, 45.0, 34.0))
        assert _cities(store, wide) == {"Baghdad", "Mosul", "Raqqa", "Aleppo"}
        assert _cities(store, narrow) == {"Baghdad"}


def test_stats_cache_follows_the_change_feed(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.sqlite")) as store:
        _fill(store)
        first = store.stats(by="country", period="month")
        assert store.stats(by="country", period="month") == first  # served from the cache
        aid, _ = store.add_article("نص تجريبي آخر عن تفجير جديد في بغداد", published="2016-03-02")
        rep = make_report("bombing", date="2015-01-20", country="IQ", city="Basra")
        merge_new_reports(store, store.add_reports(aid, [rep]))  # type: ignore[list-item]
        after = {(s.period, s.key): s.count for s in store.stats(by="country", period="month")}
        assert after[("2015-01-01", "IQ")] == 2
