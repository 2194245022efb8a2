"""A toll told in the body after an incident named only in the title: its token
indexes belong to the body, never read against the title sentence (a crash once)."""

from __future__ import annotations

from rasd.extract import extract

TITLE = "الجامعة العربية تنعى مزارعا فلسطينيا توفي بعد إضرام متطرفين النار في منزله بإحراق متعمد"
BODY = (
    "رام الله - وكالات\n أعلن مسؤولون في وزارة الصحة وفاة المزارع الذي نقل إلى أحد المستشفيات "
    "مصابا بحروق بالغة، متأثرا بإصابته في الحريق الذي أشعلته مجموعة من المتطرفين في منزله، "
    "وهو ما أدى إلى مقتل ابنه الصغير قبل أيام وإصابة بقية أفراد عائلته."
)


def test_body_toll_joins_a_title_incident_without_crashing() -> None:
    reports = extract(BODY, title=TITLE, published="2015-08-11")
    assert [r.type for r in reports] == ["attack_on_facility"]
    killed = reports[0].killed
    assert killed is not None and killed.value == 1
    assert killed.evidence is not None and killed.evidence.part == "text"
