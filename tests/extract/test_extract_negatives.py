"""Precision on negative and historical articles and type choices: sports, natural
events and state military operations are no incidents; anniversary and trial pieces
recount past incidents; hostage sieges, thwarted plans and bare intentions."""

from __future__ import annotations

import pytest

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.contexts import (
    is_non_event,
    is_non_event_article,
    is_retrospective,
    live_triggers,
    load_contexts,
)
from rasd.kb.base import KnowledgeBase

PUB = "2024-03-10"


def types(text: str, title: str | None = None) -> list[str]:
    return [r.type for r in extract(text, published=PUB, title=title)]


# --- state military operations (not annotated as terrorism incidents)


@pytest.mark.parametrize(
    "text",
    [
        "شنت طائرات التحالف غارات جوية على مواقع في ريف المدينة الشمالي أمس.",
        "قالت مصادر إن القصف الجوي استهدف مستودعات ذخيرة قرب الحدود يوم السبت.",
        "أعلن الجيش استعادة السيطرة على البلدة بعد هجوم واسع ضمن عملية عسكرية جديدة.",
    ],
)
def test_state_operations_are_no_incident(text: str) -> None:
    assert types(text) == []


def test_shelling_words_do_not_count_as_attack_triggers() -> None:
    kb = KnowledgeBase.default()
    s = analyse(
        "وواصلت المدفعية قصفها العنيف لمواقع المسلحين بعد هجوم الجيش على التلال.", kb=kb
    ).sentences[0]
    assert live_triggers(s) == []


def test_a_terrorist_attack_beside_an_operation_is_kept() -> None:
    text = (
        "فجر انتحاري نفسه داخل سوق شعبي في بغداد أمس وقتل 12 شخصا، "
        "فيما واصلت طائرات التحالف غاراتها الجوية في الأنبار."
    )
    assert "suicide_bombing" in types(text)


# --- sports, natural events, accidents


@pytest.mark.parametrize(
    "text",
    [
        "انفجر نيزك صغير فوق المحيط الهادئ دون أن يلحظه أحد من سكان الجزر.",
        "تسبب انفجار أسطوانة غاز في مطبخ مطعم بجدة في أضرار مادية كبيرة صباح اليوم.",
        "وقع انفجار في محطة كهرباء إثر ماس كهربائي في الدمام مساء الأحد.",
    ],
)
def test_natural_or_accidental_explosions_are_no_incident(text: str) -> None:
    assert types(text) == []


SPORTS = (
    "يخوض الفريق المباراة النهائية في البطولة مساء الخميس على ملعب المدينة. "
    "ويعتمد المدرب على مدافعين أقوياء وخط وسط سريع. "
    "ويرى المحللون أن الهجوم كان نقطة الضعف في الموسم الماضي. "
    "وسجل اللاعب هدفين في المباراة الأخيرة قبل أن يغادر الملعب مصابا."
)


def test_generic_attack_word_in_a_sports_article_is_no_incident() -> None:
    assert types(SPORTS) == []


def test_sports_article_detection() -> None:
    kb = KnowledgeBase.default()
    article = analyse(SPORTS, kb=kb)
    assert is_non_event_article(article.sentences)
    news = analyse("انفجرت عبوة ناسفة في سوق بغداد أمس وقتل خمسة أشخاص.", kb=kb)
    assert not is_non_event_article(news.sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("رصد العلماء شهابا لامعا فوق الصحراء.", True),
        ("أصيب سائق في حادث سير على طريق المطار.", True),
        ("هاجم مسلحون نقطة تفتيش في الموصل.", False),
    ],
)
def test_non_event_vocabulary(text: str, expected: bool) -> None:
    kb = KnowledgeBase.default()
    s = analyse(text, kb=kb).sentences[0]
    assert is_non_event(s) is expected


