"""Rules found by the demo corpus's own truth: a group's record after its name, particles
spelt like towns, and a capital that heads a title as its government. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from rasd.extract import extract

PUB = "2016-03-14"


def test_record_after_a_group_name_is_not_the_claim_date() -> None:
    text = (
        "شن مسلحون هجمات على ثلاثة حواجز للجيش في مدينة العريش صباح اليوم، ما أدى إلى "
        "مقتل تسعة جنود.\n"
        "وتبنت جماعة «جند الخلافة»، التي بايعت تنظيم الدولة الإسلامية العام الماضي، "
        "الهجمات في بيان."
    )
    reports = extract(text, published=PUB)
    main = reports[0]
    assert main.date is not None and main.date.value == PUB
    assert main.location is not None and main.location.city == "Arish"
    assert main.perpetrators, "the claim's group goes with today's attacks"


@pytest.mark.parametrize(
    "text",
    [
        "قال الحاكم إن قوات الأمن قتلت مسلحين في تركيا، وأن التحقيق مستمر في الهجوم على الحاجز.",
        "وأكدت الشرطة التركية اعتقال خمسة مشتبه بهم في الهجوم، فإن الخلية كانت تعد لهجمات أخرى.",
    ],
)
def test_particles_are_not_towns(text: str) -> None:
    for r in extract(text, published=PUB):
        assert r.location is None or r.location.city not in ("Van", "Cannes")


def test_town_van_after_a_place_noun() -> None:
    text = "قتل أربعة جنود في انفجار عبوة ناسفة استهدف دوريتهم في مدينة وان شرق تركيا."
    r = extract(text, published=PUB)[0]
    assert r.location is not None and r.location.city == "Van"


def test_capital_heading_a_title_as_its_government() -> None:
    title = "أنقرة ترجح وقوف «داعش» وراء تفجير سروج"
    body = "قال مسؤول تركي إن التفجير الانتحاري الذي ضرب بلدة سروج أمس أوقع 32 قتيلا."
    reports = extract(body, title=title, published="2015-07-21")
    assert len(reports) == 1
    assert reports[0].location is not None and reports[0].location.city in ("Suruc", "Suruç")
