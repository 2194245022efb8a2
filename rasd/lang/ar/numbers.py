"""Arabic number words, hedges and vague quantities (closed-class language data).

Plain tables, written in ordinary Arabic spelling, and :func:`number_forms`, which
spells out every surface form (article, teens, spaced hundreds, duals). The parser in
:mod:`rasd.text.numbers` normalises every form to search level (أ/إ/آ → ا, ى → ي)
when it builds its lexicon, and adds the informal ـه spelling of every final ـة.
Nothing here is computed at import time.

Conventions (documented decisions):

* ``عشرات`` means 20–99, ``مئات`` 200–999, ``آلاف`` 2,000–9,999, ``ملايين`` 2–9.99
  million: "two or more, fewer than ten" of the unit.
* A vague plural followed by a larger plural scale covers the whole decade:
  ``عشرات الآلاف`` 10,000–99,999, ``مئات الآلاف`` 100,000–999,999,
  ``عشرات الملايين`` 10–99.99 million.
* ``بضع``/``بضعة`` means 3–9; ``بضعة آلاف`` 3,000–9,999; ``بضعة عشر`` 13–19.
* ``عدة`` and ``عدد من`` mean "at least two", no upper bound; with a scale ``عدة`` reads
  like the bare plural (``عدة آلاف`` 2,000–9,999).
* Dual nouns count as 2 only for the person nouns below that are common in casualty
  reporting. Masculine nouns whose plural is a sound plural in ـين (``مسلحين`` is both
  "two gunmen" and "gunmen") count only in the unambiguous nominative dual ``ـان``.
"""

from __future__ import annotations

from collections.abc import Iterator

# --- cardinals -------------------------------------------------------------------------

#: Units 1–10, every case and gender form (accusative tanween alef included).
UNITS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة", "واحدا"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "إثنان", "إثنين", "إثنتين"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية", "ثمانى", "ثمانيا"),
    9: ("تسع", "تسعة"),
    10: ("عشر", "عشرة"),
}

#: Units that may carry the article as cardinals ("القتلى الثلاثة"). Not 1 and 2:
#: "الاثنين" is Monday and "الواحد" is rarely a count.
ARTICLE_UNITS: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10)

#: First part of the teens 11–19 (the second part is one of TEEN_TENS).
TEEN_UNITS: dict[int, tuple[str, ...]] = {
    1: ("أحد", "إحدى"),
    2: ("اثنا", "اثني", "اثنتا", "اثنتي", "إثنا", "إثني"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
}
TEEN_TENS: tuple[str, ...] = ("عشر", "عشرة")

#: Tens 20–90, nominative and accusative/genitive.
TENS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}

#: The word for hundred, and its dual (with and without the silent alef, with ئ).
HUNDRED: tuple[str, ...] = ("مئة", "مائة")
HUNDRED_DUAL: tuple[str, ...] = (
    "مئتان",
    "مئتين",
    "مائتان",
    "مائتين",
    "مئتا",
    "مئتي",
    "مائتا",
    "مائتي",
)
#: Stems that combine with HUNDRED, joined ("ثلاثمائة") or spaced ("ثلاث مئة").
HUNDRED_STEMS: dict[int, tuple[str, ...]] = {
    3: ("ثلاث",),
    4: ("أربع",),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان", "ثماني"),
    9: ("تسع",),
}

#: Scale words: singular (also the accusative after 11–99), dual, plural (after 3–10).
SCALES: dict[int, dict[str, tuple[str, ...]]] = {
    1_000: {
        "singular": ("ألف", "ألفا"),
        "dual": ("ألفان", "ألفين", "ألفي"),
        "plural": ("آلاف", "ألوف"),
    },
    1_000_000: {
        "singular": ("مليون", "مليونا"),
        "dual": ("مليونان", "مليونين", "مليوني"),
        "plural": ("ملايين",),
    },
    1_000_000_000: {
        "singular": ("مليار", "مليارا", "بليون", "بليونا"),
        "dual": ("ملياران", "مليارين", "ملياري", "بليونين"),
        "plural": ("مليارات", "بلايين"),
    },
}

#: Fractions that combine with a scale: "نصف مليون", "مليون ونصف".
FRACTIONS: dict[str, str] = {"نصف": "0.5", "ربع": "0.25"}

# --- ordinals --------------------------------------------------------------------------

