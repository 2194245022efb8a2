"""Field accuracy rules (issue 3): capitals named by a nisba, the most specific town,
places of reporting clauses, casualty sums and attacker counts, tolls of several
attacks, wounded-only reports, parent and patron groups, weekday and statement dates."""

from __future__ import annotations

from typing import Any

import pytest

from rasd.extract import extract
from rasd.extract.actors import affiliation_groups
from rasd.extract.analysis import analyse
from rasd.extract.casualties import find_counts
from rasd.extract.fields import find_places
from rasd.kb.base import KnowledgeBase


def _main(text: str, title: str | None = None, published: str = "2021-03-10") -> dict[str, Any]:
    reports = extract(text, published=published, title=title)
    main = [r for r in reports if r.is_main]
    assert main, [r.to_gold() for r in reports]
    return main[0].to_gold()


def _killed(text: str) -> int | None:
    s = analyse(text).sentences[0]
    return next((f.count.value for f in find_counts(s) if f.kind == "killed"), None)


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        (
            "قتل خمسة أشخاص في تفجير انتحاري استهدف فندقا في العاصمة الصومالية أمس.",
            "SO",
            "Mogadishu",
        ),
        ("أصيب عشرة أشخاص في انفجار سيارة مفخخة بالعاصمة الأفغانية صباح اليوم.", "AF", "Kabul"),
        ("قتل ثلاثة جنود في هجوم مسلح على حاجز في العاصمة العراقية.", "IQ", "Baghdad"),
    ],
)
def test_capital_named_by_its_nisba(text: str, country: str, city: str) -> None:
    g = _main(text)
    assert (g["country"], g["city"]) == (country, city)


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("قتل 12 شخصا في تفجير انتحاري في مدينة سوروتش التركية أمس.", "Suruc"),
        (
            "أصيب 20 جنديا في هجوم بجرار مفخخ على موقع للجيش في منطقة دوجو بايزيد أمس.",
            "Dogubayazit",
        ),
        ("قتل جنديان في انفجار عبوة ناسفة في دياربكر جنوب شرق تركيا.", "Diyarbakir"),
        ("قتلت فتاة انتحارية 11 شخصا في سوق بمدينة مروة شمال الكاميرون.", "Maroua"),
    ],
)
def test_town_spellings(text: str, city: str) -> None:
    assert _main(text)["city"] == city


def test_marwa_as_a_given_name_is_no_place() -> None:
    s = analyse("قالت الطالبة مروة إن المدرسة أغلقت أبوابها اليوم.").sentences[0]
    assert find_places(s, KnowledgeBase.default(), ["EG"], mentioned=frozenset({"EG"})) == []


def test_town_named_with_a_settlement_noun_beats_its_province_seat() -> None:
    text = (
        "قتل جنديان وأصيب أربعة في تفجير سيارة مفخخة استهدف قافلة عسكرية في دياربكر مساء أمس. "
        "وقال مكتب المحافظ إن السيارة انفجرت في منطقة ليجه عند مرور القافلة."
    )
    assert _main(text)["city"] == "Lice"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("وقال الوزير في مؤتمر صحفي عقده في أنقرة إن التفجير في سروج نفذه انتحاري.", "Suruc"),
        ("قال مسؤول أمني في بغداد إن انفجارا وقع في الموصل وقتل أربعة أشخاص.", "Mosul"),
        # the speaker's town is the only place: it stays
        ("قال مسؤول أمني في بغداد إن انفجارا قتل أربعة أشخاص صباح اليوم.", "Baghdad"),
    ],
)
def test_place_of_the_reporting_clause(text: str, city: str) -> None:
    s = analyse(text).sentences[0]
    places = find_places(s, KnowledgeBase.default(), ["TR", "IQ"])
    assert [p.location.city for p in places if p.rank == 0] == [city]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # attackers counted by the figure's own noun are not victims
        ("وأكد مكتب الحاكم مقتل ثلاثة مهاجمين وشرطي في الهجوم على المركز.", 1),
        ("قال الجيش إن الاشتباك انتهى بمقتل خمسة مسلحين.", None),
        # a second figure added to the first
        ("نتج عن التفجير استشهاد عشرة من الجنود إضافة إلى ثلاثة من العمال في الموقع.", 13),
        ("أسفر الانفجار عن مقتل 12 من رجال الأمن، وثلاثة من المدنيين.", 15),
        # not a second figure of the dead
        ("أسفر الهجوم عن سقوط 30 قتيلا على الأقل ونحو 100 جريح.", 30),
        # the attacker named among the dead
        ("قتل أربعة أشخاص بينهم جنديان ومهاجم في الهجوم على الفندق.", 3),
        ("قتل 12 شخصا بينهم خمسة من المهاجمين في الهجوم على الفندق.", 7),
        # a raised toll of "martyrs"
        ("وتوفي اثنان من المصابين ليرتفع عدد الشهداء إلى (15) شخصا.", 15),
    ],
)
def test_killed_counts(text: str, killed: int | None) -> None:
    assert _killed(text) == killed


