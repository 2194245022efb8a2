"""The public Python API (the CLI is a thin layer over these functions)."""

from __future__ import annotations

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
    return Doc.from_text(text).tokens
