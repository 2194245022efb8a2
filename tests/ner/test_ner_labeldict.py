"""The training-label dictionary: classes, clitic fallback, jackknifing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rasd.ner import labeldict as LD
from rasd.ner.featurizer import Featurizer
from rasd.ner.store import ModelData, load, save

SENTS = [
    (["زار", "سليم", "طرابلس"], ["O", "B-PERS", "B-LOC"]),
    (["غادر", "سليم", "حلب"], ["O", "B-PERS", "B-LOC"]),
    (["زار", "الوفد", "طرابلس"], ["O", "O", "B-LOC"]),
    (["قال", "سليم", "إن", "الوفد", "وصل"], ["O", "O", "O", "O", "O"]),
]


@pytest.mark.parametrize(
    ("total", "types", "expected"),
    [
        (0, {}, ""),
        (1, {}, "O1"),
        (7, {}, "O5"),
        (1, {"LOC": 1}, "LOCa1"),
        (4, {"PERS": 2}, "PERSb2"),
        (10, {"ORG": 1, "LOC": 1}, "LOCd5"),  # ties go to the first type by name
        (5, {"PERS": 1, "MISC": 4}, "MISCa5"),
    ],
)
def test_classify(total: int, types: dict[str, int], expected: str) -> None:
    assert LD.classify(total, types) == expected


def test_build_counts_every_occurrence() -> None:
    table = LD.build(SENTS)
    assert table["سليم"] == "PERSb2"  # 2 of 3 occurrences inside a PERS name
    assert table["طرابلس"] == "LOCa2"
    assert table["الوفد"] == "O2"
    assert list(table) == sorted(table)  # deterministic order for the model file


def test_lookup_falls_back_to_a_stripped_form() -> None:
    table = LD.build(SENTS)
    assert LD.lookup(table, "طرابلس") == "LOCa2"
    assert LD.lookup(table, "وطرابلس") == "~LOCa2"
    assert LD.lookup(table, "دمشق") == ""
    assert LD.lookup({}, "طرابلس") == ""


def test_jackknife_never_sees_its_own_fold() -> None:
    classes = LD.jackknife(SENTS, folds=4)
    assert [len(c) for c in classes] == [len(w) for w, _ in SENTS]
    # "حلب" occurs only in sentence 2: its own fold is left out, so it is unknown there
    assert classes[1][2] == ""
    # "سليم" in sentence 1 is judged by sentences 2-4 only: 1 PERS of 2
    assert classes[0][1] == "PERSb2"


def test_featurizer_uses_the_dictionary() -> None:
    feat = Featurizer(labeldict=LD.build(SENTS), grow=True)
    strings = feat.feature_strings(["زار", "سليم", "حلب"], 1)
    assert "ld=PERSb2" in strings and "ld+1=LOCa1" in strings and "ld-1=O2" in strings
    plain = Featurizer(grow=True).feature_strings(["زار", "سليم", "حلب"], 1)
    assert not any(s.startswith("ld") for s in plain)


def test_dictionary_round_trips_through_the_model_file(tmp_path: Path) -> None:
    table = LD.build(SENTS)
    data = ModelData(["O", "B-LOC"], ["b"], np.zeros((1, 2)), np.zeros((2, 2)), np.zeros(2))
    data.labeldict = table
    save(tmp_path / "m.bin.gz", data)
    assert load(tmp_path / "m.bin.gz").labeldict == table
    data.labeldict = {}
    save(tmp_path / "old.bin.gz", data)
    assert load(tmp_path / "old.bin.gz").labeldict == {}  # files without one still load


def test_packaged_model_carries_the_dictionary() -> None:
    from rasd.ner import load_model

    model = load_model()
    table = model.featurizer.labeldict
    assert len(table) > 10_000
    assert LD.lookup(table, "بغداد").startswith("LOCa")
    assert LD.lookup(table, "وبغداد").startswith("~LOCa")  # clitic-stripped fallback
    assert model.featurizer.doc_window == 0  # document clues are not in the shipped recipe
