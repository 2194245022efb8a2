"""Clitic-aware phrase matching of knowledge-base entries against a Doc's tokens.

A phrase is split into key-normalised words. The first word of a phrase may be
met with attached clitics ("وبالموصل" → "الموصل", "لداعش" → "داعش"); the other
words must match exactly (key level). For words of at least ``min_stem``
letters, the first word may also match after a suffix is stripped
("المسلحين" → "مسلح"), which counts as a looser match.

Matches never overlap: the longest phrase wins, then the tighter clitic form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rasd.doc import Doc, Span, Token
from rasd.text.clitics import lookup_keys, prefix_keys
from rasd.text.normalize import key

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A phrase match over tokens ``[first, last]`` of a Doc."""

    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    payload: T
    phrase: str  # the key-normalised phrase that matched
    looseness: int  # 0 = exact token, higher = more of the token stripped
    span: Span


# a hyphen splits words unless it joins Latin letters ("al-Qaida" is one token)
_HYPHEN = re.compile(r"(?<![A-Za-z\u00c0-\u024f])-|-(?![A-Za-z\u00c0-\u024f])")


def bare(word: str) -> str:
    """A word without its article: adjectives agree in definiteness with their noun,
    so "الهجوم الانتحاري" matches the phrase "هجوم انتحاري"."""
    if word.startswith("ال") and len(word) > 3:
        return word[2:]
    return word


class PhraseMatcher(Generic[T]):
    """Index of phrases → payloads; ``find`` returns non-overlapping matches."""

    def __init__(self) -> None:
        # first word -> [(words, article-less later words, payload)]
        self._index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], T]]] = {}
        self._max_words = 1
        self.size = 0

    def add(self, phrase: str, payload: T) -> None:
        words = tuple(_HYPHEN.sub(" - ", key(phrase)).split())
        if not words:
            raise ValueError(f"empty phrase for {payload!r}")
        rest = tuple(bare(w) for w in words[1:])
        self._index.setdefault(words[0], []).append((words, rest, payload))
        self._max_words = max(self._max_words, len(words))
        self.size += 1

    def add_many(self, items: Iterable[tuple[str, T]]) -> None:
        for phrase, payload in items:
            self.add(phrase, payload)

    def __contains__(self, phrase: str) -> bool:
        words = tuple(key(phrase).split())
        return bool(words) and any(w == words for w, _, _ in self._index.get(words[0], ()))

    def candidates(
        self, tokens: Sequence[Token], i: int, stems: bool = True
    ) -> list[tuple[int, int, tuple[str, ...], T]]:
        """All phrases starting at token ``i``: ``(last, looseness, words, payload)``.

        With ``stems=False`` only proclitics are stripped from the first token
        (no suffix stripping): use it for names (places, groups).
        """
        return self._candidates(_TokenKeys.of(tokens), i, stems)

    def _candidates(
        self, tk: _TokenKeys, i: int, stems: bool
    ) -> list[tuple[int, int, tuple[str, ...], T]]:
        out: list[tuple[int, int, tuple[str, ...], T]] = []
        if not tk.ok[i]:
            return out
        index = self._index
        norm = tk.norms[i]
        keys = _lookup(norm) if stems else _prefix(norm)
        n = len(tk.norms)
        for looseness, k in enumerate(keys):
            entries = index.get(k)
            if not entries:
                continue
            for words, rest, payload in entries:
                j = i
                for w in rest:
                    j += 1
                    if j >= n or tk.bare(j) != w:
                        break
                else:
                    out.append((j, looseness, words, payload))
        return out

    def find(self, doc: Doc, *, stems: bool = True, max_looseness: int = 99) -> list[Match[T]]:
        """Non-overlapping matches over ``doc.tokens``, left to right."""
        tokens = doc.tokens
        tk = _TokenKeys.of_doc(doc)
        # only tokens with a key some phrase starts with can start a match
        by_key = tk.positions(stems)
        common = by_key.keys() & self._index.keys()
        if not common:
            return []
        starts = sorted({i for k in common for i in by_key[k]})
        matches: list[Match[T]] = []
        next_free = 0
        for i in starts:
            if i < next_free:
                continue
            cands = [c for c in self._candidates(tk, i, stems) if c[1] <= max_looseness]
            if not cands:
                continue
            # longest phrase, then tightest form; payload order keeps ties deterministic
            best_last = max(c[0] for c in cands)
            best = [c for c in cands if c[0] == best_last]
            best_loose = min(c[1] for c in best)
            for last, loose, words, payload in best:
                if loose == best_loose:
                    span = doc.span(tokens[i].norm_start, tokens[last].norm_end)
                    matches.append(Match(i, last, payload, " ".join(words), loose, span))
            next_free = best_last + 1
        return matches


# -- per-token keys, computed once per document and cached per surface form -----------
_CACHE_LIMIT = 300_000
_LOOKUP: dict[str, tuple[str, ...]] = {}
_PREFIX: dict[str, tuple[str, ...]] = {}
_BARE: dict[str, str] = {}
_MATCHABLE = frozenset({"word", "latin", "num"})


def _cached(cache: dict[str, Any], word: str, make: Any) -> Any:
    value = cache.get(word)
    if value is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        value = cache[word] = make(word)
    return value


def _lookup(norm: str) -> tuple[str, ...]:
    return _cached(_LOOKUP, norm, lookup_keys)


def _prefix(norm: str) -> tuple[str, ...]:
    return _cached(_PREFIX, norm, prefix_keys)


def _bare_key(norm: str) -> str:
    return bare(key(norm))


class _TokenKeys:
    """The normalised text, kind and article-less key of every token of a document."""

    __slots__ = ("_bares", "_positions", "norms", "ok")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.norms = [t.norm for t in tokens]
        self.ok = [t.kind in _MATCHABLE for t in tokens]
        self._bares: list[str | None] = [None] * len(self.norms)
        self._positions: dict[bool, dict[str, list[int]]] = {}

    def bare(self, j: int) -> str:
        b = self._bares[j]
        if b is None:
            b = self._bares[j] = _cached(_BARE, self.norms[j], _bare_key)
        return b

    def positions(self, stems: bool) -> dict[str, list[int]]:
        """Lookup key → ascending indexes of the matchable tokens having it."""
        got = self._positions.get(stems)
        if got is None:
            got = {}
            cache, make = (_LOOKUP, lookup_keys) if stems else (_PREFIX, prefix_keys)
            ok = self.ok
            for i, norm in enumerate(self.norms):
                if ok[i]:
                    keys = cache.get(norm)
                    if keys is None:
                        if len(cache) >= _CACHE_LIMIT:
                            cache.clear()
                        keys = cache[norm] = make(norm)
                    for k in keys:
                        got.setdefault(k, []).append(i)
            self._positions[stems] = got
        return got

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> _TokenKeys:
        return cls(tokens)

    @classmethod
    def of_doc(cls, doc: Doc) -> _TokenKeys:
        """Cached on the document (its tokens never change)."""
        tokens = doc.tokens
        cached = getattr(doc, "_rasd_token_keys", None)
        if cached is not None and cached[0] is tokens:
            return cached[1]
        tk = cls(tokens)
        try:
            setattr(doc, "_rasd_token_keys", (tokens, tk))  # noqa: B010
        except AttributeError:  # a Doc with __slots__: no caching, still correct
            pass
        return tk
