"""Tokenisation of (search-normalised) text into words, numbers, dates and punctuation.

Numbers keep their separators and decimals ("1,200", "3.5"); numeric dates stay
one token ("22/03/2024", "2024-03-22"). Offsets are into the text given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"

TOKEN_RE = re.compile(
    r"(?P<date>\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}(?![\d]))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    rf"|(?P<word>[{ARABIC_LETTER}]+)"
    r"|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:['\-][A-Za-z\u00c0-\u024f]+)*)"
    r"|(?P<punct>[^\s\w]|_)"
    r"|(?P<other>[^\s])"
)

KINDS = ("date", "num", "word", "latin", "punct", "other")


def iter_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, kind)`` for each token of ``text``."""
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        yield m.start(), m.end(), kind
