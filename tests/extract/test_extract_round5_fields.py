"""Round-5 field rules: victims told without a figure, tolls of the bomber himself,
security operations and Maghrebi "إيقاف", groups named as the other side, acts told
"since … until" or as "another" act, and towns of an act that spans several."""

from __future__ import annotations

import pytest
from extract_cases_support import gold_reports as _reports
from extract_cases_support import main_report as _main

from rasd.extract.analysis import analyse
from rasd.extract.casualties import find_counts


def _counts(text: str, kind: str) -> list[int | None]:
    article = analyse(text)
    return [f.count.value for s in article.sentences for f in find_counts(s) if f.kind == kind]


# --- casualties ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the victim referred to plus those killed with him
        ("أطلق مسلحان النار على القيادي في المخيم، ما أدى إلى مقتله مع أحد مرافقيه.", 2),
        ("تعرض المسؤول لإطلاق نار أمام منزله فقتل مع أحد حراسه.", 2),
        ("قتل الضابط مع ثلاثة من حراسه في الكمين.", 4),
        # victims named one by one with singular nouns
        ("أسفر الانفجار عن مقتل شرطي وإصابة خمسة آخرين.", 1),
        ("هاجم مسلحون دورية للأمن واستشهاد قائدها ومرافقه.", 2),
        ("أسفر الهجوم عن مقتل الضابط وسائقه.", 2),
        # a figure whose span runs over its noun to a hedge after it
        ("أوقع التفجير 27 قتيلا على الأقل في السوق.", 27),
        # a ـين form read as a dual when a figure of "others" follows
        ("أدى التفجير لمقتل شرطيين، وإصابة 4 آخرين.", 2),
    ],
)
def test_killed_without_a_plain_figure(text: str, expected: int) -> None:
    assert _counts(text, "killed")[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a plural with no figure of "others" after it stays uncounted
        "أسفر القصف عن مقتل مدنيين في البلدة.",
        # the attacker named after the death word is no victim figure
        "انتهى الهجوم بمقتل الانتحاري عند البوابة.",
    ],
)
def test_no_victim_figure(text: str) -> None:
    assert _counts(text, "killed") == []


def test_a_person_named_among_the_wounded_is_no_toll() -> None:
    text = "قال المصدر إن من بين المصابين العقيد سالم قائد الكتيبة."
    assert _counts(text, "wounded") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نتج عن الانفجار تعرض ثلاثة من رجال الأمن للإصابة ونقلوا إلى المستشفى.", 3),
        ("تعرض خمسة أشخاص لإصابات طفيفة في التفجير.", 5),
    ],
)
def test_wounded_told_as_exposed_to_injury(text: str, expected: int) -> None:
    assert _counts(text, "wounded") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "فجر انتحاري سيارة عند حاجز أمني في مدينة الموصل مما نتج عنه مقتله وإصابة ثلاثة من الحراس.",
        "فجر مسلح سيارة مفخخة عند نقطة تفتيش في مدينة الموصل ومقتل قائدها وإصابة ثلاثة من الحراس.",
    ],
)
def test_the_bombers_own_death_leaves_no_victim_killed(text: str) -> None:
    main = _main(text)
    assert main["killed"] == 0
    assert main["wounded"] == 3


def test_a_killing_before_the_act_is_not_its_toll() -> None:
    text = (
        "فجر انتحاري نفسه عند حاجز أمني في مدينة الموصل بعد أن قتل شقيقه، وأسفر "
        "التفجير عن إصابة جنديين."
    )
    main = _main(text)
    assert main["killed"] == 0
    assert main["wounded"] == 2


# --- event words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "تعرضت مواقع وزارات عدة لهجوم إلكتروني أمس أدى إلى توقفها ساعات.",
        "قالت الشركة إنها تعرضت لهجوم سيبراني في مدينة دبي أمس.",
    ],
)
def test_a_cyber_attack_is_no_incident(text: str) -> None:
    assert _reports(text) == []


def test_a_security_operation_with_deaths_is_an_arrest_raid() -> None:
    text = (
        "أسفرت عمليات نفذها جهاز الأمن في مدينة قازان عن مقتل شقيقين يشتبه في "
        "انتمائهما إلى شبكة مسلحة."
    )
    main = _main(text)
    assert main["type"] == "arrest_raid"
    assert main["killed"] == 2
    assert main["city"] == "Kazan"


def test_maghrebi_arrest_word_with_a_count() -> None:
    text = (
        "قالت وزارة الداخلية إن وحداتها تمكنت من إيقاف 4 عناصر تكفيرية في مدينة سوسة "
        "كانوا يخططون لاستهداف منشآت أمنية."
    )
    main = _main(text)
    assert main["type"] == "arrest_raid"
    assert main["arrested"] == 4
    assert main["city"] == "Sousse"


@pytest.mark.parametrize(
    "text",
    [
        "قررت الرابطة إيقاف المباراة بعد شغب الجماهير في الملعب.",
        "أعلنت الشركة إيقاف الرحلات إلى مدينة سوسة بسبب الطقس.",
    ],
)
def test_stopping_something_is_no_arrest(text: str) -> None:
    assert all(r["type"] != "arrest_raid" for r in _reports(text))


