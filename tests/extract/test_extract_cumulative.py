"""Attacks in the plural over a span of time since a calendar date are a cumulative
record, not one incident; an act named as the start of the span, and a series since a
time of today, are still incidents. Sentences written for these tests."""

from __future__ import annotations

import pytest

from rasd.extract import extract

PUB = "2021-06-10"


@pytest.mark.parametrize(
    "text",
    [
        "وتتعرض مناطق شمال مالي لهجمات متكررة منذ يناير 2012 قتل فيها المئات من المدنيين والجنود.",
        "وتصاعدت الاعتداءات على مراكز الشرطة في الإقليم منذ مارس 2019، وتتهم السلطات جماعات مسلحة بتنفيذ معظمها.",
        "وقتل آلاف الأشخاص منذ عام 2009 في هذه الهجمات التي تشنها الجماعة في شمال شرق نيجيريا.",
    ],
)
def test_tally_since_a_date_is_no_incident(text: str) -> None:
    assert extract(text, published=PUB) == []


@pytest.mark.parametrize(
    ("text", "type_", "date", "killed"),
    [
        (
            "وشددت الشرطة الإسبانية إجراءاتها منذ تفجيرات مارس 2004 في مدريد التي قتل فيها 191 شخصا.",
            "bombing",
            "2004-03",
            191,
        ),
        (
            "شن مسلحون هجمات متزامنة على ثلاثة حواجز للجيش في ولاية بورنو منذ فجر اليوم، ما أدى إلى مقتل خمسة جنود.",
            "armed_assault",
            PUB,
            5,
        ),
    ],
)
def test_acts_named_with_since_stay_incidents(
    text: str, type_: str, date: str, killed: int
) -> None:
    reports = extract(text, published=PUB)
    assert len(reports) == 1
    r = reports[0]
    assert r.type == type_
    assert r.date is not None and r.date.value == date
    assert r.killed is not None and r.killed.value == killed


FICTION_TITLE = "«الممر» دراما جديدة عن مكافحة الإرهاب"


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # the plot of a series: no incident
        (
            "يؤدي الممثل سامر نعيم في مسلسل «الممر» دور محقق يطارد خلية تخطط لتفجير مطار بيروت.\n"
            "وتبدأ الحلقة الأولى بتفجير سيارة مفخخة أمام فندق، ثم يتسلل البطل إلى الخلية.",
            [],
        ),
        # a real toll on the set is news
        (
            "قتل ثلاثة من فريق عمل مسلسل «الممر» في انفجار عبوة ناسفة قرب موقع التصوير "
            "في ريف إدلب أمس.",
            ["bombing"],
        ),
        # a threat against the cast is news too
        (
            "هدد تنظيم داعش بطل مسلسل «الممر» بالقتل في تسجيل صوتي نشر على الإنترنت.",
            ["warning_threat"],
        ),
    ],
)
def test_fiction_pieces_tell_a_plot(body: str, kept: list[str]) -> None:
    reports = extract(body, title=FICTION_TITLE, published=PUB)
    assert [r.type for r in reports] == kept
