"""Training-label dictionary: how often each word form was inside each entity type.

For every key-normalised word of the training data the dictionary keeps one
coarse class: the most frequent entity type of its occurrences with a share
bucket and a frequency bucket (``PERSa5``: at least five occurrences, at least
80 % of them inside a PERS name), or ``O`` with a frequency bucket when the
word was never inside a name. Unlike the gazetteer (names with a majority
vote) this keeps graded evidence: "عمان" split between LOC and O, a surname
seen once.

While training, each sentence's classes come from a dictionary built on the
*other* folds (:func:`jackknife`), so the model learns how far a class can be
trusted for text it has not seen; the dictionary of all training data is
stored in the model file and used at run time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rasd.ner import conll
from rasd.text.clitics import lookup_keys
from rasd.text.normalize import key

# (minimum share of the dominant type, bucket letter), highest first.
SHARE_BUCKETS = ((0.8, "a"), (0.5, "b"), (0.2, "c"), (0.0, "d"))
FOLDS = 5


def _freq(total: int) -> str:
    return "1" if total == 1 else "2" if total < 5 else "5"


def classify(total: int, types: Mapping[str, int]) -> str:
    """The class of a word seen ``total`` times, ``types[X]`` of them inside an X name."""
    if total <= 0:
        return ""
    if not types:
        return "O" + _freq(total)
    label, count = min(types.items(), key=lambda kv: (-kv[1], kv[0]))
    share = count / total
    bucket = next(b for floor, b in SHARE_BUCKETS if share >= floor)
    return f"{label}{bucket}{_freq(total)}"


def build(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, str]:
    """``{word key: class}`` of every word of the tagged ``sentences`` (sorted by key)."""
    totals: Counter[str] = Counter()
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    for words, tags in sentences:
        for w, t in zip(words, tags, strict=True):
            k = key(w)
            totals[k] += 1
            if t != "O":
                inside[k][t[2:]] += 1
    return {k: classify(totals[k], inside.get(k, {})) for k in sorted(totals)}


def lookup(table: Mapping[str, str], word: str) -> str:
    """The class of ``word``: its own key's, else that of a clitic-stripped form
    (marked ``~``), else ``""``."""
    if not table:
        return ""
    forms = lookup_keys(word) or (key(word),)
    got = table.get(forms[0])
    if got is not None:
        return got
    for form in forms[1:]:
        got = table.get(form)
        if got is not None:
            return "~" + got
    return ""


def jackknife(
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]], folds: int = FOLDS
) -> list[list[str]]:
    """Per-token classes of each sentence from a dictionary of the *other* folds.

    Folds are contiguous blocks (as for the gazetteer), so words repeated
    within one article do not vouch for themselves.
    """
    out: list[list[str]] = []
    for others, held in conll.folds(sentences, folds):
        table = build(others)
        out.extend([lookup(table, w) for w in words] for words, _ in held)
    return out