#: Ordinals 1–10 (masculine, feminine). Used with the article; 3–10 also without it.
ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("أول", "أولى"),
    2: ("ثاني", "ثانية"),
    3: ("ثالث", "ثالثة"),
    4: ("رابع", "رابعة"),
    5: ("خامس", "خامسة"),
    6: ("سادس", "سادسة"),
    7: ("سابع", "سابعة"),
    8: ("ثامن", "ثامنة"),
    9: ("تاسع", "تاسعة"),
    10: ("عاشر", "عاشرة"),
}
#: Ordinals that may stand without the article ("ثالث هجوم").
BARE_ORDINALS: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10)
#: The ordinal "one" used only in compounds: "الحادي عشر", "الحادية والعشرون".
ORDINAL_ONE_COMPOUND: tuple[str, ...] = ("حادي", "حادية")

# --- vague quantities ------------------------------------------------------------------

#: Vague plurals of a unit: "عشرات" (tens), "مئات" (hundreds). Scale plurals
#: ("آلاف", "ملايين") are vague too when they stand without a number.
VAGUE_PLURALS: dict[int, tuple[str, ...]] = {
    10: ("عشرات",),
    100: ("مئات", "مئآت"),
}
#: "A few" (3–9).
FEW: tuple[str, ...] = ("بضع", "بضعة")
#: "Several" (at least 2).
SEVERAL: tuple[str, ...] = ("عدة",)
#: "A number of" and kin (at least 2, no upper bound).
SOME: tuple[str, ...] = (
    "عدد من",
    "عددا من",
    "عدد كبير من",
    "عددا كبيرا من",
    "عدد قليل من",
    "العديد من",
)

# --- hedges ----------------------------------------------------------------------------

AT_LEAST = "at_least"
APPROX = "approx"
AT_MOST = "at_most"

#: Hedges before the number.
PRE_HEDGES: dict[str, str] = {
    "ما لا يقل عن": AT_LEAST,
    "لا يقل عن": AT_LEAST,
    "ما لا تقل عن": AT_LEAST,
    "لا تقل عن": AT_LEAST,
    "أكثر من": AT_LEAST,
    "ما يزيد على": AT_LEAST,
    "ما يزيد عن": AT_LEAST,
    "يزيد على": AT_LEAST,
    "يزيد عن": AT_LEAST,
    "ما يربو على": AT_LEAST,
    "يربو على": AT_LEAST,
    "ما يفوق": AT_LEAST,
    "يفوق": AT_LEAST,
    "ما يتجاوز": AT_LEAST,
    "يتجاوز": AT_LEAST,
    "فوق": AT_LEAST,
    "أزيد من": AT_LEAST,
    "على الأقل": AT_LEAST,
    "نحو": APPROX,
    "نحوا من": APPROX,
    "حوالي": APPROX,
    "حوالى": APPROX,
    "قرابة": APPROX,
    "زهاء": APPROX,
    "تقريبا": APPROX,
    "ما يقارب": APPROX,
    "يقارب": APPROX,
    "ما يناهز": APPROX,
    "يناهز": APPROX,
    "ما يقرب من": APPROX,
    "في حدود": APPROX,
    "أقل من": AT_MOST,
    "ما لا يزيد عن": AT_MOST,
    "ما لا يزيد على": AT_MOST,
    "لا يزيد عن": AT_MOST,
    "لا يزيد على": AT_MOST,
    "لا تزيد عن": AT_MOST,
    "لا تزيد على": AT_MOST,
}

#: Hedges after the number, directly or after the counted noun
#: ("20 شخصا على الأقل").
POST_HEDGES: dict[str, str] = {
    "على الأقل": AT_LEAST,
    "أو أكثر": AT_LEAST,
    "فأكثر": AT_LEAST,
    "فما فوق": AT_LEAST,
    "وما فوق": AT_LEAST,
    "ونيف": AT_LEAST,
    "تقريبا": APPROX,
    "أو أقل": AT_MOST,
    "فأقل": AT_MOST,
}

# --- dual nouns counted as 2 -----------------------------------------------------------

#: Nouns whose dual is unambiguous in both ـان and ـين (broken plural, or feminine ـة
#: whose plural is ـات).
DUAL_NOUNS: tuple[str, ...] = (
    "شخص",
    "جندي",
    "قتيل",
    "جريح",
    "رجل",
    "طفل",
    "عنصر",
    "ضابط",
    "شاب",
    "حارس",
    "سجين",
    "أسير",
    "امرأة",
    "سيدة",
    "طفلة",
    "فتاة",
    "رهينة",
    "ضحية",
    "انتحارية",
    "شرطية",
    "مجندة",
    "شقيق",
    "شقيقة",
    "طبيب",
    "نائب",
    "ابن",
)
#: Nouns counted as 2 only in the nominative dual ـان: their ـين form is also the plural.
DUAL_NOUNS_NOMINATIVE_ONLY: tuple[str, ...] = (
    "مدني",
    "عسكري",
    "شرطي",
    "مسلح",
    "انتحاري",
    "إرهابي",
    "مواطن",
    "مقيم",
    "مصاب",
    "متهم",
    "مقاتل",
    "معتقل",
    "مسعف",
    "موظف",
    "مجند",
    "صحفي",
    "عامل",
    "سائح",
    "مهاجم",
    "مختطف",
    "قيادي",
    "زائر",
    "مرافق",
    "مزارع",
    "صياد",
    "مهندس",
    "ممرض",
    "مسافر",
    # not "طالب": its only dual form here, "طالبان", is the Taliban
)

