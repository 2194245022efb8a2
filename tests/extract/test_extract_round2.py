"""Round-2 extraction rules: coordinated and update casualty counts, counts split by a
second cue, English exonyms, capitals named for their governments, dateline outlets,
the lead's date, background dating, and arrests that also thwart a plot."""

from __future__ import annotations

import pytest
from extract_cases_support import PUB
from extract_cases_support import main_report as _main

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.casualties import find_counts
from rasd.extract.fields import exonyms, find_tags
from rasd.kb.base import KnowledgeBase


def _counts(text: str) -> dict[str, int | None]:
    s = analyse(text).sentences[0]
    out: dict[str, int | None] = {}
    for f in find_counts(s):
        out.setdefault(f.kind, f.count.value)
    return out


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        # a singular victim noun joined to the count: 1 + N
        ("أعلن الجيش مقتل ضابط وثلاثة جنود بانفجار عبوة ناسفة على الطريق.", 4, None),
        ("أسفر الهجوم عن مقتل ستة جنود وشرطي عند نقطة التفتيش.", 7, None),
        # a dual noun counts two
        ("قال المتحدث إن الهجوم أدى إلى مقتل ضابطين وخمسة مدنيين في السوق.", 7, None),
        # no coordination: the plain figure
        ("قتل تسعة أشخاص في انفجار استهدف حافلة ركاب مساء الأحد.", 9, None),
        ("أسفر التفجير عن مقتل ثلاثة جنود و4 مدنيين قرب المعسكر.", 7, None),
        # a plural verb after its count, a second cue before the next figure
        ("قالت الشرطة إن خمسة أشخاص قتلوا وأصيب ثمانية آخرون في الانفجار.", 5, 8),
        ("ذكر شهود أن سبعة مدنيين قتلوا وجرح عشرون في القصف على الحي.", 7, 20),
    ],
)
def test_casualty_counts(text: str, killed: int | None, wounded: int | None) -> None:
    got = _counts(text)
    assert got.get("killed") == killed
    assert got.get("wounded") == wounded


@pytest.mark.parametrize(
    ("first", "second", "killed"),
    [
        (
            "قتل تسعة أشخاص في تفجير سيارة مفخخة في مدينة كركوك صباح اليوم.",
            "وارتفع عدد قتلى التفجير إلى أربعة عشر بعد وفاة عدد من المصابين.",
            14,
        ),
        (
            "لقي ستة أشخاص حتفهم في انفجار عبوة ناسفة في مدينة الموصل اليوم.",
            "وارتفعت حصيلة قتلى الانفجار إلى عشرة حسب مصادر طبية.",
            10,
        ),
    ],
)
def test_raised_toll_is_latest_total(first: str, second: str, killed: int) -> None:
    assert _main(first + " " + second)["killed"] == killed


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("انفجرت سيارة مفخخة في مدينة كوباني شمال سوريا اليوم وقتل ثلاثة أشخاص.", "Kobani"),
        ("قتل أربعة أشخاص في انفجار سيارة مفخخة في مدينة درنة الليبية اليوم.", "Derna"),
        ("قتل جنديان في هجوم مسلح على حاجز في مدينة الفلوجة العراقية اليوم.", "Fallujah"),
    ],
)
def test_exonym_city(text: str, city: str) -> None:
    assert _main(text)["city"] == city


def test_exonyms_are_keyed_by_gazetteer_id() -> None:
    table = exonyms()
    gaz = KnowledgeBase.default().gazetteer
    for pid in table:
        assert gaz.place(pid) is not None, pid


@pytest.mark.parametrize(
    "text",
    [
        "قتل خمسة جنود في انفجار عبوة ناسفة في بلدة سروج التركية أمس، وتخشى أنقرة "
        "من تصاعد العنف على حدودها.",
        "قتل خمسة جنود في انفجار عبوة ناسفة في بلدة سروج التركية أمس بعد أن "
        "هدد متمردون بإنهاء الهدنة مع أنقرة.",
        "قتل خمسة جنود في انفجار عبوة ناسفة في بلدة سروج التركية أمس، واتهمت السلطات "
        "فصيلا مسلحا موالية قيادته لدمشق بزرعها، فيما نفت فصائل موالية لأنقرة أي صلة.",
    ],
)
def test_capital_named_for_government_is_not_the_place(text: str) -> None:
    assert _main(text)["city"] == "Suruc" or _main(text)["city"] == "Suruç"


def test_capital_as_place_is_kept() -> None:
    text = "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في أنقرة صباح اليوم."
    assert _main(text)["city"] == "Ankara"


def test_capital_after_a_word_of_allegiance_is_its_government() -> None:
    text = "اتهمت الإدارة الكردية فصائل مسلحة موالية لأنقرة بتفجير سيارة مفخخة في سوق البلدة."
    assert _main(text)["city"] != "Ankara"


@pytest.mark.parametrize(
    ("text", "banned"),
    [
        ("موسكو - قنطرة الأخبار: قال مسؤول إن انفجارا وقع في سوق المدينة اليوم.", "bridge"),
        ("بغداد - قنطرة نيوز: قتل ثلاثة أشخاص بانفجار عبوة ناسفة في سوق شعبي.", "bridge"),
    ],
)
def test_dateline_outlet_is_no_target(text: str, banned: str) -> None:
    kb = KnowledgeBase.default()
    s = analyse(text, kb=kb).sentences[0]
    assert banned not in {t.name for t in find_tags(s, kb, "targets")}


def test_target_after_dateline_is_kept() -> None:
    kb = KnowledgeBase.default()
    text = "بغداد - رويترز: انفجرت عبوة ناسفة قرب قنطرة على النهر صباح اليوم."
    s = analyse(text, kb=kb).sentences[0]
    assert "bridge" in {t.name for t in find_tags(s, kb, "targets")}


@pytest.mark.parametrize(
    ("title", "body", "date"),
    [
        (
            "مقتل خمسة في هجوم أمس",
            "قتل خمسة أشخاص في هجوم مسلح استهدف نقطة تفتيش في مدينة كركوك.",
            "2021-03-09",
        ),
        (
            None,
            "أعلنت الشرطة اليوم الأربعاء مقتل أربعة أشخاص في حادث إطلاق نار في مدينة "
            "الموصل. وأضافت أن انفجارا قتل ثلاثة جنود في مدينة الموصل.",
            "2021-03-10",
        ),
    ],
)
def test_lead_date_fills_undated_lead_mention(title: str | None, body: str, date: str) -> None:
    assert _main(body, title=title)["date"] == date


@pytest.mark.parametrize(
    "text",
    [
        "وكان انفجار سيارة مفخخة قد أودى بحياة عشرين شخصا في مدينة كركوك في 2 فبراير 2021.",
        "وقتل عشرة أشخاص في انفجار في مدينة كركوك الشهر الماضي.",
    ],
)
def test_earlier_event_is_background(text: str) -> None:
    reports = extract(text, published=PUB)
    assert reports and all(r.recency == "background" for r in reports)


@pytest.mark.parametrize(
    "text",
    [
        "ألقت قوات الأمن القبض على ستة أشخاص كانوا يخططون لتفجير مقر أمني في العاصمة تونس.",
        "أعلنت الوزارة اعتقال خلية إرهابية وإحباط مخطط لاستهداف مراكز أمنية في مدينة الكاف.",
    ],
)
def test_arrest_and_plot_give_two_incidents(text: str) -> None:
    reports = extract(text, published=PUB)
    types = {r.type: r for r in reports}
    assert "arrest_raid" in types
    assert "plot_foiled" in types
    assert types["plot_foiled"].status == "foiled"
