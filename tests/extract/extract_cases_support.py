"""Shared helpers of the extraction case tests: reports in the gold schema."""

from __future__ import annotations

from rasd.extract import extract

PUB = "2021-03-10"


def gold_reports(text: str, title: str | None = None) -> list[dict[str, object]]:
    """Every report of ``text`` in the gold schema, published on ``PUB``."""
    return [r.to_gold() for r in extract(text, published=PUB, title=title)]


def main_report(text: str, title: str | None = None) -> dict[str, object]:
    """The main report of ``text`` in the gold schema (fails when there is none)."""
    reports = extract(text, published=PUB, title=title)
    main = [r for r in reports if r.is_main]
    assert main, [r.to_gold() for r in reports]
    return main[0].to_gold()
