"""Ingest throughput: SaudiNewsNet zips end to end through the Ingester.

Reads every ``*.zip`` of the corpus folder in name order (one JSON array of
articles per zip, each record's outlet registered as a source), gates, stores,
extracts and merges them into a fresh database, and prints: articles per
second (wall clock and CPU), reports, incidents, merge ratio (reports per
incident), peak RSS and the database size. The CPU time spent inside
``rasd.extract.extract`` is measured separately, so ``overhead_cpu_ms_per_article``
is what everything around extraction costs (gates, source reading, storage,
merging, commits). ``--profile`` adds the functions where the time goes.

With ``--workers N`` (N > 1) gates and extraction run in N worker processes
(started, with the knowledge base loaded, before the clock starts): then
``cpu_seconds`` and ``overhead_cpu_ms_per_article`` are the writing parent's
alone, ``worker_cpu_seconds`` the workers' (read from ``/proc``), and
``worker_peak_rss_mib`` lists the peak RSS of every descendant (the workers, the
forkserver and the resource tracker). ``other_cpu_seconds`` is what the rest of
the machine used meanwhile (a PostgreSQL server, other users): on a shared
machine, the wall-clock rate depends on it.

    python bench/ingest_throughput.py --limit 2000
    python bench/ingest_throughput.py --limit 2000 --workers 2
    python bench/ingest_throughput.py --db postgresql+psycopg://USER@HOST:PORT/DB
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
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


def descendants() -> list[int]:
    """Pids of the live descendants of this process (the workers and the forkserver)."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    mine, todo = [], [os.getpid()]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        mine += kids
        todo += kids
    return sorted(mine)


def descendants_usage() -> tuple[float, list[float]]:
    """CPU seconds (user + system) of the live descendants and each one's peak RSS
    in MiB (``VmHWM``), from ``/proc`` (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu, rss = 0.0, []
    for pid in descendants():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / tick
        hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
        rss.append(round(int(hwm[0]) / 1024, 1) if hwm else 0.0)
    return cpu, sorted(rss)


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot (``/proc/stat``)."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in first[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


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


def run(corpus: Path, url: str, limit: int | None, batch: int, workers: int) -> dict[str, object]:
    with Store.open(url) as store, ExtractClock() as clock:
        stream = register_sources(store, items(corpus))
        if limit:
            stream = itertools.islice(stream, limit)
        with Ingester(store, batch=batch, workers=workers) as ingester:
            # load the knowledge base (here or in every worker) before the clock starts
            if workers == 1:
                ingester.kb  # noqa: B018
            else:
                ingester.start_workers()
            kids0, _ = descendants_usage()
            busy0 = machine_busy_seconds()
            t0, c0 = time.perf_counter(), time.process_time()
            res: IngestResult = ingester.run(stream, command="bench/ingest_throughput.py")
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            busy = machine_busy_seconds() - busy0
            kids, worker_rss = descendants_usage()
        counts = store.counts()
        size = db_size(store, store.url)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    incidents = counts["incidents"]
    worker_cpu = kids - kids0
    if workers > 1:  # extraction ran in the workers: the parent's CPU is all overhead
        extract_cpu = None
        overhead = round(1000 * cpu / res.seen, 2) if res.seen else None
    else:
        extract_cpu = clock.cpu
        overhead = round(1000 * (cpu - clock.cpu) / res.seen, 2) if res.seen else None
    return {
        "database": store.dialect,
        "workers": workers,
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
        "worker_cpu_seconds": round(worker_cpu, 2) if workers > 1 else None,
        "total_articles_per_cpu_second": round(res.seen / (cpu + worker_cpu), 1)
        if cpu + worker_cpu
        else None,
        # everything else the machine ran meanwhile: a PostgreSQL server, other users
        "other_cpu_seconds": round(max(0.0, busy - cpu - worker_cpu), 2),
        "cores": os.cpu_count(),
        "extract_cpu_seconds": round(extract_cpu, 2) if extract_cpu is not None else None,
        "extract_articles_per_cpu_second": round(clock.calls / clock.cpu, 1)
        if clock.cpu and workers == 1
        else None,
        "overhead_cpu_ms_per_article": overhead,
        "reports": counts["reports"],
        "incidents": incidents,
        "merge_ratio": round(counts["reports"] / incidents, 3) if incidents else None,
        "unlinked_reports": counts["unlinked_reports"],
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "worker_peak_rss_mib": worker_rss,
        "db_bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="stop after N items")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            out = prof.runcall(run, args.corpus, url, args.limit, args.batch, args.workers)
            pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        else:
            out = run(args.corpus, url, args.limit, args.batch, args.workers)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        width = max(len(k) for k in out)
        for k, v in out.items():
            print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
