"""`rasd watch`: polls due feeds, ingests through one Ingester, reports in `rasd status`."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver_util import ARTICLES, LocalServer, html_page, local_server, rss
from typer.testing import CliRunner

from rasd.cli.main import app
from rasd.ingest.pipeline import Ingester
from rasd.ingest.sources.net import FetchPolicy
from rasd.ingest.watch import PollReport, Watcher, status
from rasd.store.repo import Store

LOCAL = FetchPolicy(timeout=5, allow_private=True)
T0 = dt.datetime(2024, 3, 5, 12, 0, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def kb() -> Any:
    from rasd.kb.base import KnowledgeBase

    return KnowledgeBase.default()


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def entry(srv: LocalServer, i: int) -> dict[str, str]:
    return {
        "title": ARTICLES[i][0],
        "link": srv.url(f"/news/{i}"),
        "description": ARTICLES[i][1],
        "pubDate": f"Tue, 0{i + 1} Mar 2024 08:00:00 GMT",
    }


def publish(srv: LocalServer, path: str, entries: list[dict[str, str]]) -> None:
    srv.set(path, rss(entries), content_type="application/rss+xml", etag=f'"{len(entries)}"')


def make_watcher(store: Store, kb: Any, clock: Clock, tmp_path: Path) -> Watcher:
    return Watcher(
        store,
        policy=LOCAL,
        ingester=Ingester(store, kb=kb),
        clock=clock,
        settings_file=str(tmp_path / "sources.yaml"),
    )


def test_poll_then_new_item_becomes_an_incident(
    store: Store, srv: LocalServer, kb: Any, tmp_path: Path
) -> None:
    publish(srv, "/feed.xml", [entry(srv, 0)])
    store.add_source("local", url=srv.url("/feed.xml"), kind="feed", language="ar")
    clock = Clock()
    w = make_watcher(store, kb, clock, tmp_path)

    [rep] = w.poll_once()
    assert rep.status == "ok" and rep.stored == 1 and rep.reports >= 1
    assert rep.incidents_created >= 1 and rep.run_id is not None
    incidents_after_first = store.counts()["incidents"]
    assert store.counts()["unlinked_reports"] == 0

    assert w.poll_once() == []  # not due yet
    assert w.seconds_to_next() == pytest.approx(30.0)

    publish(srv, "/feed.xml", [entry(srv, 1), entry(srv, 0)])
    clock.advance(31)
    [rep] = w.poll_once()
    assert rep.status == "ok" and rep.entries == 2 and rep.skipped_known == 1
    assert rep.stored == 1 and rep.incidents_created >= 1
    counts = store.counts()
    assert counts["incidents"] > incidents_after_first and counts["unlinked_reports"] == 0
    rows, _ = store.list_incidents()
    assert any(r.type == "plot_foiled" for r in rows)

    runs_before = store.counts()["runs"]
    clock.advance(31)
    [rep] = w.poll_once()
    assert rep.status == "not_modified" and rep.run_id is None
    assert store.counts()["runs"] == runs_before  # a 304 ingests nothing
    assert srv.hits["/news/0"] == 0  # summaries were long enough: no page fetched


def test_one_bad_feed_never_stops_the_others(
    store: Store, srv: LocalServer, kb: Any, tmp_path: Path
) -> None:
    srv.set("/broken.xml", "<!DOCTYPE html><html><body>ليست خلاصة</body></html>")
    srv.set("/slow.xml", "late", delay=2.0)
    short = {"title": "خبر", "link": srv.url("/gone"), "description": "موجز"}
    publish(srv, "/good.xml", [short, entry(srv, 2)])
    store.add_source("a-broken", url=srv.url("/broken.xml"), kind="feed", language="ar")
    store.add_source("b-slow", url=srv.url("/slow.xml"), kind="feed", language="ar")
    store.add_source("c-good", url=srv.url("/good.xml"), kind="feed", language="ar")
    store.add_source("d-file", url="/data/x.jsonl", kind="file")
    w = make_watcher(store, kb, Clock(), tmp_path)
    w.policy = FetchPolicy(timeout=0.5, allow_private=True)

    reports = {r.source: r for r in w.poll_once()}
    assert set(reports) == {"a-broken", "b-slow", "c-good"}  # file sources are not polled
    assert reports["a-broken"].status == "error" and "RASD506" in (reports["a-broken"].error or "")
    assert reports["b-slow"].status == "error" and "RASD502" in (reports["b-slow"].error or "")
    good = reports["c-good"]
    assert good.status == "ok" and good.stored == 1 and good.failed == 1
    assert good.incidents_created >= 1

    s = status(store)
    src = {x["name"]: x for x in s["sources"]}
    assert src["a-broken"]["failures"] == 1
    assert src["a-broken"]["last_error"].startswith("[RASD506]")
    assert src["b-slow"]["last_error"].startswith("[RASD502]")
    assert src["c-good"]["last_error"].startswith("[RASD503]")  # its one bad page
    assert src["c-good"]["failures"] == 0
    by_cmd = {r["command"]: r for r in s["runs"]}
    assert by_cmd["watch a-broken"]["status"] == "partial"
    assert by_cmd["watch a-broken"]["n_errors"] == 1
    assert by_cmd["watch c-good"]["stats"]["stored"] == 1
    codes = {e.code for e in store.errors()}
    assert codes == {"RASD506", "RASD502", "RASD503"}


def test_backoff_is_honoured(store: Store, srv: LocalServer, kb: Any, tmp_path: Path) -> None:
    srv.set("/f.xml", "oops", status=500)
    store.add_source("f", url=srv.url("/f.xml"), kind="feed")
    clock = Clock()
    w = make_watcher(store, kb, clock, tmp_path)
    assert [r.status for r in w.poll_once()] == ["error"]
    clock.advance(45)
    assert w.poll_once() == []  # 30 s interval, doubled after one failure
    clock.advance(20)
    assert [r.status for r in w.poll_once()] == ["error"]
    row = store.get_source("f")
    assert row is not None and row.failures == 2
    assert srv.hits["/f.xml"] == 2


def test_per_source_settings_interval(
    store: Store, srv: LocalServer, kb: Any, tmp_path: Path
) -> None:
    from rasd.ingest.registry import Registry

    publish(srv, "/feed.xml", [entry(srv, 0)])
    Registry(store, tmp_path / "sources.yaml").add(
        "slowfeed", srv.url("/feed.xml"), interval=600, fetch_pages=False
    )
    clock = Clock()
    w = make_watcher(store, kb, clock, tmp_path)
    [rep] = w.poll_once()
    assert rep.next_poll == "2024-03-05T12:10:00.000000Z"


def test_run_stops_on_event_and_max_polls(
    store: Store, srv: LocalServer, kb: Any, tmp_path: Path
) -> None:
    publish(srv, "/feed.xml", [entry(srv, 0)])
    store.add_source("local", url=srv.url("/feed.xml"), kind="feed", language="ar")
    w = Watcher(
        store,
        policy=LOCAL,
        ingester=Ingester(store, kb=kb),
        interval_default=5,
        settings_file=str(tmp_path / "s.yaml"),
    )
    stop = threading.Event()
    seen: list[PollReport] = []

    def on_poll(reports: list[PollReport]) -> None:
        seen.extend(reports)
        stop.set()  # like SIGINT during a poll: the loop ends after it

    assert w.run(stop, on_poll=on_poll, max_sleep=0.05) == 1
    assert [r.status for r in seen] == ["ok"]
    assert w.run(threading.Event(), max_polls=2, max_sleep=0.05) == 2


def test_cli_watch_once_and_status(
    srv: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RASD_SOURCES_FILE", raising=False)
    publish(srv, "/feed.xml", [entry(srv, 0)])
    srv.set("/p", html_page(*ARTICLES[0]))
    db = str(tmp_path / "w.sqlite")
    runner = CliRunner()
    res = runner.invoke(app, ["watch", "--once", "--db", db])
    assert res.exit_code == 2 and "no feed sources" in res.output
    res = runner.invoke(app, ["sources", "add", "local", srv.url("/feed.xml"), "--db", db])
    assert res.exit_code == 0
    res = runner.invoke(app, ["watch", "--once", "--db", db, "--json"])
    assert res.exit_code == 0
    rep = json.loads(res.output.strip().splitlines()[-1])
    assert rep["status"] == "error" and "RASD501" in rep["error"]  # loopback refused
    res = runner.invoke(
        app, ["sources", "add", "local2", srv.url("/feed.xml"), "--db", db, "--allow-private"]
    )
    res = runner.invoke(app, ["watch", "--once", "--db", db])
    assert res.exit_code == 0 and "local2: 1 entries, 1 new, 1 stored" in res.output
    res = runner.invoke(app, ["status", "--db", db, "--json"])
    assert res.exit_code == 0
    s = json.loads(res.output)
    assert s["counts"]["articles"] == 1 and s["counts"]["incidents"] >= 1
    src = {x["name"]: x for x in s["sources"]}
    assert src["local"]["last_error"].startswith("[RASD501]") and src["local"]["failures"] == 1
    assert src["local2"]["settings"] == {"allow_private": True}
    res = runner.invoke(app, ["status", "--db", db])
    assert res.exit_code == 0 and "local (feed)" in res.output and "RASD501" in res.output
