"""Word clusters from unlabelled Arabic text, as Brown-style bit-string paths.

Names the tagger never saw in its training data still share contexts with
names it did see ("قال X", "في مدينة X"). Clustering words by their contexts
in a large unlabelled corpus lets the tagger generalise through cluster ids.

Method (deterministic, numpy only): count each word's left and right
neighbours among the most frequent context words, weight the counts by
positive PMI, reduce them to ``dim`` dimensions (eigen-decomposition of the
context Gram matrix), then split the word vectors top-down in two (principal
direction, refined by 2-means) to get a binary path per word, like Brown
clusters: ``"0110…"``, whose prefixes are coarser clusters.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rasd.text.normalize import Level, normalize
from rasd.text.tokens import TOKEN_RE

_NUM = re.compile(r"\d")


def corpus_texts(paths: Iterable[str | Path]) -> Iterator[str]:
    """Texts from folders, ``.zip`` files of JSON article arrays (``title``, ``content``), ``.txt``."""
    for path in sorted(Path(p) for p in paths):
        if path.is_dir():
            yield from corpus_texts(sorted(path.iterdir()))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in sorted(z.namelist()):
                    if name.endswith(".json"):
                        for art in json.loads(z.read(name)):
                            yield str(art.get("title") or "") + "\n" + str(art.get("content") or "")
        elif path.suffix == ".txt":
            yield path.read_text(encoding="utf-8")


def tokenize(text: str) -> list[str]:
    """Key-normalised tokens of running text (digits folded to 0, so numbers share clusters)."""
    norm = normalize(text, Level.KEY)
    return [_NUM.sub("0", m.group()) for m in TOKEN_RE.finditer(norm)]


def _context_matrix(
    streams: Iterable[list[str]], vocab_size: int, n_contexts: int, min_count: int
) -> tuple[list[str], np.ndarray]:
    docs = [s for s in streams if s]
    counts: Counter[str] = Counter()
    for d in docs:
        counts.update(d)
    ranked = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    vocab = ranked[:vocab_size]
    vid = {w: i for i, w in enumerate(vocab)}
    V, C = len(vocab), min(n_contexts, len(vocab))
    M = np.zeros((V, 2 * C), dtype=np.float64)
    for d in docs:
        ids = np.fromiter((vid.get(w, -1) for w in d), dtype=np.int64, count=len(d))
        if len(ids) < 2:
            continue
        for w, c, shift in ((ids[1:], ids[:-1], 0), (ids[:-1], ids[1:], C)):
            ok = (w >= 0) & (c >= 0) & (c < C)
            np.add.at(M, (w[ok], c[ok] + shift), 1.0)
    return vocab, M


def embed(M: np.ndarray, dim: int) -> np.ndarray:
    """Rows of PPMI(M) projected on its top ``dim`` right singular vectors, unit length."""
    total = M.sum()
    row = M.sum(axis=1, keepdims=True)
    col = M.sum(axis=0, keepdims=True) ** 0.75
    col_p = col / col.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((M / total) / (row / total) / col_p)
    P = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0.0)
    vals, vecs = np.linalg.eigh(P.T @ P)
    top = vecs[:, np.argsort(-vals, kind="stable")[:dim]]
    top *= np.sign(top[np.abs(top).argmax(axis=0), np.arange(top.shape[1])])  # fix signs
    E = P @ top
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return np.asarray(E / np.where(norms > 0, norms, 1.0))


def _split(X: np.ndarray, iterations: int = 8) -> np.ndarray:
    """Boolean mask splitting rows of ``X`` in two: principal direction, then 2-means."""
    Xc = X - X.mean(axis=0)
    v = Xc[np.argmax(np.einsum("ij,ij->i", Xc, Xc))].copy()
    for _ in range(10):
        v = Xc.T @ (Xc @ v)
        n = np.linalg.norm(v)
        if n == 0:
            break
        v /= n
    side = Xc @ v > 0
    for _ in range(iterations):
        if side.all() or not side.any():
            break
        a, b = X[side].mean(axis=0), X[~side].mean(axis=0)
        new = np.einsum("ij,j->i", X, a - b) > (a @ a - b @ b) / 2
        if (new == side).all():
            break
        side = new
    return side


def bisect_paths(X: np.ndarray, *, depth: int = 16, min_size: int = 8) -> list[str]:
    """A binary path per row of ``X`` from top-down bisection."""
    paths = [""] * len(X)
    stack: list[tuple[np.ndarray, str]] = [(np.arange(len(X)), "")]
    while stack:
        idx, prefix = stack.pop()
        if len(idx) < 2 * min_size or len(prefix) >= depth:
            for i in idx:
                paths[i] = prefix
            continue
        side = _split(X[idx])
        if side.all() or not side.any():
            for i in idx:
                paths[i] = prefix
            continue
        stack.append((idx[~side], prefix + "0"))
        stack.append((idx[side], prefix + "1"))
    return paths


@dataclass
class Lexicon:
    """Word clusters and word vectors learnt from unlabelled text.

    ``paths[word]`` is a bit-string cluster path; ``vectors`` holds one unit
    row per word, in the order of ``words`` (sorted).
    """

    paths: dict[str, str]
    vectors: np.ndarray

    @property
    def words(self) -> list[str]:
        return sorted(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def build_lexicon(
    texts: Iterable[str],
    *,
    vocab_size: int = 50_000,
    n_contexts: int = 800,
    dim: int = 80,
    vector_dim: int = 0,
    depth: int = 16,
    min_count: int = 5,
) -> Lexicon:
    """Cluster paths and ``vector_dim``-dimensional vectors for the most frequent words.

    The default keeps no vectors (``vector_dim=0``): the shipped model uses the
    cluster paths alone, which are small and cost nothing at tagging time.
    """
    vocab, M = _context_matrix((tokenize(t) for t in texts), vocab_size, n_contexts, min_count)
    if not vocab:
        return Lexicon({}, np.zeros((0, vector_dim), dtype=np.float32))
    E = embed(M, dim)
    paths = bisect_paths(E, depth=depth)
    V = E[:, :vector_dim]
    V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-9)
    order = sorted(range(len(vocab)), key=vocab.__getitem__)
    return Lexicon(
        {vocab[i]: paths[i] or "-" for i in order},
        np.asarray(V[order], dtype=np.float32),
    )


def save_lexicon(path: str | Path, lex: Lexicon) -> None:
    """Write a lexicon as a compressed ``.npz`` (words, paths, vectors)."""
    words = lex.words
    with open(path, "wb") as fh:
        np.savez_compressed(
            fh,
            words=np.array(words),
            paths=np.array([lex.paths[w] for w in words]),
            vectors=lex.vectors.astype(np.float16),
        )


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a file written by :func:`save_lexicon`."""
    with np.load(path, allow_pickle=False) as z:
        words = [str(w) for w in z["words"]]
        paths = [str(p) for p in z["paths"]]
        vectors = z["vectors"].astype(np.float32)
    return Lexicon(dict(zip(words, paths, strict=True)), vectors)