#: "The hour": digits right after it are a clock time ("الساعة 10", "الساعة 14.30").
HOUR = "الساعة"

#: Surface words that look like a clitic plus a number word but are not numbers:
#: "لست" (I am not) is not ل + ست.
NOT_NUMBERS: tuple[str, ...] = ("لست", "ولست", "فلست")


# --- surface forms ---------------------------------------------------------------------

# Categories of :func:`number_forms`.
UNIT = "unit"
TEEN = "teen"
TEN = "ten"
HUNDRED_KIND = "hundred"
SCALE = "scale"
SCALE_DUAL = "scale_dual"
FRACTION = "fraction"
PLURAL = "plural"
PLURAL_ART = "plural_art"
VAGUE = "vague"
FEW_KIND = "few"
FEW_TEEN = "few_teen"
SEVERAL_KIND = "several"
SOME_KIND = "some"
ORDINAL = "ordinal"
ORDINAL_ONE = "ordinal_one"
ORDINAL_TEN = "ordinal_ten"
DUAL = "dual"


def number_forms() -> Iterator[tuple[str, str, int | str]]:
    """Every surface form as (form, category, value), in the spelling of the tables.

    Values are numbers, except fractions (decimal strings such as ``"0.5"``). Tens with
    the article are ordinals ("العشرين"); the article on units 3–10 keeps them cardinal
    ("الثلاثة"). Teens and spaced hundreds are single forms ("خمسة عشر", "ثلاث مئة").
    """
    for value, forms in UNITS.items():
        for f in forms:
            yield f, UNIT, value
            if value in ARTICLE_UNITS:
                yield "ال" + f, UNIT, value
    for value, forms in TEEN_UNITS.items():
        for f in forms:
            for ten in TEEN_TENS:
                yield f"{f} {ten}", TEEN, 10 + value
    for value, forms in TENS.items():
        for f in forms:
            yield f, TEN, value
            yield "ال" + f, ORDINAL_TEN, value
    for f in HUNDRED:
        yield f, HUNDRED_KIND, 100
        for value, stems in HUNDRED_STEMS.items():
            for stem in stems:
                yield stem + f, HUNDRED_KIND, value * 100
                yield f"{stem} {f}", HUNDRED_KIND, value * 100
    for f in HUNDRED_DUAL:
        yield f, HUNDRED_KIND, 200
    for scale, by_number in SCALES.items():
        for f in by_number["singular"]:
            yield f, SCALE, scale
        for f in by_number["dual"]:
            yield f, SCALE_DUAL, scale
        for f in by_number["plural"]:
            yield f, PLURAL, scale
            yield "ال" + f, PLURAL_ART, scale
    for f, fraction in FRACTIONS.items():
        yield f, FRACTION, fraction
    for value, forms in VAGUE_PLURALS.items():
        for f in forms:
            yield f, VAGUE, value
            yield "ال" + f, VAGUE, value
    for f in FEW:
        yield f, FEW_KIND, 0
        for ten in TEEN_TENS:
            yield f"{f} {ten}", FEW_TEEN, 0
    for f in SEVERAL:
        yield f, SEVERAL_KIND, 0
    for f in SOME:
        yield f, SOME_KIND, 0
    for value, forms in ORDINALS.items():
        for f in forms:
            yield "ال" + f, ORDINAL, value
            if value in BARE_ORDINALS:
                yield f, ORDINAL, value
            if value <= 9:
                for ten in TEEN_TENS:
                    yield f"ال{f} {ten}", ORDINAL, 10 + value
    for f in ORDINAL_ONE_COMPOUND:
        yield "ال" + f, ORDINAL_ONE, 1
        for ten in TEEN_TENS:
            yield f"ال{f} {ten}", ORDINAL, 11
    for nouns, endings in ((DUAL_NOUNS, ("ان", "ين")), (DUAL_NOUNS_NOMINATIVE_ONLY, ("ان",))):
        for noun in nouns:
            stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
            for ending in endings:
                yield stem + ending, DUAL, 2
                yield "ال" + stem + ending, DUAL, 2
