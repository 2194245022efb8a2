"""Choices made on dev text after training: the O-penalty and the score temperature.

Both change no feature weight but the bias feature's ``O`` weight (the
penalty) or the meaning of entity scores (the temperature), so they are tuned
on the trained model, with emissions computed once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rasd.ner import conll
from rasd.ner.evaluation import score as score_pairs
from rasd.ner.perceptron import LinearChain
from rasd.ner.tagger import NerModel

# Below 1.0 too (issue 9): a CRF's scores are already log-probabilities, so 1.0 is the
# expected fit; the CRF model's fit stays 1.0 with 0.2-0.9 on offer.
TEMPERATURES = (
    0.5,
    0.7,
    1.0,
    2.0,
    3.0,
    5.0,
    7.0,
    10.0,
    15.0,
    20.0,
    30.0,
    40.0,
    50.0,
    60.0,
    70.0,
    85.0,
    100.0,
    150.0,
    200.0,
)


def calibrate(model: NerModel, sentences: Sequence[conll.Sentence]) -> float:
    """The softmax temperature that best predicts the gold labels (least log loss).

    Perceptron scores are not probabilities; dividing them by a temperature
    fitted on held-out text makes entity ``score`` values mean something.
    """
    index = {t: i for i, t in enumerate(model.labels)}
    chain = model.chain
    feats = model.featurizer.document([s.words for s in sentences if s.words])
    golds = [[index[t] for t in s.tags] for s in sentences if s.words]
    emits = chain.emissions_many(feats)
    paths = chain.viterbi_many(emits)
    best, best_loss = 1.0, float("inf")
    for temp in TEMPERATURES:
        loss = 0.0
        for emit, path, gold in zip(emits, paths, golds, strict=True):
            prob = chain.local_probs(emit, path, temp)
            loss -= float(np.log(np.maximum(prob[np.arange(len(gold)), gold], 1e-12)).sum())
        if loss < best_loss:
            best, best_loss = temp, loss
    return best


# Candidate O-penalties (subtracted from the ``O`` score of every token), tuned on dev.
# Perceptron scores are large (sums of integer updates); CRF scores are log-potentials.
O_PENALTIES = (
    0.0,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    8.0,
    10.0,
    12.0,
    14.0,
    17.0,
    20.0,
    25.0,
    30.0,
    40.0,
)


def tune_o_penalty(
    model: NerModel,
    sentences: Sequence[conll.Sentence],
    penalties: Sequence[float] = O_PENALTIES,
) -> tuple[float, list[tuple[float, float]]]:
    """The O-penalty that maximises entity F1 on ``sentences``, and F1 for each candidate.

    A perceptron trained on sparse entities is conservative (high precision,
    low recall); lowering the ``O`` score trades some precision for recall.
    Emissions are computed once and only the decoding is repeated. Ties go
    to the smaller penalty.
    """
    sents = [s for s in sentences if s.words]
    chain = model.chain
    emits = chain.emissions_many(model.featurizer.document([s.words for s in sents]))
    o = model.labels.index("O")
    labels = model.labels
    curve: list[tuple[float, float]] = []
    for pen in penalties:
        shifted = [e.copy() for e in emits]
        for e in shifted:
            e[:, o] -= pen
        paths = chain.viterbi_many(shifted)
        pred = [[labels[j] for j in path] for path in paths]
        f1 = float(score_pairs((s.tags, p) for s, p in zip(sents, pred, strict=True))["f1"])
        curve.append((float(pen), f1))
    best = max(curve, key=lambda c: (c[1], -c[0]))[0]
    return best, curve


def apply_o_penalty(chain: LinearChain, features: Sequence[str], penalty: float) -> None:
    """Fold an O-penalty into the weights of the bias feature ``b`` (fires on every token)."""
    if penalty:
        row = list(features).index("b")
        chain.W[row, chain.labels.index("O")] -= penalty


CRF_O_PENALTIES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
