"""Fixtures of the dashboard tests: a demo database (built once per session), a live
server on 127.0.0.1, and Debian's Chromium driven by Playwright.

The browser tests FAIL (never skip) when Playwright or ``/usr/bin/chromium`` is
missing: install them with ``pip install playwright`` and ``apt-get install chromium``
(``playwright install`` is not needed and does not work offline).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_SOURCE,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    PageProbe,
)


def build_demo_db(path: Path) -> str:
    """Ingest the bundled demo corpus plus one hostile article into SQLite at ``path``."""
    from rasd.demo_run import demo_articles
    from rasd.ingest.item import SourceItem
    from rasd.ingest.pipeline import ingest
    from rasd.store.repo import Store

    articles = demo_articles()
    with Store.open(str(path)) as store:
        for name in sorted({a["source"] for a in articles if a.get("source")}):
            store.add_source(name, kind="file", language="ar", reliability="B")
        store.add_source(HOSTILE_SOURCE, kind="file", language="ar", url="javascript:alert(1)")
        items = [
            SourceItem(
                text=a["text"],
                title=a.get("title"),
                url=a.get("url"),
                published=a.get("published"),
                language="ar",
                source=a.get("source"),
                ref=a.get("id"),
            )
            for a in articles
        ]
        items.append(
            SourceItem(
                text=HOSTILE_TEXT,
                title=HOSTILE_TITLE,
                url="https://hostile.invalid/a?x=%22%3E%3Cscript%3E",
                published="2015-09-07",
                language="ar",
                source=HOSTILE_SOURCE,
                ref="hostile",
            )
        )
        result = ingest(store, items, command="tests/ui")
        assert result.failed == 0, result.errors
    return str(path)


@pytest.fixture(scope="session")
def ui_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_demo_db(tmp_path_factory.mktemp("ui") / "ui.sqlite")


@pytest.fixture(scope="session")
def ui_store(ui_db: str) -> Iterator[Any]:
    from rasd.store.repo import Store

    store = Store.open(ui_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def hostile_article_id(ui_store: Any) -> str:
    from rasd.link.ids import article_id

    aid = article_id(HOSTILE_TEXT)
    assert ui_store.get_article(aid) is not None
    return aid


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(ui_store: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread on 127.0.0.1 and a free port."""
    import uvicorn

    from rasd.serve.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(store=ui_store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard server did not start on 127.0.0.1")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install playwright (browser tests never skip)")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: apt-get install chromium "
            "(or set RASD_CHROMIUM); browser tests never skip"
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def probe(browser: Any) -> Iterator[PageProbe]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(10_000)
    p = PageProbe(page)
    yield p
    context.close()
    assert not p.errors, p.errors