def test_a_raid_that_tells_how_an_abduction_was_done() -> None:
    text = (
        "خطف مسلحو تنظيم داعش 40 مدنيا من سكان بلدة القريتين خلال عملية مداهمة للبلدة، بحسب المرصد."
    )
    main = _main(text)
    assert main["type"] == "kidnapping"
    assert main["groups"] == ["Islamic State"]


# --- groups --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the group fought by the state or a militia
        "قتل خمسة أشخاص عندما فجرت انتحارية نفسها في سوق بمدينة مايدوغوري، فيما تستعد "
        "دول المنطقة لنشر قوة لقتال «بوكو حرام».",
        "فجر انتحاري نفسه بسيارة مفخخة عند حاجز لوحدات حماية الشعب في مدينة القامشلي.",
        "استهدف انفجار حاجزا تابعا لكتائب القسام في مدينة رفح دون وقوع إصابات.",
    ],
)
def test_a_group_on_the_other_side_is_not_the_author(text: str) -> None:
    assert _main(text)["groups"] == []


def test_the_author_named_beside_a_fought_group_is_kept() -> None:
    text = "تبنى تنظيم داعش تفجيرا انتحاريا استهدف حاجزا لقوات تقاتل جبهة النصرة في مدينة إدلب."
    assert _main(text)["groups"] == ["Islamic State"]


# --- scope of a mention --------------------------------------------------------------


def test_acts_told_since_and_until_keep_their_own_date_and_place() -> None:
    text = (
        "ما زال التنظيم على نهجه منذ تفجيرات مايو 2003، حتى العملية الانتحارية في "
        "مدينة أبها أمس التي أودت بحياة 12 شخصا."
    )
    reports = _reports(text)
    abha = [r for r in reports if r["city"] == "Abha"]
    assert abha and abha[0]["date"] == "2021-03-09"
    assert all(not str(r["date"]).startswith("2021") for r in reports if r["city"] != "Abha")


def test_a_further_act_after_a_first_one_has_its_own_place() -> None:
    text = (
        "وبعيد هذا التفجير في مدينة الموصل، وقع انفجار آخر قرب حاجز للشرطة في مدينة "
        "كركوك أسفر عن مقتل جنديين."
    )
    cities = {r["city"] for r in _reports(text)}
    assert "Kirkuk" in cities


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (
            "استذكر المتحدث استهداف المجمعات السكنية في مدينة الرياض 2003، وقال إن التنظيم "
            "لم يتغير.",
            "2003",
        ),
        ("قال الوزير إن الشرطة غيرت أساليبها بعد تفجيرات لندن 2005.", "2005"),
    ],
)
def test_a_bare_year_after_a_place_or_act_dates_it(text: str, year: str) -> None:
    from rasd.extract.dating import find_date_info

    article = analyse(text, published=None)
    s = article.sentences[0]
    date, _ = find_date_info(s, s.first_token, None)
    assert date is not None and date.value == year and date.precision == "year"


def test_a_year_that_counts_people_is_no_date() -> None:
    from rasd.extract.dating import find_date_info

    article = analyse("قتل في الرياض 2005 شخصا.")
    s = article.sentences[0]
    assert find_date_info(s, s.first_token, None)[0] is None


def test_a_plot_against_two_towns_has_no_single_town() -> None:
    text = (
        "أعلنت وزارة الداخلية إحباط مخطط إرهابي لتفجير مساجد في مدينتي الرياض والدمام. "
        "وتضمن المخطط استهداف منشآت أمنية في محافظة شرورة."
    )
    plots = [r for r in _reports(text) if r["type"] == "plot_foiled"]
    assert plots and all(r["city"] is None for r in plots)


def test_acts_in_two_places_told_with_a_second_in() -> None:
    from rasd.extract.fields import find_places
    from rasd.extract.spread import single_places
    from rasd.kb.base import KnowledgeBase

    kb = KnowledgeBase.default()
    text = (
        "قتل مسلحو الحركة في أفغانستان تسعة أشخاص في سلسلة هجمات في قندهار مهد الحركة، "
        "وفي ولاية لوغار جنوب كابول."
    )
    s = analyse(text, kb=kb).sentences[0]
    found = find_places(s, kb, ["AF"], mentioned=frozenset({"AF"}))
    assert {p.location.city or p.location.province for p in found if p.rank < 2} >= {
        "Kandahar",
        "Logar",
        "Kabul",
    }
    assert all(p.rank == 2 for p in single_places(s, "armed_assault", found))


def test_an_attempt_word_far_from_the_act_does_not_qualify_it() -> None:
    text = (
        "بدأت العمليات بسيارات مفخخة يقودها انتحاري استهدفت مجمعا سكنيا في مدينة الرياض "
        "أمس، ثم تلتها بعد أعوام طويلة من الملاحقة والمطاردة في مناطق متفرقة المحاولة "
        "الفاشلة لتفجير مبنى الوزارة."
    )
    main = _main(text)
    assert main["status"] == "executed"


def test_detainees_referred_to_keep_no_town_of_their_crimes() -> None:
    text = (
        "أظهرت التحقيقات أدوارا لأشخاص آخرين يرتبطون بالحادث الذي استهدف المصلين "
        "بمسجد في مدينة الدمام وبنشاطات الموقوفين في الخلية."
    )
    arrests = [r for r in _reports(text) if r["type"] == "arrest_raid"]
    assert all(r["city"] is None for r in arrests)
