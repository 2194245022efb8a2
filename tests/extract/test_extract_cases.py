"""Extraction cases on the team's own Arabic sentences: types, status, dates, casualties,
places, groups, non-events and evidence offsets. Every case asserts concrete values."""

from __future__ import annotations

from typing import Any

import pytest

from rasd.extract import extract
from rasd.model import Evidence, IncidentReport


def _main(text: str, published: str) -> IncidentReport:
    reports = extract(text, published=published)
    assert reports, "expected at least one incident"
    return next((r for r in reports if r.is_main), reports[0])


# (text, published, expected fields of the main report in the gold schema)
MAIN_CASES: list[tuple[str, str, dict[str, Any]]] = [
    # --- bombings
    (
        "انفجرت سيارة مفخخة قرب مركز للشرطة في مدينة كركوك صباح اليوم الاثنين، ما أدى إلى مقتل خمسة أشخاص.",
        "2015-08-10",
        {
            "type": "bombing",
            "status": "executed",
            "date": "2015-08-10",
            "country": "IQ",
            "city": "Kirkuk",
            "killed": 5,
        },
    ),
    (
        "هز انفجار عنيف حي المنصور في بغداد مساء أمس وأسفر عن مقتل تسعة مدنيين.",
        "2015-08-10",
        {"type": "bombing", "date": "2015-08-09", "country": "IQ", "city": "Baghdad", "killed": 9},
    ),
    (
        "أصيب أربعة أشخاص بجروح في انفجار عبوة ناسفة زرعت أمام مبنى حكومي في القاهرة.",
        "2015-08-10",
        # wounded counted and no dead named: killed 0 (the gold convention, issue 3)
        {"type": "bombing", "country": "EG", "city": "Cairo", "wounded": 4, "killed": 0},
    ),
    (
        "قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة استهدف سوقا شعبيا في مدينة بعقوبة العراقية أمس الأحد.",
        "2015-08-10",
        {
            "type": "bombing",
            "date": "2015-08-09",
            "country": "IQ",
            "city": "Baqubah",
            "killed": 12,
            "wounded": 30,
        },
    ),
    (
        "انفجرت عبوة ناسفة على جانب الطريق في مدينة العريش دون وقوع إصابات.",
        "2015-08-09",
        {"type": "bombing", "country": "EG", "killed": 0, "wounded": 0},
    ),
    (
        "انفجرت قنبلة في حي الأمان بمدينة الدمام دون وقوع إصابات.",
        "2015-08-02",
        {"type": "bombing", "country": "SA", "city": "Dammam", "killed": 0},
    ),
    # --- suicide bombings
    (
        "فجر انتحاري نفسه داخل مسجد في مدينة الكويت ظهر الجمعة، ما أسفر عن مقتل 27 مصليا وإصابة 200 آخرين.",
        "2015-06-27",
        {
            "type": "suicide_bombing",
            "date": "2015-06-26",
            "country": "KW",
            "killed": 27,
            "wounded": 200,
        },
    ),
    (
        "فجرت انتحارية حزامها الناسف وسط سوق مزدحم في مدينة داماتورو، ما أسفر عن مقتل 14 شخصا.",
        "2015-07-27",
        {"type": "suicide_bombing", "country": "NG", "city": "Damaturu", "killed": 14},
    ),
    (
        "قتل ستة أشخاص عندما فجر انتحاري سيارته المفخخة عند نقطة تفتيش في مقديشو.",
        "2015-07-26",
        {"type": "suicide_bombing", "country": "SO", "city": "Mogadishu", "killed": 6},
    ),
    (
        "قتل نحو 20 شخصا في هجوم انتحاري استهدف سوقا في مدينة مايدوغوري النيجيرية.",
        "2015-08-01",
        {"type": "suicide_bombing", "country": "NG", "city": "Maiduguri", "killed": 20},
    ),
    (
        "فجر انتحاري من جماعة بوكو حرام نفسه في سوق بمدينة ماروا في الكاميرون فقتل 20 شخصا.",
        "2015-07-26",
        {
            "type": "suicide_bombing",
            "country": "CM",
            "city": "Maroua",
            "groups": ["Boko Haram"],
            "killed": 20,
        },
    ),
    (
        "قتل 20 طالبا في هجوم انتحاري استهدف أكاديمية للشرطة في العاصمة الأفغانية كابول اليوم الجمعة.",
        "2015-08-07",
        {
            "type": "suicide_bombing",
            "date": "2015-08-07",
            "country": "AF",
            "city": "Kabul",
            "killed": 20,
        },
    ),
    # --- armed assaults
    (
        "هاجم مسلحون نقطة أمنية في مدينة الشيخ زويد وقتلوا سبعة جنود مصريين.",
        "2015-07-24",
        {"type": "armed_assault", "country": "EG", "killed": 7},
    ),
    (
        "فتح مسلح النار على رواد مقهى في مدينة بنغازي الليبية، فقتل ثلاثة أشخاص وأصاب خمسة.",
        "2015-08-01",
        {"type": "armed_assault", "country": "LY", "city": "Benghazi", "killed": 3},
    ),
    (
        "قتل شرطيان بنيران مسلحين هاجموا دورية أمنية في مدينة القطيف بالمنطقة الشرقية.",
        "2015-08-01",
        {"type": "armed_assault", "country": "SA", "killed": 2},
    ),
    (
        "أطلق مسلحون النار على حافلة تقل سياحا في مدينة سوسة التونسية، فقتلوا 38 شخصا.",
        "2015-06-27",
        {"type": "armed_assault", "country": "TN", "city": "Sousse", "killed": 38},
    ),
    # --- assassinations
    (
        "اغتال مسلحون مجهولون ضابطا في الشرطة أمام منزله في مدينة العريش بشمال سيناء اليوم الخميس.",
        "2015-08-06",
        {"type": "assassination", "status": "executed", "date": "2015-08-06", "country": "EG"},
    ),
    (
        "اغتيل قيادي فلسطيني برصاص مسلحين في مخيم عين الحلوة جنوب لبنان.",
        "2015-07-26",
        {"type": "assassination", "country": "LB", "city": "Ain al-Hilweh"},
    ),
    (
        "نجا وزير الداخلية من محاولة اغتيال استهدفت موكبه في العاصمة صنعاء.",
        "2015-08-01",
        {"type": "assassination", "status": "attempted_failed", "country": "YE"},
    ),
    # --- kidnapping and hostages
    (
        "اختطف مسلحون ثلاثة مهندسين أجانب من موقع عملهم قرب مدينة سرت الليبية.",
        "2015-08-06",
        {"type": "kidnapping", "country": "LY", "city": "Sirte"},
    ),
    (
        "خطف مسلحون صحفيا يابانيا في مدينة حلب السورية قبل أسبوع.",
        "2015-08-07",
        {"type": "kidnapping", "country": "SY", "date": "2015-07-31"},
    ),
    (
        "اختطفت جماعة أبو سياف سائحين أجنبيين من منتجع في جنوب الفلبين.",
        "2015-08-11",
        {"type": "kidnapping", "country": "PH", "groups": ["Abu Sayyaf"]},
    ),
    (
        "احتجز مسلحون عشرات الرهائن داخل فندق في مدينة سيفاري وسط مالي.",
        "2015-08-07",
        {"type": "hostage_taking", "country": "ML", "city": "Sévaré"},
    ),
    # --- foiled plots
    (
        "أحبطت الأجهزة الأمنية الكويتية مخططا لتفجير مسجد في العاصمة الكويت.",
        "2015-07-31",
        {"type": "plot_foiled", "status": "foiled", "country": "KW"},
    ),
    (
        "تمكنت الشرطة البريطانية من إحباط مخطط إرهابي لاستهداف احتفال عسكري في لندن.",
        "2015-08-10",
        {"type": "plot_foiled", "status": "foiled", "country": "GB", "city": "London"},
    ),
    (
        "أحبطت قوات الأمن التونسية مخططا إرهابيا لاستهداف منشآت حيوية في العاصمة تونس.",
        "2015-08-06",
        {"type": "plot_foiled", "status": "foiled", "country": "TN"},
    ),
    (
        "أعلنت الشرطة أنها أحبطت هجوما كان يستهدف كنيسة في مدينة فيلجويف الفرنسية.",
        "2015-04-22",
        {"type": "plot_foiled", "status": "foiled", "country": "FR"},
    ),
    # --- arrests and raids
    (
        "أعلنت وزارة الداخلية السعودية القبض على 431 شخصا ينتمون لتنظيم داعش.",
        "2015-07-18",
        {
            "type": "arrest_raid",
            "status": "executed",
            "country": "SA",
            "groups": ["Islamic State"],
            "arrested": 431,
        },
    ),
    (
        "ألقت قوات الأمن التركية القبض على 20 مشتبها بانتمائهم لتنظيم داعش في مدينة إسطنبول.",
        "2015-07-25",
        {"type": "arrest_raid", "country": "TR", "arrested": 20, "groups": ["Islamic State"]},
    ),
    (
        "داهمت الشرطة التونسية منزلا في مدينة القصرين واعتقلت ثلاثة عناصر إرهابية.",
        "2015-08-05",
        {"type": "arrest_raid", "country": "TN", "arrested": 3},
    ),
    (
        "اعتقلت السلطات المغربية خمسة أشخاص يشتبه في صلتهم بتنظيم داعش في مدينة فاس.",
        "2015-08-05",
        {"type": "arrest_raid", "country": "MA", "city": "Fes", "arrested": 5},
    ),
    (
        "أعلنت وزارة الداخلية التونسية تفكيك خلية إرهابية كانت تخطط لتنفيذ هجمات على منشآت أمنية.",
        "2015-08-06",
        {"type": "arrest_raid", "status": "executed", "country": "TN"},
    ),
    # --- claims (recorded on the attack)
    (
        "أعلن تنظيم داعش مسؤوليته عن التفجير الذي استهدف مقر قوات الأمن في مدينة عدن.",
        "2015-08-01",
        {"type": "bombing", "country": "YE", "city": "Aden", "groups": ["Islamic State"]},
    ),
    (
        "تبنت حركة طالبان الهجوم على أكاديمية الشرطة في كابل الذي أوقع 20 قتيلا.",
        "2015-08-08",
        {"type": "armed_assault", "country": "AF", "groups": ["Taliban"], "killed": 20},
    ),
    (
        "تبنى تنظيم داعش الهجوم الانتحاري الذي استهدف مسجدا في مدينة أبها وأسفر عن مقتل 15 شخصا.",
        "2015-08-07",
        {
            "type": "suicide_bombing",
            "country": "SA",
            "city": "Abha",
            "groups": ["Islamic State"],
            "killed": 15,
        },
    ),
    # --- warnings
    (
        "حذرت السفارة الأمريكية في نيروبي من هجمات محتملة قد تستهدف مراكز التسوق.",
        "2015-08-07",
        {"type": "warning_threat", "status": "unknown", "country": "KE"},
    ),
    (
        "هدد تنظيم داعش بشن هجمات جديدة في أوروبا خلال الأسابيع المقبلة.",
        "2015-08-08",
        {"type": "warning_threat", "status": "unknown", "groups": ["Islamic State"]},
    ),
    (
        "حذرت وزارة الخارجية البريطانية رعاياها من السفر إلى تونس بسبب تهديدات إرهابية.",
        "2015-08-08",
        {"type": "warning_threat", "country": "TN"},
    ),
    # --- status
    (
        "فشل انتحاري في تفجير حزامه الناسف عند بوابة مسجد في مدينة الدمام.",
        "2015-05-30",
        {"type": "suicide_bombing", "status": "attempted_failed", "city": "Dammam"},
    ),
    (
        "كشفت التحقيقات أن الخلية كانت تخطط لتفجير مقرات أمنية في الرياض.",
        "2015-07-18",
        {"type": "plot_foiled", "country": "SA"},
    ),
    # --- date forms
    (
        "قتل خمسة أشخاص في انفجار قنبلة في مدينة كويتا الباكستانية أمس.",
        "2015-08-05",
        {"date": "2015-08-04", "country": "PK", "city": "Quetta", "killed": 5},
    ),
    (
        "قتل جنديان في هجوم مسلح على حاجز عسكري في العريش يوم الثلاثاء الماضي.",
        "2015-08-06",
        {"date": "2015-08-04", "country": "EG", "killed": 2},
    ),
    (
        "قتل سبعة أشخاص في تفجير انتحاري في مدينة درنة الليبية في 9 أغسطس 2015.",
        "2015-08-11",
        {"date": "2015-08-09", "country": "LY", "killed": 7},
    ),
    (
        "انفجرت عبوة ناسفة في حي الكرادة ببغداد أول أمس فقتلت أربعة أشخاص.",
        "2015-08-10",
        {"date": "2015-08-08", "city": "Baghdad", "killed": 4},
    ),
    (
        "قتل ثلاثة أشخاص في هجوم مسلح على فندق في مدينة سوسة في العاشر من يوليو 2015.",
        "2015-08-10",
        {"date": "2015-07-10", "country": "TN", "killed": 3},
    ),
    (
        "وقع الهجوم الانتحاري في مدينة عدن يوم 20 تموز 2015 وقتل فيه عشرة أشخاص.",
        "2015-08-10",
        {"date": "2015-07-20", "city": "Aden", "killed": 10},
    ),
    # --- casualties: hedges, words, totals raised, attackers among the dead
    (
        "قتل ما لا يقل عن 15 شخصا في تفجير انتحاري بمدينة أبها.",
        "2015-08-06",
        {"killed": 15, "killed_is_minimum": True, "city": "Abha"},
    ),
    (
        "لقي أكثر من عشرين شخصا مصرعهم في انفجار سيارة مفخخة في سوق ببعقوبة.",
        "2015-08-10",
        {"killed": 20, "killed_is_minimum": True, "city": "Baqubah"},
    ),
    (
        "أسفر الانفجار عن مقتل نحو 40 شخصا وإصابة 70 آخرين في بعقوبة.",
        "2015-08-11",
        {"killed": 40, "wounded": 70, "killed_is_minimum": False},
    ),
    (
        "قتل ثلاثة عشر شخصا وجرح تسعة آخرون في الهجوم الانتحاري على مسجد بأبها.",
        "2015-08-06",
        {"killed": 13, "wounded": 9, "type": "suicide_bombing"},
    ),
    (
        "ارتفعت حصيلة القتلى إلى 27 قتيلا في التفجير الانتحاري الذي استهدف مسجد الإمام الصادق في الكويت.",
        "2015-06-27",
        {"killed": 27, "country": "KW"},
    ),
    (
        "ارتفع عدد القتلى إلى 32 شخصا في التفجير الانتحاري الذي وقع في بلدة سروج التركية.",
        "2015-07-22",
        {"killed": 32, "country": "TR"},
    ),
    (
        "قتل 12 شخصا بينهم خمسة مهاجمين في هجوم على فندق في مالي.",
        "2015-08-08",
        {"killed": 7, "country": "ML"},
    ),
    (
        "أصيب 25 شخصا بجروح متفاوتة في انفجار قنبلة في مدينة إسطنبول.",
        "2015-08-10",
        {"wounded": 25, "killed": 0, "country": "TR"},
    ),
    (
        "لقي خمسة أشخاص حتفهم في انفجار عبوة ناسفة في مدينة الموصل.",
        "2015-08-10",
        {"killed": 5, "city": "Mosul"},
    ),
    ("أسفر الهجوم عن سقوط 7 قتلى في مدينة درنة.", "2015-08-10", {"killed": 7, "country": "LY"}),
    (
        "قتل أكثر من 30 شخصا وأصيب العشرات في تفجير انتحاري بمدينة كابل.",
        "2015-08-07",
        {"killed": 30, "killed_is_minimum": True, "country": "AF"},
    ),
    # --- places: city choice by context country, nisba after the name
    (
        "قتل ثلاثة أشخاص في انفجار بمدينة رفح المصرية شمال سيناء.",
        "2015-08-02",
        {"country": "EG", "killed": 3},
    ),
    (
        "انفجرت سيارة مفخخة في مدينة طرابلس الليبية فقتلت أربعة أشخاص.",
        "2015-08-02",
        {"country": "LY", "city": "Tripoli"},
    ),
    (
        "انفجرت سيارة مفخخة في مدينة طرابلس شمال لبنان فقتلت أربعة أشخاص.",
        "2015-08-02",
        {"country": "LB", "city": "Tripoli"},
    ),
    (
        "قتل عشرة جنود في هجوم شنه مسلحون من بوكو حرام على قرية في شمال شرق نيجيريا.",
        "2015-08-10",
        {"country": "NG", "groups": ["Boko Haram"], "killed": 10},
    ),
    # --- groups: aliases and clitics
    (
        "تبنى تنظيم الدولة الإسلامية تفجير سيارة مفخخة في مدينة بعقوبة أسفر عن مقتل 20 شخصا.",
        "2015-08-10",
        {"groups": ["Islamic State"], "killed": 20},
    ),
    (
        "أعلنت حركة الشباب الصومالية مسؤوليتها عن تفجير فندق في مقديشو قتل فيه 13 شخصا.",
        "2015-07-27",
        {"groups": ["al-Shabaab"], "city": "Mogadishu", "killed": 13},
    ),
    (
        "قتل خمسة من عناصر الشرطة في هجوم لداعش على حاجز أمني قرب مدينة الرمادي.",
        "2015-08-10",
        {"groups": ["Islamic State"], "city": "Ramadi"},
    ),
    (
        "اتهمت السلطات التركية حزب العمال الكردستاني بتنفيذ تفجير أودى بحياة جنديين في مدينة ماردين.",
        "2015-08-02",
        {"groups": ["PKK"], "country": "TR"},
    ),
    (
        "تبنت جبهة النصرة هجوما على حاجز لقوات النظام في ريف إدلب قتل فيه 12 جنديا.",
        "2015-08-02",
        {"groups": ["al-Nusra Front"], "killed": 12, "country": "SY"},
    ),
    (
        "قتل أربعة جنود في هجوم تبنته جماعة أجناد مصر قرب القاهرة.",
        "2015-08-02",
        {"groups": ["Ajnad Misr"], "killed": 4},
    ),
    # --- security agencies are never perpetrators
    (
        "أعلنت وزارة الداخلية المصرية مقتل ثلاثة مسلحين في تبادل لإطلاق النار مع الشرطة في الفيوم.",
        "2015-08-02",
        {"groups": [], "country": "EG"},
    ),
    (
        "داهمت قوات الأمن العراقية وكرا في الموصل واعتقلت ستة أشخاص.",
        "2015-08-02",
        {"type": "arrest_raid", "groups": [], "arrested": 6},
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), MAIN_CASES)
def test_main_report_fields(text: str, published: str, expected: dict[str, Any]) -> None:
    gold = _main(text, published).to_gold()
    for name, value in expected.items():
        got = sorted(gold[name]) if name == "groups" else gold[name]
        assert got == value, f"{name}: {got!r} != {value!r}"


