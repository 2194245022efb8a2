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

# "[.!?]+[\"')\]]*(?=\s|$)|\n+" written to start with one character class, so that
# the regex engine skips to candidate positions in C.
_BOUNDARY_RE = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"')\]]*(?=\s|$)|(?<=\n)\n*)")


def _is_abbreviation(text: str, stop: int) -> bool:
    """True if the word before the full stop at ``stop`` is an abbreviation or one letter.

    The word is the run of characters other than whitespace and ``.`` that ends at
    ``stop`` (or just before a line break there), looking back at most 12 characters.
    """
    lo = max(0, stop - 12)
    end = stop - 1 if stop > lo and text[stop - 1] == "\n" else stop
    window = text[lo:end]
    if not window or window[-1].isspace():
        return False
    word = window.rsplit(None, 1)[-1].rpartition(".")[2]
    return bool(word) and (len(word) == 1 or word in ABBREVIATIONS)


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each non-empty sentence, whitespace trimmed."""
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        stop, after = m.span()
        if text[stop] == "\n":
            end = stop
        elif text[stop] == "." and _is_abbreviation(text, stop):
            continue
        else:
            end = after
        piece = text[start:end]
        kept = piece.lstrip()
        if kept:
            first = end - len(kept)
            yield first, first + len(kept.rstrip())
        start = after
    piece = text[start:]
    kept = piece.lstrip()
    if kept:
        first = len(text) - len(kept)
        yield first, first + len(kept.rstrip())


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


HEADLINE_MAX_WORDS = 20  # a first line this short, with no closing stop, is a headline
LEAD_SEARCH = 400  # a headline is never longer than this many characters


def lead_start(text: str) -> int:
    """Offset where the text's first body paragraph starts.

    Plain-text articles often open with their headline on a line of its own
    ("title, blank line, body"); the dateline then opens the next paragraph. The
    headline is a short first line (at most ``HEADLINE_MAX_WORDS`` words) that ends
    with no full stop, colon or question mark and is followed by more text. Returns
    0 when the text opens with no such line.
    """
    nl = text.find("\n", 0, LEAD_SEARCH)
    if nl < 0:
        return 0
    head = text[:nl].rstrip()
    if not head or head[-1] in ".!?:" or len(head.split()) > HEADLINE_MAX_WORDS:
        return 0
    j = nl
    while j < len(text) and text[j].isspace():
        j += 1
    return j if j < len(text) else 0


def opens_body(text: str, start: int) -> bool:
    """Whether a sentence starting at ``start`` opens the article body (where a
    dateline can stand): the text's start, or the paragraph after a headline line."""
    return start == 0 or (start <= LEAD_SEARCH and start == lead_start(text))
