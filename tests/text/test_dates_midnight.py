"""The hours after midnight belong to the next day ("بعد منتصف ليل السبت" is Sunday);
the day of a later statement or a recent pluperfect backstory does not re-date the act."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.extract import extract
from rasd.text.dates import find_dates
from rasd.text.normalize import normalize

PUB = dt.date(2019, 3, 12)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("دوى الانفجار بعد منتصف ليل السبت بقليل", "2019-03-10"),
        ("سمع إطلاق النار بعيد منتصف ليلة الأحد", "2019-03-11"),
        ("وصل الموكب قبيل منتصف ليل السبت", "2019-03-09"),
        ("انتهى الحفل منتصف ليل السبت", "2019-03-09"),
        ("بدأ الهجوم ليل السبت", "2019-03-09"),
    ],
)
def test_after_midnight_is_the_next_day(text: str, value: str) -> None:
    assert [d.value for d in find_dates(normalize(text), PUB)] == [value]


def test_incident_after_midnight() -> None:
    text = "قتل أربعة أشخاص بعد منتصف ليل السبت في انفجار عبوة ناسفة بسوق في مدينة الموصل."
    assert [r.to_gold()["date"] for r in extract(text, published=PUB)] == ["2019-03-10"]


@pytest.mark.parametrize(
    "later",
    [
        "وأعلنت وزارة الصحة اليوم الثلاثاء ارتفاع عدد قتلى الهجوم إلى أربعين.",
        "وكان ثلاثة مسلحين قد اقتحموا المركز مساء الأحد وأطلقوا النار على المتسوقين.",
    ],
)
def test_statement_day_does_not_date_the_attack(later: str) -> None:
    text = (
        "أعلنت وزارة الصحة اليوم الثلاثاء ارتفاع عدد قتلى الهجوم على المركز التجاري "
        "في المدينة إلى أربعين قتيلا.\n"
        "واقتحم ثلاثة مسلحين المركز مساء الأحد وأطلقوا النار على المتسوقين.\n" + later
    )
    assert [r.to_gold()["date"] for r in extract(text, published=PUB)] == ["2019-03-10"]


def test_old_pluperfect_act_stays_background() -> None:
    text = (
        "انفجرت عبوة ناسفة في سوق مدينة الموصل مساء الاثنين وقتل ثلاثة أشخاص.\n"
        "وكان مسلحون قد هاجموا السوق نفسه في الثالث من فبراير الماضي."
    )
    dates = [r.to_gold()["date"] for r in extract(text, published=PUB) if r.is_main]
    assert dates == ["2019-03-11"]