NON_EVENTS = [
    # sports, metaphors, opinion, policy talk
    "شن مهاجم الفريق هجوما خاطفا في الدقيقة الأخيرة من المباراة وسجل هدف الفوز.",
    "سجل المهاجم البرازيلي هدفين في مباراة فريقه أمام الخصم في الدوري.",
    "شن هجوم الفريق الكتالوني ضغطا متواصلا على مرمى الخصم طوال المباراة.",
    "انفجار سكاني غير مسبوق تشهده المدن الكبرى في العالم.",
    "تشهد الأسواق انفجار الأسعار في موسم الصيف.",
    "شن الكاتب هجوما لاذعا على منتقديه في مقال نشره أمس.",
    "انفجرت ضحكات الجمهور في قاعة المسرح عند ظهور الممثل.",
    "تفجير الطاقات الإبداعية لدى الشباب هدف رئيسي لبرنامج الجامعة.",
    "أكد وزير الداخلية أن مكافحة الإرهاب تتطلب تعاونا دوليا واسعا.",
    # anniversaries
    "يحيي العالم الذكرى الرابعة عشرة لهجمات الحادي عشر من سبتمبر.",
    "تحيي اليابان الذكرى السبعين لإلقاء القنبلة الذرية على مدينة هيروشيما.",
]


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events_give_no_new_incident(text: str) -> None:
    reports = extract(text, published="2015-08-08")
    assert [r.type for r in reports if r.recency == "new"] == []