def test_toll_of_two_bombings_is_not_one_incidents() -> None:
    g = _main(
        "قالت مصادر أمنية إن 24 شخصا على الأقل قتلوا اليوم عندما انفجرت سيارة ملغومة "
        "في سوق بمدينة بعقوبة.",
        title="مقتل 31 على الأقل في تفجيرين بشرق العراق",
    )
    assert g["killed"] == 24


@pytest.mark.parametrize(
    ("text", "title", "killed", "wounded"),
    [
        # wounded counted, nobody said killed: none died
        ("أصيب ثلاثة شرطيين في انفجار عبوة ناسفة أمام محكمة في القاهرة صباح اليوم.", None, 0, 3),
        # a toll that names the dead stays unknown without a figure
        ("سقط قتلى وأصيب خمسة أشخاص في انفجار عبوة ناسفة في القاهرة اليوم.", None, None, 5),
        # a bomber who blew himself up is no victim
        (
            "فجر انتحاري سيارة مفخخة عند نقطة تفتيش في الرياض مساء أمس وأصيب اثنان من رجال الأمن.",
            None,
            0,
            2,
        ),
    ],
)
def test_wounded_only_reports(
    text: str, title: str | None, killed: int | None, wounded: int | None
) -> None:
    g = _main(text, title)
    assert (g["killed"], g["wounded"]) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        # a branch named with its parent: the branch
        (
            "قتل سبعة جنود في هجوم على كمين للجيش في رفح، وتبنت الهجوم جماعة ولاية سيناء "
            "الفرع المصري لتنظيم داعش.",
            ["Islamic State Sinai Province"],
        ),
        # the patron a group is tied to is no author
        (
            "قتل جنديان في كمين نصبته جماعة أبو سياف المرتبطة بتنظيم القاعدة في جزيرة جولو.",
            ["Abu Sayyaf"],
        ),
        # an attack tied to a group: that group is the author
        (
            "قال مسؤول إن الهجوم على القنصلية مرتبط بتنظيم داعش وقتل فيه شرطيان.",
            ["Islamic State"],
        ),
    ],
)
def test_groups_most_specific(text: str, groups: list[str]) -> None:
    assert sorted(_main(text)["groups"]) == groups


def test_affiliation_groups_joined_by_or() -> None:
    s = analyse(
        "تشهد المنطقة اعتداءات تنسب إلى مجموعات تقول إنها مرتبطة بتنظيم القاعدة أو تنظيم داعش."
    ).sentences[0]
    assert affiliation_groups(s) == {"al-qaeda", "islamic-state"}


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        # the weekday the text names wins over "today" of a late crawl (2015-07-22 is a Wednesday)
        (
            "قالت الوزارة في بيان اليوم الاثنين إن انفجارا في بلدة سروج أسفر عن مقتل 27 شخصا.",
            "2015-07-22",
            "2015-07-20",
        ),
        # a date that dates the statement yields to the incident's own day
        (
            "أعلن قائد الجيش أمس الاثنين أن جنديين قتلا في كمين نصبه مسلحون أول أمس الأحد "
            "في بلدة باتيكول.",
            "2015-08-11",
            "2015-08-09",
        ),
    ],
)
def test_incident_dates(text: str, published: str, date: str) -> None:
    assert _main(text, published=published)["date"] == date


