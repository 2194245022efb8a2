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
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from rasd.doc import Doc, Span, Token
from rasd.text.clitics import lookup_keys, prefix_keys
from rasd.text.normalize import key
from rasd.text.tokens import token_kind

T = TypeVar("T")
_Entry = tuple[int, tuple[str, ...], T]  # (order added, key-normalised words, payload)
# a trie node: the entries of the phrases ending at it, and its children by next word
_Node = tuple[tuple[_Entry[T], ...], dict[str, Any]]


def _order(entry: _Entry[Any]) -> int:
    return entry[0]


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
        # first word -> {number of later words -> {their article-less keys -> entries}},
        # lengths ascending; an entry is (order added, words, payload). Tuples and
        # dicts only, so the garbage collector can stop tracking the index (once it
        # holds only strings) instead of walking it on every full collection.
        self._firsts: dict[str, dict[int, dict[tuple[str, ...], tuple[_Entry[T], ...]]]] = {}
        self._max_words = 1
        self.size = 0
        # the same phrases as a trie for ``find``: first word -> node, a node being
        # (entries ending here, next article-less word -> node); rebuilt when size changes
        self._trie: dict[str, _Node[T]] = {}
        self._trie_size = 0

    def add(self, phrase: str, payload: T) -> None:
        words = tuple(_HYPHEN.sub(" - ", key(phrase)).split())
        if not words:
            raise ValueError(f"empty phrase for {payload!r}")
        rest = tuple(bare(w) for w in words[1:])
        by_len = self._firsts.setdefault(words[0], {})
        group = by_len.get(len(rest))
        if group is None:
            group = by_len[len(rest)] = {}
            if any(n > len(rest) for n in by_len):  # keep the lengths ascending
                ordered = sorted(by_len.items())
                by_len.clear()
                by_len.update(ordered)
        group[rest] = (*group.get(rest, ()), (self.size, words, payload))
        self._max_words = max(self._max_words, len(words))
        self.size += 1

    def add_many(self, items: Iterable[tuple[str, T]]) -> None:
        for phrase, payload in items:
            self.add(phrase, payload)

    def __contains__(self, phrase: str) -> bool:
        words = tuple(key(phrase).split())
        if not words:
            return False
        group = self._firsts.get(words[0], {}).get(len(words) - 1, {})
        return any(w == words for entries in group.values() for _, w, _ in entries)

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
        """Phrases in the order they were added, for each key of token ``i`` in turn."""
        out: list[tuple[int, int, tuple[str, ...], T]] = []
        if not tk.ok(i):
            return out
        firsts = self._firsts
        norm = tk.norms[i]
        keys = lookup_keys(norm) if stems else prefix_keys(norm)
        n = len(tk.norms)
        for looseness, k in enumerate(keys):
            by_len = firsts.get(k)
            if by_len is None:
                continue
            found: tuple[_Entry[T], ...] = ()
            several = False
            later: tuple[str, ...] = ()
            for size, group in by_len.items():
                if i + size >= n:
                    break
                while len(later) < size:
                    later = (*later, tk.bare(i + len(later) + 1))
                entries = group.get(later)
                if entries:
                    several = bool(found)
                    found += entries
            if several:
                found = tuple(sorted(found, key=_order))
            for _, words, payload in found:
                out.append((i + len(words) - 1, looseness, words, payload))
        return out

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its trie built (the knowledge-base cache then loads it ready)."""
        if self._trie_size != self.size:
            self._trie = self._build_trie()
            self._trie_size = self.size
        return self.__dict__.copy()

    def _build_trie(self) -> dict[str, _Node[T]]:
        """The phrases as a trie over their later (article-less) words."""

        def freeze(node: list[Any]) -> _Node[T]:
            return (node[0], {w: freeze(child) for w, child in node[1].items()})

        roots: dict[str, _Node[T]] = {}
        for first, by_len in self._firsts.items():
            root: list[Any] = [(), {}]
            for group in by_len.values():
                for later, entries in group.items():
                    node = root
                    for word in later:
                        node = node[1].setdefault(word, [(), {}])
                    node[0] = entries
            roots[first] = freeze(root)
        return roots

    def find(self, doc: Doc, *, stems: bool = True, max_looseness: int = 99) -> list[Match[T]]:
        """Non-overlapping matches over ``doc.tokens``, left to right.

        At each token the longest phrase wins, then the tightest key (the lowest
        looseness); the phrases that tie come out in the order they were added.
        """
        tk = _TokenKeys.of_doc(doc)
        first = _FIRST[stems]
        first.register(self)
        # only tokens with a key some phrase starts with can start a match
        by_key = tk.positions(stems)
        if self._trie_size != self.size:  # the trie is stored before its size
            self._trie = self._build_trie()
            self._trie_size = self.size
        trie = self._trie
        common = by_key.keys() & trie.keys()
        if not common:
            return []
        starts = sorted({i for k in common for i in by_key[k]})
        norms, norm_starts, norm_ends = tk.norms, tk.starts, tk.ends
        n = len(norms)
        known, kinds_ok, bares = first.known, tk._ok, tk._bares
        matches: list[Match[T]] = []
        next_free = 0
        for i in starts:
            if i < next_free:
                continue
            ok = kinds_ok[i]
            if not (tk.ok(i) if ok is None else ok):
                continue
            best: tuple[_Entry[T], ...] = ()
            best_last = best_loose = -1
            hits = known(norms[i]) or first.hits(norms[i])
            for looseness, k in hits:
                if looseness > max_looseness:
                    break
                node = trie.get(k)
                last = i
                while node is not None:
                    entries, children = node
                    # one node per (key, length): a later key never ties a longer match
                    if entries and last > best_last:
                        best, best_last, best_loose = entries, last, looseness
                    last += 1
                    if not children or last >= n:
                        break
                    node = children.get(bares[last] or tk.bare(last))
            for _, words, payload in best:
                span = doc.span(norm_starts[i], norm_ends[best_last])
                matches.append(Match(i, best_last, payload, " ".join(words), best_loose, span))
            if best:
                next_free = best_last + 1
        return matches


def release(doc: Doc) -> None:
    """Drop the token keys ``find`` keeps on ``doc`` for later searches.

    A Doc refers to itself (through its spans), so it is freed only by the cyclic
    garbage collector; releasing the keys once a document's searches are done frees
    them at once and makes collections rarer.
    """
    getattr(doc, "__dict__", {}).pop("_rasd_token_keys", None)


# -- per-token keys, computed once per document and cached per surface form -----------
# (lookup_keys and prefix_keys keep their own caches)
_CACHE_LIMIT = 300_000
_BARE: dict[str, str] = {}
_MATCHABLE = frozenset({"word", "latin", "num"})


def _cached(cache: dict[str, Any], word: str, make: Any) -> Any:
    value = cache.get(word)
    if value is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        value = cache[word] = make(word)
    return value


def _bare_key(norm: str) -> str:
    return bare(key(norm))


class _FirstWords:
    """The first words of the phrases of every matcher used so far (with one kind of
    lookup key), and per token surface form the keys of it that are among them.

    Most words of an article start no phrase: one look-up per surface form tells so.
    The set only grows; when it does, ``version`` changes and the per-form answers
    are dropped. A matcher is (re-)registered when its ``size`` changed since.
    """

    __slots__ = ("_hits", "_keys", "_lock", "_sizes", "_words", "known", "version")

    def __init__(self, keys: Callable[[str], tuple[str, ...]]) -> None:
        self._keys = keys
        self._words: set[str] = set()
        self._sizes: weakref.WeakKeyDictionary[PhraseMatcher[Any], int] = (
            weakref.WeakKeyDictionary()
        )
        self._hits: dict[str, tuple[tuple[int, str], ...]] = {}
        self.known = self._hits.get  # the answer for a form seen before, else None
        self.version = 0
        self._lock = threading.Lock()

    def register(self, matcher: PhraseMatcher[Any]) -> None:
        if self._sizes.get(matcher) == matcher.size:
            return
        with self._lock:
            new = matcher._firsts.keys() - self._words
            if new:
                self._words.update(new)
                self._hits.clear()  # before the version changes: see _TokenKeys.positions
                self.version += 1
            self._sizes[matcher] = matcher.size

    def hits(self, norm: str) -> tuple[tuple[int, str], ...]:
        """``(looseness, key)`` for the lookup keys of ``norm`` that some registered
        phrase starts with (looseness: the key's position among all keys of ``norm``)."""
        got = self._hits.get(norm)
        if got is None:
            keys = self._keys(norm)
            with self._lock:  # never store an answer made before the words grew
                if len(self._hits) >= _CACHE_LIMIT:
                    self._hits.clear()
                words = self._words
                if words.isdisjoint(keys):  # most words start no phrase
                    got = ()
                else:
                    got = tuple([(n, k) for n, k in enumerate(keys) if k in words])
                self._hits[norm] = got
        return got


_FIRST = {True: _FirstWords(lookup_keys), False: _FirstWords(prefix_keys)}


class _TokenKeys:
    """The normalised text of every token of a document, and (on demand) its kind and
    article-less key.

    Built from a Doc's token offset arrays, so no :class:`Token` object is made; a
    token's kind is looked up only where a phrase could start.
    """

    __slots__ = ("_bares", "_kind_at", "_ok", "_positions", "ends", "norms", "starts")

    def __init__(
        self,
        norms: list[str],
        kind_at: Callable[[int], str],
        starts: Sequence[int] = (),
        ends: Sequence[int] = (),
    ) -> None:
        self.norms = norms
        self.starts = starts  # normalised offsets (empty when built from a token list)
        self.ends = ends
        self._kind_at = kind_at
        self._ok: list[bool | None] = [None] * len(norms)
        self._bares: list[str | None] = [None] * len(norms)
        self._positions: dict[bool, tuple[int, dict[str, list[int]]]] = {}

    def ok(self, i: int) -> bool:
        """Whether token ``i`` is of a kind a phrase can start with."""
        got = self._ok[i]
        if got is None:
            got = self._ok[i] = self._kind_at(i) in _MATCHABLE
        return got

    def bare(self, j: int) -> str:
        b = self._bares[j]
        if b is None:
            norm = self.norms[j]
            b = _BARE.get(norm)
            if b is None:
                b = _cached(_BARE, norm, _bare_key)
            self._bares[j] = b
        return b

    def positions(self, stems: bool) -> dict[str, list[int]]:
        """Key → ascending indexes of the tokens (of any kind) having it, for the keys
        that some registered phrase (see :class:`_FirstWords`) starts with."""
        first = _FIRST[stems]
        version = first.version  # read first: answers read later are at least as new
        got = self._positions.get(stems)
        if got is None or got[0] != version:
            by_key: dict[str, list[int]] = {}
            norms = self.norms
            found = list(map(first.known, norms))  # one C-level pass over the known forms
            if None in found:
                hits_of = first.hits
                for i, hits in enumerate(found):
                    if hits is None:
                        found[i] = hits_of(norms[i])
            for i in [i for i, hits in enumerate(found) if hits]:
                for _, k in found[i]:  # type: ignore[union-attr]
                    at = by_key.get(k)
                    if at is None:
                        by_key[k] = [i]
                    else:
                        at.append(i)
            got = self._positions[stems] = (version, by_key)
        return got[1]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> _TokenKeys:
        return cls([t.norm for t in tokens], lambda i: tokens[i].kind)

    @classmethod
    def of_doc(cls, doc: Doc) -> _TokenKeys:
        """Cached on the document (its tokens never change)."""
        tokens = doc.tokens
        cached = getattr(doc, "_rasd_token_keys", None)
        if cached is not None and cached[0] is tokens:
            return cast(_TokenKeys, cached[1])
        text = doc.norm
        starts, ends = tokens.norm_starts, tokens.norm_ends
        tk = cls(
            tokens.norm_texts,
            lambda i: token_kind(text, starts[i]),
            starts,
            ends,
        )
        try:
            setattr(doc, "_rasd_token_keys", (tokens, tk))  # noqa: B010
        except AttributeError:  # a Doc with __slots__: no caching, still correct
            pass
        return tk
