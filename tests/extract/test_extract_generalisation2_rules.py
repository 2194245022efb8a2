"""Rules from the misses of the two generalisation sets: datelines after a headline
line, places inside group names or street names, the act before its means
(assassinations, gunmen wearing explosive belts), blame sentences, feelings and
counter-attacks told with violent words, and drills with scenarios."""

from __future__ import annotations

import pytest
from extract_cases_support import gold_reports as _reports
from extract_cases_support import main_report as _main

from rasd.extract.analysis import analyse
from rasd.extract.means import explosives_arm_gunmen
from rasd.kb.base import KnowledgeBase
from rasd.text.sentences import lead_start, opens_body

# --- datelines of plain texts that open with their headline ----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عنوان الخبر هنا\n\nبغداد - قال مصدر", len("عنوان الخبر هنا\n\n")),
        ("عنوان قصير\nالقاهرة - أ ش أ: أعلن", len("عنوان قصير\n")),
        # a first line that ends a sentence is body text, not a headline
        ("قال مصدر أمني إن الهجوم وقع أمس.\nوأضاف", 0),
        ("بغداد - رويترز: قال مصدر", 0),
        # a long first line is a paragraph
        (" ".join(["كلمة"] * 25) + "\n\nبغداد - رويترز", 0),
        ("عنوان بلا متن\n", 0),
    ],
)
def test_lead_start(text: str, expected: int) -> None:
    assert lead_start(text) == expected


def test_opens_body() -> None:
    text = "عنوان الخبر\n\nبغداد - قال مصدر. وأضاف"
    assert opens_body(text, 0)
    assert opens_body(text, text.index("بغداد"))
    assert not opens_body(text, text.index("وأضاف"))


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # the dateline says where the report was filed; the act's town is named after it
        (
            "خطف عاملين أجنبيين جنوب ليبيا\n\nطرابلس - قالت مصادر محلية إن مسلحين خطفوا "
            "أمس عاملين أجنبيين قرب مدينة سبها.",
            "Sabha",
        ),
        (
            "مقتل جنود في هجوم باليمن\n\nعدن - سبأ: قتل خمسة جنود فجر اليوم في هجوم "
            "شنه مسلحون على نقطة عسكرية في مدينة المكلا.",
            "Mukalla",
        ),
        # with no other town in the sentence the dateline's town stands
        (
            "انفجار في بغداد\n\nبغداد - رويترز: قتل ثلاثة أشخاص اليوم في انفجار عبوة "
            "ناسفة قرب سوق شعبية.",
            "Baghdad",
        ),
    ],
)
def test_dateline_town_gives_way_to_the_town_of_the_act(text: str, city: str) -> None:
    reports = _reports(text)
    assert len(reports) == 1, reports
    assert reports[0]["city"] == city


def test_a_dateline_after_a_headline_makes_no_incident_of_its_own() -> None:
    text = (
        "قطر تدين تفجير كويتا\n\nالدوحة - قنا: أدانت دولة قطر بشدة التفجير الانتحاري الذي "
        "استهدف اليوم سوقا في مدينة كويتا الباكستانية وأسفر عن مقتل 12 شخصا."
    )
    reports = _reports(text)
    assert [(r["country"], r["city"]) for r in reports] == [("PK", "Quetta")]


# --- places that are part of a group's name or of a street's ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت جماعة أنصار بيت المقدس مسؤوليتها عن تفجير سيارة مفخخة في القاهرة أمس.",
        "تبنت جماعة أنصار بيت المقدس الهجوم على حافلة للجنود في العريش أمس.",
    ],
)
def test_a_place_in_a_group_name_is_not_the_place_of_the_act(text: str) -> None:
    report = _main(text)
    assert report["country"] == "EG"
    assert report["groups"] == ["Islamic State Sinai Province"]


def test_a_street_named_after_a_foreign_city_is_no_place() -> None:
    text = (
        "مقديشو - قتل ثلاثة أشخاص اليوم عندما انفجرت سيارة مفخخة على طريق مكة المكرمة "
        "في العاصمة الصومالية."
    )
    reports = _reports(text)
    assert [(r["country"], r["city"]) for r in reports] == [("SO", "Mogadishu")]


