"""Sentence and paragraph boundaries for Arabic news text; datelines.

Works on search-normalised text (Arabic punctuation already mapped to ASCII).
A sentence ends at ``. ! ?`` followed by space or end (unless the word before
the full stop is a known abbreviation or a single letter, or the stop sits
inside a number) and at every line break. Datelines ("بغداد - رويترز",
"الرياض (واس) -") are found at the start of a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rasd.lang.ar.abbreviations import ABBREVIATIONS

_BOUNDARY_RE = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n+")
_WORD_BEFORE_RE = re.compile(r"([^\s.]+)$")


def _is_abbreviation(text: str, stop: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, stop - 12), stop)
    if not m:
        return False
    word = m.group(1)
    return len(word) == 1 or word in ABBREVIATIONS


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each non-empty sentence, whitespace trimmed."""
    start = 0
    n = len(text)
    for m in _BOUNDARY_RE.finditer(text):
        if m.group(0)[0] == "." and "\n" not in m.group(0) and _is_abbreviation(text, m.start()):
            continue
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        yield from _trimmed(text, start, end)
        start = m.end()
    if start < n:
        yield from _trimmed(text, start, n)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def iter_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each non-empty line/paragraph."""
    pos = 0
    for line in text.split("\n"):
        yield from _trimmed(text, pos, pos + len(line))
        pos += len(line) + 1


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of a paragraph: place and optional agency (offsets in text)."""

    place: tuple[int, int]
    agency: tuple[int, int] | None
    end: int


_DATELINE_RE = re.compile(
    r"[ \t]*(?P<place>[^\s\-:()\"'0-9,.][^\n\-:()\"',.]{1,38}?)[ \t]*"
    r"(?:\((?P<agency1>[^()\n]{2,30})\)[ \t]*)?"
    r"(?:[-:][ \t]*(?:\"?(?P<agency2>[^\n\-:\"]{2,25}?)\"?[ \t]*(?:[-:]|(?=\n)))?)"
)


def find_dateline(text: str, start: int = 0) -> Dateline | None:
    """A dateline candidate at ``start`` (a paragraph start) or ``None``.

    Only the shape is checked here (a short place phrase of at most four words,
    an optional agency in brackets or after the dash, then a dash or colon); the
    caller checks the place against the gazetteer.
    """
    m = _DATELINE_RE.match(text, start)
    if not m:
        return None
    place = m.span("place")
    if len(text[place[0] : place[1]].split()) > 4:
        return None
    agency = None
    for g in ("agency1", "agency2"):
        if m.group(g):
            agency = m.span(g)
            if len(text[agency[0] : agency[1]].split()) > 4:
                return None
    return Dateline(place=place, agency=agency, end=m.end())
