"""Arabic numbers and quantities: digits, number words, hedges, vague counts, ranges."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.doc import Doc
from rasd.text.normalize import normalize
from rasd.text.numbers import Quantity, find_quantities, parse_quantity, quantities


def one(phrase: str) -> Quantity:
    q = parse_quantity(phrase)
    assert q is not None, phrase
    return q


# --- exact values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        # digits, every script and separator
        ("133", 133),
        ("١٣٣", 133),
        ("۱۳۳", 133),
        ("1,200", 1200),
        ("١٬٢٠٠", 1200),
        ("١،٢٠٠", 1200),
        ("١٢٠٠", 1200),
        ("1,200,000", 1_200_000),
        ("3.5", 3.5),
        ("٣٫٥", 3.5),
        ("0.75", 0.75),
        ("1.200", 1200),
        ("12.500 جندي", 12_500),
        ("1.200.000", 1_200_000),
        ("٢٠ قتيلا", 20),
        ("بـ٥ قتلى", 5),
        ("و20 جريحا", 20),
        ("الـ12 شهرا", 12),
        # units, every form
        ("واحد", 1),
        ("واحدة", 1),
        ("شخص واحدٌ", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتان", 2),
        ("اثنتين", 2),
        ("إثنين", 2),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("ثلاثه", 3),
        ("أربع", 4),
        ("اربعة", 4),
        ("خمسة", 5),
        ("ستة", 6),
        ("ست نساء", 6),
        ("سبعة", 7),
        ("ثماني", 8),
        ("ثمانية", 8),
        ("تسعة", 9),
        ("عشر", 10),
        ("عشرة", 10),
        ("الثلاثة", 3),
        # teens
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثني عشر", 12),
        ("اثنتي عشرة", 12),
        ("ثلاثة عشر", 13),
        ("خمس عشرة", 15),
        ("تسعة عشر", 19),
        # tens
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثلاثون", 30),
        ("أربعين", 40),
        ("خمسين", 50),
        ("ستون", 60),
        ("سبعين", 70),
        ("ثمانين", 80),
        ("تسعون", 90),
        ("اثنين وثلاثين", 32),
        ("واحد وعشرون", 21),
        ("خمسة و عشرين", 25),
        ("تسعة وتسعين", 99),
        # hundreds
        ("مئة", 100),
        ("مائة", 100),
        ("مئه", 100),
        ("مئتان", 200),
        ("مئتين", 200),
        ("مائتين", 200),
        ("ثلاثمائة", 300),
        ("ثلاث مئة", 300),
        ("أربعمئة", 400),
        ("ثمانمائة", 800),
        ("ثلاثمائة وخمسة", 305),
        ("مائتين وخمسين", 250),
        ("مئة وثلاثة وثلاثون", 133),
        ("مئة وخمسة عشر", 115),
        ("تسعمائة وتسعة وتسعون", 999),
        # thousands and more
        ("ألف", 1000),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10_000),
        ("أحد عشر ألفا", 11_000),
        ("خمسة وعشرين ألفاً", 25_000),
        ("مئة ألف", 100_000),
        ("مئتي ألف", 200_000),
        ("ألف ومائتين", 1200),
        ("ألفين وخمسة عشر", 2015),
        ("ثلاثة آلاف وخمسمائة", 3500),
        ("مليون", 1_000_000),
        ("مليونين", 2_000_000),
        ("ثلاثة ملايين", 3_000_000),
        ("مليون ونصف", 1_500_000),
        ("نصف مليون", 500_000),
        ("ربع مليون", 250_000),
        ("ألف مليون", 1_000_000_000),
        ("مليار", 1_000_000_000),
        # digits with scale words
        ("3 آلاف", 3000),
        ("2 مليون", 2_000_000),
        ("2.5 مليون", 2_500_000),
        ("٢٫٥ مليون", 2_500_000),
        ("1.250 مليار", 1_250_000_000),
        ("2,4 مليار", 2_400_000_000),
        ("20 ألفا", 20_000),
        ("مليون و200 ألف", 1_200_000),
        ("6ر2 مليار", 2_600_000_000),
        ("5ر12", 12.5),
        # clitics
        ("وثلاثة", 3),
        ("بخمسة", 5),
        ("لعشرين", 20),
        ("وبثلاثين", 30),
        ("فخمسة", 5),
    ],
)
def test_value(phrase: str, value: int | float) -> None:
    q = one(phrase)
    assert q.value == value
    assert q.low == q.high == value
    assert type(q.value) is type(value)
    assert not (q.vague or q.ordinal)


# --- hedges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "flags"),
    [
        ("ما لا يقل عن ٢٠", 20, "at_least"),
        ("لا يقل عن عشرين", 20, "at_least"),
        ("أكثر من 100", 100, "at_least"),
        ("اكثر من مئة", 100, "at_least"),
        ("ما يزيد على 30", 30, "at_least"),
        ("ما يزيد عن ثلاثين", 30, "at_least"),
        ("فوق 50", 50, "at_least"),
        ("أزيد من 40", 40, "at_least"),
        ("ما يربو على ألف", 1000, "at_least"),
        ("على الأقل 12", 12, "at_least"),
        ("12 على الأقل", 12, "at_least"),
        ("15 قتيلا على الأقل", 15, "at_least"),
        ("ستة أطفال على الأقل", 6, "at_least"),
        ("20 أو أكثر", 20, "at_least"),
        ("مئة ونيف", 100, "at_least"),
        ("نحو 3 آلاف", 3000, "approx"),
        ("بنحو 40", 40, "approx"),
        ("حوالي 200", 200, "approx"),
        ("حوالى 200", 200, "approx"),
        ("قرابة خمسين", 50, "approx"),
        ("زهاء ألفي", 2000, "approx"),
        ("ما يقارب 70", 70, "approx"),
        ("نحواً من عشرين", 20, "approx"),
        ("ما يناهز 90", 90, "approx"),
        ("تقريبا 100", 100, "approx"),
        ("100 تقريبا", 100, "approx"),
        ("في حدود 4 مليارات", 4_000_000_000, "approx"),
        ("أقل من 10", 10, "at_most"),
        ("ما لا يزيد عن خمسة", 5, "at_most"),
        ("لا يزيد على 8", 8, "at_most"),
    ],
)
def test_hedge(phrase: str, value: int, flags: str) -> None:
    q = one(phrase)
    assert q.value == value
    assert (q.at_least, q.approx, q.at_most) == (
        flags == "at_least",
        flags == "approx",
        flags == "at_most",
    )
    assert q.text == normalize(phrase).removeprefix("ب")


# --- vague quantities --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("عشرات", 20, 99),
        ("العشرات", 20, 99),
        ("بالعشرات", 20, 99),
        ("مئات", 200, 999),
        ("المئات", 200, 999),
        ("آلاف", 2000, 9999),
        ("الآلاف", 2000, 9999),
        ("ملايين", 2_000_000, 9_999_999),
        ("عشرات الآلاف", 10_000, 99_999),
        ("عشرات آلاف", 10_000, 99_999),
        ("مئات الآلاف", 100_000, 999_999),
        ("عشرات الملايين", 10_000_000, 99_999_999),
        ("بضعة", 3, 9),
        ("بضع", 3, 9),
        ("بضعة آلاف", 3000, 9999),
        ("بضع مئات", 300, 999),
        ("بضعة عشر", 13, 19),
        ("عدة آلاف", 2000, 9999),
        ("عدد من", 2, None),
        ("عددا من", 2, None),
        ("عدد كبير من", 2, None),
        ("العديد من", 2, None),
        ("عدة", 2, None),
    ],
)
def test_vague(phrase: str, low: int, high: int | None) -> None:
    q = one(phrase)
    assert q.vague and q.kind == "vague"
    assert q.value is None
    assert (q.low, q.high) == (low, high)


def test_vague_with_hedge() -> None:
    q = one("أكثر من عشرات الآلاف")
    assert q.vague and q.at_least and (q.low, q.high) == (10_000, 99_999)


# --- ordinals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("الأول", 1),
        ("الأولى", 1),
        ("الثاني", 2),
        ("الثالث", 3),
        ("الثالثة", 3),
        ("العاشر", 10),
        ("الحادي عشر", 11),
        ("الحادية عشرة", 11),
        ("الثاني عشر", 12),
        ("الخامسة عشرة", 15),
        ("العشرين", 20),
        ("الحادي والعشرين", 21),
        ("الخامس والعشرون", 25),
        ("الثلاثين", 30),
        ("رابع", 4),
        ("للمرة الثالثة", 3),
    ],
)
def test_ordinal(phrase: str, value: int) -> None:
    q = one(phrase)
    assert q.ordinal
    assert q.value == value
    assert not q.vague


def test_ordinal_takes_no_hedge() -> None:
    (q,) = find_quantities(normalize("نحو الثالث"))
    assert (q.text, q.value, q.ordinal, q.approx) == ("الثالث", 3, True, False)


# --- duals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "شخصين",
        "شخصان",
        "جنديين",
        "قتيلان",
        "جريحين",
        "امرأتين",
        "طفلين",
        "رهينتين",
        "مسلحان",
        "مدنيان",
        "الشخصين",
    ],
)
def test_dual_counts_two(phrase: str) -> None:
    q = one(phrase)
    assert (q.value, q.kind) == (2, "words")


@pytest.mark.parametrize(
    "phrase",
    ["مسلحين", "مدنيين", "عسكريين", "طالبان", "يومين", "سيارتين"],
)
def test_ambiguous_or_unlisted_duals_are_not_counts(phrase: str) -> None:
    assert parse_quantity(phrase) is None


# --- not numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "22/03/2024",
        "٢٢/٠٣/٢٠٢٤",
        "2024-03-22",
        "22-03-2024",
        "22.03.2024",
        "10/1/1436",
        "4 / 8 / 1436",
        "3/4",
        "10:30",
        "الساعة 14.30",
        "الساعة 10",
        "F16",
        "5G",
        "يوم الاثنين",
        "يوم الثلاثاء",
        "يوم الأربعاء",
        "يوم الخميس",
        "لست أدري",
        "أحد المسلحين",
        "إحدى القرى",
        "الحادي",
        "نحو المدينة",
        "نصف السكان",
        "في المئة",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert find_quantities(normalize(text)) == []


# --- ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "low", "high", "text"),
    [
        ("بين 10 و20", 10, 20, "بين 10 و20"),
        ("ما بين عشرة وعشرين", 10, 20, "ما بين عشرة وعشرين"),
        ("من 5 إلى 7 أشخاص", 5, 7, "من 5 الي 7"),
        ("10 الى 15 قتيلا", 10, 15, "10 الي 15"),
        ("ثلاثة أو أربعة", 3, 4, "ثلاثة او اربعة"),
        ("نصف مليون أو مليون", 500_000, 1_000_000, "نصف مليون او مليون"),
        ("من 3 إلى 5 آلاف", 3000, 5000, "من 3 الي 5 الاف"),
        ("ما بين أربعة إلى خمسة ملايين", 4_000_000, 5_000_000, "ما بين اربعة الي خمسة ملايين"),
        ("بين 1.5 و2 مليون", 1_500_000, 2_000_000, "بين 1.5 و2 مليون"),
        ("من 10 إلى 2000", 10, 2000, "من 10 الي 2000"),
        ("من ثلاثة إلى ألف", 3, 1000, "من ثلاثة الي الف"),
    ],
)
def test_range(phrase: str, low: int, high: int, text: str) -> None:
    q = one(phrase)
    assert (q.value, q.low, q.high, q.text) == (None, low, high, text)


@pytest.mark.parametrize("phrase", ["10 و20", "من 20 إلى 10", "2 و 3"])
def test_not_a_range(phrase: str) -> None:
    assert all(q.value is not None for q in find_quantities(normalize(phrase)))


# --- kinds and spans in sentences --------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("20", "digits"),
        ("عشرين", "words"),
        ("3 آلاف", "mixed"),
        ("2.5 مليون", "mixed"),
        ("عشرات", "vague"),
        ("شخصين", "words"),
        ("الثالث", "words"),
        ("بين 10 وعشرين", "mixed"),
    ],
)
def test_kind(phrase: str, kind: str) -> None:
    assert one(phrase).kind == kind


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("قُتل ثلاثة جنود وأصيب خمسة آخرون", ["ثلاثة", "خمسة"]),
        ("قتل 7 وجرح 12 في الهجوم", ["7", "12"]),
        ("اعتقلت الشرطة أكثر من 40 مشتبها بهم", ["اكثر من 40"]),
        ("سقط بنحو عشرين صاروخا على المدينة", ["نحو عشرين"]),
        ("في الهجوم الثالث قتل 2 و3 جرحوا", ["الثالث", "2", "3"]),
        ("فجّر انتحاريان نفسيهما وسط عشرات المصلين", ["انتحاريان", "عشرات"]),
        ("قتل 25 شخصا على الأقل، وأصيب العشرات", ["25 شخصا علي الاقل", "العشرات"]),
        ("وقع الهجوم في 22/03/2024 وقتل فيه 4", ["4"]),
        ("نحو 5 آلاف لاجئ و3 ملايين نازح", ["نحو 5 الاف", "3 ملايين"]),
        ("مقتل 12 وإصابة 30 آخرين", ["12", "30"]),
        ("أعدم التنظيم ستة عشر رجلا", ["ستة عشر"]),
    ],
)
def test_sentence(sentence: str, texts: list[str]) -> None:
    norm = normalize(sentence)
    found = find_quantities(norm)
    assert [q.text for q in found] == texts
    for q in found:
        assert norm[q.start : q.end] == q.text


def test_first_word_clitic_is_outside_the_span() -> None:
    norm = normalize("وثلاثة")
    (q,) = find_quantities(norm)
    assert (q.start, q.end, q.text) == (1, 6, "ثلاثة")


@pytest.mark.parametrize(
    "text",
    ["1" * 40, "1,000" + ",000" * 12, "1.000" + ".000" * 12, "١" * 5000],
)
def test_digit_runs_too_long_for_a_count(text: str) -> None:
    assert find_quantities(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("نحو " * 5000, 0),
        ("ثلاثة " * 5000, 5000),
        ("و " * 5000 + "5", 1),
        ("أكثر من عشرات الآلاف و " * 1000, 1000),
    ],
)
def test_long_odd_input(text: str, count: int) -> None:
    assert len(find_quantities(normalize(text))) == count


def test_empty_and_plain_text() -> None:
    assert find_quantities("") == []
    assert parse_quantity("لا أرقام هنا") is None


def test_quantities_on_doc() -> None:
    doc = Doc.from_text("قُتِلَ ما لا يقلُّ عن ٢٠ شخصاً، وأُصيبَ ثلاثةٌ وعشرون")
    pairs = quantities(doc)
    assert [q.value for q, _ in pairs] == [20, 23]
    assert [s.text for _, s in pairs] == ["ما لا يقلُّ عن ٢٠", "ثلاثةٌ وعشرون"]


# --- properties --------------------------------------------------------------------------

_TO_ARABIC_INDIC = str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫")
_TO_PERSIAN = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")


@given(st.integers(min_value=0, max_value=10**12), st.booleans())
def test_digit_scripts_parse_alike(n: int, grouped: bool) -> None:
    western = f"{n:,}" if grouped else str(n)
    values = {
        one(normalize(form)).value
        for form in (
            western,
            western.translate(_TO_ARABIC_INDIC),
            western.translate(_TO_PERSIAN),
        )
    }
    assert values == {n}


_UNIT_WORDS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TEN_WORDS = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون"]
_TEN_WORDS.append("تسعون")
_HUNDRED_WORDS = ["", "مئة", "مئتان"] + [s + "مئة" for s in ("ثلاث", "أربع", "خمس")]
_HUNDRED_WORDS += [s + "مائة" for s in ("ست", "سبع", "ثمان", "تسع")]
_TEEN_UNITS = ["", "أحد", "اثنا", *_UNIT_WORDS[3:]]


def _below_1000(n: int) -> str:
    parts = [_HUNDRED_WORDS[n // 100]] if n >= 100 else []
    r = n % 100
    if 0 < r <= 10:
        parts.append(_UNIT_WORDS[r] if r < 10 else _TEN_WORDS[1])
    elif 10 < r < 20:
        parts.append(_TEEN_UNITS[r - 10] + " عشر")
    elif r >= 20:
        unit, ten = r % 10, _TEN_WORDS[r // 10]
        parts.append(f"{_UNIT_WORDS[unit]} و{ten}" if unit else ten)
    return " و".join(parts)


def _words(n: int) -> str:
    """Standard Arabic words for 1 <= n < 1,000,000 (nominative)."""
    t, r = divmod(n, 1000)
    parts = []
    if t == 1:
        parts.append("ألف")
    elif t == 2:
        parts.append("ألفان")
    elif 3 <= t <= 10:
        parts.append(_below_1000(t) + " آلاف")
    elif t > 10:
        parts.append(_below_1000(t) + " ألف")
    if r:
        parts.append(_below_1000(r))
    return " و".join(parts)


@pytest.mark.parametrize(("n", "text"), [(305, "ثلاثمئة وخمسة"), (2015, "ألفان وخمسة عشر")])
def test_word_generator(n: int, text: str) -> None:
    assert _words(n) == text


@given(st.integers(min_value=1, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    q = one(_words(n))
    assert q.value == n
    assert q.kind == "words"
    assert q.text == normalize(_words(n))


_PIECES = st.sampled_from(
    [
        "قتل",
        "وأصيب",
        "شخصا",
        "في",
        "،",
        ".",
        "\n",
        "ثلاثة",
        "وعشرون",
        "ألف",
        "آلاف",
        "عشرات",
        "نحو",
        "أكثر من",
        "على الأقل",
        "بين",
        "و",
        "إلى",
        "الثالث",
        "شخصين",
        "٢٠",
        "1,200",
        "3.5",
        "22/03/2024",
        "مليون",
        "ونصف",
        "الساعة",
    ]
)


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=14), st.sampled_from([" ", "  ", ""]))
def test_spans_slice_the_text(pieces: list[str], sep: str) -> None:
    norm = normalize(sep.join(pieces))
    found = find_quantities(norm)
    last_end = 0
    for q in found:
        assert norm[q.start : q.end] == q.text
        assert last_end <= q.start < q.end
        last_end = q.end
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.value is not None:
            assert q.low == q.high == q.value
    assert find_quantities(norm) == found


_MARKS = st.sampled_from(["", "\u064e", "\u064b", "\u0651", "\u0640", "\u200f"])


@settings(max_examples=200)
@given(st.lists(st.tuples(_PIECES, _MARKS), max_size=10))
def test_doc_spans_map_back_to_raw(pieces: list[tuple[str, str]]) -> None:
    raw = " ".join(p[:1] + mark + p[1:] for p, mark in pieces)
    doc = Doc.from_text(raw)
    for q, span in quantities(doc):
        assert doc.raw[span.start : span.end] == span.text
        assert normalize(span.text) == q.text
