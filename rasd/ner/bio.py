"""BIO tag sequences and entity spans.

Tags are ``O``, ``B-TYPE`` and ``I-TYPE``. Decoding is lenient in the way the
CoNLL scorer is: an ``I-TYPE`` that follows ``O`` or a tag of another type
starts a new entity, so no tag is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

OUTSIDE = "O"


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-LOC"`` → ``("B", "LOC")``; ``"O"`` (or anything malformed) → ``("O", "")``."""
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
        return tag[0], tag[2:]
    return OUTSIDE, ""


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` over token indices (``end`` exclusive)."""
    out: list[tuple[int, int, str]] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        prefix, typ = split_tag(tag)
        if start >= 0 and (prefix != "I" or typ != label):
            out.append((start, i, label))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, label = i, typ
    if start >= 0:
        out.append((start, len(tags), label))
    return out


def repair(tags: Sequence[str]) -> list[str]:
    """Make a sequence valid BIO: an ``I-X`` not preceded by ``B-X``/``I-X`` becomes ``B-X``."""
    out: list[str] = []
    prev = ""
    for tag in tags:
        prefix, typ = split_tag(tag)
        if prefix == "I" and prev != typ:
            tag = "B-" + typ
        out.append(tag if prefix != OUTSIDE else OUTSIDE)
        prev = typ
    return out


def from_spans(n: int, items: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIO tags for ``n`` tokens from spans ``(start, end, type)``."""
    tags = [OUTSIDE] * n
    for start, end, typ in items:
        for i in range(start, end):
            tags[i] = ("B-" if i == start else "I-") + typ
    return tags


def allowed(prev: str, tag: str) -> bool:
    """Whether ``tag`` may follow ``prev`` in strict BIO (``prev`` "" = sentence start)."""
    prefix, typ = split_tag(tag)
    if prefix != "I":
        return True
    return split_tag(prev)[1] == typ if prev else False
