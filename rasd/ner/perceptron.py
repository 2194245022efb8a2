"""A linear-chain tagger: feature weights per label, tag transitions, Viterbi.

Emission scores are the sum of the weights of a token's sparse features plus
a dense term (word vectors times ``D``). The same class decodes at run time
and learns with the averaged structured perceptron (Collins 2002) at training
time. Decoding obeys strict BIO: ``I-X`` can only follow ``B-X`` or ``I-X``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rasd.ner.bio import allowed
from rasd.ner.featurizer import SentenceFeatures

NEG = -1e9


def transition_mask(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Additive masks: ``start[j]`` and ``trans[i, j]`` are 0 if allowed, else a large negative."""
    n = len(labels)
    start = np.array([0.0 if allowed("", t) else NEG for t in labels])
    trans = np.zeros((n, n))
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if not allowed(a, b):
                trans[i, j] = NEG
    return start, trans


class LinearChain:
    """Weights: ``W`` (sparse features × labels), ``D`` (dense inputs × labels),
    ``T`` (label → label transitions) and ``S`` (start scores); ``V`` are the
    word vectors (last row zero) that make the dense input.

    At run time the dense term is a lookup: ``V @ D`` is projected once per
    window position, so tagging does no matrix product. While training
    (``training=True``) ``D`` changes and the product is taken directly.
    """

    def __init__(
        self,
        labels: Sequence[str],
        W: np.ndarray,
        T: np.ndarray,
        S: np.ndarray,
        D: np.ndarray | None = None,
        V: np.ndarray | None = None,
    ) -> None:
        self.labels = list(labels)
        self.W = W
        self.T = T
        self.S = S
        self.D = D
        self.V = V
        self.training = False
        self._proj: list[np.ndarray] | None = None
        self._start_mask, self._trans_mask = transition_mask(self.labels)

    @classmethod
    def zeros(
        cls, labels: Sequence[str], n_features: int, V: np.ndarray | None = None, window: int = 3
    ) -> LinearChain:
        n = len(labels)
        D = np.zeros((V.shape[1] * window, n)) if V is not None else None
        return cls(labels, np.zeros((n_features, n)), np.zeros((n, n)), np.zeros(n), D, V)

    def _projections(self) -> list[np.ndarray] | None:
        if self.D is None or self.V is None:
            return None
        if self._proj is None:
            d = self.V.shape[1]
            V = self.V.astype(np.float64)
            self._proj = [V @ self.D[k * d : (k + 1) * d] for k in range(self.D.shape[0] // d)]
        return self._proj

    def _dense(self, sfs: Sequence[SentenceFeatures]) -> np.ndarray | None:
        """Dense scores of the tokens of ``sfs`` (concatenated), or None."""
        if self.D is None:
            return None
        if self.training:
            if any(sf.dense is None for sf in sfs):
                return None
            return np.vstack([sf.dense for sf in sfs if sf.dense is not None]) @ self.D
        proj = self._projections()
        if proj is None or any(sf.rows is None for sf in sfs):
            return None
        out = None
        for k, P in enumerate(proj):
            idx = np.concatenate([sf.rows[k : k + len(sf)] for sf in sfs if sf.rows is not None])
            out = P[idx] if out is None else out + P[idx]
        return out

    def emissions(self, sf: SentenceFeatures) -> np.ndarray:
        """Emission scores, one row per token."""
        if len(sf.offsets) == 0:
            return np.zeros((0, len(self.labels)))
        emit = np.add.reduceat(self.W[sf.ids], sf.offsets, axis=0).astype(np.float64, copy=False)
        dense = self._dense([sf])
        return emit if dense is None else emit + dense

    def emissions_many(self, feats: Sequence[SentenceFeatures]) -> list[np.ndarray]:
        """Emission scores of many sentences in one pass (fewer numpy calls)."""
        sizes = [len(sf) for sf in feats]
        keep = [sf for sf in feats if len(sf)]
        if not keep:
            return [np.zeros((0, len(self.labels))) for _ in feats]
        bases = np.cumsum([0, *(len(sf.ids) for sf in keep[:-1])])
        ids = np.concatenate([sf.ids for sf in keep])
        offsets = np.concatenate([sf.offsets + b for sf, b in zip(keep, bases, strict=True)])
        emit = np.add.reduceat(self.W[ids], offsets, axis=0).astype(np.float64, copy=False)
        dense = self._dense(keep)
        if dense is not None:
            emit = emit + dense
        return np.split(emit, np.cumsum(sizes)[:-1])

    def viterbi_many(self, emits: Sequence[np.ndarray]) -> list[list[int]]:
        """Best label indices for many sentences at once (padded, stepped together)."""
        B = len(emits)
        lengths = np.array([e.shape[0] for e in emits])
        if B == 0 or lengths.max(initial=0) == 0:
            return [[] for _ in emits]
        K = len(self.labels)
        n = int(lengths.max())
        E = np.zeros((B, n, K))
        for b, e in enumerate(emits):
            E[b, : e.shape[0]] = e
        trans = self.T + self._trans_mask
        score = E[:, 0] + self.S + self._start_mask
        back = np.zeros((B, n, K), dtype=np.intp)
        for i in range(1, n):
            cand = score[:, :, None] + trans
            best = cand.argmax(axis=1)
            back[:, i] = best
            # the maximum is the element argmax picks, bit for bit (no take_along_axis)
            new = cand.max(axis=1) + E[:, i]
            active = (lengths > i)[:, None]
            score = np.where(active, new, score)
        paths: list[list[int]] = []
        last = score.argmax(axis=1)
        for b in range(B):
            m = int(lengths[b])
            if m == 0:
                paths.append([])
                continue
            path = [int(last[b])]
            row = back[b]
            for i in range(m - 1, 0, -1):
                path.append(int(row[i, path[-1]]))
            path.reverse()
            paths.append(path)
        return paths

    def viterbi(self, emit: np.ndarray) -> list[int]:
        """Best label indices for emission scores ``emit`` (tokens × labels)."""
        n = emit.shape[0]
        if n == 0:
            return []
        trans = self.T + self._trans_mask
        score = emit[0] + self.S + self._start_mask
        back = np.empty((n, emit.shape[1]), dtype=np.intp)
        cols = np.arange(emit.shape[1])
        for i in range(1, n):
            cand = score[:, None] + trans
            best = cand.argmax(axis=0)
            back[i] = best
            score = cand[best, cols] + emit[i]
        path = [int(score.argmax())]
        for i in range(n - 1, 0, -1):
            path.append(int(back[i, path[-1]]))
        path.reverse()
        return path

    def decode(self, sf: SentenceFeatures) -> list[int]:
        return self.viterbi(self.emissions(sf))

    def local_probs(
        self, emit: np.ndarray, path: Sequence[int], temperature: float = 1.0
    ) -> np.ndarray:
        """Per-token label distributions: softmax of the local scores (emission plus the
        transition from the label chosen before), divided by ``temperature``."""
        local = emit.copy()
        if not len(path):
            return local
        local[0] += self.S + self._start_mask
        prev = np.asarray(path[:-1], dtype=np.intp)
        local[1:] += (self.T + self._trans_mask)[prev]
        local /= temperature
        local -= local.max(axis=1, keepdims=True)
        prob = np.exp(local)
        prob /= prob.sum(axis=1, keepdims=True)
        return prob

    def confidences(
        self, emit: np.ndarray, path: Sequence[int], temperature: float = 1.0
    ) -> np.ndarray:
        """Per-token confidence in [0, 1] of the chosen labels (see :meth:`local_probs`)."""
        if not path:
            return np.zeros(0)
        prob = self.local_probs(emit, path, temperature)
        return np.asarray(prob[np.arange(len(path)), np.asarray(path, dtype=np.intp)])


class AveragedTrainer:
    """Structured perceptron updates with weight averaging (the "lazy" sum trick)."""

    def __init__(self, model: LinearChain) -> None:
        self.model = model
        model.training = True
        self.c = 1
        self._uW = np.zeros_like(model.W)
        self._uT = np.zeros_like(model.T)
        self._uS = np.zeros_like(model.S)
        self._uD = np.zeros_like(model.D) if model.D is not None else None

    def update(self, sf: SentenceFeatures, gold: Sequence[int]) -> bool:
        """Decode one sentence and update towards ``gold``; returns True if it was wrong."""
        m = self.model
        pred = m.decode(sf)
        wrong_seq = list(pred) != list(gold)
        if wrong_seq:
            g_tok = np.asarray(gold, dtype=np.intp)
            p_tok = np.asarray(pred, dtype=np.intp)
            lengths = np.diff(np.append(sf.offsets, len(sf.ids)))
            g = np.repeat(g_tok, lengths)
            p = np.repeat(p_tok, lengths)
            wrong = g != p
            rows = sf.ids[wrong]
            for labels, sign in ((g[wrong], 1.0), (p[wrong], -1.0)):
                np.add.at(m.W, (rows, labels), sign)
                np.add.at(self._uW, (rows, labels), sign * self.c)
            if m.D is not None and self._uD is not None and sf.dense is not None:
                bad = g_tok != p_tok
                n_lab = len(m.labels)
                delta = np.eye(n_lab)[g_tok[bad]] - np.eye(n_lab)[p_tok[bad]]
                step = sf.dense[bad].T @ delta
                m.D += step
                self._uD += step * self.c
            for seq, sign in ((gold, 1.0), (pred, -1.0)):
                m.S[seq[0]] += sign
                self._uS[seq[0]] += sign * self.c
                if len(seq) > 1:
                    a = np.asarray(seq[:-1])
                    b = np.asarray(seq[1:])
                    np.add.at(m.T, (a, b), sign)
                    np.add.at(self._uT, (a, b), sign * self.c)
        self.c += 1
        return wrong_seq

    def averaged(self) -> LinearChain:
        """The averaged model (a new object; training can go on)."""
        m = self.model
        D = None
        if m.D is not None and self._uD is not None:
            D = m.D - self._uD / self.c
        return LinearChain(
            m.labels,
            m.W - self._uW / self.c,
            m.T - self._uT / self.c,
            m.S - self._uS / self.c,
            D,
            m.V,
        )
