"""Run partitions on an engine and hand the results to a sink, in plan order.

Engines: ``local`` runs :func:`~rasd.batch.process.process_partition` in this
process (the reference; no Dask needed); ``dask`` submits it to a
``dask.distributed`` cluster — an existing scheduler (``tcp://host:8786``) or a
``LocalCluster`` of ``workers`` single-threaded processes started for the run.

Workers write their own output where the sink allows it (Parquet part files;
nothing for ``null:``) and send back only a slim result — counts, file names,
the first errors — so the driver mostly sleeps; a database sink gets the
records back (the driver is its single writer).

Memory stays bounded: at most ``max_in_flight`` partitions are running
(``as_completed`` with a refill); finished results wait to be handed to the
sink in plan order (a finished partition waits for its predecessors), so the
sink sees the same sequence whatever the number of workers. Waiting results
that still carry records count against ``max_in_flight``; slim ones against a
wider reorder window (:data:`REORDER_WINDOW` per running slot), so one slow
partition does not leave the other workers idle. A partition
that raises is retried (``retries`` times; Dask's own ``retries=`` on Dask);
one that still fails is recorded as a ``RASD901`` error and the run goes on.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.batch.errors import PARTITION_FAILED, BatchError
from rasd.batch.partitions import (
    DEFAULT_PARTITION_SIZE,
    Partition,
    iter_partitions,
    plan_partitions,
    slug,
)
from rasd.batch.process import (
    BatchOptions,
    PartitionResult,
    PartWriter,
    process_partition,
    worker_kb,
)
from rasd.batch.sinks import Sink, SinkSummary, open_sink

ENGINES = ("local", "dask")
DEFAULT_RETRIES = 2
REORDER_WINDOW = 16

# Dask settings for a local cluster of long, CPU-bound tasks: no statistical
# profiler on the workers (it samples every 10 ms), no work stealing (tasks are
# queued on the scheduler anyway), and slower housekeeping ticks. Measured idle:
# driver 37 -> 7 CPU-ms/s, each worker 43 -> 4 CPU-ms/s.
QUIET_DASK: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes, with
    :data:`QUIET_DASK` (the workers inherit it) and no dashboard."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(QUIET_DASK):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


@dataclass
class Progress:
    """Where a run stands; passed to the ``progress`` callback after each partition."""

    partitions_done: int
    partitions_total: int | None
    records_done: int
    records_total: int | None
    articles: int
    elapsed: float


@dataclass
class BatchResult:
    """What a batch run did."""

    engine: str
    workers: int
    partitions: int = 0
    partitions_failed: int = 0
    seen: int = 0
    articles: int = 0
    reports: int = 0
    errors: int = 0
    skipped_language: int = 0
    seconds: float = 0.0
    warm_seconds: float = 0.0
    task_seconds: float = 0.0
    task_cpu_seconds: float = 0.0
    sink: SinkSummary = field(default_factory=SinkSummary)
    worker_pids: list[int] = field(default_factory=list)
    per_worker: dict[int, dict[str, float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.seen / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        skip = ("sink", "failures", "per_worker")
        d = {k: v for k, v in self.__dict__.items() if k not in skip}
        d["sink"] = self.sink.to_dict()
        d["failures"] = self.failures[:50]
        d["per_worker"] = {str(k): v for k, v in self.per_worker.items()}
        d["articles_per_second"] = round(self.articles_per_second, 1)
        return d


def partition_key(index: int, part: Partition) -> str:
    """The name of partition ``index`` in outputs: ``000012-<label>``."""
    return f"{index:06d}-{slug(part.label)}"


def failed_result(key: str, err: BaseException) -> PartitionResult:
    msg = f"partition failed after retries: {type(err).__name__}: {err}"
    return PartitionResult(
        key=key,
        failed=True,
        errors=[{"partition": key, "ref": None, "code": PARTITION_FAILED, "message": msg}],
    )


def run_with_retries(
    part: Partition,
    options: BatchOptions,
    key: str,
    retries: int,
    writer: PartWriter | None = None,
) -> PartitionResult:
    """:func:`process_partition` with up to ``retries`` further attempts."""
    for attempt in range(retries + 1):
        try:
            return process_partition(part, options, key, writer)
        except Exception as err:  # retried, then recorded; never stops the run
            if attempt == retries:
                return failed_result(key, err)
    raise AssertionError("unreachable")


class LocalExecutor:
    """Runs partitions one at a time in this process."""

    workers = 1
    warm_seconds = 0.0

    def __init__(self, options: BatchOptions, retries: int, writer: PartWriter | None) -> None:
        self.options = options
        self.retries = retries
        self.writer = writer
        self.queue: deque[tuple[int, str, Partition]] = deque()

    def submit(self, index: int, key: str, part: Partition) -> None:
        self.queue.append((index, key, part))

    def running(self) -> int:
        return len(self.queue)

    def next_done(self) -> tuple[int, PartitionResult]:
        index, key, part = self.queue.popleft()
        return index, run_with_retries(part, self.options, key, self.retries, self.writer)

    def close(self) -> None:
        pass


class DaskExecutor:
    """Submits partitions to a ``dask.distributed`` client."""

    def __init__(
        self,
        options: BatchOptions,
        retries: int,
        writer: PartWriter | None = None,
        *,
        client: Any = None,
        scheduler: str | None = None,
        workers: int = 2,
    ) -> None:
        try:
            from dask.distributed import Client, as_completed
        except ImportError as err:
            raise BatchError(
                "the dask engine needs dask.distributed",
                hint="pip install 'rasd[batch]' or use --engine local",
            ) from err
        self.options = options
        self.retries = retries
        self.writer = writer
        self._own: list[Any] = []
        if client is None:
            if scheduler:
                try:
                    client = Client(scheduler, timeout="30s")
                except OSError as err:
                    raise BatchError(
                        f"cannot reach the Dask scheduler at {scheduler} ({err})",
                        hint="check --scheduler (tcp://host:8786)",
                    ) from err
            else:
                cluster = local_cluster(workers)
                client = Client(cluster)
                self._own.append(cluster)
            self._own.insert(0, client)
        self.client = client
        self.token = uuid.uuid4().hex[:8]
        self.ac = as_completed()
        self.index: dict[str, int] = {}
        self.keys: dict[str, str] = {}
        t0 = time.perf_counter()
        pids = client.run(_warm_worker)  # load the knowledge base once per worker, up front
        self.warm_seconds = time.perf_counter() - t0
        self.workers = len(pids)

    def submit(self, index: int, key: str, part: Partition) -> None:
        fut = self.client.submit(
            process_partition,
            part,
            self.options,
            key,
            self.writer,
            key=f"rasd-batch-{self.token}-{key}",
            retries=self.retries,
        )
        self.index[fut.key] = index
        self.keys[fut.key] = key
        self.ac.add(fut)

    def running(self) -> int:
        return len(self.index)

    def next_done(self) -> tuple[int, PartitionResult]:
        fut = next(self.ac)
        index = self.index.pop(fut.key)
        key = self.keys.pop(fut.key)
        try:
            res = fut.result()
        except Exception as err:  # failed after Dask's retries: recorded, the run goes on
            res = failed_result(key, err)
        fut.release()
        return index, res

    def close(self) -> None:
        for obj in self._own:
            obj.close()


def _warm_worker() -> int:
    import os

    worker_kb()
    return os.getpid()


def _add(res: BatchResult, part: PartitionResult) -> None:
    res.partitions += 1
    res.partitions_failed += part.failed
    res.seen += part.seen
    res.articles += part.article_count
    res.reports += part.report_count
    res.errors += part.error_count
    res.skipped_language += part.skipped_language
    res.task_seconds += part.seconds
    res.task_cpu_seconds += part.cpu_seconds
    if part.worker_pid:
        if part.worker_pid not in res.worker_pids:
            res.worker_pids.append(part.worker_pid)
        w = res.per_worker.setdefault(
            part.worker_pid, {"partitions": 0, "seen": 0, "seconds": 0.0, "cpu_seconds": 0.0}
        )
        w["partitions"] += 1
        w["seen"] += part.seen
        w["seconds"] += part.seconds
        w["cpu_seconds"] += part.cpu_seconds
    for e in part.errors[:3]:
        if len(res.failures) < 50:
            res.failures.append(f"{e['ref'] or e['partition']}: [{e['code']}] {e['message']}")


def run_partitions(
    parts: Iterable[Partition],
    sink: Sink,
    *,
    engine: str = "local",
    options: BatchOptions | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    retries: int = DEFAULT_RETRIES,
    max_in_flight: int | None = None,
    totals: tuple[int, int] | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> BatchResult:
    """Process ``parts`` on ``engine`` and write each result to ``sink`` in order.

    ``totals`` (partitions, records), when known, feed the progress callback.
    ``client`` reuses an existing ``dask.distributed.Client`` (``engine="dask"``).
    ``max_in_flight`` (default 2 × workers) bounds the partitions running at
    once. The sink is closed at the end (a database sink merges then).
    """
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}", hint="use --engine local or dask")
    if workers < 1:
        raise BatchError(f"workers must be >= 1, got {workers}")
    if retries < 0:
        raise BatchError(f"retries must be >= 0, got {retries}")
    opts = options or BatchOptions()
    t0 = time.perf_counter()
    make_writer = getattr(sink, "worker_writer", None)
    writer: PartWriter | None = make_writer() if make_writer is not None else None
    ex: LocalExecutor | DaskExecutor
    if engine == "local":
        ex = LocalExecutor(opts, retries, writer)
    else:
        ex = DaskExecutor(
            opts, retries, writer, client=client, scheduler=scheduler, workers=workers
        )
    res = BatchResult(engine=engine, workers=ex.workers, warm_seconds=ex.warm_seconds)
    limit = max(1, max_in_flight or 2 * ex.workers)
    done: dict[int, PartitionResult] = {}
    fat = 0  # waiting results that still carry their records
    next_write = 0
    todo: Iterator[tuple[int, Partition]] = enumerate(parts)
    exhausted = False
    try:
        while True:
            while (
                not exhausted
                and ex.running() + fat < limit
                and ex.running() + len(done) < REORDER_WINDOW * limit
            ):
                item = next(todo, None)
                if item is None:
                    exhausted = True
                    break
                ex.submit(item[0], partition_key(*item), item[1])
            if ex.running() == 0:
                break
            index, part_res = ex.next_done()
            done[index] = part_res
            fat += not part_res.slim
            while next_write in done:  # write in plan order
                out = done.pop(next_write)
                fat -= not out.slim
                sink.write(out)
                _add(res, out)
                next_write += 1
                if progress is not None:
                    progress(
                        Progress(
                            res.partitions,
                            totals[0] if totals else None,
                            res.seen,
                            totals[1] if totals else None,
                            res.articles,
                            time.perf_counter() - t0,
                        )
                    )
        res.sink = sink.close()
    finally:
        ex.close()
    res.seconds = time.perf_counter() - t0
    return res


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Sink,
    *,
    engine: str = "local",
    partition_size: int = DEFAULT_PARTITION_SIZE,
    limit: int | None = None,
    plan: bool = True,
    **kwargs: Any,
) -> BatchResult:
    """Partition ``inputs``, process them on ``engine`` and write to ``out``
    (``parquet:DIR``, ``null:``, a database URL, or a :class:`Sink`).

    ``plan=True`` plans all partitions first (totals for progress and ETA);
    ``plan=False`` plans lazily while partitions run (huge inputs). Other
    keyword arguments go to :func:`run_partitions`.
    """
    if not inputs:
        raise BatchError("no inputs given", hint="name files or folders to process")
    parts: Iterable[Partition]
    if plan:
        planned = plan_partitions(inputs, partition_size, limit)
        kwargs.setdefault("totals", (len(planned), sum(p.count for p in planned)))
        parts = planned
    else:
        parts = iter_partitions(inputs, partition_size, limit)
    sink = open_sink(out) if isinstance(out, str) else out
    return run_partitions(parts, sink, engine=engine, **kwargs)
