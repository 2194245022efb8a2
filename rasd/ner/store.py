"""The model file: one gzip stream holding a JSON header, the feature list and weights.

Layout (after gunzip)::

    RASD-NER 1\n
    <header JSON, one line>\n
    <feature strings joined by \n>      (header["feature_bytes"] bytes)
    <W: n_features × n_labels>          (header["dtype"], little-endian)
    <T: n_labels × n_labels, float32>
    <S: n_labels, float32>
    <D: dense_dim × n_labels, float32>           (if header["dense_dim"])
    <word vectors: n_words × vector_dim, float16> (if header["vector_dim"])

The header carries labels, gazetteer, the training-label dictionary, word clusters (``{word: path}``; the
word vectors follow the sorted words) and training metadata, so a model file
is self-contained and loads with numpy alone.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rasd.errors import InputError
from rasd.ner.clusters import Lexicon

MAGIC = b"RASD-NER 1\n"


class ModelFileError(InputError):
    code = "RASD110"
    hint = "retrain with `rasd ner train` or reinstall rasd"


@dataclass
class ModelData:
    """Everything stored in a model file."""

    labels: list[str]
    features: list[str]
    W: np.ndarray
    T: np.ndarray
    S: np.ndarray
    D: np.ndarray | None = None
    gazetteer: dict[str, list[str]] = field(default_factory=dict)
    lexicon: Lexicon | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Training-label dictionary (word key → class, see rasd.ner.labeldict); empty in old files.
    labeldict: dict[str, str] = field(default_factory=dict)


def save(path: str | Path, data: ModelData, *, dtype: str = "float16") -> int:
    """Write ``data`` to ``path``; returns the file size in bytes."""
    feature_blob = "\n".join(data.features).encode("utf-8")
    lex = data.lexicon
    header = {
        "labels": data.labels,
        "n_features": len(data.features),
        "dtype": dtype,
        "feature_bytes": len(feature_blob),
        "gazetteer": data.gazetteer,
        "clusters": lex.paths if lex is not None else {},
        "vector_dim": int(lex.vectors.shape[1]) if lex is not None and lex.vectors.size else 0,
        "dense_dim": int(data.D.shape[0]) if data.D is not None else 0,
        "meta": data.meta,
    }
    if data.labeldict:
        header["label_dict"] = data.labeldict
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across identical trainings.
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
    ):
        out.write(MAGIC)
        out.write(json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
        out.write(feature_blob)
        out.write(np.ascontiguousarray(data.W, dtype="<" + np.dtype(dtype).str[1:]).tobytes())
        out.write(np.ascontiguousarray(data.T, dtype="<f4").tobytes())
        out.write(np.ascontiguousarray(data.S, dtype="<f4").tobytes())
        if data.D is not None:
            out.write(np.ascontiguousarray(data.D, dtype="<f4").tobytes())
        if header["vector_dim"] and lex is not None:
            out.write(np.ascontiguousarray(lex.vectors, dtype="<f2").tobytes())
    return path.stat().st_size


def load(path: str | Path) -> ModelData:
    """Read a model file written by :func:`save`."""
    path = Path(path)
    try:
        blob = gzip.decompress(path.read_bytes())
    except FileNotFoundError as err:
        raise ModelFileError(f"no NER model at {path}") from err
    except (OSError, EOFError) as err:
        raise ModelFileError(f"{path} is not a rasd NER model ({err})") from err
    if not blob.startswith(MAGIC):
        raise ModelFileError(f"{path} is not a rasd NER model (bad magic)")
    try:
        pos = len(MAGIC)
        end = blob.index(b"\n", pos)
        header = json.loads(blob[pos:end])
        pos = end + 1
        n_feat = int(header["n_features"])
        labels: list[str] = list(header["labels"])
        n_lab = len(labels)
        feats = blob[pos : pos + header["feature_bytes"]].decode("utf-8").split("\n")
        pos += header["feature_bytes"]
        dt = np.dtype("<" + np.dtype(header["dtype"]).str[1:])
        W = np.frombuffer(blob, dtype=dt, count=n_feat * n_lab, offset=pos).reshape(n_feat, n_lab)
        pos += W.nbytes
        T = np.frombuffer(blob, dtype="<f4", count=n_lab * n_lab, offset=pos).reshape(n_lab, n_lab)
        pos += T.nbytes
        S = np.frombuffer(blob, dtype="<f4", count=n_lab, offset=pos)
        pos += S.nbytes
        D = None
        if header.get("dense_dim"):
            count = header["dense_dim"] * n_lab
            D = np.frombuffer(blob, dtype="<f4", count=count, offset=pos).reshape(-1, n_lab)
            pos += D.nbytes
        clusters: dict[str, str] = header.get("clusters", {})
        lexicon = None
        if clusters:
            vdim = int(header.get("vector_dim", 0))
            vectors = np.zeros((len(clusters), 0), dtype=np.float32)
            if vdim:
                vectors = np.frombuffer(
                    blob, dtype="<f2", count=len(clusters) * vdim, offset=pos
                ).reshape(len(clusters), vdim)
            lexicon = Lexicon(clusters, vectors.astype(np.float32))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        raise ModelFileError(f"{path} is a damaged rasd NER model ({err})") from err
    if len(feats) != n_feat:
        raise ModelFileError(f"{path} is a damaged rasd NER model (feature count)")
    return ModelData(
        labels=labels,
        features=feats,
        W=W.astype(np.float32),
        T=T.astype(np.float64),
        S=S.astype(np.float64),
        D=D.astype(np.float64) if D is not None else None,
        gazetteer=header.get("gazetteer", {}),
        lexicon=lexicon,
        meta=header.get("meta", {}),
        labeldict=header.get("label_dict", {}),
    )


def prune(
    features: Sequence[str], W: np.ndarray, *, threshold: float = 1e-3
) -> tuple[list[str], np.ndarray]:
    """Drop features whose weights are all below ``threshold`` in absolute value (keeps row 0),
    and sort the rest by name (a sorted model loads faster: see ``Featurizer``)."""
    keep = np.abs(W).max(axis=1) >= threshold
    keep[0] = True
    rows = sorted(np.flatnonzero(keep).tolist(), key=features.__getitem__)
    return [features[i] for i in rows], W[rows]