PAST_ONLY = [
    # historical reviews and court cases about old attacks
    ("استعرض الكتاب تاريخ التفجيرات التي شهدتها المملكة في عام 2003.", "bombing"),
    ("أصدرت المحكمة الجنائية حكمها على المتهمين في قضية تفجيرات الرياض عام 2003.", "bombing"),
    ("قضت المحكمة بسجن خمسة متهمين في قضية تفجير وقع قبل سنوات في الرياض.", "bombing"),
]


@pytest.mark.parametrize(("text", "type_"), PAST_ONLY)
def test_past_incidents_are_background(text: str, type_: str) -> None:
    reports = extract(text, published="2015-08-08")
    assert [r.type for r in reports] == [type_]
    assert [r.recency for r in reports] == ["background"]


def _evidences(r: IncidentReport) -> list[Evidence]:
    out = list(r.evidence.values())
    for c in (r.killed, r.wounded, r.arrested, r.date, r.location):
        if c is not None and c.evidence is not None:
            out.append(c.evidence)
    for group in (r.perpetrators, r.targets, r.weapons, r.candidates):
        out.extend(a.evidence for a in group if a.evidence is not None)
    return out


@pytest.mark.parametrize(("text", "published", "expected"), MAIN_CASES[::3])
def test_evidence_offsets_slice_back(text: str, published: str, expected: dict[str, Any]) -> None:
    reports = extract(text, published=published)
    evs = [ev for r in reports for ev in _evidences(r)]
    assert evs
    for ev in evs:
        assert ev.part == "text"
        assert text[ev.start : ev.end] == ev.text
        assert text[ev.sentence_start : ev.sentence_end] == ev.sentence
        assert ev.sentence_start <= ev.start < ev.end <= ev.sentence_end


def test_title_evidence_points_into_the_title() -> None:
    title = "مقتل 5 أشخاص في انفجار بمدينة كركوك"
    body = "انفجرت سيارة مفخخة قرب سوق في مدينة كركوك صباح اليوم."
    reports = extract(body, title=title, published="2015-08-10")
    ev = reports[0].evidence["type"]
    source = title if ev.part == "title" else body
    assert source[ev.start : ev.end] == ev.text


def test_casualty_evidence_quotes_count_and_cue() -> None:
    text = "قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة في مدينة بعقوبة."
    r = _main(text, "2015-08-10")
    assert r.killed is not None and r.killed.evidence is not None
    assert r.killed.evidence.text == "قتل 12"
    assert r.wounded is not None and r.wounded.evidence is not None
    assert "30" in r.wounded.evidence.text


def test_range_keeps_bounds() -> None:
    r = _main("قتل بين 10 و15 شخصا في هجوم مسلح على قرية في ولاية بورنو.", "2015-08-10")
    assert r.type == "armed_assault"
    assert r.location is not None and r.location.country == "NG"
