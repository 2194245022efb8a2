"""Tolls in context: figures that count places, times or things are no toll, and
"nobody was hurt" told in a sentence of its own gives no dead and no wounded."""

from __future__ import annotations

import pytest

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.casualties import find_counts

PUB = "2020-11-02"


def _counts(text: str) -> list[tuple[str, int | None]]:
    article = analyse(text)
    return [(f.kind, f.count.value) for s in article.sentences for f in find_counts(s)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قالت الوزارة إن نحو ألفي شخص أصيبوا في سبع محافظات.", [("wounded", 2000)]),
        ("ذكر المسعفون أن أربعين مدنيا أصيبوا في ثلاث مدن.", [("wounded", 40)]),
        ("قتل خلال يومين من الاشتباكات عشرة أشخاص.", [("killed", 10)]),
        ("قتل خلال خمسة أيام ثمانية مدنيين في القرى المجاورة.", [("killed", 8)]),
        ("أصيب ستة أشخاص في الانفجار.", [("wounded", 6)]),
        ("قتل مئتا شخص في الهجوم على السوق.", [("killed", 200)]),
        ("أصيب أكثر من مئتين في التفجير.", [("wounded", 200)]),
    ],
)
def test_counts_of_things_are_no_toll(text: str, expected: list[tuple[str, int]]) -> None:
    assert _counts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "انفجرت قنبلة يدوية الصنع أمام مقر حزب في مدينة كركوك ليل الخميس. ولم يصب أحد بأذى.",
        "انفجرت قنبلة يدوية الصنع أمام مقر حزب في مدينة كركوك مساء الخميس. "
        "وذكرت الشرطة أن أحدا من الحراس لم يصب بأذى.",
    ],
)
def test_nobody_hurt_in_a_later_sentence(text: str) -> None:
    reports = [r.to_gold() for r in extract(text, published=PUB)]
    assert [(r["killed"], r["wounded"]) for r in reports] == [(0, 0)]
