"""One poll of one feed: conditional GET, entries → items, source state and backoff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from httpserver_util import ARTICLES, LocalServer, atom, html_page, local_server, rss

from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.feeds import (
    backoff_seconds,
    html_to_text,
    looks_like_html,
    poll_feed,
    stamp,
)
from rasd.ingest.sources.net import FetchPolicy
from rasd.store.repo import Store

LOCAL = FetchPolicy(timeout=5, allow_private=True)
NOW = dt.datetime(2024, 3, 5, 12, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def feed_items(srv: LocalServer, n: int = 2) -> list[dict[str, str]]:
    return [
        {
            "title": ARTICLES[i][0],
            "link": srv.url(f"/news/{i}"),
            "description": ARTICLES[i][1],
            "pubDate": f"Tue, 0{i + 1} Mar 2024 08:00:00 GMT",
        }
        for i in range(n)
    ]


def add_feed(store: Store, srv: LocalServer, name: str = "local", path: str = "/feed.xml") -> int:
    return store.add_source(name, url=srv.url(path), kind="feed", language="ar", reliability="B")


def test_rss_entries_become_items_and_state_is_recorded(store: Store, srv: LocalServer) -> None:
    srv.set("/feed.xml", rss(feed_items(srv)), content_type="application/rss+xml", etag='"a1"')
    sid = add_feed(store, srv)
    poll = poll_feed(store, store.get_source(sid), LOCAL, interval=30, now=NOW)  # type: ignore[arg-type]
    assert poll.status == "ok" and poll.entries == 2
    assert all(isinstance(i, SourceItem) for i in poll.items)
    items = [i for i in poll.items if isinstance(i, SourceItem)]
    assert {i.url for i in items} == {srv.url("/news/0"), srv.url("/news/1")}
    first = next(i for i in items if i.url == srv.url("/news/0"))
    assert first.title == ARTICLES[0][0]
    assert first.published == "2024-03-01"
    assert first.language == "ar" and first.source == "local"
    assert first.meta["feed"] == srv.url("/feed.xml")
    assert srv.hits["/news/0"] == 0  # long summaries are used without fetching the page
    row = store.get_source(sid)
    assert row is not None
    assert row.etag == '"a1"' and row.failures == 0 and row.last_error is None
    assert row.last_polled == stamp(NOW)
    assert row.next_poll == stamp(NOW + dt.timedelta(seconds=30))


def test_conditional_get_returns_nothing_when_not_modified(store: Store, srv: LocalServer) -> None:
    srv.set("/feed.xml", rss(feed_items(srv)), content_type="application/rss+xml", etag='"a1"')
    sid = add_feed(store, srv)
    poll_feed(store, store.get_source(sid), LOCAL, now=NOW)  # type: ignore[arg-type]
    again = poll_feed(store, store.get_source(sid), LOCAL, now=NOW)  # type: ignore[arg-type]
    assert again.not_modified and again.items == [] and again.status == "not_modified"
    assert srv.requests[-1].headers["If-None-Match"] == '"a1"'
    row = store.get_source(sid)
    assert row is not None and row.etag == '"a1"' and row.failures == 0


def test_short_entries_fetch_the_page_and_known_urls_are_skipped(
    store: Store, srv: LocalServer
) -> None:
    entries = [
        {"title": ARTICLES[i][0], "link": srv.url(f"/news/{i}"), "description": "موجز قصير"}
        for i in range(2)
    ]
    for i in range(2):
        srv.set(f"/news/{i}", html_page(*ARTICLES[i]))
    srv.set("/feed.xml", rss(entries), content_type="application/rss+xml")
    store.add_article(
        "نص مخزن سابقاً عن الخبر الأول", url=srv.url("/news/0"), canonical_url=srv.url("/news/0")
    )
    sid = add_feed(store, srv)
    poll = poll_feed(store, store.get_source(sid), LOCAL, now=NOW)  # type: ignore[arg-type]
    assert poll.skipped_known == 1 and poll.pages_fetched == 1
    assert srv.hits["/news/0"] == 0 and srv.hits["/news/1"] == 1
    [item] = poll.items
    assert isinstance(item, SourceItem)
    assert "الدمام" in item.text and item.url == srv.url("/news/1")
    assert item.published == "2024-03-05"  # from the page: the entry has no date

    no_pages = poll_feed(store, store.get_source(sid), LOCAL, fetch_pages=False, now=NOW)  # type: ignore[arg-type]
    [short] = no_pages.items
    assert isinstance(short, SourceItem) and short.text == "موجز قصير"
    assert srv.hits["/news/1"] == 1


def test_page_failure_is_an_item_error_among_good_items(store: Store, srv: LocalServer) -> None:
    entries = [
        {"title": "خبر", "link": srv.url("/gone"), "description": "قصير"},
        *feed_items(srv, 1),
    ]
    srv.set("/feed.xml", rss(entries), content_type="application/rss+xml")
    sid = add_feed(store, srv)
    poll = poll_feed(store, store.get_source(sid), LOCAL, now=NOW)  # type: ignore[arg-type]
    assert poll.status == "ok"
    codes = [i.code for i in poll.items if isinstance(i, ItemError)]
    assert codes == ["RASD503"]
    assert sum(isinstance(i, SourceItem) for i in poll.items) == 1


def test_atom_feed(store: Store, srv: LocalServer) -> None:
    entries = [
        {"title": ARTICLES[3][0], "link": srv.url("/n/3"), "content": f"<p>{ARTICLES[3][1]}</p>"}
    ]
    srv.set("/atom", atom(entries), content_type="application/atom+xml")
    sid = add_feed(store, srv, path="/atom")
    poll = poll_feed(store, store.get_source(sid), LOCAL, now=NOW)  # type: ignore[arg-type]
    [item] = poll.items
    assert isinstance(item, SourceItem)
    assert item.published == "2024-03-05" and "كانو" in item.text and "<p>" not in item.text
    assert item.meta["guid"] == "urn:rasd:test:0"


@pytest.mark.parametrize(
    ("route", "code"),
    [
        ({"body": "<!DOCTYPE html><html><body>صفحة</body></html>"}, "RASD506"),
        ({"body": "<html><body>x</body></html>", "content_type": "text/plain"}, "RASD506"),
        ({"body": "oops", "status": 500}, "RASD503"),
        ({"body": "{not xml at all", "content_type": "application/json"}, "RASD508"),
    ],
)
def test_failures_back_off(store: Store, srv: LocalServer, route: dict, code: str) -> None:
    srv.set("/feed.xml", **route)
    sid = add_feed(store, srv)
    expected = [60, 120, 240]
    for n, wait in enumerate(expected, start=1):
        poll = poll_feed(store, store.get_source(sid), LOCAL, interval=30, now=NOW)  # type: ignore[arg-type]
        assert poll.status == "error" and poll.error is not None and poll.error.code == code
        row = store.get_source(sid)
        assert row is not None
        assert row.failures == n
        assert row.next_poll == stamp(NOW + dt.timedelta(seconds=wait))
        assert row.last_error is not None and row.last_error.startswith(f"[{code}]")
    srv.set("/feed.xml", rss(feed_items(srv, 1)), content_type="application/rss+xml")
    ok = poll_feed(store, store.get_source(sid), LOCAL, interval=30, now=NOW)  # type: ignore[arg-type]
    row = store.get_source(sid)
    assert ok.status == "ok" and row is not None
    assert row.failures == 0 and row.last_error is None


def test_backoff_is_capped() -> None:
    assert backoff_seconds(30, 0) == 30
    assert backoff_seconds(30, 1) == 60
    assert backoff_seconds(30, 10) == 6 * 3600
    assert backoff_seconds(30, 10_000) == 6 * 3600


def test_helpers() -> None:
    assert html_to_text("<p>سطر أول</p><p>سطر&nbsp;ثانٍ <script>x()</script></p>") == (
        "سطر أول\nسطر ثانٍ"
    )
    assert looks_like_html(b"  <!doctype html><html>", "")
    assert not looks_like_html(b'<?xml version="1.0"?><rss version="2.0">', "text/html")


def test_page_budget_defers_entries_and_keeps_validators_unsaved(
    store: Store, srv: LocalServer
) -> None:
    entries = [
        {"title": f"خبر {i}", "link": srv.url(f"/p/{i}"), "description": "قصير"} for i in (0, 1)
    ]
    for i in (0, 1):
        srv.set(f"/p/{i}", html_page(*ARTICLES[i]))
    srv.set("/feed.xml", rss(entries), content_type="application/rss+xml", etag='"e"')
    sid = add_feed(store, srv)
    poll = poll_feed(store, store.get_source(sid), LOCAL, max_pages=1, now=NOW)  # type: ignore[arg-type]
    [item] = poll.items
    assert isinstance(item, SourceItem) and poll.deferred == 1
    row = store.get_source(sid)
    assert row is not None and row.etag is None  # read again in full next time
    store.add_article(item.text, url=item.url, canonical_url=item.url)  # as the watcher would
    again = poll_feed(store, store.get_source(sid), LOCAL, max_pages=1, now=NOW)  # type: ignore[arg-type]
    [item2] = again.items
    assert isinstance(item2, SourceItem) and item2.url != item.url and again.deferred == 0
    row = store.get_source(sid)
    assert row is not None and row.etag == '"e"'
