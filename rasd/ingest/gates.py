"""Gates an article passes before it is stored.

* **Language**: the compact language detector (``pycld2``) on the text, with a
  script-ratio fallback for short texts it cannot call; Arabic and English are
  accepted by default.
* **Near duplicates**: MinHash over word 4-shingles of the search-normalised
  text with LSH banding, vectorised with numpy (the bands datasketch would
  choose). Syndicated copies of one wire story
  (a changed headline, a dateline, an outlet's sign-off) are marked as near
  duplicates of the first copy stored. They are still stored and extracted, so
  merging folds their reports into the same incident and their outlet counts
  as one more source of it; statistics of distinct stories leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from hashlib import blake2b
from typing import Any

import numpy as np

from rasd.text.normalize import normalize

ACCEPTED_LANGUAGES = ("ar", "en")
NEAR_DUP_THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE = 4
MIN_SHINGLES = 8
WORD_CACHE_SIZE = 200_000  # word hashes kept by one index
_MIX = np.uint64(0x100000001B3)  # FNV-64 prime: combines word hashes into a shingle hash

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_LATIN = re.compile(r"[A-Za-z]")


def script_language(text: str) -> str | None:
    """``ar`` or ``en`` by letter counts, ``None`` when there are too few letters."""
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if ar + la < 20:
        return None
    if ar >= 0.6 * (ar + la):
        return "ar"
    if la >= 0.8 * (ar + la):
        return "en"
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when it cannot be told."""
    sample = text[:20000]
    try:
        import pycld2

        reliable, _, details = pycld2.detect(sample)
        code = str(details[0][1]) if details else "un"
        if reliable and code not in ("un", "xx"):
            return code.split("-")[0]
    except Exception:  # pycld2 rejects some byte sequences; fall back to scripts
        pass
    return script_language(sample)


def shingles(text: str, n: int = SHINGLE) -> set[bytes]:
    """The word ``n``-shingles of the search-normalised text (for inspection and tests;
    :class:`NearDuplicates` hashes the same shingles without building them)."""
    words = normalize(text, "search").split()
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def _bands(num_perm: int, threshold: float) -> tuple[int, int]:
    """LSH bands and rows per band: the split of ``num_perm`` minimising the
    false-positive plus false-negative area around ``threshold`` (equal weights,
    as datasketch's ``MinHashLSH`` chooses; 64 permutations at 0.8 give 5 x 11)."""

    def area(f: Any, lo: float, hi: float, steps: int = 200) -> float:
        w = (hi - lo) / steps
        return sum(f(lo + (i + 0.5) * w) for i in range(steps)) * w

    best, best_err = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = area(lambda s, b=b, r=r: 1 - (1 - s**r) ** b, 0.0, threshold)
            fn = area(lambda s, b=b, r=r: 1 - (1 - (1 - s**r) ** b), threshold, 1.0)
            if fp + fn < best_err:
                best, best_err = (b, r), fp + fn
    return best


class Signature:
    """A MinHash signature (``num_perm`` unsigned 32-bit minima) of one text."""

    __slots__ = ("values",)

    def __init__(self, values: Any) -> None:
        self.values = values

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal minima."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


class NearDuplicates:
    """An in-memory MinHash LSH index of article texts (ids → first copy).

    Each distinct word gets a 64-bit BLAKE2b hash (cached), a shingle's hash
    combines its words' hashes, and the ``num_perm`` multiply-shift permutations
    (fixed seed) are applied to all shingles at once with numpy — deterministic
    across processes and runs. Candidates come from LSH banding and are
    confirmed by the estimated Jaccard similarity (``>= threshold``).
    """

    def __init__(self, threshold: float = NEAR_DUP_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = _params(num_perm, threshold)
        rng = np.random.RandomState(1)
        self._a = rng.randint(0, 1 << 62, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.randint(0, 1 << 62, num_perm, dtype=np.uint64)
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in range(self.bands)]
        self._hashes: dict[str, Signature] = {}
        self._words: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def _word_hash(self, word: str) -> int:
        h = int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(self._words) >= WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = h
        return h

    def _word_hashes(self, words: list[str]) -> Any:
        get, miss = self._words.get, self._word_hash
        return np.fromiter(
            [h if (h := get(w)) is not None else miss(w) for w in words],
            dtype=np.uint64,
            count=len(words),
        )

    def _minhash(self, text: str, norm: str | None = None) -> Signature | None:
        words = (norm if norm is not None else normalize(text, "search")).split()
        if len(words) < SHINGLE:
            return None  # at most one shingle: too short to call a copy safely
        wh = self._word_hashes(words)
        n = len(words) - SHINGLE + 1
        with np.errstate(over="ignore"):
            sh = wh[:n].copy()
            for k in range(1, SHINGLE):
                sh = sh * _MIX + wh[k : k + n]
            sh = np.unique(sh)
            if len(sh) < MIN_SHINGLES:
                return None  # too short to call a copy safely
            phv = (sh[:, None] * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
        return Signature(phv.min(axis=0).astype(np.uint32))

    def _keys(self, sig: Signature) -> list[bytes]:
        r = self.rows
        return [sig.values[i * r : (i + 1) * r].tobytes() for i in range(self.bands)]

    def signature(self, text: str, norm: str | None = None) -> Signature | None:
        """The MinHash signature of ``text`` (``None`` when too short to compare);
        the same in every process, so workers can compute it for the index."""
        return self._minhash(text, norm)

    def find(self, text: str) -> str | None:
        """The id of a stored near-duplicate of ``text`` (smallest id on ties), else ``None``."""
        return self.check(text)[0]

    def check(self, text: str, *, norm: str | None = None) -> tuple[str | None, Signature | None]:
        """:meth:`find`, also returning the text's signature so :meth:`add` need not
        compute it again (``norm``: the text already search-normalised)."""
        sig = self._minhash(text, norm)
        return self.check_signature(sig), sig

    def check_signature(self, sig: Signature | None) -> str | None:
        """The id of a stored near-duplicate of the text with signature ``sig``."""
        if sig is None:
            return None
        cands: set[str] = set()
        for table, k in zip(self._tables, self._keys(sig), strict=True):
            cands.update(table.get(k, ()))
        hits = [c for c in cands if self._hashes[c].jaccard(sig) >= self.threshold]
        return min(hits) if hits else None

    def add(self, article_id: str, text: str, minhash: Signature | None = None) -> None:
        if article_id in self._hashes:
            return
        sig = minhash if minhash is not None else self._minhash(text)
        if sig is None:
            return
        self._hashes[article_id] = sig
        for table, k in zip(self._tables, self._keys(sig), strict=True):
            table.setdefault(k, []).append(article_id)

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        for aid, text in items:
            self.add(aid, text)


@cache
def _params(num_perm: int, threshold: float) -> tuple[int, int]:
    return _bands(num_perm, threshold)