def test_state_that_foils_a_plot_abroad_is_not_its_place() -> None:
    s = analyse("العراق يحبط محاولة اغتيال الرئيس السوري في دمشق").sentences[0]
    places = find_places(s, KnowledgeBase.default(), ["SY", "IQ"])
    assert "IQ" not in {p.location.country for p in places}
    s = analyse("الكويت تحبط هجوما على مسجد").sentences[0]
    assert [p.location.country for p in find_places(s, KnowledgeBase.default(), ["KW"])] == ["KW"]


def test_another_blast_is_an_incident_of_its_own() -> None:
    reports = extract(
        "قالت مصادر أمنية إن 40 شخصا على الأقل قتلوا اليوم حينما انفجرت سيارة ملغومة في سوق "
        "بمدينة بعقوبة. وفي انفجار آخر منفصل شرقي بعقوبة لقي سبعة أشخاص حتفهم وأصيب 25.",
        published="2021-03-10",
    )
    assert sorted((r.to_gold()["killed"], r.to_gold()["wounded"]) for r in reports) == [
        (7, 25),
        (40, None),
    ]


def test_toll_in_a_sentence_of_its_own_joins_the_incident_before() -> None:
    g = _main(
        "قتل ستة أشخاص عندما فجرت انتحارية نفسها صباح اليوم في سوق بمدينة مايدوغوري. "
        "وقال شاهد إن الجثث نقلت إلى المستشفى. وأصيب ثمانية أشخاص آخرون."
    )
    assert (g["killed"], g["wounded"]) == (6, 8)


def test_exact_toll_beats_a_vague_headline() -> None:
    g = _main(
        "قتل 15 شخصا على الأقل صباح اليوم حين فجر انتحاري حزامه الناسف وسط سوق شعبية شمالي أفغانستان.",
        title="عشرات القتلى والجرحى بهجوم انتحاري شمال أفغانستان",
    )
    assert g["killed"] == 15


@pytest.mark.parametrize(
    "text",
    [
        # nobody claimed: the group is only the other side of the peace talks
        "قتل 25 شخصا في تفجير انتحاري استهدف سوقا في أفغانستان أمس. ولم تعلن أي جهة مسؤوليتها "
        "عن الهجوم الذي جاء قبل محادثات السلام بين الحكومة وحركة طالبان.",
        # a sentence that sets the attack in its context
        "قتل 25 شخصا في تفجير انتحاري استهدف سوقا في أفغانستان أمس. ويأتي الهجوم بينما يصعد "
        "مقاتلو طالبان هجماتهم في الشمال.",
        # a group in a clause of its own time after the act
        "أطلق مسلحان النار على القنصلية الأميركية في إسطنبول اليوم، في وقت أطلقت فيه الحكومة "
        "حملة القصف على متمردي حزب العمال الكردستاني.",
    ],
)
def test_groups_named_as_context_are_no_authors(text: str) -> None:
    assert _main(text)["groups"] == []


def test_bare_attack_word_joins_the_first_incident() -> None:
    g = _main(
        "قتل جنديان في انفجار عبوة ناسفة استهدفت دورية في ديار بكر أمس. وتخشى الحكومة "
        "هجمات على الجنود في شمال العراق. ونسب الجيش الهجوم إلى حزب العمال الكردستاني."
    )
    assert g["groups"] == ["PKK"]


@pytest.mark.parametrize(
    ("title", "text", "type_"),
    [
        ("داعش يخطف 230 مدنيا في سوريا", "خطف التنظيم عشرات المدنيين من البلدة.", "kidnapping"),
        (
            "تونس تفكك خلية خططت لأعمال إرهابية",
            "أعلنت وزارة الداخلية تفكيك خلية إرهابية في مدينة الدهماني.",
            "arrest_raid",
        ),
    ],
)
def test_headline_present_tense_verbs(title: str, text: str, type_: str) -> None:
    g = _main(text, title)
    assert g["type"] == type_


def test_capital_before_a_government_verb_is_no_place() -> None:
    s = analyse(
        "أعلن مسؤول أن أنقرة تتهم مجموعة يسارية بالهجوم على القنصلية في اسطنبول."
    ).sentences[0]
    cities = [p.location.city for p in find_places(s, KnowledgeBase.default(), ["TR"])]
    assert cities == ["Istanbul"]
