"""Gazetteer matching: clitic-aware, longest first; building from tagged data."""

from __future__ import annotations

from rasd.ner.gazetteer import Gazetteer, build


def test_clitic_aware_longest_match() -> None:
    gaz = Gazetteer()
    gaz.add("ORG", ["الأمم المتحدة"])
    gaz.add("LOC", ["دير الزور", "دير"])
    words = ["وقالت", "للأمم", "المتحدة", "في", "دير", "الزور"]
    assert gaz.match(words) == ["", "B-ORG", "I-ORG", "", "B-LOC", "I-LOC"]


def test_add_returns_count_and_round_trips() -> None:
    gaz = Gazetteer()
    assert gaz.add("PERS", ["أبو بكر", ""]) == 1
    again = Gazetteer.from_dict(gaz.to_dict())
    assert again.match(["وأبو", "بكر"]) == gaz.match(["وأبو", "بكر"]) == ["B-PERS", "I-PERS"]


def test_build_keeps_names_and_drops_common_words() -> None:
    data = [
        (["زار", "الرئيس", "عمان"], ["O", "O", "B-LOC"]),
        (["الرئيس", "فلان"], ["B-PERS", "O"]),
        (["قال", "الرئيس"], ["O", "O"]),
        (["وصل", "إلى", "عمان"], ["O", "O", "B-LOC"]),
    ]
    gaz = build(data)
    assert gaz.match(["في", "عمان"]) == ["", "B-LOC"]
    assert gaz.match(["الرئيس"]) == [""]  # an entity in 1 of 3 occurrences


def test_from_dict_matches_slow_path() -> None:
    data = {"LOC": ["بغداد", "نهر دجله"], "ORG": ["بغداد", "وزاره الصحه العامه"]}
    gaz = Gazetteer.from_dict(data)
    assert gaz.phrases[("بغداد",)] == "ORG"  # later type wins, as stored
    assert gaz._max == 3 and gaz._first == {"بغداد": 1, "نهر": 2, "وزاره": 3}
    assert gaz.match(["في", "نهر", "دجله"]) == ["", "B-LOC", "I-LOC"]
    assert Gazetteer.from_dict(gaz.to_dict()).phrases == gaz.phrases
