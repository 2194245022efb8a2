"""Decoding-time O-penalty and early stopping in training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ner_conll_support import write_conll

from rasd.ner import conll, load_model, train
from rasd.ner.perceptron import LinearChain
from rasd.ner.training import own_lexicon
from rasd.ner.tuning import apply_o_penalty

LABELS = ["O", "B-LOC", "I-LOC"]
ROWS = [
    ("سافر خالد إلى عمان", "O B-PERS O B-LOC"),
    ("عاد سامي من بيروت", "O B-PERS O B-LOC"),
    ("أعلنت وزارة الصحة في دمشق", "O B-ORG I-ORG O B-LOC"),
]


def test_apply_o_penalty_lowers_only_the_bias_o_weight() -> None:
    W = np.zeros((3, 3))
    chain = LinearChain(LABELS, W, np.zeros((3, 3)), np.zeros(3))
    apply_o_penalty(chain, ["a", "b", "c"], 2.5)
    assert chain.W[1, 0] == -2.5
    assert np.count_nonzero(chain.W) == 1
    apply_o_penalty(chain, ["a", "b", "c"], 0.0)
    assert chain.W[1, 0] == -2.5


def test_penalty_turns_a_close_call_into_an_entity() -> None:
    # one token, one feature "b": O scores 1.0, B-LOC 0.5
    W = np.array([[1.0, 0.5, 0.0]])
    chain = LinearChain(LABELS, W, np.zeros((3, 3)), np.zeros(3))
    emit = W[[0]]
    assert chain.viterbi(emit) == [0]
    apply_o_penalty(chain, ["b"], 1.0)
    assert chain.viterbi(chain.W[[0]]) == [1]


def test_training_tunes_penalty_and_records_it(tmp_path: Path) -> None:
    news = write_conll(tmp_path / "news.txt", ROWS)
    wiki = write_conll(tmp_path / "wiki.txt", ROWS[:2], times=2)
    m = train(
        [news, wiki],
        wiki,
        tmp_path / "m.bin.gz",
        epochs=6,
        patience=2,
        heldout=0.2,
        kb=False,
        method="perceptron",
    )
    curve = m["o_penalty_curve"]
    assert curve[0][0] == 0.0 and len(curve) > 3
    assert m["o_penalty"] in [p for p, _ in curve]
    best_f1 = max(f for _, f in curve)
    assert dict(curve)[m["o_penalty"]] == best_f1
    assert 1 <= m["best_epoch"] <= len(m["epochs"]) <= 6
    model = load_model(tmp_path / "m.bin.gz")
    assert model.meta["o_penalty"] == m["o_penalty"]
    assert model.meta["best_epoch"] == m["best_epoch"]


def test_fixed_penalty_skips_tuning(tmp_path: Path) -> None:
    news = write_conll(tmp_path / "news.txt", ROWS)
    m = train(
        [news], news, None, epochs=2, o_penalty=1.5, heldout=0.2, kb=False, method="perceptron"
    )
    assert m["o_penalty"] == 1.5 and "o_penalty_curve" not in m


def test_own_lexicon_clusters_training_words() -> None:
    sents = [conll.Sentence(tuple(w.split()), tuple(t.split())) for w, t in ROWS * 4]
    lex = own_lexicon(sents, min_count=2, n_contexts=5, dim=3, depth=3)
    assert "خالد" in lex.paths and lex.vectors.shape[1] == 0
    assert own_lexicon(sents, min_count=2, n_contexts=5, dim=3, depth=3).paths == lex.paths
