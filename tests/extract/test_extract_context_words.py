"""Context rules for trigger words that name no act: the noun homograph of
"فجر" (dawn), metaphors joined by a preposition, a ceasefire, a claim verb with a
non-violent object, and a hostage word told as a past state in a rescue."""

from __future__ import annotations

import pytest

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.contexts import live_triggers

PUB = "2022-05-04"


def _live(text: str) -> list[str]:
    article = analyse(text)
    return [t.payload.type for s in article.sentences for t in live_triggers(s)]


@pytest.mark.parametrize(
    "text",
    [
        "وصل الوفد إلى العاصمة فجر الخميس بعد رحلة طويلة.",
        "خرج الصيادون إلى البحر عند الفجر كعادتهم.",
        "امتلأ المسجد بالمصلين في صلاة الفجر.",
        "بدأت الأمطار تهطل منذ فجر اليوم على المرتفعات.",
        "شهدت المدينة انفجارا في أسعار الإيجارات هذا العام.",
        "أعلن الطرفان تمديد وقف إطلاق النار أسبوعا آخر.",
        "طالب النواب الحكومة بتبني تشريعات تحمي المستهلكين.",
        "قرر المجلس تبني خطة جديدة لتطوير التعليم.",
        "أعلن الجيش تحرير خمسة عشر شخصا كانوا محتجزين لدى عصابة في الغابة.",
    ],
)
def test_no_act_in_context(text: str) -> None:
    assert _live(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("فجر انتحاري نفسه وسط حشد من المتسوقين.", "suicide_bombing"),
        ("وفجر المسلحون عبوة ناسفة عند مرور الدورية.", "bombing"),
        ("فجر مهاجم سيارته المفخخة قرب بوابة الثكنة.", "bombing"),
        ("تبنى التنظيم الهجوم في بيان نشره على الإنترنت.", "claim"),
        ("احتجز المسلحون عشرات الرهائن داخل المصرف.", "hostage_taking"),
        ("أطلق مسلحون النار على سيارة القاضي.", "armed_assault"),
    ],
)
def test_act_still_read(text: str, kind: str) -> None:
    assert kind in _live(text)


def test_dawn_date_gives_no_bombing() -> None:
    text = "ضربت هزة أرضية قوية المنطقة فجر الاثنين وأدت إلى انهيار عشرات المنازل."
    assert extract(text, published=PUB) == []


def test_dawn_time_keeps_the_attack() -> None:
    text = "قتل ثلاثة جنود فجر الأحد عندما فجر انتحاري نفسه عند حاجز للجيش في المدينة."
    reports = extract(text, published=PUB)
    assert [r.to_gold()["type"] for r in reports if r.is_main] == ["suicide_bombing"]


@pytest.mark.parametrize(
    "text",
    [
        "هاجم مسلحون ليل الجمعة فندقا في العاصمة المالية باماكو وقتلوا أربعة أشخاص.",
        "قتل مسلحون حارسين بعد منتصف ليل الأحد في هجوم على مصرف في باماكو.",
    ],
)
def test_night_is_not_lille(text: str) -> None:
    cities = [r.to_gold()["city"] for r in extract(text, published=PUB)]
    assert cities and "Lille" not in cities


def test_lille_with_a_place_noun() -> None:
    text = "طعن رجل ثلاثة أشخاص في مدينة ليل شمال فرنسا مساء الأحد."
    assert [r.to_gold()["city"] for r in extract(text, published=PUB)] == ["Lille"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "اقتحم مسلحون فندقا في العاصمة مقديشو مساء الجمعة بعد تفجير سيارتين مفخختين "
            "عند مدخله، واحتجزوا عشرات النزلاء رهائن.",
            "hostage_taking",
        ),
        (
            "هاجم مسلحون السجن المركزي في مدينة الحلة مساء الأحد بسيارتين مفخختين، "
            "ما أدى إلى فرار عشرات السجناء ومقتل ستة من الحراس.",
            "prison_attack_or_riot",
        ),
        (
            "فجر مسلحون سيارة مفخخة عند بوابة سجن في مدينة الحلة مساء الأحد ثم اقتحموا "
            "السجن وحرروا عشرات السجناء.",
            "prison_attack_or_riot",
        ),
        ("انفجرت سيارة مفخخة قرب سوق في مدينة الحلة مساء الأحد وقتل خمسة أشخاص.", "bombing"),
    ],
)
def test_the_main_act_names_the_type(text: str, kind: str) -> None:
    assert [r.to_gold()["type"] for r in extract(text, published=PUB)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "انفجرت سيارة مفخخة في حي المنصورة بمدينة عدن مساء الأحد وقتل ثلاثة جنود.",
        "اغتال مسلحون ضابطا في حي المنصورة في مدينة عدن مساء الأحد.",
    ],
)
def test_district_gives_way_to_its_city(text: str) -> None:
    assert [r.to_gold()["city"] for r in extract(text, published=PUB)] == ["Aden"]


@pytest.mark.parametrize(
    ("later", "groups"),
    [
        # another party's denial at the end does not undo the group's claim
        ("وتبنى تنظيم الدولة الإسلامية الهجوم، بينما اتهم مسؤولون جهة أخرى، وهو ما نفته.",
         ["Islamic State"]),
        # the group's own denial still drops it
        ("ونفت حركة الشباب أي علاقة لها بالهجوم.", []),
    ],
)  # fmt: skip
def test_denial_belongs_to_the_nearest_group(later: str, groups: list[str]) -> None:
    text = (
        "اقتحم مسلحون قاعة للحفلات في المدينة مساء الجمعة وأطلقوا النار على الحضور "
        "فقتلوا عشرين شخصا.\n" + later
    )
    assert [r.to_gold()["groups"] for r in extract(text, published=PUB)] == [groups]
