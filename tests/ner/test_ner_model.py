"""The shipped model: loads fast, finds entities, offsets slice back to the text."""

from __future__ import annotations

import time

import pytest

from rasd.doc import Doc
from rasd.errors import InputError
from rasd.ner import Entity, crf, load_model, recognize
from rasd.ner.store import load
from rasd.ner.tagger import DEFAULT_MODEL, NerModel

SENTENCES = [
    "وصل وفد من وزارة الخارجية إلى بغداد صباح اليوم.",
    "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن المحادثات كانت صريحة.",
    "أعلنت الأمم المتحدة أن مئات العائلات نزحت من مدينة حلب خلال الأسبوع الماضي.",
]


def test_model_loads_within_a_second() -> None:
    t0 = time.perf_counter()
    model = NerModel(load(DEFAULT_MODEL))
    assert time.perf_counter() - t0 < 1.0
    assert model.labels[0] == "O" and "B-LOC" in model.labels


def test_finds_a_location() -> None:
    ents = recognize(SENTENCES[0])
    assert ("LOC", "بغداد") in {(e.label, e.text) for e in ents}


def test_finds_people_places_and_organisations() -> None:
    found = {(e.label, e.text) for s in SENTENCES for e in recognize(s)}
    assert ("LOC", "باريس") in found
    assert any(label == "PERS" and "ماكرون" in text for label, text in found)
    assert any(label == "ORG" and "الأمم المتحدة" in text for label, text in found)
    assert any(label == "LOC" and "حلب" in text for label, text in found)


@pytest.mark.parametrize("text", SENTENCES)
def test_offsets_slice_back(text: str) -> None:
    for e in recognize(text):
        assert isinstance(e, Entity)
        assert text[e.start : e.end] == e.text
        assert 0.0 <= e.score <= 1.0


def test_offsets_with_diacritics_and_several_sentences() -> None:
    text = "وَصَلَ الوفدُ إلى بَغْدادَ.\n\nثم غادر إلى دمشق."
    ents = load_model().entities(Doc.from_text(text))
    assert [text[e.start : e.end] for e in ents] == [e.text for e in ents]
    assert any(e.label == "LOC" and "دمشق" in e.text for e in ents)
    assert ents == sorted(ents, key=lambda e: e.start)


def test_tag_tokens_is_bio_of_same_length() -> None:
    words = ["زار", "وزير", "الخارجية", "الأردني", "طهران", "أمس"]
    tags = load_model().tag_tokens(words)
    assert len(tags) == len(words)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert load_model().tag_tokens([]) == []


def test_deterministic() -> None:
    assert recognize(SENTENCES[1]) == recognize(SENTENCES[1])


def test_empty_and_non_arabic_text() -> None:
    assert recognize("") == []
    assert recognize("   ") == []
    assert isinstance(recognize("1234 ... !!"), list)


def test_gazetteer_hook() -> None:
    model = NerModel(load(DEFAULT_MODEL))
    words = ["هاجم", "مسلحون", "قرية", "زغلولة", "الشمالية"]
    assert model.add_gazetteer("LOC", ["زغلولة"]) == 1
    assert model.gazetteer.match(words)[3] == "B-LOC"
    assert len(model.tag_tokens(words)) == len(words)


def test_forced_gazetteer_names_are_always_found() -> None:
    model = NerModel(load(DEFAULT_MODEL))
    text = "وأعلنت جماعة أنصار الفجر مسؤوليتها عن الهجوم."
    model.add_gazetteer("ORG", ["أنصار الفجر"], force=True)
    found = [(e.label, e.text, e.score) for e in model.recognize(text)]
    assert ("ORG", "أنصار الفجر", 1.0) in found
    words = ["بيان", "لأنصار", "الفجر"]
    assert model.tag_tokens(words)[1:] == ["B-ORG", "I-ORG"]


def test_domains() -> None:
    news = load_model()
    assert news.domain == "news" and "wiki" in news.domains
    assert load_model(domain="wiki").domain == "wiki"
    with pytest.raises(InputError):
        load_model(domain="poetry")


def test_batched_decoding_equals_one_by_one() -> None:
    model = load_model()
    sents = [
        ["وصل", "الوفد", "إلى", "بغداد"],
        [],
        ["دمشق"],
        [
            "قال",
            "المتحدث",
            "باسم",
            "وزارة",
            "الداخلية",
            "العراقية",
            "إن",
            "الهجوم",
            "وقع",
            "في",
            "الموصل",
        ],
    ]
    assert model.tag_sentences(sents) == [model.tag_tokens(s) for s in sents]


def test_shipped_model_records_its_tuning() -> None:
    meta = NerModel(load(DEFAULT_MODEL)).meta
    assert meta["o_penalty"] >= 0.0
    assert meta["method"] == "crf" and meta["crf"] == crf.defaults()  # the documented recipe
    assert set(meta["kb_lists"]) == {"kb.AGY", "kb.LOC", "kb.ORG"}
