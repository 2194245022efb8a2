"""Arabic calendar vocabulary: month names, weekdays, parts of the day, durations.

Pure data, written as Arabic is usually printed (with hamza forms); users such
as :mod:`rasd.text.dates` normalise every entry with
:func:`rasd.text.normalize.normalize` before matching search-normalised text.

Gregorian month names come in several families:

* Egyptian/Gulf (also pan-Arab wire copy): يناير … ديسمبر.
* Levantine/Iraqi (Syriac): كانون الثاني، شباط، آذار … كانون الأول.
* Maghrebi (Algeria, Tunisia; French): جانفي، فيفري، أفريل، ماي، جوان، جويلية، أوت.
* Moroccan: يوليوز، غشت، شتنبر، نونبر، دجنبر (others shared with the Gulf family).

Several month words are ordinary words or names too (آب "father", مارس "he
practised", نيسان "Nissan", شباط and تموز as names); the date finder accepts a
month name without a day or year only after a cue (see :mod:`rasd.text.dates`),
and the words in :data:`WEAK_MONTHS` only after a strong cue.
"""

from __future__ import annotations

#: Gregorian month number → spellings, by family.
GREGORIAN_EGYPTIAN: dict[int, tuple[str, ...]] = {
    1: ("يناير",),
    2: ("فبراير",),
    3: ("مارس",),
    4: ("أبريل", "ابريل", "إبريل"),
    5: ("مايو",),
    6: ("يونيو", "يونيه"),
    7: ("يوليو", "يوليه"),
    8: ("أغسطس", "اغسطس", "اغسطوس"),
    9: ("سبتمبر",),
    10: ("أكتوبر", "اكتوبر"),
    11: ("نوفمبر", "نوفنبر"),
    12: ("ديسمبر",),
}

GREGORIAN_LEVANTINE: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني"),
    2: ("شباط",),
    3: ("آذار",),
    4: ("نيسان",),
    5: ("أيار",),
    6: ("حزيران",),
    7: ("تموز",),
    8: ("آب",),
    9: ("أيلول",),
    10: ("تشرين الأول", "تشرين أول"),
    11: ("تشرين الثاني", "تشرين ثاني"),
    12: ("كانون الأول", "كانون أول"),
}

GREGORIAN_MAGHREBI: dict[int, tuple[str, ...]] = {
    1: ("جانفي",),
    2: ("فيفري",),
    3: ("مارس",),
    4: ("أفريل",),
    5: ("ماي",),
    6: ("جوان",),
    7: ("جويلية", "جويليه"),
    8: ("أوت",),
    9: ("سبتمبر",),
    10: ("أكتوبر",),
    11: ("نوفمبر",),
    12: ("ديسمبر",),
}

GREGORIAN_MOROCCAN: dict[int, tuple[str, ...]] = {
    1: ("يناير",),
    2: ("فبراير",),
    3: ("مارس",),
    4: ("أبريل",),
    5: ("ماي",),
    6: ("يونيو",),
    7: ("يوليوز",),
    8: ("غشت",),
    9: ("شتنبر",),
    10: ("أكتوبر",),
    11: ("نونبر",),
    12: ("دجنبر",),
}

GREGORIAN_FAMILIES: dict[str, dict[int, tuple[str, ...]]] = {
    "egyptian": GREGORIAN_EGYPTIAN,
    "levantine": GREGORIAN_LEVANTINE,
    "maghrebi": GREGORIAN_MAGHREBI,
    "moroccan": GREGORIAN_MOROCCAN,
}

#: Month words that are also frequent ordinary words or names (ماي, جوان "Juan", أوت,
#: غشت "cheated"): without a day or year they need a strong cue (شهر, a paired name,
#: الماضي/المقبل …), a plain preposition such as في is not enough.
WEAK_MONTHS: frozenset[str] = frozenset({"ماي", "جوان", "أوت", "غشت"})

#: Hijri (Islamic) month number → spellings.
HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول", "ربيع الاول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع ثاني", "ربيع الاخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى الاولى", "جمادي الأولى"),
    6: ("جمادى الآخرة", "جمادى الآخر", "جمادى الثانية", "جمادى الثاني", "جمادى الاخرة"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذو القعده", "ذي القعده", "ذوالقعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذو الحجه", "ذي الحجه", "ذوالحجة"),
}

