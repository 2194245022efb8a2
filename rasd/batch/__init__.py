"""Batch processing: many articles, split into partitions, on one machine or a cluster.

* :mod:`rasd.batch.partitions` — split inputs (JSON lines, JSON, Parquet, zip,
  folders) into small picklable descriptors; reading happens in the task;
* :mod:`rasd.batch.process` — :func:`process_partition`, the pure per-partition
  function (language gate, article id, extraction); engine-free, so Spark or Ray
  can call it too;
* :mod:`rasd.batch.sinks` — Parquet files per partition (written by the
  workers), or a rasd database (single writer, merge at the end);
* :mod:`rasd.batch.engine` — :func:`run_batch`: in-process (``local``) or on
  ``dask.distributed`` (``dask``), bounded in-flight work, retries, ordered writes.

Importing this package imports neither Dask nor pyarrow.
"""

from __future__ import annotations

from rasd.batch.engine import BatchResult, Progress, local_cluster, run_batch, run_partitions
from rasd.batch.partitions import Partition, iter_partitions, plan_partitions
from rasd.batch.process import BatchOptions, PartitionResult, PartWriter, process_partition
from rasd.batch.sinks import NullSink, ParquetPartWriter, ParquetSink, StoreSink, open_sink

__all__ = [
    "BatchOptions",
    "BatchResult",
    "NullSink",
    "ParquetPartWriter",
    "ParquetSink",
    "PartWriter",
    "Partition",
    "PartitionResult",
    "Progress",
    "StoreSink",
    "iter_partitions",
    "local_cluster",
    "open_sink",
    "plan_partitions",
    "process_partition",
    "run_batch",
    "run_partitions",
]
