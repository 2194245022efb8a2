"""Parallel ingest: worker processes prepare, the parent alone writes — same result as one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from ingest_corpus import article
from sqlalchemy import text

from rasd.errors import RasdError
from rasd.ingest import pipeline
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.pipeline import Ingester, IngestResult
from rasd.ingest.work import Preparer, WorkerPool, _ping
from rasd.store.repo import Store

N = 150
SMALL = 64  # SMALL_INPUT for these tests: the pool really runs on ~175 items
ENGLISH = (
    "The ministry said on Monday that the new road between the two cities will open next "
    "month after three years of work, and that traffic is expected to fall in the centre."
)
FRENCH = (
    "Le ministère a annoncé lundi que la nouvelle route entre les deux villes ouvrira le mois "
    "prochain après trois ans de travaux, et que la circulation devrait baisser au centre."
)


def corpus() -> list[SourceItem | ItemError]:
    """Generated articles with every case the parent must decide on: exact copies,
    URL copies, near duplicates, other languages, empty texts and unreadable items."""
    items: list[SourceItem | ItemError] = []
    for i in range(N):
        a = article(i, incident_every=3)
        body = a["text"] + " " + article(i + 5000, incident_every=0)["text"]
        items.append(
            SourceItem(
                text=body,
                title=a["title"],
                url=a["url"],
                published=a["published"],
                language="ar",
                source="feed",
                ref=f"gen#{i}",
            )
        )
        if i % 25 == 7:  # a syndicated copy with an outlet's sign-off: a near duplicate
            items.append(SourceItem(text=body + " المصدر وكالة الأنباء", ref=f"near#{i}"))
        if i % 30 == 11:  # the same text again under another URL: a duplicate
            items.append(SourceItem(text=body, url=f"https://copy.example/{i}", ref=f"dup#{i}"))
        if i % 40 == 13:  # another text under the same URL (tracking parameter): a duplicate
            url = a["url"] + "?utm_source=x"
            items.append(SourceItem(text=body + " تحديث", url=url, ref=f"url#{i}"))
        if i % 50 == 17:
            items.append(SourceItem(text=ENGLISH + f" Number {i}.", ref=f"en#{i}"))
            items.append(SourceItem(text=FRENCH, ref=f"fr#{i}"))
            items.append(SourceItem(text="  ", ref=f"empty#{i}"))
            items.append(ItemError("RASD108", "unreadable record", f"bad#{i}"))
    return items


QUERIES = {
    "articles": "SELECT id, canonical_url, language, near_duplicate_of, title_norm, search_keys,"
    " processed_at IS NOT NULL FROM articles",
    "reports": "SELECT id, article_id, idx, is_main, data FROM reports",
    "incidents": "SELECT id, n_reports, n_sources, summary, version FROM incidents",
    "links": "SELECT report_id, incident_id, score, reasons FROM incident_reports",
    "audit": "SELECT action, incident_id, incident_ids, report_ids, score FROM merge_audit",
}


def plain(v: Any) -> str:
    """One column value in a form both backends agree on (booleans, floats, JSON)."""
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, str) and v[:1] in "{[":
        try:
            v = json.loads(v)
        except ValueError:
            return v
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return str(v)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.reading() as conn:
        return {
            name: sorted(tuple(plain(v) for v in row) for row in conn.execute(text(q)))
            for name, q in QUERIES.items()
        }


def counts(res: IngestResult) -> tuple[int, ...]:
    return (
        res.seen,
        res.stored,
        res.duplicates,
        res.near_duplicates,
        res.skipped_language,
        res.failed,
        res.reports,
        res.incidents_created,
        res.incidents_updated,
        res.incidents_merged,
        res.reports_linked,
    )


@pytest.fixture(autouse=True)
def _small_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "SMALL_INPUT", SMALL)


def run(url: str, workers: int) -> tuple[IngestResult, dict[str, list[tuple[Any, ...]]]]:
    with Store.open(url) as store:
        store.add_source("feed", kind="file")
        with Ingester(store, batch=40, workers=workers) as ing:
            res = ing.run(corpus())
            assert (ing._pool is not None) == (workers > 1)  # the workers really ran
        return res, snapshot(store)


def test_two_workers_give_the_same_database_as_one(db_url: str, tmp_path: Path) -> None:
    assert len(corpus()) > pipeline.SMALL_INPUT  # else the run would stay in-process
    one, want = run(f"sqlite:///{tmp_path / 'one.sqlite'}", 1)
    two, got = run(db_url, 2)
    assert counts(two) == counts(one)
    assert two.article_ids == one.article_ids  # same ids, same input order
    assert two.languages == one.languages and two.errors == one.errors
    assert one.near_duplicates >= 5 and one.duplicates >= 8 and one.failed == 6
    assert one.skipped_language == 3 and one.languages["en"] == 3
    assert one.incidents_created > 10 and one.reports >= N // 3
    for name in QUERIES:
        assert got[name] == want[name], name


def test_rerun_with_workers_stores_nothing_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    first, before = run(url, 2)
    second, after = run(url, 2)
    assert second.stored == second.reports == second.incidents_created == 0
    assert second.duplicates == first.stored + first.duplicates
    assert after == before


def test_a_worker_skips_extracting_what_the_database_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasd.ingest import work

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    items = [it for it in corpus() if isinstance(it, SourceItem) and it.language == "ar"][:6]
    assert items
    with Store.open(url) as store:
        monkeypatch.setattr(work, "_WORKER", Preparer(["ar", "en"]))
        monkeypatch.setattr(work, "_STORE", store)
        fresh = work._prepare_chunk([*items[:3], None])
        assert [p is None for p in fresh] == [False, False, False, True]
        assert all(p is not None and p.reports is not None for p in fresh[:3])
        store.add_source("feed", kind="file")
        with Ingester(store, workers=1) as ing:
            assert ing.run(items[:3]).stored == 3
        again = work._prepare_chunk(list(items))
        # stored articles: gated and indexed (the parent needs their ids), not extracted
        assert [p is not None and p.reports is None for p in again] == [True] * 3 + [False] * 3
        assert all(p is not None and p.id and p.search_keys for p in again)
    assert not work.shared_database("sqlite://") and work.shared_database(url)


def test_pool_returns_the_inline_results_in_order_with_bounded_read_ahead() -> None:
    items = corpus()[:120]
    pulled = 0

    def source() -> Any:
        nonlocal pulled
        for it in items:
            pulled += 1
            yield it

    local = Preparer(("ar", "en"))
    want = list(local.prepare_all(items))
    pool = WorkerPool(2, ("ar", "en"), chunk=4, in_flight=3)
    try:
        stream = pool.map(source())
        first = next(stream)
        assert pulled <= 3 * 4  # never more than in_flight chunks read ahead
        got = [first, *stream]
    finally:
        pool.close()
    assert [it for it, _ in got] == items
    for (_, a), (_, b) in zip(got, want, strict=True):
        if a is None or b is None:
            assert a is b
            continue
        assert (a.id, a.lang, a.canonical, a.search_keys, a.error) == (
            b.id,
            b.lang,
            b.canonical,
            b.search_keys,
            b.error,
        )
        assert (a.signature is None) == (b.signature is None)
        if a.signature is not None and b.signature is not None:
            assert list(a.signature.values) == list(b.signature.values)
        assert a.reports == b.reports


def test_an_error_in_the_parent_stops_the_workers(tmp_path: Path) -> None:
    def source() -> Any:
        yield from corpus()
        raise RuntimeError("the source broke")

    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        ing = Ingester(store, batch=20, workers=2)
        with pytest.raises(RuntimeError, match="the source broke"):
            ing.run(source())
        assert ing._pool is None  # shut down with the run
        (run_row,) = store.runs(limit=1)
        assert run_row.status == "interrupted"
        stored = store.counts()["articles"]
        assert 0 < stored < len(corpus())  # the groups done before the error are kept


def test_a_dead_worker_is_a_coded_error() -> None:
    pool = WorkerPool(2, ("ar",), chunk=2, in_flight=4).start()
    try:
        assert pool._ex is not None
        pids = {pool._ex.submit(_ping).result() for _ in range(10)}
        stream = pool.map(corpus())
        next(stream)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(RasdError) as err:
            list(stream)
        assert err.value.code == "RASD701" and "--workers 1" in err.value.hint
        assert pool._ex is None
    finally:
        pool.close()


POOL_SCRIPT = """
import sys, time
from rasd.ingest.work import WorkerPool, _ping
pool = WorkerPool(2, ("ar",)).start()
pids = sorted({pool._ex.submit(_ping).result() for _ in range(20)})
print(" ".join(map(str, pids)), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def test_workers_exit_when_the_parent_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", POOL_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)  # no orphans left behind


def test_cli_workers_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest_corpus import write_jsonl
    from typer.testing import CliRunner

    from rasd.cli.main import app

    corpus_file = write_jsonl(tmp_path / "a.jsonl", range(80), incident_every=4)
    db = str(tmp_path / "c.sqlite")
    runner = CliRunner()
    bad = runner.invoke(app, ["ingest", str(corpus_file), "--db", db, "--workers", "0"])
    assert bad.exit_code == 2 and "RASD100" in bad.output and "--workers" in bad.output
    ok = runner.invoke(app, ["ingest", str(corpus_file), "--db", db, "--workers", "2", "--json"])
    assert ok.exit_code == 0, ok.output
    res = json.loads(ok.output)
    assert (res["seen"], res["stored"], res["failed"]) == (80, 80, 0)
    assert res["reports"] >= 20 and res["incidents_created"] >= 1
