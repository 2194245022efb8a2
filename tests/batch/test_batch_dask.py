"""The Dask engine on a tiny LocalCluster (started once for the module; slow to start)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import batch_corpus
import pytest
from batch_corpus import Flaky, Recorder
from dask import distributed  # in the test extra: never skipped
from sqlalchemy import select

from rasd.batch import run_batch, run_partitions
from rasd.store import models as m
from rasd.store.repo import Store


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import cloudpickle

    # the test helpers are not installed on the workers: send them by value
    cloudpickle.register_pickle_by_value(batch_corpus)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    cl = distributed.Client(cluster)
    try:
        yield cl
    finally:
        cl.close()
        cluster.close()
        cloudpickle.unregister_pickle_by_value(batch_corpus)


def _snapshot(url: str) -> dict[str, Any]:
    with Store.open(url) as store, store.reading() as conn:
        arts = conn.execute(
            select(m.articles.c.id, m.articles.c.text, m.articles.c.published).order_by(
                m.articles.c.id
            )
        ).all()
        reps = conn.execute(
            select(m.reports.c.id, m.reports.c.article_id, m.reports.c.data).order_by(
                m.reports.c.id
            )
        ).all()
        links = conn.execute(
            select(m.incident_reports.c.report_id, m.incident_reports.c.incident_id).order_by(
                m.incident_reports.c.report_id
            )
        ).all()
        incs = conn.execute(select(m.incidents.c.id).order_by(m.incidents.c.id)).all()
    return {
        "articles": [tuple(r) for r in arts],
        "reports": [tuple(r) for r in reps],
        "links": [tuple(r) for r in links],
        "incidents": [r[0] for r in incs],
    }


def test_one_or_two_workers_give_identical_incidents(
    client: Any, tmp_path: Path, corpus_jsonl: Path
) -> None:
    local_db = f"sqlite:///{tmp_path / 'local.sqlite'}"
    dask_db = f"sqlite:///{tmp_path / 'dask.sqlite'}"
    a = run_batch([corpus_jsonl], local_db, engine="local", partition_size=4)
    b = run_batch([corpus_jsonl], dask_db, engine="dask", client=client, partition_size=1)
    assert b.workers == 2 and b.partitions == 6
    assert len(set(b.worker_pids)) == 2  # the work really was spread
    one, two = _snapshot(local_db), _snapshot(dask_db)
    assert one == two
    assert len(one["articles"]) == 6 and one["links"] and one["incidents"]
    assert len(one["incidents"]) < len(one["reports"])  # the Karrada reports merged
    assert a.reports == b.reports == len(one["reports"])


def test_dask_retries_a_failing_partition_and_writes_in_order(client: Any, tmp_path: Path) -> None:
    sink = Recorder()
    parts = [Flaky(str(tmp_path / f"m{i}"), fail_times=1 if i != 2 else 9) for i in range(4)]
    res = run_partitions(parts, sink, engine="dask", client=client, retries=1)
    assert [(tmp_path / f"m{i}").read_text() for i in range(4)] == ["2", "2", "2", "2"]
    assert res.partitions == 4 and res.partitions_failed == 1 and res.articles == 3
    assert sink.keys == [f"00000{i}-flaky" for i in range(4)]


def _tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    return {p.name: pq.read_table(p).to_pylist() for p in sorted(folder.glob("*.parquet"))}


def test_workers_write_parquet_parts_identical_to_local(
    client: Any, tmp_path: Path, corpus_jsonl: Path
) -> None:
    a = run_batch([corpus_jsonl], f"parquet:{tmp_path / 'one'}", engine="local", partition_size=2)
    b = run_batch(
        [corpus_jsonl],
        f"parquet:{tmp_path / 'two'}",
        engine="dask",
        client=client,
        partition_size=2,
    )
    one, two = _tables(tmp_path / "one"), _tables(tmp_path / "two")
    assert one == two and len(one) == 9
    assert a.reports == b.reports > 0 and b.sink.files == 9
    assert set(b.per_worker) == set(b.worker_pids)
    assert sum(w["seen"] for w in b.per_worker.values()) == 6
    assert not list((tmp_path / "two").glob(".*.tmp"))
