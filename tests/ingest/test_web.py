"""Web pages as a source: fetch, decode, parse, and errors as items."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpserver_util import ARTICLES, LocalServer, html_page, local_server

from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.net import FetchPolicy
from rasd.ingest.sources.web import page_items

LOCAL = FetchPolicy(timeout=5, allow_private=True)


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


def test_utf8_page(srv: LocalServer) -> None:
    title, body = ARTICLES[0]
    srv.set("/a", html_page(title, body))
    [item] = list(page_items([srv.url("/a")], source="site", policy=LOCAL))
    assert isinstance(item, SourceItem)
    assert item.url == srv.url("/a")
    assert item.title == title
    assert "الموصل" in item.text and "جميع الحقوق" not in item.text
    assert item.published == "2024-03-05"
    assert item.source == "site"


def test_windows_1256_page_with_declared_charset(srv: LocalServer) -> None:
    title, body = ARTICLES[1]
    page = html_page(title, body, charset="windows-1256").encode("cp1256")
    srv.set("/w", page, content_type="text/html; charset=windows-1256")
    [item] = list(page_items([srv.url("/w")], policy=LOCAL))
    assert isinstance(item, SourceItem)
    assert "الدمام" in item.text
    assert item.title == title


def test_final_url_after_redirect_and_canonical_in_meta(srv: LocalServer) -> None:
    title, body = ARTICLES[2]
    srv.set("/story", html_page(title, body, canonical="https://news.example/story-1"))
    srv.redirect("/s/1", "/story")
    [item] = list(page_items([srv.url("/s/1")], policy=LOCAL))
    assert isinstance(item, SourceItem)
    assert item.url == srv.url("/story")
    assert item.meta["canonical_url"] == "https://news.example/story-1"
    assert item.meta["requested_url"] == srv.url("/s/1")


def test_failures_become_item_errors_and_do_not_stop_the_others(srv: LocalServer) -> None:
    title, body = ARTICLES[0]
    srv.set("/ok", html_page(title, body))
    srv.set("/empty", "<html><head><title>t</title></head><body></body></html>")
    srv.set("/boom", "x", status=500)
    urls = [srv.url("/missing"), srv.url("/boom"), srv.url("/empty"), srv.url("/ok")]
    items = list(page_items(urls, source="site", policy=LOCAL))
    assert [type(i).__name__ for i in items] == ["ItemError"] * 3 + ["SourceItem"]
    errors = [i for i in items if isinstance(i, ItemError)]
    assert [e.code for e in errors] == ["RASD503", "RASD503", "RASD104"]
    assert errors[0].ref == srv.url("/missing") and errors[0].source == "site"


def test_default_policy_refuses_loopback(srv: LocalServer) -> None:
    title, body = ARTICLES[0]
    srv.set("/a", html_page(title, body))
    [item] = list(page_items([srv.url("/a")]))
    assert isinstance(item, ItemError) and item.code == "RASD501"
    assert srv.hits["/a"] == 0
