"""Training the linear chain as a CRF (L-BFGS with L1/L2) on the perceptron's features.

The tagger itself is unchanged: a CRF and the averaged perceptron both learn
one weight per (feature, label) and per (label, label) transition, so the
CRF's weights go straight into a :class:`~rasd.ner.perceptron.LinearChain`
and tag at the same speed. Training uses CRFsuite through ``python-crfsuite``
(MIT), an optional extra needed only here: ``pip install 'rasd[crf]'``.

CRFsuite has no start weights (``S`` stays zero) and no dense input (word
vectors are not used by a CRF-trained model). Its L-BFGS run is
deterministic, so identical inputs give identical weights.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasd.errors import InputError
from rasd.ner.featurizer import SentenceFeatures
from rasd.ner.perceptron import LinearChain

# Chosen on AQMAR dev (see the docstring of rasd.ner.training).
DEFAULT_C1 = 0.0
DEFAULT_C2 = 0.5
DEFAULT_ITERATIONS = 150
# An L2-trained CRF gives every (feature, label) pair seen in training a small weight;
# dropping features whose weights are all below this keeps the model as small and as
# fast as the perceptron's at no cost on AQMAR dev.
PRUNE_THRESHOLD = 0.01


def defaults() -> dict[str, Any]:
    """The default options of :func:`fit` (recorded in the model's metadata)."""
    return {"c1": DEFAULT_C1, "c2": DEFAULT_C2, "iterations": DEFAULT_ITERATIONS}


class CrfUnavailable(InputError):
    code = "RASD111"
    hint = "install the training extra: pip install 'rasd[crf]'"


def token_attributes(sf: SentenceFeatures) -> list[list[str]]:
    """The feature rows of each token as CRFsuite attribute names (the row number)."""
    ends = [*sf.offsets[1:].tolist(), len(sf.ids)]
    ids = sf.ids.tolist()
    return [[str(i) for i in ids[a:b]] for a, b in zip(sf.offsets.tolist(), ends, strict=True)]


def to_chain(
    labels: Sequence[str],
    n_features: int,
    state: dict[tuple[str, str], float],
    transitions: dict[tuple[str, str], float],
) -> LinearChain:
    """A :class:`LinearChain` from CRFsuite's state and transition weights."""
    index = {t: i for i, t in enumerate(labels)}
    n = len(labels)
    W = np.zeros((n_features, n))
    for (attr, label), w in state.items():
        W[int(attr), index[label]] = w
    T = np.zeros((n, n))
    for (a, b), w in transitions.items():
        T[index[a], index[b]] = w
    return LinearChain(labels, W, T, np.zeros(n))


def fit(
    data: Sequence[tuple[SentenceFeatures, Sequence[int]]],
    labels: Sequence[str],
    n_features: int,
    *,
    c1: float = DEFAULT_C1,
    c2: float = DEFAULT_C2,
    iterations: int = DEFAULT_ITERATIONS,
    progress: Callable[[str], None] | None = None,
) -> LinearChain:
    """Train a CRF on ``data`` (features and gold label indices) and return its chain.

    ``c1``/``c2`` are the L1/L2 coefficients, ``iterations`` the L-BFGS limit.
    """
    try:
        import pycrfsuite
    except ImportError as err:
        raise CrfUnavailable("CRF training needs python-crfsuite") from err

    say = progress or (lambda _msg: None)

    class _Trainer(pycrfsuite.Trainer):
        """Reports every 25th iteration and the end through ``progress``; prints nothing."""

        def message(self, message: str) -> None:
            event = self.logparser.feed(message)
            if event == "iteration":
                info = self.logparser.last_iteration
                if info.get("num", 0) % 25 == 0:
                    say(f"CRF iteration {info['num']}: loss {info.get('loss', 0.0):.1f}")
            elif event in ("optimization_end", "prepare_error"):
                say(self.logparser.last_log.strip())

    trainer = _Trainer(algorithm="lbfgs", verbose=False)
    for sf, gold in data:
        if len(sf):
            trainer.append(token_attributes(sf), [labels[j] for j in gold])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "crf.model")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    return to_chain(labels, n_features, info.state_features, info.transitions)