# --- the act before its means ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "قتل مسؤول محلي أمس بانفجار عبوة ناسفة زرعت في سيارته بمدينة الموصل. "
        "وتبنى تنظيم داعش عملية الاغتيال في بيان.",
        "انفجرت سيارة مفخخة أمس لحظة مرور موكب قائد الشرطة في مدينة بنغازي فقتل مع "
        "اثنين من مرافقيه. وقالت الشرطة إن عملية الاغتيال في بنغازي نفذت عن بعد.",
    ],
)
def test_a_killing_the_text_calls_an_assassination_is_one(text: str) -> None:
    assert _main(text)["type"] == "assassination"


def test_a_failed_attempt_on_a_life_stays_failed_when_bystanders_die() -> None:
    text = (
        "نجا وزير من محاولة اغتيال أمس في القاهرة. وانفجرت سيارة مفخخة قرب موكبه، "
        "ما أسفر عن مقتل شخص وإصابة 10 آخرين."
    )
    report = _main(text)
    assert (report["type"], report["status"]) == ("assassination", "attempted_failed")


def test_assassinations_as_a_kind_of_act_do_not_retype_a_bombing() -> None:
    text = (
        "قتل 12 شخصا أمس في تفجير انتحاري استهدف سوقا في كابول. وتشهد البلاد منذ "
        "أشهر موجة من الهجمات والاغتيالات."
    )
    assert _main(text)["type"] == "suicide_bombing"


def test_a_suicide_attack_on_a_person_stays_a_suicide_bombing() -> None:
    text = (
        "فجر انتحاري سيارته المفخخة أمس عند نقطة تفتيش في مدينة الرياض فقتل شرطيا. وقالت "
        "الشرطة إن المهاجم نفذ قبل ذلك عملية اغتيال ضابط في مدينة الرياض."
    )
    assert _main(text)["type"] == "suicide_bombing"


@pytest.mark.parametrize(
    "text",
    [
        "اقتحم أربعة مسلحين يرتدون أحزمة ناسفة فندقا في العاصمة أمس وأطلقوا النار على "
        "النزلاء، ما أدى إلى مقتل 9 أشخاص.",
        "أطلق مسلح النار على المارة في وسط المدينة أمس فقتل 3 أشخاص، وكان يرتدي حزاما "
        "ناسفا تبين أنه مزيف.",
    ],
)
def test_gunmen_wearing_explosive_belts_commit_an_armed_assault(text: str) -> None:
    assert _main(text)["type"] == "armed_assault"


@pytest.mark.parametrize(
    "text",
    [
        "فجر انتحاري حزامه الناسف وسط المصلين في مسجد أمس فقتل 20 شخصا.",
        "قتل 15 شخصا أمس في هجوم انتحاري نفذه رجل يرتدي حزاما ناسفا في سوق.",
    ],
)
def test_a_belt_set_off_is_still_a_suicide_bombing(text: str) -> None:
    assert _main(text)["type"] == "suicide_bombing"


# --- blame sentences ---------------------------------------------------------------------


def test_a_group_blamed_stays_blamed_after_its_denial() -> None:
    text = (
        "قتل 8 أشخاص أمس بانفجار سيارة مفخخة في سوق بمدينة القامشلي. واتهمت السلطات "
        "حزب العمال الكردستاني بتنفيذ التفجير، وهي تهمة نفاها الحزب."
    )
    assert _main(text)["groups"] == ["PKK"]


def test_a_denial_with_no_blame_still_drops_the_group() -> None:
    text = (
        "قتل 8 أشخاص أمس بانفجار سيارة مفخخة في سوق بمدينة القامشلي. ونفى حزب العمال "
        "الكردستاني أي علاقة له بالتفجير."
    )
    assert _main(text)["groups"] == []


def test_an_attack_blamed_before_a_military_operation_is_named_counts() -> None:
    text = (
        "قتل 12 جنديا فجر اليوم في هجوم على موقع للجيش في ولاية شبيلي السفلى. واتهمت "
        "الحكومة حركة الشباب بتنفيذ الهجوم، الذي جاء بعد أيام من إطلاق الجيش عملية "
        "عسكرية ضد الحركة."
    )
    assert _main(text)["groups"] == ["al-Shabaab"]


