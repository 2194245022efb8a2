"""The public Python API (the CLI is a thin layer over these functions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasd.doc import Doc, Span, Token
from rasd.text.normalize import Level
from rasd.text.normalize import normalize as _normalize


def normalize(text: str, level: Level | str = Level.SEARCH) -> str:
    """Normalise Arabic text for matching (see :mod:`rasd.text.normalize`)."""
    return _normalize(text, level)


def sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as spans with raw offsets."""
    return Doc.from_text(text).sentences


def tokens(text: str) -> list[Token]:
    """Tokens of ``text`` as spans with raw offsets, kinds and lookup keys."""
    return list(Doc.from_text(text).tokens)


def numbers(text: str) -> list[dict[str, Any]]:
    """Quantities in ``text`` with raw offsets (value, range, hedge flags)."""
    from rasd.text.numbers import quantities

    doc = Doc.from_text(text)
    out = []
    for q, span in quantities(doc):
        out.append(
            {
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "at_least": q.at_least,
                "approx": q.approx,
                "at_most": q.at_most,
                "ordinal": q.ordinal,
                "vague": q.vague,
                "kind": q.kind,
            }
        )
    return out


def dates(text: str, published: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Dates in ``text`` with raw offsets; relative ones resolved against ``published`` only."""
    from rasd.io import parse_published
    from rasd.text.dates import dates as find

    pub = parse_published(published)
    doc = Doc.from_text(text)
    return [
        {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "value": d.value,
            "precision": d.precision,
            "kind": d.kind,
            "relative": d.relative,
            "part_of_day": d.part_of_day,
            "hijri": d.hijri,
        }
        for d, span in find(doc, pub)
    ]
