"""Rules from the misses of the third generalisation set: the verb that tells a blast
over the device noun before it, victims named after a time phrase, the Maghreb's
"عون" and a colleague wounded beside the victim, sabotage and knife words, a statement
date set off by commas, and a toll update dated only by its statement."""

from __future__ import annotations

from typing import Any

import pytest

from rasd.extract import extract
from rasd.extract.acts import strongest
from rasd.extract.analysis import analyse
from rasd.extract.dating import speech_date
from rasd.kb.base import KnowledgeBase

PUB = "2024-03-06"  # a Wednesday


def _one(text: str) -> Any:
    reports = extract(text, published=PUB)
    assert reports, text
    return reports[0]


# --- the device noun before the verb: "عبوة ناسفة انفجرت" ------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "أوضح مصدر في الشرطة أن عبوة ناسفة انفجرت قرب سوق شعبية في الموصل اليوم، "
            "ما أدى إلى مقتل ثلاثة مدنيين.",
            "Mosul",
        ),
        (
            "ذكر شهود أن سيارة مفخخة انفجرت عند مدخل مستشفى في كركوك صباح اليوم، فقتل أربعة أشخاص.",
            "Kirkuk",
        ),
        (
            "أفاد مسؤول محلي بأن قنبلة انفجرت في حافلة ركاب في بيشاور ظهر اليوم، "
            "وأسفرت عن مقتل خمسة ركاب.",
            "Peshawar",
        ),
    ],
)
def test_device_noun_then_blast_verb_is_reported(text: str, city: str) -> None:
    r = _one(text)
    assert r.type == "bombing"
    assert r.location is not None and r.location.city == city
    assert r.killed is not None and r.killed.value > 0


class _Payload:
    def __init__(self, weight: float) -> None:
        self.weight = weight


class _Match:
    def __init__(self, name: str, weight: float) -> None:
        self.name, self.payload = name, _Payload(weight)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [([0.6, 1.0], 1), ([1.0, 0.6], 0), ([1.0, 1.0], 0), ([0.6], 0)],
)
def test_strongest_keeps_the_first_of_equals(weights: list[float], expected: int) -> None:
    ms = [_Match(str(i), w) for i, w in enumerate(weights)]
    assert strongest(ms) is ms[expected]


# --- one victim named after a time phrase; "عون", "زميله" -----------------------------


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        (
            "قتل مساء أمس الثلاثاء شرطي في هجوم مسلح على حاجز في بغداد.",
            1,
            None,
        ),
        (
            "استشهد فجر اليوم عون من الشرطة وأصيب زميله بجروح في هجوم مسلح على مركز "
            "أمني في القصرين.",
            1,
            1,
        ),
        (
            "قتل جندي في هجوم مسلح استهدف دورية في العريش، وأصيب زميله بجروح طفيفة.",
            1,
            1,
        ),
    ],
)
def test_single_victims(text: str, killed: int, wounded: int | None) -> None:
    r = _one(text)
    assert r.killed is not None and r.killed.value == killed
    if wounded is None:
        assert r.wounded is None
    else:
        assert r.wounded is not None and r.wounded.value == wounded


# --- sabotage and knives -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "تعرض خط لنقل النفط في محافظة صلاح الدين الليلة الماضية إلى عمل تخريبي أدى "
            "إلى توقف الضخ.",
            {"attack_on_facility", "bombing"},
        ),
        (
            "اقتحم رجلان محطة قطار في مرسيليا صباح اليوم وطعنوا ثلاثة مسافرين بسكاكين "
            "قبل أن تعتقلهما الشرطة.",
            {"stabbing"},
        ),
    ],
)
def test_sabotage_and_knife_words(text: str, types: set[str]) -> None:
    assert _one(text).type in types


# --- a statement date set off by commas -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("أعلنت وزارة الداخلية، اليوم الأربعاء، مقتل شرطيين في هجوم.", True),
        ("أعلنت وزارة الداخلية اليوم الأربعاء مقتل شرطيين في هجوم.", True),
        # an act dated after a comma, with no speech verb: the act's own date
        ("انفجرت عبوة في السوق، اليوم الأربعاء، فقتل شخصان.", False),
        # a clause between the verb and the date: the act's date
        ("أعلنت الوزارة أن عبوة انفجرت، اليوم الأربعاء، في السوق.", False),
    ],
)
def test_speech_date_with_commas(text: str, said: bool) -> None:
    kb = KnowledgeBase.default()
    article = analyse(text, published=None, kb=kb, events_only=True)
    s = article.sentences[0]
    assert s.dates
    assert speech_date(s, s.dates[0][1]) is said


# --- a toll update dated only by its statement -------------------------------------------


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        (
            "فجر انتحاري نفسه وسط سوق للخضار في مدينة كويتا ظهر أمس. وقال مسؤولون اليوم "
            "الأربعاء إن الحصيلة ارتفعت إلى 31 قتيلا و58 جريحا.",
            31,
            58,
        ),
        (
            "انفجرت سيارة مفخخة قرب مقر أمني في مدينة الرمادي مساء أمس. وذكرت مصادر طبية "
            "اليوم أن عدد القتلى ارتفع إلى 200 قتيل.",
            200,
            None,
        ),
    ],
)
def test_toll_update_with_statement_date(text: str, killed: int, wounded: int | None) -> None:
    r = _one(text)
    assert r.killed is not None and r.killed.value == killed
    if wounded is not None:
        assert r.wounded is not None and r.wounded.value == wounded


def test_toll_of_another_day_is_not_taken() -> None:
    text = (
        "انفجرت سيارة مفخخة قرب مقر أمني في مدينة الرمادي مساء أمس. "
        "وكان هجوم في العام الماضي قد أسفر عن مقتل 40 شخصا."
    )
    r = _one(text)
    assert r.killed is None or r.killed.value != 40


# --- a hotel named after a town ----------------------------------------------------------


def test_hotel_named_after_a_foreign_town_is_no_place() -> None:
    text = (
        "كابول - قتل خمسة أشخاص على الأقل في تفجير انتحاري قرب فندق بارون في العاصمة "
        "الأفغانية كابول ظهر اليوم."
    )
    r = _one(text)
    assert r.location is not None and r.location.city == "Kabul"
