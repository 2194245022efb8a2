"""Scaling of `rasd batch` on Dask: articles/s with 1 and N workers, memory over time.

Usage:
    python bench/batch_scaling.py [--corpus DIR] [--articles M] [--workers N]
        [--partition-size P] [--out null:|parquet:DIR] [--only N]
        [--overhead K] [--profile K] [--json FILE]

SaudiNewsNet (the zips in DIR) is replicated to M articles (default 1,000,000):
copy c > 0 of an article gets a marker appended to its text, so every copy has a
fresh article id. Descriptors are generated lazily, the engine keeps a bounded
number of partitions in flight and workers write (``parquet:``) or drop
(``null:``) their records themselves, so M = 1,000,000 streams in constant
driver memory. For each worker count (1, then N; ``--only N`` for one) a fresh
``local_cluster`` is started and the knowledge base warmed on every worker
before the clock starts; both runs process the same M articles.

Printed per run: articles/s (wall), articles per worker-CPU-second (compare
with ``bench/extract_throughput.py``), driver CPU, per worker ``busy`` (time
inside tasks / wall: < 100% means a worker waited for work) and ``cpu`` (its
CPU / wall: < 100% while busy means the machine was shared), peak RSS, and RSS
over time per process (min-max and growth: mean of the last quarter of samples
minus the second quarter). Then the wall-clock scaling efficiency and the
CPU-per-article ratio of N vs 1 worker (the part of efficiency this code
controls; on a loaded machine the wall figure mostly measures the load — see
the load averages printed). ``--overhead K``: CPU ms per article that batch adds
to ``extract()`` on K articles, step by step. ``--profile K``: cProfile of one
partition of K articles, in-process.
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
from rasd.batch.engine import local_cluster
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

    def __init__(self, pids: dict[str, int], every: float = 3.0) -> None:
        super().__init__(daemon=True)
        import psutil

        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.every = every
        self.samples: dict[str, list[float]] = {name: [] for name in pids}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for name, proc in self.procs.items():
                try:
                    self.samples[name].append(proc.memory_info().rss / 2**20)
                except Exception:
                    pass
            self.stop.wait(self.every)

    def summary(self) -> dict[str, dict[str, Any]]:
        """min/max per process; ``growth_mib``: mean of the last quarter of the
        samples minus the mean of the second quarter (≈ 0 when memory is flat)."""
        out = {}
        for name, s in self.samples.items():
            if not s:
                continue
            q = max(1, len(s) // 4)
            growth = sum(s[-q:]) / q - sum(s[q : 2 * q] or s[:q]) / len(s[q : 2 * q] or s[:q])
            out[name] = {
                "min_mib": round(min(s), 1),
                "max_mib": round(max(s), 1),
                "growth_mib": round(growth, 1),
                "samples": len(s),
                "series_mib": [round(x) for x in s],
            }
        return out


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _warm() -> int:
    from rasd.batch.process import worker_kb

    worker_kb()
    return os.getpid()


def run_once(base: list[Partition], args: argparse.Namespace, workers: int) -> dict[str, Any]:
    """One timed run on a fresh LocalCluster of ``workers`` processes; cluster
    start-up and knowledge-base warm-up happen before the clock starts."""
    from dask.distributed import Client

    t0 = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    startup = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        addr_pid: dict[str, int] = client.run(_warm)
        warm = time.perf_counter() - t0
        cpu0 = client.run(_cpu_seconds)
        procs = {"driver": os.getpid(), **{f"worker-{p}": p for p in addr_pid.values()}}
        sampler = RssSampler(procs, args.sample_every)
        sampler.start()
        load0 = os.getloadavg()[0]
        d0 = _cpu_seconds()
        res = run_partitions(
            replicated(base, args.articles),
            open_sink(args.out),
            engine="dask",
            client=client,
            options=BatchOptions(keep_text=not args.out.startswith("null")),
        )
        driver_cpu = _cpu_seconds() - d0
        sampler.stop.set()
        sampler.join()
        peaks = client.run(_peak_rss_mib)
        cpu1 = client.run(_cpu_seconds)
    finally:
        client.close()
        cluster.close()
    seconds = res.seconds - res.warm_seconds  # the executor's own warm-up: a no-op here
    per_worker = {}
    for addr, c in cpu1.items():
        pid = addr_pid[addr]
        w = res.per_worker.get(pid, {"seen": 0, "partitions": 0, "seconds": 0.0})
        cpu = c - cpu0[addr]
        per_worker[str(pid)] = {
            "articles": int(w["seen"]),
            "partitions": int(w["partitions"]),
            "cpu_seconds": round(cpu, 1),
            "articles_per_cpu_second": round(w["seen"] / cpu, 1) if cpu else 0.0,
            "busy": round(w["seconds"] / seconds, 2) if seconds else 0.0,
            "cpu_share": round(cpu / seconds, 2) if seconds else 0.0,
            "peak_rss_mib": round(peaks[addr], 1),
        }
    worker_cpu = sum(cpu1[a] - cpu0[a] for a in cpu1)
    return {
        "workers": workers,
        "articles": res.seen,
        "reports": res.reports,
        "errors": res.errors,
        "partitions": res.partitions,
        "seconds": round(seconds, 2),
        "articles_per_second": round(res.seen / seconds, 1) if seconds else 0.0,
        "worker_cpu_seconds": round(worker_cpu, 1),
        "driver_cpu_seconds": round(driver_cpu, 2),
        "articles_per_worker_cpu_second": round(res.seen / worker_cpu, 1) if worker_cpu else 0,
        "driver_cpu_ms_per_article": round(1000 * driver_cpu / max(1, res.seen), 3),
        "cluster_startup_seconds": round(startup, 1),
        "warm_up_seconds": round(warm, 1),
        "load_average_before": round(load0, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "per_worker": per_worker,
        "rss_over_time": sampler.summary(),
    }


def overhead(part: Partition, repeat: int = 3) -> dict[str, float]:
    """CPU ms per article of batch work beyond ``extract()``, in this process, over
    the documents of ``part``: each step batch adds, timed alone (read and decode,
    language gate, ids, report records, Parquet part files), and as a cross-check
    :func:`process_partition` minus ``extract`` alone (noisier: two big numbers).
    Best of ``repeat`` interleaved rounds."""
    import json as _json
    import tempfile

    from rasd.batch.process import worker_kb
    from rasd.batch.sinks import DiscardWriter, ParquetPartWriter
    from rasd.extract import extract
    from rasd.ingest.gates import detect_language
    from rasd.ingest.pipeline import canonical_url
    from rasd.link.ids import article_id

    kb = worker_kb()
    docs = [r for r in part.records() if isinstance(r, RawDoc) and r.text.strip()]
    found = [extract(d.text, published=d.published, title=d.title, kb=kb) for d in docs]
    full = process_partition(part, None, "p")

    def extract_only() -> None:
        for d in docs:
            extract(d.text, published=d.published, title=d.title, url=d.url, kb=kb)

    def records() -> None:
        for reports in found:
            for rep in reports:
                _json.dumps(rep.to_dict(), ensure_ascii=False, sort_keys=True)

    with tempfile.TemporaryDirectory() as tmp:
        pq_writer = ParquetPartWriter(tmp)
        steps: dict[str, Any] = {
            "read": lambda: list(part.records()),
            "gate": lambda: [detect_language(d.text) for d in docs],
            "ids": lambda: [(article_id(d.text), d.url and canonical_url(d.url)) for d in docs],
            "records": records,
            "parquet_write": lambda: pq_writer.write(full),
            "extract": extract_only,
            "batch_null": lambda: process_partition(part, None, "p", DiscardWriter()),
            "batch_parquet": lambda: process_partition(part, None, "p", pq_writer),
        }
        best = dict.fromkeys(steps, float("inf"))
        for _ in range(repeat):
            for name, fn in steps.items():
                c0 = time.process_time()
                fn()
                best[name] = min(best[name], time.process_time() - c0)
    ms = {f"{k}_ms": round(1000 * v / len(docs), 3) for k, v in best.items()}
    beyond = ("read", "gate", "ids", "records", "parquet_write")
    return {
        "articles": len(docs),
        **ms,
        "extract_articles_per_cpu_second": round(len(docs) / best["extract"], 1),
        "overhead_steps_ms": round(sum(ms[f"{k}_ms"] for k in beyond), 3),
        "overhead_diff_parquet_ms": round(ms["batch_parquet_ms"] - ms["extract_ms"], 2),
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


def _line(r: dict[str, Any]) -> str:
    rss = r["rss_over_time"]
    mem = "; ".join(
        f"{k} {v['min_mib']}-{v['max_mib']} MiB (growth {v['growth_mib']:+})"
        for k, v in rss.items()
    )
    ws = ", ".join(
        f"{w['articles_per_cpu_second']}/CPU-s busy {w['busy']:.0%} cpu {w['cpu_share']:.0%} "
        f"peak {w['peak_rss_mib']} MiB"
        for w in r["per_worker"].values()
    )
    return (
        f"{r['workers']} worker(s): {r['articles']} articles in {r['seconds']}s = "
        f"{r['articles_per_second']} articles/s; {r['articles_per_worker_cpu_second']} articles"
        f"/worker-CPU-s; driver {r['driver_cpu_seconds']} CPU-s "
        f"({r['driver_cpu_ms_per_article']} ms/article); load {r['load_average_before']}"
        f"->{r['load_average_after']}\n  workers: {ws}\n  RSS over time: {mem}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpora/saudinewsnet")
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--out", default="null:")
    ap.add_argument("--sample-every", type=float, default=2.0)
    ap.add_argument("--profile", type=int, default=0, metavar="K")
    ap.add_argument("--overhead", type=int, default=0, metavar="K")
    ap.add_argument("--only", type=int, default=0, help="run only this worker count")
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
        "out": args.out,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    if args.profile:
        text = profile(base, args.profile)
        print(text)
        out["profile"] = text
    if args.overhead:
        out["overhead"] = overhead(plan_partitions(zips, args.overhead)[0])
        print("overhead (CPU ms/article, best of 3):", json.dumps(out["overhead"]))
    runs = []
    counts = [args.only] if args.only else sorted({1, args.workers})
    for workers in counts if args.articles else []:
        r = run_once(base, args, workers)
        runs.append(r)
        print(_line(r), flush=True)
    out["runs"] = runs
    if len(runs) == 2:
        one, many = runs
        speedup = many["articles_per_second"] / one["articles_per_second"]
        out["speedup"] = round(speedup, 2)
        out["scaling_efficiency"] = round(speedup / many["workers"], 2)
        cpu_eff = one["articles_per_worker_cpu_second"] / many["articles_per_worker_cpu_second"]
        out["cpu_per_article_ratio"] = round(1 / cpu_eff, 3) if cpu_eff else None
        print(
            f"speed-up {speedup:.2f}x, scaling efficiency {speedup / many['workers']:.0%} (wall); "
            f"articles per worker-CPU-s {many['workers']} vs 1 worker: "
            f"{many['articles_per_worker_cpu_second'] / one['articles_per_worker_cpu_second']:.0%}"
        )
    out["load_average_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
