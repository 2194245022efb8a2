"""Scaling of `rasd batch` on Dask: articles/s with 1 and N workers, memory over time.

Usage:
    python bench/batch_scaling.py [--corpus DIR] [--articles M] [--workers N]
        [--partition-size P] [--out null:|parquet:DIR] [--profile K] [--json FILE]

SaudiNewsNet (the zips in DIR) is replicated to M articles (default 1,000,000):
copy c > 0 of an article gets a marker appended to its text, so every copy has a
fresh article id. Descriptors are generated lazily and the engine keeps a
bounded number of partitions in flight, so M = 1,000,000 streams in constant
memory. For each worker count (1, then N) a LocalCluster of single-threaded
worker processes is started (start-up not timed; the knowledge base is warmed
on each worker inside the timed run), the articles are processed into the sink,
and the worker RSS is sampled every few seconds (min/max printed: flat = no
growth). ``--profile K`` first profiles one partition of K articles in-process
and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import itertools
import json
import os
import pstats
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.batch import BatchOptions, open_sink, plan_partitions, process_partition, run_partitions
from rasd.batch.partitions import Partition, Record, truncate
from rasd.batch.records import RawDoc


@dataclass(frozen=True)
class Replica:
    """Copy ``copy`` of a partition: texts get a marker so ids are fresh (pickled by value)."""

    inner: Any
    copy: int

    @property
    def label(self) -> str:
        return f"{self.inner.label}-c{self.copy}"

    @property
    def count(self) -> int:
        return int(self.inner.count)

    def records(self) -> Iterator[Record]:
        for rec in self.inner.records():
            if self.copy and isinstance(rec, RawDoc):
                rec = dataclasses.replace(
                    rec,
                    text=f"{rec.text}\n\n[نسخة {self.copy}]",
                    url=f"{rec.url}#copy{self.copy}" if rec.url else None,
                    ref=f"{rec.ref}~{self.copy}",
                )
            yield rec


def replicated(base: list[Partition], total: int) -> Iterator[Partition]:
    left = total
    for copy in itertools.count():
        for part in base:
            if left <= 0:
                return
            part = truncate(part, left)
            left -= part.count
            yield Replica(part, copy)


class RssSampler(threading.Thread):
    """Samples the RSS (MiB) of the given processes every ``every`` seconds."""

    def __init__(self, pids: list[int], every: float = 3.0) -> None:
        super().__init__(daemon=True)
        import psutil

        self.procs = {pid: psutil.Process(pid) for pid in pids}
        self.every = every
        self.samples: dict[int, list[float]] = {pid: [] for pid in pids}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid, proc in self.procs.items():
                try:
                    self.samples[pid].append(proc.memory_info().rss / 2**20)
                except Exception:
                    pass
            self.stop.wait(self.every)


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def run_once(base: list[Partition], args: argparse.Namespace, workers: int) -> dict[str, Any]:
    from dask.distributed import Client, LocalCluster

    t0 = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    startup = time.perf_counter() - t0
    try:
        pids = list(client.run(os.getpid).values())
        cpu0 = client.run(_cpu_seconds)
        sampler = RssSampler(pids, args.sample_every)
        sampler.start()
        res = run_partitions(
            replicated(base, args.articles),
            open_sink(args.out),
            engine="dask",
            client=client,
            options=BatchOptions(keep_text=not args.out.startswith("null")),
        )
        sampler.stop.set()
        sampler.join()
        peaks = client.run(_peak_rss_mib)
        cpu = sum(v - cpu0[k] for k, v in client.run(_cpu_seconds).items())
    finally:
        client.close()
        cluster.close()
    mem = {}
    for pid, s in sampler.samples.items():
        if not s:
            continue
        steady = s[len(s) // 4 :] or s  # after warm-up (knowledge base loaded)
        mem[str(pid)] = {
            "min_mib": round(min(s), 1),
            "max_mib": round(max(s), 1),
            "steady_min_mib": round(min(steady), 1),
            "steady_max_mib": round(max(steady), 1),
            "samples": len(s),
            "last_mib": round(s[-1], 1),
        }
    return {
        "workers": workers,
        "articles": res.seen,
        "reports": res.reports,
        "errors": res.errors,
        "partitions": res.partitions,
        "seconds": round(res.seconds, 1),
        "articles_per_second": round(res.articles_per_second, 1),
        "task_seconds": round(res.task_seconds, 1),
        "worker_cpu_seconds": round(cpu, 1),
        "cpu_ms_per_article": round(1000 * cpu / max(1, res.seen), 1),
        "cluster_startup_seconds": round(startup, 1),
        "peak_rss_mib_per_worker": {k: round(v, 1) for k, v in peaks.items()},
        "rss_over_time": mem,
    }


def profile(base: list[Partition], n: int, top: int = 25) -> str:
    part = truncate(base[0], n)
    process_partition(truncate(base[0], 1))  # load the knowledge base outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    res = process_partition(part)
    prof.disable()
    dt = time.perf_counter() - t0
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("tottime")
    stats.print_stats(top)
    head = f"profile: {res.seen} articles in {dt:.1f}s ({res.seen / dt:.1f}/s, one process)\n"
    return head + buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpora/saudinewsnet")
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=250)
    ap.add_argument("--out", default="null:")
    ap.add_argument("--sample-every", type=float, default=3.0)
    ap.add_argument("--profile", type=int, default=0, metavar="K")
    ap.add_argument("--json", default=None, help="also write the results to this file")
    args = ap.parse_args()

    zips = sorted(Path(args.corpus).glob("*.zip"))
    t0 = time.perf_counter()
    base = plan_partitions(zips, args.partition_size)
    plan_s = time.perf_counter() - t0
    n_base = sum(p.count for p in base)
    print(f"corpus: {len(zips)} zips, {n_base} articles, {len(base)} partitions ({plan_s:.1f}s)")
    out: dict[str, Any] = {
        "articles": args.articles,
        "partition_size": args.partition_size,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    if args.profile:
        text = profile(base, args.profile)
        print(text)
        out["profile"] = text
    runs = []
    for workers in sorted({1, args.workers}):
        r = run_once(base, args, workers)
        runs.append(r)
        mem = ", ".join(
            f"{v['steady_min_mib']}-{v['steady_max_mib']} MiB" for v in r["rss_over_time"].values()
        )
        print(
            f"{workers} worker(s): {r['articles']} articles in {r['seconds']}s = "
            f"{r['articles_per_second']} articles/s ({r['cpu_ms_per_article']} CPU ms/article); RSS per worker after warm-up (min-max) {mem}; "
            f"peak {list(r['peak_rss_mib_per_worker'].values())} MiB"
        )
    out["runs"] = runs
    if len(runs) == 2:
        one, many = runs
        speedup = many["articles_per_second"] / one["articles_per_second"]
        out["speedup"] = round(speedup, 2)
        out["scaling_efficiency"] = round(speedup / many["workers"], 2)
        print(f"speed-up {speedup:.2f}x, scaling efficiency {speedup / many['workers']:.0%}")
    out["load_average_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
