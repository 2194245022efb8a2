"""The model file: round trip, and clear errors for missing or damaged files."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from rasd.ner.clusters import Lexicon
from rasd.ner.store import ModelData, ModelFileError, load, prune, save


def _data() -> ModelData:
    labels = ["O", "B-LOC", "I-LOC"]
    W = np.arange(12, dtype=np.float64).reshape(4, 3) / 4
    lex = Lexicon({"بغداد": "01", "دمشق": "00"}, np.ones((2, 2), dtype=np.float32))
    return ModelData(
        labels,
        ["b", "w=بغداد", "news|w=بغداد", "s2=اد"],
        W,
        np.eye(3),
        np.zeros(3),
        np.ones((6, 3)),
        {"LOC": ["بغداد"]},
        lex,
        {"seed": 1},
    )


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.bin.gz"
    size = save(path, _data(), dtype="float32")
    assert size == path.stat().st_size
    got = load(path)
    assert got.labels == ["O", "B-LOC", "I-LOC"]
    assert got.features[1] == "w=بغداد"
    assert np.allclose(got.W, _data().W) and np.allclose(got.T, np.eye(3))
    assert got.D is not None and got.D.shape == (6, 3)
    assert got.lexicon is not None and got.lexicon.paths["دمشق"] == "00"
    assert got.gazetteer == {"LOC": ["بغداد"]} and got.meta == {"seed": 1}


def test_missing_and_damaged_files(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no NER model"):
        load(tmp_path / "none.bin.gz")
    junk = tmp_path / "junk.bin.gz"
    junk.write_bytes(b"not gzip at all")
    with pytest.raises(ModelFileError):
        load(junk)
    wrong = tmp_path / "wrong.bin.gz"
    wrong.write_bytes(gzip.compress(b"hello"))
    with pytest.raises(ModelFileError, match="bad magic"):
        load(wrong)
    path = tmp_path / "m.bin.gz"
    save(path, _data())
    cut = tmp_path / "cut.bin.gz"
    cut.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-20]))
    with pytest.raises(ModelFileError):
        load(cut)


def test_prune_keeps_bias_and_nonzero_rows() -> None:
    W = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 0.0], [0.0, -2.0]])
    names, kept = prune(["b", "x", "y", "z"], W)
    assert names == ["b", "x", "z"] and kept.shape == (3, 2)
