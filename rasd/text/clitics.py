"""Clitic-aware lookup keys: "وبالموصل" finds "الموصل", "لداعش" finds "داعش"."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from rasd.lang.ar import clitics as C
from rasd.text.normalize import key

_CONJUNCTIONS = frozenset(C.CONJUNCTIONS)
_PREPOSITIONS = frozenset(C.PREPOSITIONS)
_ARTICLE = C.ARTICLE
_MIN_STEM = C.MIN_STEM
_SUFFIXES = C.SUFFIXES
# SUFFIXES is longest first, and a word ends with at most one suffix of each length,
# so the first suffix that fits is found by one set look-up per length
_SUFFIX_SETS: tuple[tuple[int, frozenset[str]], ...] | None = (
    tuple(
        (n, frozenset(x for x in _SUFFIXES if len(x) == n))
        for n in sorted({len(x) for x in _SUFFIXES}, reverse=True)
    )
    if all(len(a) >= len(b) > 0 for a, b in pairwise(_SUFFIXES))
    else None
)


def _strip_prefixes(word: str) -> list[str]:
    """Forms of ``word`` with attached conjunction/preposition/article removed, in order."""
    bases = [word]
    if word[:1] in _CONJUNCTIONS and len(word) > 3:
        bases.append(word[1:])
    for base in bases[:]:
        if base[:1] in _PREPOSITIONS and len(base) > 3:
            rest = base[1:]
            bases.append(rest)
            if base[0] == "ل" and rest.startswith("ل") and len(rest) > 2:
                # ل + ال contracts to لل: "للجيش" = ل + الجيش
                bases.append("ا" + rest)
    out = [word]
    for base in bases:
        if len(base) >= _MIN_STEM and base not in out:
            out.append(base)
    for base in out[:]:
        if base.startswith(_ARTICLE) and len(base) > 3:
            form = base[2:]
            if len(form) >= _MIN_STEM and form not in out:
                out.append(form)
    return out


# token -> (its lookup keys, how many of them are prefix keys); shared by
# ``prefix_keys`` and ``lookup_keys`` so a word is keyed and stripped once
_ANALYSES: dict[str, tuple[tuple[str, ...], int]] = {}
_ANALYSES_LIMIT = 300_000


def _analyse(token: str) -> tuple[tuple[str, ...], int]:
    got = _ANALYSES.get(token)
    if got is not None:
        return got
    word = key(token)
    if not word:
        got = ((), 0)
    elif not ("\u0621" <= word[0] <= "\u064a"):
        got = ((word,), 1)
    else:
        forms = _strip_prefixes(word)
        out = forms[:]
        sets = _SUFFIX_SETS
        for form in forms:
            if sets is None:
                for suffix in _SUFFIXES:
                    if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_STEM + 1:
                        stem = form[: -len(suffix)]
                        if stem not in out:
                            out.append(stem)
                        break
                continue
            room = len(form) - _MIN_STEM - 1
            for n, ends in sets:
                if n <= room and form[-n:] in ends:
                    stem = form[:-n]
                    if stem not in out:
                        out.append(stem)
                    break
        got = (tuple(out), len(forms))
    if len(_ANALYSES) >= _ANALYSES_LIMIT:
        _ANALYSES.clear()
    _ANALYSES[token] = got
    return got


@lru_cache(maxsize=200_000)
def prefix_keys(token: str) -> tuple[str, ...]:
    """Keys of ``token`` with proclitics stripped only (no suffix stripping)."""
    keys, n = _analyse(token)
    return keys if n == len(keys) else keys[:n]


@lru_cache(maxsize=200_000)
def lookup_keys(token: str) -> tuple[str, ...]:
    """Candidate lookup keys for one token, most specific first.

    The first key is the token itself (key-normalised); then forms without
    proclitics (with and without the article); then those forms without one
    common suffix.
    """
    return _analyse(token)[0]


def matches(token: str, entry: str) -> bool:
    """True if ``entry`` (any form) is one of the lookup keys of ``token``."""
    return key(entry) in lookup_keys(token)
