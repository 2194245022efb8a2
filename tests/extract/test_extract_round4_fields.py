"""Round-4 field rules: attackers told apart from the dead, asides inside a toll
phrase, lists of places and crimes named in arrest statements (no single town), and a
group's past record told in an aside."""

from __future__ import annotations

import pytest
from extract_cases_support import main_report as _main

from rasd.extract.analysis import analyse
from rasd.extract.casualties import find_counts


def _killed(text: str) -> list[tuple[int | None, bool]]:
    article = analyse(text)
    return [
        (f.count.value, f.net)
        for s in article.sentences
        for f in find_counts(s)
        if f.kind == "killed"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comma-enclosed aside about the counted people before the plural verb
        ("قال مسؤول إن 18 شخصا، معظمهم من النساء، قتلوا في الانفجار.", 18),
        ("أفاد المصدر بأن سبعة أشخاص، بينهم طفلان، قتلوا في الهجوم.", 7),
        ("ذكرت الشرطة أن 11 شخصا، غالبيتهم من الجنود، قتلوا في الكمين.", 11),
        # no aside: the verb still takes the count right before it
        ("قال مسؤول إن تسعة أشخاص قتلوا في الانفجار.", 9),
    ],
)
def test_count_before_plural_verb_across_an_aside(text: str, expected: int) -> None:
    assert _killed(text)[0][0] == expected


def test_an_unrelated_clause_between_count_and_verb_still_blocks() -> None:
    text = "اعتقلت الشرطة 14 شخصا، وقال شهود إن المسلحين قتلوا في الاشتباك."
    assert all(v != 14 for v, _ in _killed(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dead split further on: attackers among them are taken out
        ('قال مصدر إن "15 شخصا قتلوا" في الهجوم، وأضاف أن بين القتلى ستة جنود وأربعة مسلحين.', 11),
        ("قتل 20 شخصا في الهجوم على الفندق وبين القتلى ثلاثة إرهابيين وسبعة من النزلاء.", 17),
    ],
)
def test_attackers_among_the_dead_told_later(text: str, expected: int) -> None:
    value, net = _killed(text)[0]
    assert (value, net) == (expected, True)


def test_attackers_among_the_dead_are_no_arrest_count() -> None:
    text = "قتل 20 شخصا في الهجوم على الفندق وبين القتلى ثلاثة إرهابيين وسبعة من النزلاء."
    article = analyse(text)
    assert not [f for s in article.sentences for f in find_counts(s) if f.kind == "arrested"]


def test_attackers_split_from_the_victim_beat_the_headline_figure() -> None:
    text = (
        "قالت وكالة أنباء محلية إن أربعة أشخاص قتلوا في انفجار عند مركز للشرطة في مدينة "
        "أضنة. وأكد مكتب الحاكم مقتل ثلاثة مهاجمين وشرطي في الهجوم."
    )
    assert _main(text)["killed"] == 1


@pytest.mark.parametrize(
    "text",
    [
        # a sweep over a list of towns and provinces: no single town
        "أعلنت وزارة الداخلية القبض على 23 شخصا في عدة مناطق شملت جدة والطائف وتبوك وحائل "
        "لانتمائهم إلى خلية إرهابية.",
        "نفذت قوات الأمن عمليات متزامنة في مناطق الرياض والقصيم أسفرت عن القبض على 12 مطلوبا.",
    ],
)
def test_arrests_across_a_list_of_places_have_no_city(text: str) -> None:
    main = _main(text)
    assert main["type"] == "arrest_raid"
    assert main["city"] is None


def test_a_single_town_of_an_arrest_is_kept() -> None:
    text = "ألقت الشرطة القبض على خمسة أشخاص في مدينة جدة بتهمة الانتماء إلى خلية إرهابية."
    assert _main(text)["city"] == "Jeddah"


def test_the_place_of_an_earlier_crime_is_not_the_place_of_the_arrests() -> None:
    text = (
        "أعلنت وزارة الداخلية أن الجهود الأمنية كشفت عمن يقف خلف حادثة مسجد بلدة القديح، "
        "حيث ضبط 40 موقوفا لعلاقتهم بأعضاء الخلية."
    )
    main = _main(text)
    assert main["type"] == "arrest_raid"
    assert main["city"] is None


def test_a_group_record_in_an_aside_does_not_take_the_sentence() -> None:
    text = (
        "قال مسؤول إن الهجوم على السفارة في مدينة نيروبي مرتبط بحركة الشباب، وهي جماعة "
        "تبنت في العام 2013 هجوما انتحاريا على مركز تجاري في مومباسا، وأكد أن التحقيق مستمر."
    )
    main = _main(text)
    assert main["groups"] == ["al-Shabaab"]
    assert main["city"] == "Nairobi"
    assert main["type"] != "suicide_bombing"
    assert main["date"] is None or not str(main["date"]).startswith("2013")


def test_an_aside_with_no_act_after_it_changes_nothing() -> None:
    text = (
        "قتل خمسة جنود في هجوم انتحاري نفذته حركة الشباب، وهي جماعة متشددة، على قاعدة "
        "في مقديشو أمس."
    )
    main = _main(text)
    assert main["type"] == "suicide_bombing"
    assert main["groups"] == ["al-Shabaab"]
    assert main["killed"] == 5


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        # a nisba-shaped town name after a definite noun is an adjective
        (
            "فجر انتحاري سيارة مفخخة أمام أحد المساجد الإسماعيلية في العاصمة اليمنية صنعاء "
            "أمس ما أدى إلى إصابة خمسة أشخاص.",
            "YE",
            "Sanaa",
        ),
        (
            "استهدف تفجير مسجدا للطائفة الإسماعيلية في مدينة نجران أمس وأصيب ثلاثة أشخاص.",
            "SA",
            "Najrān",
        ),
        # the town itself: after a place noun, a preposition or in apposition
        ("انفجرت عبوة ناسفة في مدينة الإسماعيلية أمس وأصيب ثلاثة جنود.", "EG", "Ismailia"),
        ("أصيب أربعة أشخاص في انفجار عبوة ناسفة بالإسكندرية أمس.", "EG", "Alexandria"),
        ("قتل شخصان في تفجير سيارة مفخخة في المدينة الساحلية اللاذقية أمس.", "SY", "Latakia"),
    ],
)
def test_town_name_used_as_an_adjective(text: str, country: str, city: str) -> None:
    main = _main(text)
    assert (main["country"], main["city"]) == (country, city)
