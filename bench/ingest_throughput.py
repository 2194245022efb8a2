"""Ingest throughput: SaudiNewsNet zips end to end through the Ingester.

Reads every ``*.zip`` of the corpus folder in name order (one JSON array of
articles per zip, each record's outlet registered as a source), gates, stores,
extracts and merges them into a fresh database, and prints: articles per
second (wall clock and CPU), reports, incidents, merge ratio (reports per
incident), peak RSS and the database size. The CPU time spent inside
``rasd.extract.extract`` is measured separately, so ``overhead_cpu_ms_per_article``
is what everything around extraction costs (gates, source reading, storage,
merging, commits). ``--profile`` adds the functions where the time goes.

    python bench/ingest_throughput.py --limit 2000
    python bench/ingest_throughput.py --db postgresql+psycopg://USER@HOST:PORT/DB
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.pipeline import Ingester, IngestResult
from rasd.ingest.sources import register_sources
from rasd.ingest.sources.files import iter_path
from rasd.store.repo import Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "saudinewsnet"


def items(corpus: Path) -> Iterator[SourceItem | ItemError]:
    zips = sorted(corpus.glob("*.zip"))
    if not zips:
        raise SystemExit(f"no zips in {corpus}")
    for z in zips:
        yield from iter_path(z)


def db_size(store: Store, url: str) -> int | None:
    if store.dialect == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    from sqlalchemy import text

    with store.reading() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


class ExtractClock:
    """Wraps :func:`rasd.extract.extract` to add up the CPU time spent inside it,
    so the pipeline's own cost (gates, storage, merging) can be told apart."""

    def __init__(self) -> None:
        import rasd.extract

        self.module = rasd.extract
        self.inner = rasd.extract.extract
        self.cpu = 0.0
        self.calls = 0

    def __enter__(self) -> ExtractClock:
        def timed(*args: Any, **kwargs: Any) -> Any:
            c0 = time.process_time()
            try:
                return self.inner(*args, **kwargs)
            finally:
                self.cpu += time.process_time() - c0
                self.calls += 1

        self.module.extract = timed
        return self

    def __exit__(self, *exc: object) -> None:
        self.module.extract = self.inner


def run(corpus: Path, url: str, limit: int | None, batch: int) -> dict[str, object]:
    with Store.open(url) as store, ExtractClock() as clock:
        stream = register_sources(store, items(corpus))
        if limit:
            stream = itertools.islice(stream, limit)
        ingester = Ingester(store, batch=batch)
        ingester.kb  # noqa: B018 — load the knowledge base before the clock starts
        t0, c0 = time.perf_counter(), time.process_time()
        res: IngestResult = ingester.run(stream, command="bench/ingest_throughput.py")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        counts = store.counts()
        size = db_size(store, store.url)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    incidents = counts["incidents"]
    return {
        "database": store.dialect,
        "items": res.seen,
        "stored": res.stored,
        "duplicates": res.duplicates,
        "near_duplicates": res.near_duplicates,
        "skipped_language": res.skipped_language,
        "failed": res.failed,
        "seconds": round(wall, 2),
        "articles_per_second": round(res.seen / wall, 1) if wall else None,
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_second": round(res.seen / cpu, 1) if cpu else None,
        "extract_cpu_seconds": round(clock.cpu, 2),
        "extract_articles_per_cpu_second": round(clock.calls / clock.cpu, 1) if clock.cpu else None,
        "overhead_cpu_ms_per_article": round(1000 * (cpu - clock.cpu) / res.seen, 2)
        if res.seen
        else None,
        "reports": counts["reports"],
        "incidents": incidents,
        "merge_ratio": round(counts["reports"] / incidents, 3) if incidents else None,
        "unlinked_reports": counts["unlinked_reports"],
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "db_bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="stop after N items")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            out = prof.runcall(run, args.corpus, url, args.limit, args.batch)
            pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        else:
            out = run(args.corpus, url, args.limit, args.batch)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        width = max(len(k) for k in out)
        for k, v in out.items():
            print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
