"""Subprocess used by the concurrency and crash tests: writes articles + reports + merges.

Usage: python writer_script.py URL START STOP [SLEEP]
Each article and its two reports (and their merging) are committed in one transaction.
"""

from __future__ import annotations

import sys
import time

from rasd.link.merge import merge_new_reports
from rasd.model import ArticleRef, Count, DateValue, IncidentReport, Location
from rasd.store import Store


def reports(i: int) -> list[IncidentReport]:
    day = f"2015-08-{1 + i % 28:02d}"
    loc = Location(country="SA", city=f"City{i % 50}")
    return [
        IncidentReport(
            type="bombing",
            date=DateValue(day, "day"),
            location=loc,
            killed=Count(i % 7),
            article=ArticleRef(published=day),
        ),
        IncidentReport(
            type="arrest_raid",
            date=DateValue(day, "day"),
            location=loc,
            arrested=Count(3 + i % 5),
            article=ArticleRef(published=day),
        ),
    ]


def main() -> None:
    url, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    with Store.open(url) as store:
        for i in range(start, stop):
            text = f"خبر رقم {i}: انفجار في المدينة {i % 50} واعتقال مشتبه بهم."
            with store.transaction():
                aid, _ = store.add_article(text, published=f"2015-08-{1 + i % 28:02d}")
                ids = store.add_reports(aid, reports(i))
                merge_new_reports(store, ids)
            if pause:
                time.sleep(pause)


if __name__ == "__main__":
    main()
