"""Fixtures for the analysis tests: a small database of hand-made incidents, local
webhook and SMTP receivers (see ``analysis_support``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from analysis_support import Receiver, SmtpSink, fill

from rasd.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


@pytest.fixture
def filled(store: Store, report_factory: Callable[..., Any]) -> Store:
    fill(store, report_factory)
    return store


@pytest.fixture
def sqlite_filled(tmp_path: Any, report_factory: Callable[..., Any]) -> Iterator[Store]:
    """The same incidents in a SQLite file (for subprocess and server tests)."""
    with Store.open(f"sqlite:///{tmp_path / 'filled.sqlite'}") as s:
        fill(s, report_factory)
        yield s


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver("s3cret")
    yield r
    r.close()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    s = SmtpSink()
    yield s
    s.close()