#: Python weekday number (Monday = 0) → definite names.
WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("الاثنين", "الإثنين"),
    1: ("الثلاثاء",),
    2: ("الأربعاء", "الاربعاء"),
    3: ("الخميس",),
    4: ("الجمعة",),
    5: ("السبت",),
    6: ("الأحد", "الاحد"),
}

#: Words before a day ("صباح اليوم", "فجر الجمعة") → part of day.
PART_OF_DAY_BEFORE: dict[str, str] = {
    "صباح": "morning",
    "ضحى": "morning",
    "ظهر": "noon",
    "ظهيرة": "noon",
    "عصر": "noon",
    "مساء": "evening",
    "ليل": "night",
    "ليلة": "night",
    "منتصف ليل": "night",
    "منتصف ليلة": "night",
    "فجر": "dawn",
}

#: Adverbs after a day ("الجمعة صباحاً") → part of day (tanween is removed by normalisation).
PART_OF_DAY_AFTER: dict[str, str] = {
    "صباحا": "morning",
    "ظهرا": "noon",
    "عصرا": "noon",
    "مساء": "evening",
    "مساءا": "evening",
    "ليلا": "night",
    "فجرا": "dawn",
}

#: Modifiers after a period or a named day/month.
PAST_WORDS: tuple[str, ...] = (
    "الماضي",
    "الماضية",
    "الماضيين",
    "المنصرم",
    "المنصرمة",
    "الفائت",
    "الفائتة",
)
NEXT_WORDS: tuple[str, ...] = ("المقبل", "المقبلة", "المقبلين", "القادم", "القادمة")
CURRENT_WORDS: tuple[str, ...] = ("الجاري", "الجارية", "الحالي", "الحالية")

#: Words for part of a month or year ("مطلع الشهر الجاري"); they keep the precision.
PERIOD_PARTS: tuple[str, ...] = (
    "مطلع",
    "أوائل",
    "بداية",
    "مستهل",
    "منتصف",
    "أواسط",
    "أواخر",
    "نهاية",
    "آخر",
)

#: Days relative to publication ("أمس" = -1).
RELATIVE_DAYS: dict[str, int] = {
    "اليوم": 0,
    "أمس": -1,
    "الأمس": -1,
    "البارحة": -1,
    "أمس الأول": -2,
    "أول أمس": -2,
    "أول من أمس": -2,
    "أول من الأمس": -2,
    "غدا": 1,
    "غد": 1,
    "الغد": 1,
    "بعد غد": 2,
}

#: Calendar periods ("الشهر الماضي").
PERIOD_UNITS: dict[str, str] = {
    "الأسبوع": "week",
    "الشهر": "month",
    "العام": "year",
    "السنة": "year",
}

#: Cardinal number words used in durations ("قبل ثلاثة أيام").
COUNT_WORDS: dict[str, int] = {
    "واحد": 1,
    "ثلاثة": 3,
    "ثلاث": 3,
    "أربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثماني": 8,
    "ثمان": 8,
    "تسعة": 9,
    "تسع": 9,
    "عشرة": 10,
    "عشر": 10,
    "أحد عشر": 11,
    "إحدى عشرة": 11,
    "اثني عشر": 12,
    "اثنا عشر": 12,
    "اثنتي عشرة": 12,
    "عشرين": 20,
    "ثلاثين": 30,
}

#: Duration units → (unit, count implied by the form: 1 singular, 2 dual, 0 plural).
DURATION_UNITS: dict[str, tuple[str, int]] = {
    "يوم": ("day", 1),
    "يوما": ("day", 1),
    "يومين": ("day", 2),
    "يومان": ("day", 2),
    "أيام": ("day", 0),
    "أسبوع": ("week", 1),
    "أسبوعا": ("week", 1),
    "أسبوعين": ("week", 2),
    "أسابيع": ("week", 0),
    "شهر": ("month", 1),
    "شهرا": ("month", 1),
    "شهرين": ("month", 2),
    "أشهر": ("month", 0),
    "شهور": ("month", 0),
    "عام": ("year", 1),
    "عاما": ("year", 1),
    "عامين": ("year", 2),
    "أعوام": ("year", 0),
    "سنة": ("year", 1),
    "سنتين": ("year", 2),
    "سنوات": ("year", 0),
    "سنين": ("year", 0),
}