def test_multiword_trigger_survives_in_a_sports_article() -> None:
    kb = KnowledgeBase.default()
    s = analyse("وانفجرت سيارة مفخخة قرب الملعب قبل المباراة.", kb=kb).sentences[0]
    assert any(t.payload.type == "bombing" for t in live_triggers(s, non_event_article=True))


# --- anniversary, trial and retrospective framing


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "الأهالي يحيون ذكرى تفجير المحطة",
            "تجمع العشرات في الساحة الرئيسية لإحياء ذكرى التفجير الذي ضرب محطة القطار "
            "في المدينة وأودى بحياة 30 شخصا. وطالب المشاركون بمحاسبة المسؤولين عن الهجوم.",
        ),
        (
            "بدء محاكمة متهمين في قضية الهجوم على الفندق",
            "بدأت المحكمة الجزائية محاكمة سبعة متهمين بالمشاركة في الهجوم المسلح على "
            "فندق في سوسة. وقال محامي الدفاع إن موكليه ينفون أي صلة بالاعتداء.",
        ),
    ],
)
def test_retrospective_article_has_no_new_incident(title: str, text: str) -> None:
    reports = extract(text, published=PUB, title=title)
    assert all(r.recency == "background" for r in reports)


def test_retrospective_keeps_an_incident_of_the_last_days_new() -> None:
    kb = KnowledgeBase.default()
    article = analyse(
        "انفجرت سيارة مفخخة قرب سوق في بغداد أمس.",
        title="محاكمة المتهمين تتأجل بعد انفجار",
        kb=kb,
    )
    assert is_retrospective(article.sentences)
    reports = extract(
        "انفجرت سيارة مفخخة قرب سوق في بغداد أمس وقتل أربعة أشخاص.",
        published=PUB,
        title="محاكمة المتهمين تتأجل بعد انفجار",
    )
    assert any(r.recency == "new" for r in reports)


def test_fresh_news_is_not_retrospective() -> None:
    kb = KnowledgeBase.default()
    article = analyse("قتل خمسة أشخاص في هجوم مسلح على حافلة في كابول أمس.", kb=kb)
    assert not is_retrospective(article.sentences)


# --- type precedence


@pytest.mark.parametrize(
    "text",
    [
        "اقتحم مسلحون يرتدون أحزمة ناسفة فندقا في باماكو واحتجزوا عشرات الرهائن أمس.",
        "تحصن انتحاريون داخل مبنى حكومي في المدينة واحتجزوا موظفين رهائن يوم الأحد.",
        "هاجم انتحاريون مصرفا في كابول صباح اليوم واحتجزوا الموظفين والرهائن لساعات.",
    ],
)
def test_hostages_make_a_hostage_taking(text: str) -> None:
    assert types(text)[:1] == ["hostage_taking"]


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت الأجهزة الأمنية أنها تحبط محاولة اغتيال وزير الداخلية في بغداد.",
        "كشفت التحقيقات عن خطة لتفجير مركز تجاري في عمان خلال عطلة نهاية الأسبوع.",
    ],
)
def test_thwarted_or_planned_attack_is_a_plot(text: str) -> None:
    assert types(text)[:1] == ["plot_foiled"]


@pytest.mark.parametrize(
    "text",
    [
        "وأكد النائب العام أنه يعتزم طلب أقصى العقوبات بحق المتهمين في الرياض.",
        "وقال الوزير إن الحكومة تخطط لبناء مدارس جديدة في محافظة جدة هذا العام.",
    ],
)
def test_intention_without_violence_is_no_plot(text: str) -> None:
    assert "plot_foiled" not in types(text)


def test_intention_with_an_attack_word_is_a_plot() -> None:
    text = "اعتقلت الشرطة ثلاثة رجال كانوا يخططون لتفجير كنيسة في القاهرة."
    assert "plot_foiled" in types(text)


def test_contexts_lists_load() -> None:
    ctx = load_contexts()
    assert ctx.non_event and ctx.state_operations and ctx.retrospective_frames
