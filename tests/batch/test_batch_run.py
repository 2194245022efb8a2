"""process_partition, the local engine, the sinks and the CLI (no Dask here)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_corpus import Flaky, Recorder, write_jsonl
from typer.testing import CliRunner

from rasd.batch import (
    BatchOptions,
    NullSink,
    PartitionResult,
    plan_partitions,
    process_partition,
    run_batch,
    run_partitions,
)
from rasd.batch.process import worker_kb
from rasd.cli.main import app
from rasd.link.ids import article_id
from rasd.store.repo import Store


def test_bad_documents_are_recorded_not_fatal(tmp_path: Path, articles: list) -> None:
    rows = [articles[0], {"title": "بلا نص"}, {"content": "   "}, articles[4], articles[5]]
    path = write_jsonl(tmp_path / "mixed.jsonl", rows, bad_lines={2: "{broken"})
    [part] = plan_partitions([path], size=50)
    res = process_partition(part, BatchOptions(), key="p0")
    assert res.seen == 6 and not res.failed
    assert [(e["code"], e["ref"].rsplit(":", 1)[1]) for e in res.errors] == [
        ("RASD903", "2"),
        ("RASD903", "3"),
        ("RASD102", "4"),
    ]
    assert all(e["partition"] == "p0" for e in res.errors)
    ids = [a["id"] for a in res.articles]
    assert ids == [article_id(articles[i]["content"]) for i in (0, 4, 5)]
    langs = [a["language"] for a in res.articles]
    assert langs == ["ar", "en", "ar"]
    # English is stored but not extracted; Arabic reports carry content-hash ids
    assert {r["article_id"] for r in res.reports} == {ids[0], ids[2]}
    for r in res.reports:
        assert r["id"] == f"{r['article_id'][:16]}.{r['idx']}"
        assert json.loads(r["data"])["article"]["doc_id"] == r["article_id"]


def test_language_gate_and_kb_loaded_once(corpus_jsonl: Path) -> None:
    [part] = plan_partitions([corpus_jsonl], size=50)
    res = process_partition(part, BatchOptions(languages=("ar",)))
    assert res.skipped_language == 1 and len(res.articles) == 5
    assert worker_kb() is worker_kb()


def test_a_partition_that_raises_once_is_retried(tmp_path: Path) -> None:
    sink = Recorder()
    parts = [Flaky(str(tmp_path / "m1")), Flaky(str(tmp_path / "m2"), fail_times=5)]
    res = run_partitions(parts, sink, engine="local", retries=2)
    assert (tmp_path / "m1").read_text() == "2"  # failed once, then succeeded
    assert (tmp_path / "m2").read_text() == "3"  # 1 try + 2 retries, then recorded
    assert res.partitions == 2 and res.partitions_failed == 1
    assert res.articles == 1
    assert any("RASD901" in f and "transient failure 3" in f for f in res.failures)
    assert sink.keys == ["000000-flaky", "000001-flaky"]


def test_parquet_sink_is_idempotent(tmp_path: Path, corpus_jsonl: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([corpus_jsonl], f"parquet:{out}", partition_size=4)
    files = sorted(p.name for p in out.iterdir())
    snapshot = {n: pq.read_table(out / n).to_pylist() for n in files if n.endswith(".parquet")}
    second = run_batch([corpus_jsonl], f"parquet:{out}", partition_size=4)
    assert sorted(p.name for p in out.iterdir()) == files
    assert {n: pq.read_table(out / n).to_pylist() for n in snapshot} == snapshot
    assert len(files) == 2 * 3 + 1 and "_manifest.json" in files
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["partitions"] == ["000000-corpus.jsonl-l1", "000001-corpus.jsonl-l5"]
    assert first.articles == second.articles == 6
    arts = [r for n in files if n.startswith("articles-") for r in snapshot[n]]
    assert len(arts) == 6 and second.reports == sum(a["reports"] for a in arts) > 0


def test_database_sink_merges_and_reruns_add_nothing(tmp_path: Path, corpus_jsonl: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    res = run_batch([corpus_jsonl], db, partition_size=2)
    assert res.sink.articles_new == 6 and res.sink.reports_linked == res.reports > 0
    # the two reports of the Karrada car bomb end up in one incident
    assert res.sink.incidents_created < res.reports
    again = run_batch([corpus_jsonl], db, partition_size=3)
    assert again.sink.articles_new == 0 and again.sink.incidents_created == 0
    with Store.open(db) as store:
        assert store.counts()["articles"] == 6


def test_cli_batch(tmp_path: Path, corpus_jsonl: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "pq"
    r = runner.invoke(
        app, ["batch", str(corpus_jsonl), "--out", f"parquet:{out}", "--limit", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["seen"] == 3 and summary["engine"] == "local"
    r = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "--out", "null:"])
    assert r.exit_code == 2 and "RASD900" in r.output
    r = runner.invoke(app, ["batch", str(corpus_jsonl), "--out", "parquet:"])
    assert r.exit_code == 2 and "RASD900" in r.output


def test_bad_engine_options() -> None:
    from rasd.batch.errors import BatchError

    with pytest.raises(BatchError, match="engine"):
        run_partitions([], NullSink(), engine="spark")
    with pytest.raises(BatchError, match="workers"):
        run_partitions([], NullSink(), workers=0)


def test_a_part_writer_leaves_a_slim_result(tmp_path: Path, corpus_jsonl: Path) -> None:
    from rasd.batch.sinks import ParquetPartWriter, ParquetSink

    [part] = plan_partitions([corpus_jsonl], size=50)
    full = process_partition(part, BatchOptions(), "p0")
    res = process_partition(part, BatchOptions(), "p0", ParquetPartWriter(str(tmp_path)))
    assert res.slim and res.articles == [] and res.reports == [] and res.cpu_seconds > 0
    assert (res.article_count, res.report_count) == (len(full.articles), len(full.reports))
    names = sorted(Path(f).name for f in res.files)
    assert names == ["articles-p0.parquet", "errors-p0.parquet", "reports-p0.parquet"]
    assert pq.read_table(tmp_path / "reports-p0.parquet").to_pylist() == full.reports
    assert pq.read_table(tmp_path / "articles-p0.parquet").to_pylist() == full.articles
    sink = ParquetSink(tmp_path)
    sink.write(res)  # the driver only records the files
    summary = sink.close()
    assert summary.files == 3 and summary.articles == 6 and summary.reports == len(full.reports)
    assert json.loads((tmp_path / "_manifest.json").read_text())["partitions"] == ["p0"]


def test_null_sink_runs_ship_no_records(corpus_jsonl: Path) -> None:
    seen: list[bool] = []

    class Spy(NullSink):
        def write(self, result: PartitionResult) -> None:
            seen.append(result.slim and not result.articles and not result.reports)
            super().write(result)

    res = run_batch([corpus_jsonl], Spy(), partition_size=2)
    assert seen == [True, True, True]
    assert res.articles == 6 and res.reports > 0 and res.sink.articles == 6
    assert sum(w["seen"] for w in res.per_worker.values()) == 6
