"""Tokenisation of (search-normalised) text into words, numbers, dates and punctuation.

Numbers keep their separators and decimals ("1,200", "3.5"); numeric dates stay
one token ("22/03/2024", "2024-03-22"). Offsets are into the text given.

:func:`token_bounds` gives the boundaries of every token without building a match
object per token (a :class:`~rasd.doc.Doc` keeps only the :func:`token_pieces` and
turns them into offsets on first use); :func:`token_kind` gives the kind of the
token starting at an offset on demand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from operator import sub

ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"

_DATE = r"\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}(?![\d])"
_NUM = r"\d+(?:[.,]\d+)*"
_WORD = rf"[{ARABIC_LETTER}]+"
_LATIN = r"[A-Za-z\u00c0-\u024f]+(?:['\-][A-Za-z\u00c0-\u024f]+)*"

TOKEN_RE = re.compile(
    rf"(?P<date>{_DATE})"
    rf"|(?P<num>{_NUM})"
    rf"|(?P<word>{_WORD})"
    rf"|(?P<latin>{_LATIN})"
    r"|(?P<punct>[^\s\w]|_)"
    r"|(?P<other>[^\s])"
)

KINDS = ("date", "num", "word", "latin", "punct", "other")

# The same alternatives with the most frequent first. The first characters of the
# alternatives are disjoint (digits; Arabic letters; Latin letters; the rest), except
# date and num, which keep their order, so every token comes out the same. Each match
# takes the whitespace before its token too: matches are contiguous, and the offsets
# are running sums of match lengths.
_SPACED_RE = re.compile(rf"\s*+(?:{_WORD}|{_DATE}|{_NUM}|{_LATIN}|[^\s\w]|_|[^\s])")


def iter_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, kind)`` for each token of ``text``."""
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        yield m.start(), m.end(), kind


def token_pieces(text: str) -> list[str]:
    """The tokens of ``text``, each with the whitespace before it (one regex pass).

    The pieces are contiguous from offset 0: see :func:`bounds_of_pieces`.
    """
    # Trailing whitespace is cut off so that every match ends with a token.
    return _SPACED_RE.findall(text, 0, len(text.rstrip()))


def bounds_of_pieces(pieces: list[str]) -> tuple[list[int], list[int]]:
    """``(starts, ends)`` of the tokens given by :func:`token_pieces`."""
    starts, ends, _ = words_of_pieces(pieces)
    return starts, ends


def words_of_pieces(pieces: list[str]) -> tuple[list[int], list[int], list[str]]:
    """``(starts, ends, texts)`` of the tokens given by :func:`token_pieces`."""
    words = list(map(str.lstrip, pieces))
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, words)))
    return starts, ends, words


def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """``(starts, ends)`` of the tokens of ``text``: the spans :func:`iter_tokens` yields."""
    return bounds_of_pieces(token_pieces(text))


@lru_cache(maxsize=4096)
def _kind_by_char(ch: str) -> str | None:
    """Kind of every token starting with ``ch``; ``None`` for a digit (date or num)."""
    m = TOKEN_RE.match(ch)
    kind = (m.lastgroup if m is not None else None) or "other"
    return None if kind in ("date", "num") else kind


def token_kind(text: str, start: int) -> str:
    """Kind of the token of ``text`` that starts at ``start`` (as :func:`iter_tokens`)."""
    kind = _kind_by_char(text[start])
    if kind is None:
        m = TOKEN_RE.match(text, start)
        kind = (m.lastgroup if m is not None else None) or "other"
    return kind
