"""CRF training (rasd.ner.crf): CRFsuite weights land in the tagger's own format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from ner_conll_support import write_conll

from rasd.ner import crf, load_model, train
from rasd.ner.featurizer import SentenceFeatures
from rasd.ner.training import labels_of

LABELS = ["O", "B-LOC", "I-LOC"]
ROWS = [
    ("سافر خالد إلى عمان", "O B-PERS O B-LOC"),
    ("عاد سامي من بيروت", "O B-PERS O B-LOC"),
    ("أعلنت وزارة الصحة في دمشق", "O B-ORG I-ORG O B-LOC"),
    ("التقى خالد وفدا من وزارة الصحة", "O B-PERS O O B-ORG I-ORG"),
]


def _sf(rows: list[list[int]]) -> SentenceFeatures:
    ids = np.array([i for r in rows for i in r], dtype=np.int32)
    offsets = np.cumsum([0, *(len(r) for r in rows[:-1])]).astype(np.int64)
    return SentenceFeatures(ids, offsets)


def test_token_attributes_are_the_rows_of_each_token() -> None:
    sf = _sf([[0, 5, 7], [0, 2], [0, 9, 9]])
    assert crf.token_attributes(sf) == [["0", "5", "7"], ["0", "2"], ["0", "9", "9"]]


def test_to_chain_puts_weights_in_their_cells() -> None:
    state = {("2", "B-LOC"): 1.5, ("0", "O"): 0.25}
    trans = {("B-LOC", "I-LOC"): 2.0, ("O", "B-LOC"): -0.5}
    chain = crf.to_chain(LABELS, 3, state, trans)
    assert chain.W.shape == (3, 3) and chain.W[2, 1] == 1.5 and chain.W[0, 0] == 0.25
    assert np.count_nonzero(chain.W) == 2
    assert chain.T[1, 2] == 2.0 and chain.T[0, 1] == -0.5 and not chain.S.any()
    # the exported chain decodes like any other: feature 2 makes the first token B-LOC and
    # the B-LOC → I-LOC transition weight carries the entity on to the next token
    assert chain.decode(_sf([[0, 2], [0]])) == [1, 2]
    assert chain.decode(_sf([[0]])) == [0]


def test_fit_learns_a_separable_toy_problem() -> None:
    data = [(_sf([[0, 1], [0, 2]]), [1, 0]), (_sf([[0, 2], [0, 1]]), [0, 1])] * 5
    said: list[str] = []
    chain = crf.fit(data, LABELS, 3, c1=0.0, c2=0.01, iterations=50, progress=said.append)
    assert any("L-BFGS" in m for m in said)  # the end of the optimisation is reported
    assert chain.W[1, 1] > chain.W[1, 0] and chain.W[2, 0] > chain.W[2, 1]
    assert chain.decode(_sf([[0, 2], [0, 2], [0, 1]])) == [0, 0, 1]


def test_train_with_crf_is_reproducible_and_tags_its_data(tmp_path: Path) -> None:
    news = write_conll(tmp_path / "news.txt", ROWS)
    wiki = write_conll(tmp_path / "wiki.txt", ROWS[:2], times=2)
    outs = []
    for name in ("a.bin.gz", "b.bin.gz"):
        m = train(
            [news, wiki],
            wiki,
            tmp_path / name,
            heldout=0.2,
            kb=False,
            method="crf",
            crf_options={"c1": 0.0, "c2": 0.01, "iterations": 60},
        )
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]  # byte-identical
    assert m["dev"]["f1"] == 100.0 and "best_epoch" not in m
    assert max(p for p, _ in m["o_penalty_curve"]) <= 5.0  # CRF-scale penalties
    model = load_model(tmp_path / "a.bin.gz", domain="wiki")
    assert model.meta["method"] == "crf" and model.meta["crf"]["iterations"] == 60
    assert model.labels == labels_of()
    # an L2 CRF weights every feature a little: the small ones are dropped from the file
    assert np.abs(model.chain.W[1:]).max(axis=1).min() >= crf.PRUNE_THRESHOLD * 0.99
    assert model.tag_tokens(["عاد", "سامي", "من", "بيروت"]) == ["O", "B-PERS", "O", "B-LOC"]


def test_unknown_method_is_an_error(tmp_path: Path) -> None:
    news = write_conll(tmp_path / "news.txt", ROWS)
    with pytest.raises(ValueError, match="unknown training method"):
        train([news], news, None, heldout=0.2, kb=False, method="svm")
