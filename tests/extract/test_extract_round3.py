"""Round-3 extraction rules: policy and tactics pieces, rhetorical questions, foreseen
acts, plans named by the noun that governs the attack word, prison riots told by
co-occurrence, dates of another year, comparison periods and curated towns whose
name is also a common noun."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_cases_support import PUB
from extract_cases_support import gold_reports as _gold
from extract_cases_support import main_report as _main

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.contexts import is_topic_piece
from rasd.extract.dating import find_date


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a counter-extremism policy: a policy word beside a generic word of extremism
        ("الحكومة تعلن استراتيجية جديدة لمواجهة التطرف", True),
        ("البرلمان يناقش مشروع قانون لمكافحة الإرهاب", True),
        # a group's tactics
        ("أسلوب جديد يلجأ إليه المسلحون في زرع العبوات", True),
        ("تكتيكات التنظيم في المدن الساحلية", True),
        # a strategy of another kind is no policy piece
        ("استراتيجية جديدة للتقارب بين البلدين", False),
        ("مقتل خمسة جنود في هجوم على حاجز عسكري", False),
    ],
)
def test_topic_piece(title: str, expected: bool) -> None:
    article = analyse("نص قصير عن الموضوع.", title=title)
    assert is_topic_piece(article.sentences) is expected


def test_tactics_piece_without_date_or_toll_reports_nothing() -> None:
    title = "أسلوب جديد للتفجير عن بعد يلجأ إليه التنظيم"
    text = (
        "يستخدم مسلحو تنظيم داعش في مدينة الموصل عبوات ناسفة صغيرة يخفونها في ألعاب الأطفال "
        "ثم تفجيرها عن بعد. "
        "ويقول خبراء إن هذه الطريقة تنتشر بين الجماعات المسلحة."
    )
    assert _gold(text, title) == []


def test_tactics_piece_keeps_a_dated_attack_with_a_toll() -> None:
    title = "أسلوب جديد للتفجير عن بعد يلجأ إليه التنظيم"
    text = (
        "قتل أربعة أشخاص أمس في انفجار عبوة ناسفة في سوق مدينة الموصل. "
        "ويقول خبراء إن هذه الطريقة تنتشر بين الجماعات المسلحة."
    )
    main = _main(text, title)
    assert main["killed"] == 4
    assert main["date"] == "2021-03-09"


def test_policy_piece_arrest_powers_are_no_arrest() -> None:
    title = "الحكومة تعلن استراتيجية جديدة لمواجهة التطرف"
    text = (
        "تضمنت الخطة زيادة صلاحيات الشرطة في توقيف الجماعات التي تنشر الفكر المتطرف في المدن. "
        "وتشمل الاستراتيجية برامج في المدارس والجامعات."
    )
    assert _gold(text, title) == []


def test_rhetorical_question_in_a_column_is_no_incident() -> None:
    text = (
        "كتب الكاتب مقالا عن الفكر المتطرف. "
        "فهل يظن من يقوم بقتل أهله والتفجير بين المدنيين وقتل شرطي أو اثنين في مدينة حلب أنه ينتصر؟"
    )
    assert _gold(text) == []


def test_coalition_jets_targeting_a_group_are_no_attack() -> None:
    text = "قالت المصادر إن طائرات التحالف تستهدف مواقع التنظيم في محافظة الرقة منذ أشهر."
    assert _gold(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "توقع قائد اللواء أن يشن التنظيم هجوما على مدينة إيلات في أي وقت.",
        "قال الضابط إن هجوم تنظيم داعش على مدينة العريش مسألة وقت لا أكثر.",
    ],
)
def test_foreseen_attack_is_a_warning(text: str) -> None:
    assert _main(text)["type"] == "warning_threat"


def test_such_attacks_is_generic() -> None:
    text = "قال المتحدث إن الجيش مستعد في كل وقت لمثل الهجمات التي يشنها المسلحون في الصحراء."
    assert _gold(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # the plan noun governs the attack word; the toll is of something else
        "سلمت الأجهزة الأمنية أدلة على خطة الاغتيال بعد مقتل أحد قادة التنظيم في بغداد أمس.",
        # a verb of preparing before an attack noun with ل
        "ألقت الشرطة أمس القبض على شخص كان يعد لاغتيال وزير الداخلية في العاصمة تونس.",
    ],
)
def test_plans_named_by_their_governing_word(text: str) -> None:
    types = {r["type"] for r in _gold(text)}
    assert "plot_foiled" in types
    assert "assassination" not in types


@pytest.mark.parametrize(
    "text",
    [
        "قتل 12 شخصا في التمرد الذي نظمه عناصر من التنظيم داخل سجن مدينة وحدات أمس.",
        "أسفرت أعمال الشغب التي اندلعت أمس في السجن المركزي بالمدينة عن مقتل خمسة سجناء.",
    ],
)
def test_riot_in_a_prison_by_co_occurrence(text: str) -> None:
    assert _main(text)["type"] == "prison_attack_or_riot"


def test_mutiny_without_a_prison_is_no_prison_riot() -> None:
    text = "قتل ثلاثة جنود أمس في تمرد مسلح قاده ضباط في ثكنة بالعاصمة."
    assert all(r["type"] != "prison_attack_or_riot" for r in _gold(text))


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("قتل 12 شخصا في التمرد الذي نظمه سجناء في سجن مدينة وحدات شرق دوشنبه أمس.", "Vahdat"),
        # "وحدات" alone is the common noun "units"
        ("انتشرت وحدات الأمن في طاجيكستان بعد مقتل شرطيين في هجوم على حاجز أمس.", None),
    ],
)
def test_vahdat_only_with_a_settlement_noun(text: str, city: str | None) -> None:
    assert _main(text)["city"] == city


def test_a_recalled_act_of_another_year_is_not_folded_in() -> None:
    text = (
        "قتل 32 شخصا في التمرد الذي نظمه سجناء في سجن مدينة وحدات في 20 مايو 2019. "
        "واتهمت السلطات في مايو 2016 عناصر من التنظيم بمحاولة اغتيال الرئيس."
    )
    reports = [r.to_gold() for r in extract(text, published="2019-05-29")]
    riot = [r for r in reports if r["type"] == "prison_attack_or_riot"]
    assert [r["killed"] for r in riot] == [32]
    assert all(r["killed"] is None for r in reports if r["type"] == "assassination")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # a comparison period is not the date of the attack
        (
            "بعد الهجوم الإرهابي تراجع عدد الزوار بنسبة 80 بالمئة مقارنة بنفس الفترة من العام الماضي.",
            None,
        ),
        ("وقع الهجوم الإرهابي في العام الماضي على فندق في المدينة.", "2020"),
    ],
)
def test_comparison_period_is_no_date(text: str, date: str | None) -> None:
    pub = dt.date.fromisoformat(PUB)
    s = analyse(text, published=pub).sentences[0]
    got = find_date(s, s.triggers[0].first, pub)
    assert (got.value if got else None) == date


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # a dual settlement noun names two places: no single town
        ("قالت الوزارة إن الخلية خططت أمس لتفجير مساجد في مدينتي الرياض والدمام.", None),
        ("قالت الوزارة إن الخلية خططت أمس لتفجير مساجد في مدينة الدمام.", "Dammam"),
    ],
)
def test_two_towns_after_a_dual_noun(text: str, city: str | None) -> None:
    assert _main(text)["city"] == city


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # only the bomber died: no victim killed
        (
            "فجر انتحاري سيارته أمس عند حاجز في مدينة بعقوبة وكانت النتيجة مقتل الانتحاري وإصابة ثلاثة من رجال الأمن.",
            0,
        ),
        # a victim killed is no attacker
        (
            "انفجرت سيارة مفخخة أمس عند حاجز في مدينة بعقوبة مما أدى إلى مقتل أربعة أشخاص وإصابة ثلاثة من رجال الأمن.",
            4,
        ),
    ],
)
def test_death_of_the_attacker_only(text: str, killed: int) -> None:
    assert _main(text)["killed"] == killed
