"""Latency of the REST API (``/api/v1``) over a large synthetic database.

Usage:
    python bench/api_latency.py [--incidents 200000] [--reports 500000]
        [--db URL] [--requests 200] [--keep FILE] [--reuse] [--json FILE]

Builds a database of N incidents and R reports (synthetic but shaped like real
data: dates 2010–2024, 20 countries with cities and coordinates, 15 groups, a
skewed casualty distribution, 1–several reports per incident, each from its
own article) by bulk inserts into the real schema (migrated with the store's
migrations), then times requests through the ASGI app (``TestClient``, one at a
time) and prints p50/p95/max in milliseconds for:

* ``list``: ``GET /incidents`` with filters (country, type, date range, group,
  min_confidence; sorted by date or killed), 50 a page;
* ``list-page2``: the second page of those (keyset cursor);
* ``detail``: ``GET /incidents/{id}`` for random incidents;
* ``stats``: ``GET /stats`` by type/country/group per month/week (with and without
  a country filter);
* ``geojson``: ``GET /geojson`` for one country, 500 features.

Without ``--db`` the database is a SQLite file in a temporary folder (``--keep``
names a file to keep; ``--reuse`` skips generation when it exists). With
``--db postgresql+psycopg://…`` the database must be empty (it is migrated).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rasd.model import Actor, ArticleRef, Count, DateValue, IncidentReport, Location
from rasd.store import models as m
from rasd.store.convert import dumps, event_columns, group_names
from rasd.store.repo import Store

PLACES = [
    ("IQ", "Baghdad", "Baghdad", 33.34, 44.40),
    ("IQ", "Nineveh", "Mosul", 36.34, 43.13),
    ("IQ", "Al Anbar", "Ramadi", 33.42, 43.30),
    ("SY", "Aleppo", "Aleppo", 36.20, 37.16),
    ("SY", "Idlib", "Idlib", 35.93, 36.63),
    ("SY", "Deir ez-Zor", "Deir ez-Zor", 35.33, 40.14),
    ("YE", "Aden", "Aden", 12.78, 45.04),
    ("YE", "Sanaa", "Sanaa", 15.35, 44.21),
    ("EG", "North Sinai", "Arish", 31.13, 33.80),
    ("EG", "Cairo", "Cairo", 30.04, 31.24),
    ("LY", "Tripoli", "Tripoli", 32.89, 13.19),
    ("LY", "Benghazi", "Benghazi", 32.12, 20.07),
    ("SO", "Banaadir", "Mogadishu", 2.04, 45.34),
    ("AF", "Kabul", "Kabul", 34.53, 69.17),
    ("AF", "Nangarhar", "Jalalabad", 34.43, 70.45),
    ("NG", "Borno", "Maiduguri", 11.85, 13.16),
    ("ML", "Mopti", "Mopti", 14.49, -4.18),
    ("SA", "Eastern Province", "Qatif", 26.56, 50.01),
    ("TN", "Kasserine", "Kasserine", 35.17, 8.84),
    ("PK", "Khyber Pakhtunkhwa", "Peshawar", 34.01, 71.58),
    ("TR", "Istanbul", "Istanbul", 41.01, 28.98),
    ("FR", "Ile-de-France", "Paris", 48.86, 2.35),
    ("DZ", "Algiers", "Algiers", 36.75, 3.06),
    ("LB", "Beirut", "Beirut", 33.89, 35.50),
]
GROUPS = [
    "Islamic State",
    "al-Qaeda",
    "al-Shabaab",
    "Boko Haram",
    "Taliban",
    "Hayat Tahrir al-Sham",
    "Houthis",
    "PKK",
    "AQAP",
    "AQIM",
    "JNIM",
    "Islamic State Sinai Province",
    "Islamic State Khorasan Province",
    "Tehrik-i-Taliban Pakistan",
    "Popular Mobilization Forces",
]
TYPES = [
    ("bombing", 30),
    ("suicide_bombing", 8),
    ("armed_assault", 25),
    ("assassination", 5),
    ("kidnapping", 6),
    ("arrest_raid", 14),
    ("plot_foiled", 7),
    ("claim", 5),
]
CHUNK = 5000


def _report(rng: random.Random, day: str, place: tuple[Any, ...], kind: str) -> IncidentReport:
    country, province, city, lat, lon = place
    killed = int(rng.paretovariate(1.3)) - 1 if kind not in ("arrest_raid", "plot_foiled") else 0
    groups = rng.sample(GROUPS, k=rng.choice((0, 1, 1, 1, 2)))
    return IncidentReport(
        type=kind,
        status="foiled" if kind == "plot_foiled" else "executed",
        date=DateValue(day, "day"),
        location=Location(
            country=country,
            province=province,
            city=city,
            lat=round(lat + rng.uniform(-0.2, 0.2), 5),
            lon=round(lon + rng.uniform(-0.2, 0.2), 5),
            precision="city",
        ),
        perpetrators=[Actor(name=g) for g in groups],
        killed=Count(killed) if killed else None,
        wounded=Count(killed * rng.randint(1, 4)) if killed else None,
        arrested=Count(rng.randint(1, 12)) if kind == "arrest_raid" else None,
        suicide=kind == "suicide_bombing",
        confidence=round(rng.uniform(0.4, 0.99), 3),
        is_main=True,
        article=ArticleRef(published=day, source=f"outlet-{rng.randint(1, 40)}"),
    )


def _plan(n_incidents: int, n_reports: int, seed: int) -> Iterator[tuple[int, int]]:
    """(incident number, its report count): every incident gets ≥ 1; the rest spread."""
    rng = random.Random(seed)
    extra = max(0, n_reports - n_incidents)
    for k in range(n_incidents):
        left = n_incidents - k
        n = 1 + (min(extra, int(rng.expovariate(left / extra))) if extra and left else 0)
        extra -= n - 1
        yield k, n


def generate(store: Store, n_incidents: int, n_reports: int, seed: int = 7) -> dict[str, int]:
    """Write the synthetic rows in bulk; returns the row counts."""
    rng = random.Random(seed)
    weights = [w for _, w in TYPES]
    kinds = [t for t, _ in TYPES]
    now = "2025-01-01T00:00:00.000000Z"
    counts = {"incidents": 0, "reports": 0}
    buf: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("articles", "reports", "incidents", "incident_groups", "incident_reports")
    }
    tables = {
        "articles": m.articles,
        "reports": m.reports,
        "incidents": m.incidents,
        "incident_groups": m.incident_groups,
        "incident_reports": m.incident_reports,
    }

    def flush(conn: Any, force: bool = False) -> None:
        if not force and max(len(v) for v in buf.values()) < CHUNK:
            return
        for name in ("articles", "reports", "incidents", "incident_groups", "incident_reports"):
            if buf[name]:  # parents before children (foreign keys)
                conn.execute(tables[name].insert(), buf[name])
                buf[name] = []

    with store.transaction() as conn:
        for k, n in _plan(n_incidents, n_reports, seed):
            ordinal = 733773 + rng.randrange(15 * 365)  # 2010-01-01 + up to 15 years
            day = time.strftime("%Y-%m-%d", time.gmtime((ordinal - 719163) * 86400))
            place = PLACES[min(int(rng.expovariate(0.15)), len(PLACES) - 1)]
            kind = rng.choices(kinds, weights)[0]
            summary = _report(rng, day, place, kind)
            iid = f"inc-{k:016x}"
            stamp = f"2025-01-01T00:{k // 60000 % 60:02d}:{k // 1000 % 60:02d}.{k % 1000:03d}000Z"
            for j in range(n):
                aid = f"{k:032x}{j:032x}"
                rid = f"{k:012x}{j:04x}.0"
                text = f"خبر تجريبي رقم {k} عن حادث في {place[2]} نسخة {j}"
                buf["articles"].append(
                    {
                        "id": aid,
                        "canonical_url": None,
                        "url": f"https://bench.rasd.invalid/{k}/{j}",
                        "title": f"عنوان {k}",
                        "published": day,
                        "source_id": None,
                        "language": "ar",
                        "text": text,
                        "text_norm": text,
                        "title_norm": "",
                        "search_keys": "",
                        "near_duplicate_of": None,
                        "fetched_at": now,
                        "processed_at": now,
                        "meta": None,
                    }
                )
                rep = summary if j == 0 else _report(rng, day, place, kind)
                rep.article.doc_id = aid
                buf["reports"].append(
                    {
                        "id": rid,
                        "article_id": aid,
                        "idx": 0,
                        "is_main": True,
                        "published": day,
                        "data": dumps(rep.to_dict()),
                        "created_at": now,
                        **event_columns(rep),
                    }
                )
                buf["incident_reports"].append(
                    {
                        "report_id": rid,
                        "incident_id": iid,
                        "score": None,
                        "reasons": "[]",
                        "linked_at": now,
                    }
                )
            cols = event_columns(summary)
            buf["incidents"].append(
                {
                    "id": iid,
                    **cols,
                    "sort_date": cols["date_lo"] or "",
                    "n_reports": n,
                    "n_sources": n,
                    "summary": dumps(summary.to_dict()),
                    "created_at": now,
                    "updated_at": stamp,
                    "version": 1,
                }
            )
            buf["incident_groups"] += [
                {"incident_id": iid, "group_name": g} for g in group_names(summary)
            ]
            counts["incidents"] += 1
            counts["reports"] += n
            flush(conn)
        flush(conn, force=True)
    if store.dialect == "postgresql":
        with store.db.engine.connect() as c:
            c.exec_driver_sql("ANALYZE")
            c.commit()
    else:
        with store.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return counts


def _time(fn: Callable[[], Any], n: int) -> dict[str, float]:
    fn()  # warm-up (imports, caches)
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1),
        "max": round(samples[-1], 1),
        "n": n,
    }


def measure(store: Store, n_requests: int, seed: int = 11) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from rasd.serve.app import create_app
    from rasd.serve.settings import Settings

    rng = random.Random(seed)
    app = create_app(Settings(db=store.url), store=store)
    client = TestClient(app)
    with store.reading() as conn:
        from sqlalchemy import select

        ids = [str(x[0]) for x in conn.execute(select(m.incidents.c.id).limit(20000))]
    countries = sorted({p[0] for p in PLACES})
    list_params: list[dict[str, Any]] = [
        {"country": "IQ"},
        {"country": ["SY", "IQ"], "type": "bombing"},
        {"date_from": "2016-01-01", "date_to": "2016-12-31"},
        {"group": "Islamic State", "sort": "-killed"},
        {"min_confidence": 0.9, "country": "YE"},
        {"type": "suicide_bombing", "sort": "-date"},
        {"bbox": "40,30,50,38"},
    ]

    def get(path: str, params: dict[str, Any]) -> Any:
        resp = client.get("/api/v1" + path, params=params)
        assert resp.status_code == 200, resp.text[:300]
        return resp.json()

    def list_one() -> None:
        get("/incidents", {**rng.choice(list_params), "limit": 50})

    cursors = [get("/incidents", {**p, "limit": 50})["next_cursor"] for p in list_params]
    pairs = [(p, c) for p, c in zip(list_params, cursors, strict=True) if c]

    def list_two() -> None:
        p, c = rng.choice(pairs)
        get("/incidents", {**p, "limit": 50, "cursor": c})

    def detail() -> None:
        get(f"/incidents/{rng.choice(ids)}", {})

    stat_params: list[dict[str, Any]] = [
        {"by": "type", "period": "month"},
        {"by": "country", "period": "month"},
        {"by": "group", "period": "month"},
        {"by": "type", "period": "week", "country": "IQ"},
    ]

    def stats() -> None:
        get("/stats", rng.choice(stat_params))

    def geojson() -> None:
        get("/geojson", {"country": rng.choice(countries), "limit": 500})

    few = max(10, n_requests // 4)
    return {
        "list": _time(list_one, n_requests),
        "list-page2": _time(list_two, n_requests),
        "detail": _time(detail, n_requests),
        "stats": _time(stats, few),
        "geojson": _time(geojson, few),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--incidents", type=int, default=200_000)
    ap.add_argument("--reports", type=int, default=500_000)
    ap.add_argument("--db", help="PostgreSQL URL (empty database); default: a SQLite file")
    ap.add_argument("--keep", type=Path, help="SQLite file to write (and keep)")
    ap.add_argument("--reuse", action="store_true", help="reuse --keep if it exists")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args()
    if args.incidents < 1 or args.reports < args.incidents:
        ap.error("need --incidents ≥ 1 and --reports ≥ --incidents")
    tmp = tempfile.TemporaryDirectory(prefix="rasd-api-bench-")
    url = args.db or f"sqlite:///{args.keep or Path(tmp.name) / 'bench.sqlite'}"
    exists = bool(args.keep and args.reuse and args.keep.exists())
    store = Store.open(url)
    result: dict[str, Any] = {"db": store.dialect}
    if not exists:
        t0 = time.perf_counter()
        result["rows"] = generate(store, args.incidents, args.reports)
        result["generate_s"] = round(time.perf_counter() - t0, 1)
        print(f"generated {result['rows']} in {result['generate_s']} s", flush=True)
    result["latency_ms"] = measure(store, args.requests)
    store.close()
    tmp.cleanup()
    for name, r in result["latency_ms"].items():
        print(
            f"{name:<11} p50 {r['p50']:>8.1f} ms   p95 {r['p95']:>8.1f} ms   max {r['max']:>8.1f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
