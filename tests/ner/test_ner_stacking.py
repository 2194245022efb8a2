"""Two-pass stacking (rasd.ner.stacking): first-pass labels as second-pass features."""

from __future__ import annotations

import numpy as np

from rasd.ner import stacking as S
from rasd.ner.featurizer import Featurizer, SentenceFeatures

LABELS = ["O", "B-LOC", "I-LOC"]


def _sf(rows: list[list[int]]) -> SentenceFeatures:
    ids = np.array([i for r in rows for i in r], dtype=np.int32)
    offsets = np.cumsum([0, *(len(r) for r in rows[:-1])]).astype(np.int64)
    return SentenceFeatures(ids, offsets)


def test_majority_counts_only_the_other_occurrences() -> None:
    stems = [["حلب", "مدينة", "حلب"], ["حلب", "في"]]
    labels = [["B-LOC", "O", "B-PERS"], ["B-LOC", "O"]]
    got = S.majority(stems, labels)
    # first حلب: the others say PERS once and LOC once -> tie goes to LOC (alphabetical)
    # second (PERS): the others say LOC twice; the third: LOC and PERS -> LOC
    assert got == [["LOC", "", "LOC"], ["LOC", ""]]


def test_majority_ignores_short_stems_and_single_occurrences() -> None:
    assert S.majority([["في", "في", "دمشق"]], [["O", "O", "B-LOC"]]) == [["", "", ""]]


def test_majority_tie_is_independent_of_order() -> None:
    a = S.majority([["عمان", "عمان", "عمان"]], [["B-ORG", "B-LOC", "O"]])
    b = S.majority([["عمان", "عمان", "عمان"]], [["B-LOC", "B-ORG", "O"]])
    # the O token sees one LOC and one ORG either way
    assert a[0][2] == b[0][2] == "LOC"


def test_token_strings_pad_with_sentence_bounds() -> None:
    got = S.token_strings(["B-LOC", "I-LOC"], ["", "PERS"], 1)
    assert got[:5] == ["p-2=<s>", "p-1=B-LOC", "p0=I-LOC", "p1=<s>", "p2=<s>"]
    assert "p-1|0=B-LOC|I-LOC" in got and "pd=PERS" in got and "pd|0=PERS|LOC" in got
    assert not any(s.startswith("pd") for s in S.token_strings(["O"], [""], 0))


def test_extend_appends_stacked_rows_after_each_tokens_own() -> None:
    feat = Featurizer(grow=True)
    sf = _sf([[0], [0]])
    out = S.extend(feat, sf, ["B-LOC", "O"], ["", ""])
    assert len(out) == 2
    ends = [*out.offsets[1:].tolist(), len(out.ids)]
    first = out.ids[out.offsets[0] : ends[0]].tolist()
    assert first[0] == 0 and len(first) == 1 + 7
    names = feat.feature_names()
    assert names[first[1]] == "p-2=<s>" and names[first[3]] == "p0=B-LOC"
    # the same strings map to the same rows in the second token
    second = out.ids[out.offsets[1] :].tolist()
    assert names[second[2]] == "p-1=B-LOC"


def test_jackknife_paths_tags_each_fold_with_a_model_of_the_others() -> None:
    data = [(_sf([[0, 1], [0, 2]]), [1, 0]), (_sf([[0, 2], [0, 1]]), [0, 1])] * 5
    said: list[str] = []
    paths = S.jackknife_paths(
        data, LABELS, 3, folds=2, crf_options={"c2": 0.01, "iterations": 30}, progress=said.append
    )
    assert len(paths) == len(data)
    assert sum("stacking fold" in m for m in said) == 2
    assert paths == [gold for _, gold in data]  # separable: every fold gets it right