#: Day-of-month ordinals ("الخامس من شوال"), without the article.
ORDINAL_UNITS: dict[str, int] = {
    "أول": 1,
    "حادي": 1,
    "واحد": 1,
    "ثاني": 2,
    "ثالث": 3,
    "رابع": 4,
    "خامس": 5,
    "سادس": 6,
    "سابع": 7,
    "ثامن": 8,
    "تاسع": 9,
}
ORDINAL_TENS: dict[str, int] = {"عاشر": 10, "عشرين": 20, "ثلاثين": 30}

# --- context cues (see the rules in rasd.text.dates) -------------------------------

#: Words before a bare month name that make it a date ("في مايو", "منذ آذار").
MONTH_CUES: frozenset[str] = frozenset(
    {"في", "خلال", "منذ", "حتى", "حتي", "قبل", "بعد", "بحلول", "طيلة", "طوال", *PERIOD_PARTS}
)
#: Cues for a month word in :data:`WEAK_MONTHS` (a bare preposition is not enough).
MONTH_CUES_STRONG: frozenset[str] = frozenset({"منذ", "خلال", "بحلول", *PERIOD_PARTS})

#: Words before a bare four-digit year that make it a year ("منذ 2011", "ربيع 2013").
YEAR_CUES_STRONG: frozenset[str] = frozenset(
    {"منذ", "الموافق", "ربيع", "صيف", "خريف", "شتاء", "بحلول", *PERIOD_PARTS}
)
#: Weak cues: also precede counts ("في 2000 منزل", "خلال 1947 جولة"), so the year must
#: end the phrase.
YEAR_CUES_WEAK: frozenset[str] = frozenset({"في", "خلال", "حتى", "حتي", "قبل", "بعد"})

#: Words before "day month" (no year) that make it a name, not a date
#: ("ثورة 25 يناير", "قوى 14 آذار", "مدينة 6 أكتوبر", "شارع 26 يوليو").
EVENT_NAME_CUES: frozenset[str] = frozenset(
    {
        "ثورة",
        "قوى",
        "حركة",
        "تيار",
        "تحالف",
        "ائتلاف",
        "انتفاضة",
        "هجمات",
        "اعتداءات",
        "أحداث",
        "حرب",
        "نكسة",
        "شارع",
        "ميدان",
        "جسر",
        "مدينة",
        "حي",
        "ساحة",
        "جامعة",
        "مستشفى",
        "ملعب",
        "كتيبة",
        "لواء",
        "جبهة",
        "مجموعة",
    }
)

#: Words before "(يوم) الجمعة" that make it the prayer, not a date ("صلاة الجمعة").
WEEKDAY_NEGATIVE_CUES: frozenset[str] = frozenset(
    {"صلاة", "صلوات", "خطبة", "خطب", "خطيب", "إمام", "كل", "أيام"}
)

#: Words before "اليوم" that make it anaphoric or a name ("ذلك اليوم", "صحيفة اليوم").
TODAY_NEGATIVE_CUES: frozenset[str] = frozenset(
    {"ذلك", "ذات", "نفس", "مثل", "صحيفة", "جريدة", "هذا", "عين"}
)

#: Words right after "اليوم"/"الأمس" that make it "the next/first/international day" or
#: "the recent past" ("في الأمس القريب"), not a calendar day.
TODAY_NEGATIVE_NEXT: frozenset[str] = frozenset(
    {
        "التالي",
        "السابق",
        "الأول",
        "الثاني",
        "الثالث",
        "الأخير",
        "العالمي",
        "الوطني",
        "الدولي",
        "العربي",
        "المفتوح",
        "الموعود",
        "الذي",
        "نفسه",
        "ذاته",
        "القريب",
        "البعيد",
    }
)

#: Words after "غداً" that show the adverb "tomorrow" (غدا is also the verb "became").
TOMORROW_NEXT: frozenset[str] = frozenset(
    {"في", "على", "علي", "إلى", "الي", "مع", "حتى", "حتي", "عند", "لمدة", "بعد", "قبل"}
)

#: Words after a bare weekday in wire style ("قال الوزير الخميس إن …").
WEEKDAY_NEXT_CUES: frozenset[str] = frozenset({"إن", "أن", "إنه", "أنه", "إنها", "أنها"})

#: Words between "قبل/منذ" and a duration ("قبل نحو عامين").
APPROX_WORDS: tuple[str, ...] = ("نحو", "حوالي", "قرابة", "زهاء", "أكثر من", "أقل من")
