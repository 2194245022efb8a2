"""Gates an article passes before it is stored.

* **Language**: the compact language detector (``pycld2``) on the text, with a
  script-ratio fallback for short texts it cannot call; Arabic and English are
  accepted by default.
* **Near duplicates**: MinHash over word 4-shingles of the search-normalised
  text with LSH banding (``datasketch``). Syndicated copies of one wire story
  (a changed headline, a dateline, an outlet's sign-off) are marked as near
  duplicates of the first copy stored. They are still stored and extracted, so
  merging folds their reports into the same incident and their outlet counts
  as one more source of it; statistics of distinct stories leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rasd.text.normalize import normalize

ACCEPTED_LANGUAGES = ("ar", "en")
NEAR_DUP_THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE = 4
MIN_SHINGLES = 8

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
    words = normalize(text, "search").split()
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


class NearDuplicates:
    """An in-memory MinHash LSH index of article texts (ids → first copy)."""

    def __init__(self, threshold: float = NEAR_DUP_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def _minhash(self, text: str) -> object | None:
        from datasketch import MinHash

        sh = shingles(text)
        if len(sh) < MIN_SHINGLES:
            return None  # too short to call a copy safely
        mh = MinHash(num_perm=self.num_perm, seed=1)
        mh.update_batch(sorted(sh))
        return mh

    def find(self, text: str) -> str | None:
        """The id of a stored near-duplicate of ``text`` (smallest id on ties), else ``None``."""
        return self.check(text)[0]

    def check(self, text: str) -> tuple[str | None, object | None]:
        """:meth:`find`, also returning the text's MinHash so :meth:`add` need not
        compute it again."""
        mh = self._minhash(text)
        if mh is None:
            return None, None
        hits = [
            k
            for k in self._lsh.query(mh)
            if self._hashes[k].jaccard(mh) >= self.threshold  # type: ignore[attr-defined]
        ]
        return (min(hits) if hits else None), mh

    def add(self, article_id: str, text: str, minhash: object | None = None) -> None:
        if article_id in self._hashes:
            return
        mh = minhash if minhash is not None else self._minhash(text)
        if mh is None:
            return
        self._hashes[article_id] = mh
        self._lsh.insert(article_id, mh)

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        for aid, text in items:
            self.add(aid, text)