def test_the_act_a_time_frame_follows_is_not_background() -> None:
    # "بعد أيام من" dates what follows it; the act named before it is this week's
    text = "قتل 4 جنود أمس في هجوم على حاجز في مدينة العريش بعد أيام من إعلان حالة الطوارئ."
    reports = _reports(text)
    assert [(r["city"], r["killed"]) for r in reports] == [("Arish", 4)]


# --- words of violence that tell no act --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "انفجرت المدرجات فرحا بعد الهدف الثاني في مباراة الأمس.",
        "انفجر الجمهور غضبا بعد قرار الحكم في مباراة الأمس.",
        "تعرض الخطيب أمس لاغتيال معنوي بإشاعات انتشرت في مدينة جدة.",
        "عجز الدفاع عن إيقاف الهجمات المرتدة السريعة في مباراة الأمس.",
        "ويتضمن التمرين العسكري المشترك سيناريوهات لتحرير رهائن من مبنى يتحصن فيه "
        "إرهابيون والتعامل مع السيارات المفخخة.",
    ],
)
def test_no_incident(text: str) -> None:
    assert _reports(text) == []


def test_a_warning_of_nothing_violent_is_no_threat() -> None:
    text = "ويحذر خبراء من أن المقاربة العسكرية وحدها لن تنجح من دون تنمية حقيقية في الأرياف."
    assert _reports(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "حذرت السفارة رعاياها أمس من هجمات محتملة على الفنادق في العاصمة نيروبي.",
        "حذرت الشرطة أمس من تهديدات إرهابية تستهدف المساجد في مدينة كراتشي.",
    ],
)
def test_a_warning_of_attacks_is_a_threat(text: str) -> None:
    assert _main(text)["type"] == "warning_threat"


# --- prisoners are not hostages; gunmen with grenades; the ISWAP long form ----------------


def test_inmates_held_in_a_prison_are_not_hostages() -> None:
    text = (
        "فر مئات السجناء أمس بعد هجوم مسلحين على سجن قرب مدينة مايدوغوري. وقال الوزير إن "
        "نحو 50 من عناصر الجماعة كانوا محتجزين في السجن وفروا جميعا."
    )
    assert "hostage_taking" not in [r["type"] for r in _reports(text)]


def test_gunmen_holding_hostages_in_a_prison_still_take_hostages() -> None:
    text = "احتجز سجناء متمردون خمسة حراس رهائن في السجن المركزي بمدينة حمص أمس."
    assert _main(text)["type"] == "hostage_taking"


def test_gunmen_with_rifles_and_hand_grenades_commit_an_armed_assault() -> None:
    text = (
        "هاجم ثلاثة مسلحين مزودين ببنادق آلية وقنابل يدوية فندقا في مدينة كابول أمس وقتلوا 5 أشخاص."
    )
    assert _main(text)["type"] == "armed_assault"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هاجم مسلحون ببنادق آلية وقنابل يدوية فندقا في المدينة.", True),
        # grenades alone, with no guns, are the bombs of the attack
        ("هاجم مجهولون بقنابل يدوية مقهى في المدينة.", False),
        # a car bomb beside the guns makes it a bombing
        ("هاجم مسلحون ببنادق آلية وسيارة مفخخة حاجزا في المدينة.", False),
        # belts worn, nothing else explosive
        ("هاجم مسلحون يرتدون أحزمة ناسفة فندقا في المدينة.", True),
        ("هاجم مسلحون يرتدون أحزمة ناسفة بسيارة مفخخة فندقا في المدينة.", False),
    ],
)
def test_explosives_that_arm_gunmen(text: str, expected: bool) -> None:
    kb = KnowledgeBase.default()
    sentence = analyse(text, kb=kb).sentences[0]
    assert explosives_arm_gunmen(sentence, kb) is expected


def test_the_long_form_of_the_west_africa_province() -> None:
    text = (
        "أعلن تنظيم الدولة الإسلامية في غرب أفريقيا مسؤوليته عن الهجوم على سجن قرب مدينة "
        "مايدوغوري أمس."
    )
    assert _main(text)["groups"] == ["Islamic State West Africa Province"]
