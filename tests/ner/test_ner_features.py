"""Feature extraction is deterministic and describes words as intended."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.ner import features as F
from rasd.ner.featurizer import Featurizer
from rasd.ner.gazetteer import Gazetteer

WORDS = ["وقال", "المتحدث", "باسم", "الشرطة", "في", "الموصل", "إن", "3", "مسلحين", "قتلوا", "."]


def test_word_features_are_deterministic() -> None:
    a = F.word_features("والموصل")
    b = F.word_features("والموصل")
    assert a == b
    assert "w=والموصل" in a
    assert "k=الموصل" in a and "k=موصل" in a  # clitic-stripped keys
    assert "p1=و" in a and "s2=صل" in a
    assert "pro=وال" in a


@pytest.mark.parametrize(
    ("word", "expected"), [("بغداد", "aa"), ("2024", "dd"), ("ISIS", "XX"), ("Al-Qaeda", "Xx-Xxx")]
)
def test_shape(word: str, expected: str) -> None:
    assert F.shape(word) == expected


def test_key_normalisation_unifies_spellings() -> None:
    assert F.word_features("إسرائيل")[1] == F.word_features("اسرائيل")[1]
    assert F.word_features("الشُّرْطَة")[1] == F.word_features("الشرطه")[1]


def test_digits_features() -> None:
    feats = F.word_features("١٢٣")
    assert "digit" in feats and "num3" in feats


def test_context_features_use_stems() -> None:
    feats = F.context_features("والرئيس", -1)
    assert "w-1=والرييس" in feats  # key form: hamza on ya normalised
    assert any(f.startswith("t-1=") for f in feats)
    assert F.context_features(F.BOS, -2) == ["w-2=<s>"]


def test_cluster_features() -> None:
    clusters = {"بغداد": "0101101101"}
    feats = F.word_features("ببغداد", clusters)
    assert "sc4=0101" in feats and "sc=0101101101" in feats
    assert "c=?" in feats  # the full word itself is unknown


def test_featurizer_ids_are_stable_across_instances() -> None:
    gaz = Gazetteer()
    gaz.add("LOC", ["الموصل"])
    runs = []
    for _ in range(2):
        fz = Featurizer(gazetteer=gaz, grow=True)
        sf = fz.sentence(WORDS)
        runs.append((sf.ids.tolist(), sf.offsets.tolist(), fz.feature_names()))
    assert runs[0] == runs[1]


def test_featurizer_matches_slow_path() -> None:
    gaz = Gazetteer()
    gaz.add("LOC", ["الموصل"])
    fz = Featurizer(gazetteer=gaz, grow=True)
    sf = fz.sentence(WORDS)
    names = fz.feature_names()
    ends = [*sf.offsets[1:].tolist(), len(sf.ids)]
    for i, (lo, hi) in enumerate(zip(sf.offsets.tolist(), ends, strict=True)):
        fast = [names[j] for j in sf.ids[lo:hi]]
        assert fast == fz.feature_strings(WORDS, i)
    assert "gz=B-LOC" in fz.feature_strings(WORDS, 5)


def test_unknown_features_are_dropped_at_run_time() -> None:
    fz = Featurizer(["b", "w=في"])
    sf = fz.sentence(["في", "غزة"])
    assert sf.offsets.tolist() == [0, 2]
    assert sf.ids.tolist() == [0, 1, 0]
    assert sf.dense is None and isinstance(sf.ids, np.ndarray)


def test_domain_copies() -> None:
    fz = Featurizer(grow=True)
    fz.set_domain("news")
    fz.sentence(["في", "غزة"])
    names = fz.feature_names()
    assert "w=غزه" in names and "news|w=غزه" in names
    run = Featurizer(names, domains=("news",))
    general = run.sentence(["غزة"]).ids.tolist()
    run.set_domain("news")
    both = run.sentence(["غزة"]).ids.tolist()
    assert set(general) < set(both)
    assert {names[i] for i in both} - {names[i] for i in general} == {
        "news|" + names[i] for i in general
    }


def test_sorted_index_equals_plain_index() -> None:
    plain = ["b", "news|b", "news|w=غزه", "s2=زه", "w=غزه", "wiki|w=غزه", "x|y"]
    bigrams = ["bw-=في|غزه", "news|bw+=قال|ان", "wiki|bs-=من|دمشق"]
    names = sorted([*plain, *bigrams])
    for domain in ("", "news", "wiki"):
        fast = Featurizer(names, domains=("news", "wiki"), sorted_features=True, domain=domain)
        slow = Featurizer(names, domains=("news", "wiki"), domain=domain)
        assert fast._build_lookup() == slow._build_lookup()
        assert fast._bigram_left == slow._bigram_left
    news = Featurizer(names, domains=("news", "wiki"), sorted_features=True, domain="news")
    assert news._build_lookup()["w=غزه"] == (names.index("w=غزه"), names.index("news|w=غزه"))
    assert news._bigram_left == {"في", "قال", "من"}
