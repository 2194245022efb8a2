"""Two-pass stacking: features of a second tagger from the first tagger's labels.

The second pass sees, for every token, the labels the first pass gave it and
its neighbours (:data:`OFFSETS`) and the majority entity type the first pass
gave the *other* occurrences of the token's stem in the same document (a run
of :data:`rasd.ner.document.WINDOW` sentences while training). While training
the first-pass labels are jackknifed (:func:`jackknife_paths`: each fold is
tagged by a CRF trained on the other folds), so the second pass learns from
realistic first-pass errors rather than from near-perfect training-set tags.

Measured in issue 9 (see the docstring of :mod:`rasd.ner.training`); not part
of the shipped recipe.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rasd.ner import conll, crf
from rasd.ner import features as F
from rasd.ner.document import MIN_STEM
from rasd.ner.featurizer import Featurizer, SentenceFeatures

# Positions (relative to the token) whose first-pass labels are features.
OFFSETS = (-2, -1, 0, 1, 2)
FOLDS = 5


def _type(label: str) -> str:
    return label[2:] if len(label) > 2 else label


def majority(stems: Sequence[Sequence[str]], labels: Sequence[Sequence[str]]) -> list[list[str]]:
    """Per token, the most frequent first-pass type of the other occurrences of its stem.

    ``stems`` and ``labels`` are the sentences of one document; ``""`` where the
    stem occurs once (or is shorter than :data:`MIN_STEM`). Ties go to the
    alphabetically first type, so the result does not depend on dict order.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for ss, ls in zip(stems, labels, strict=True):
        for s, lab in zip(ss, ls, strict=True):
            if len(s) >= MIN_STEM:
                counts[s][_type(lab)] += 1
    out: list[list[str]] = []
    for ss, ls in zip(stems, labels, strict=True):
        row: list[str] = []
        for s, lab in zip(ss, ls, strict=True):
            c = counts.get(s)
            if c is None or sum(c.values()) < 2:
                row.append("")
                continue
            rest = c.copy()
            rest[_type(lab)] -= 1
            row.append(min((t for t in rest if rest[t] > 0), key=lambda t: (-rest[t], t)))
        out.append(row)
    return out


def token_strings(labels: Sequence[str], major: Sequence[str], i: int) -> list[str]:
    """Stacked feature strings of token ``i`` from its sentence's first-pass labels."""
    n = len(labels)
    at = {off: labels[i + off] if 0 <= i + off < n else F.BOS for off in OFFSETS}
    out = [f"p{off}={at[off]}" for off in OFFSETS]
    out.append(f"p-1|0={at[-1]}|{at[0]}")
    out.append(f"p0|1={at[0]}|{at[1]}")
    if major[i]:
        out.append("pd=" + major[i])
        out.append(f"pd|0={major[i]}|{_type(at[0])}")
    return out


def extend(
    feat: Featurizer, sf: SentenceFeatures, labels: Sequence[str], major: Sequence[str]
) -> SentenceFeatures:
    """``sf`` with the stacked features of every token appended (rows from ``feat``)."""
    ids = sf.ids.tolist()
    ends = [*sf.offsets[1:].tolist(), len(ids)]
    new_ids: list[int] = []
    offsets: list[int] = []
    for i, (a, b) in enumerate(zip(sf.offsets.tolist(), ends, strict=True)):
        offsets.append(len(new_ids))
        new_ids.extend(ids[a:b])
        new_ids.extend(feat._ids(token_strings(labels, major, i)))
    return SentenceFeatures(
        np.frombuffer(array("i", new_ids), dtype=np.int32),
        np.frombuffer(array("q", offsets), dtype=np.int64),
        sf.rows,
        sf.dense,
    )


def jackknife_paths(
    data: Sequence[tuple[SentenceFeatures, Sequence[int]]],
    labels: Sequence[str],
    n_features: int,
    *,
    folds: int = FOLDS,
    crf_options: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[list[int]]:
    """First-pass label indices of every sentence from a CRF trained on the other folds.

    Folds are contiguous blocks (as for the jackknifed gazetteer).
    """
    say = progress or (lambda _msg: None)
    out: list[list[int]] = []
    for k, (others, held) in enumerate(conll.folds(data, folds)):
        say(f"stacking fold {k + 1}/{folds}")
        chain = crf.fit(others, labels, n_features, **(crf_options or {}), progress=say)
        out.extend(chain.viterbi_many(chain.emissions_many([sf for sf, _ in held])))
    return out
