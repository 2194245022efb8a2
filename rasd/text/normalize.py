"""Normalisation for matching, with an offset map back to the raw text.

Every rule either deletes one character or replaces one character by one
character, so the map from normalised offsets to raw offsets is a monotone
function described by the positions of the deleted characters alone. This keeps
normalisation in C (one regex pass, then ``str.replace`` per changed character) and
the map small.

Levels (each includes the previous one):

``light``
    remove diacritics, tatweel, bidi marks and zero-width characters; all digits
    to ASCII; Arabic punctuation to ASCII.
``search``
    also unify alef forms (أ إ آ ٱ → ا), alef maksura (ى → ي) and Persian/Urdu
    letters (ک ی ۀ ے …). This is the level used for full-text search.
``key``
    also ta marbuta (ة → ه), hamza on waw/ya (ؤ → و, ئ → ي) and lower-case Latin.
    Only for lookup keys, never for display.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rasd.lang.ar import chars


class Level(StrEnum):
    LIGHT = "light"
    SEARCH = "search"
    KEY = "key"


_DELETE = chars.DIACRITICS + chars.TATWEEL + chars.INVISIBLES
_DELETE_RE = re.compile("[" + re.escape(_DELETE) + "]")


@lru_cache(maxsize=8)
def _table(level: Level) -> dict[int, int | None]:
    table: dict[int, int | None] = {ord(c): None for c in _DELETE}
    for src in (chars.ARABIC_INDIC_DIGITS, chars.PERSIAN_DIGITS):
        for digit, ascii_digit in zip(src, chars.ASCII_DIGITS, strict=True):
            table[ord(digit)] = ord(ascii_digit)
    for a, b in chars.PUNCTUATION_MAP.items():
        table[ord(a)] = ord(b)
    if level in (Level.SEARCH, Level.KEY):
        for mapping in (chars.ALEF_FORMS, chars.YA_FORMS, chars.PERSIAN_LETTERS):
            for a, b in mapping.items():
                table[ord(a)] = ord(b)
    if level is Level.KEY:
        for mapping in (chars.TA_MARBUTA, chars.HAMZA_CARRIERS):
            for a, b in mapping.items():
                table[ord(a)] = ord(b)
        for c in range(ord("A"), ord("Z") + 1):
            table[c] = c + 32
    return table


def _level(level: Level | str) -> Level:
    return level if isinstance(level, Level) else Level(level)


@lru_cache(maxsize=8)
def _replacer(level: Level) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A regex finding the characters ``level`` changes, and their replacements.

    ``str.translate`` with a dict looks every character up (slow for Arabic text); most
    articles hold a handful of distinct changed characters, each replaced in C with
    ``str.replace``. Only valid when no replacement is itself replaced (checked here).
    """
    table = _table(level)
    repl = {chr(k): "" if v is None else chr(v) for k, v in table.items()}
    if any(v in repl for v in repl.values()):
        return None
    return re.compile("[" + re.escape("".join(sorted(repl))) + "]"), repl


def _translate(text: str, level: Level) -> str:
    fast = _replacer(level)
    if fast is None:
        return text.translate(_table(level))
    changed_re, repl = fast
    found = changed_re.findall(text)
    if not found:
        return text
    for ch in set(found):
        text = text.replace(ch, repl[ch])
    return text


def normalize(text: str, level: Level | str = Level.SEARCH) -> str:
    """Return ``text`` normalised at ``level`` (no offset map)."""
    return _translate(text, _level(level))


# key() of short strings (words, names), remembered: most words are keyed several times
# (clitic keys, phrase matching, NER features). Bounded; cleared when full.
_KEY_CACHE: dict[str, str] = {}
_KEY_CACHE_LIMIT = 300_000
_KEY_CACHE_MAX_LEN = 64


def key(text: str) -> str:
    """Lookup key: key-level normalisation with whitespace collapsed and trimmed."""
    got = _KEY_CACHE.get(text)
    if got is not None:
        return got
    out = " ".join(_translate(text, Level.KEY).split())
    if len(text) <= _KEY_CACHE_MAX_LEN:
        if len(_KEY_CACHE) >= _KEY_CACHE_LIMIT:
            _KEY_CACHE.clear()
        _KEY_CACHE[text] = out
    return out


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in the normalised text to offsets in the raw text.

    ``_pts[j]`` is the normalised offset at which the ``j``-th deleted raw
    character sat; a normalised offset ``i`` maps to ``i`` plus the number of
    deletions at or before it.
    """

    _pts: tuple[int, ...]
    raw_length: int

    def to_raw(self, i: int) -> int:
        """Raw offset of the character at normalised offset ``i`` (start offsets)."""
        if not self._pts:
            return i
        return i + bisect_right(self._pts, i)

    def to_raw_end(self, i: int) -> int:
        """Raw offset for an exclusive end at normalised offset ``i``.

        Deleted characters (diacritics, tatweel, invisibles) that follow the last
        kept character belong to the span, so a word keeps its final tanween.
        """
        if i >= self.norm_length:
            return self.raw_length
        return self.to_raw(i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) for a normalised span; empty spans stay empty."""
        pts = self._pts
        n = self.raw_length - len(pts)
        if end <= start:
            if start >= n:
                return self.raw_length, self.raw_length
            r = start + bisect_right(pts, start) if pts else start
            return r, r
        s = start + bisect_right(pts, start) if pts else start
        if end >= n:
            return s, self.raw_length
        return s, end + bisect_right(pts, end) if pts else end

    @property
    def norm_length(self) -> int:
        return self.raw_length - len(self._pts)

    @property
    def is_identity(self) -> bool:
        return not self._pts


def normalize_with_map(text: str, level: Level | str = Level.SEARCH) -> tuple[str, OffsetMap]:
    """Normalise ``text`` and return the offset map back to it."""
    norm = _translate(text, _level(level))
    if len(norm) == len(text):
        return norm, OffsetMap((), len(text))
    pts = tuple(m.start() - j for j, m in enumerate(_DELETE_RE.finditer(text)))
    return norm, OffsetMap(pts, len(text))
