"""Document-level evidence: what the other mentions of a word in the same document say.

News text introduces a name once with a telling context ("الرئيس X", "مدينة X",
a gazetteer match, a known given name before it) and then repeats it bare. For
every token whose stem occurs more than once in a document, :func:`evidence`
collects the context clues of its *other* occurrences: the cue class of the
word before and after (:mod:`rasd.ner.cues`), the gazetteer type, and the
entity type the label dictionary gives the neighbours. They become features
of the token, so the bare mention can borrow the clues of the introduced one.

A document is a run of :data:`WINDOW` consecutive sentences (an article at run
time, a slice of the corpus while training). Nothing here needs labels, so
training and tagging compute it alike.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

# Sentences per document: longer inputs are split into runs of this many.
WINDOW = 16
# Words this short are particles, not names.
MIN_STEM = 3
# Label-dictionary class prefix of frequent words never seen in a name: left out.
COMMON = "O5"

_TYPES = ("LOC", "MISC", "ORG", "PERS")


@lru_cache(maxsize=1024)
def _ld_type(cls: str) -> str:
    """The entity type of a label-dictionary class (``""`` for ``O`` or none)."""
    cls = cls.lstrip("~")
    for t in _TYPES:
        if cls.startswith(t):
            return t
    return ""


def _clues(cues: Sequence[str], gz: Sequence[str], ld: Sequence[str] | None, i: int) -> list[str]:
    """The context clues of token ``i`` of one sentence."""
    n = len(cues)
    out: list[str] = []
    if i > 0 and cues[i - 1]:
        out.append("q-" + cues[i - 1])
    if i + 1 < n and cues[i + 1]:
        out.append("q+" + cues[i + 1])
    if gz[i]:
        out.append("g" + gz[i][2:])
    if ld is not None:
        if i > 0 and (t := _ld_type(ld[i - 1])):
            out.append("l-" + t)
        if i + 1 < n and (t := _ld_type(ld[i + 1])):
            out.append("l+" + t)
    return out


def evidence(
    stems: Sequence[Sequence[str]],
    cues: Sequence[Sequence[str]],
    gz: Sequence[Sequence[str]],
    ld: Sequence[Sequence[str] | None],
    skip: Sequence[Sequence[bool]] | None = None,
) -> list[list[tuple[str, ...]]]:
    """Per token of each sentence of one document, the sorted clues of the other
    occurrences of its stem (``()`` when there are none).

    ``skip`` marks tokens that take no part (e.g. frequent non-names).
    """
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, sent in enumerate(stems):
        for i, st in enumerate(sent):
            if len(st) >= MIN_STEM and not (skip is not None and skip[s][i]):
                where[st].append((s, i))
    out: list[list[tuple[str, ...]]] = [[()] * len(sent) for sent in stems]
    for places in where.values():
        if len(places) < 2:
            continue
        clues = {p: _clues(cues[p[0]], gz[p[0]], ld[p[0]], p[1]) for p in places}
        total: Counter[str] = Counter(c for cl in clues.values() for c in cl)
        for p in places:
            own = Counter(clues[p])
            others = tuple(sorted(c for c, k in total.items() if k > own[c]))
            out[p[0]][p[1]] = ("+", *others)  # "+": the stem repeats in the document
    return out


def windows(n: int, size: int = WINDOW) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive runs of ``size`` items covering ``range(n)``."""
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]
