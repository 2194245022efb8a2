"""Fixtures of the batch tests (data and helpers live in ``batch_corpus``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_corpus import ARTICLES, write_jsonl


@pytest.fixture
def articles() -> list[dict[str, str]]:
    return [dict(a) for a in ARTICLES]


@pytest.fixture
def corpus_jsonl(tmp_path: Path, articles: list[dict[str, str]]) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", articles)
