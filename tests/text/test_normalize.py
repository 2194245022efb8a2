"""Normalisation levels and the offset map back to raw text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.normalize import Level, key, normalize, normalize_with_map


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قُتِلَ", "قتل"),
        ("مُسَلَّحُونَ", "مسلحون"),
        ("شخصاً", "شخصا"),
        ("الإرهـــابي", "الارهابي"),
        ("أحمد", "احمد"),
        ("إرهاب", "ارهاب"),
        ("آلاف", "الاف"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("١٣٣", "133"),
        ("۱۲۳", "123"),
        ("١٬٢٠٠", "1,200"),
        ("٣٫٥", "3.5"),
        ("بغداد، العراق", "بغداد, العراق"),
        ("هل؟", "هل?"),
        ("أولا؛ ثانيا", "اولا; ثانيا"),
        ("٪٥٠", "%50"),
        ("«داعش»", '"داعش"'),
        ("\u200fبغداد\u200e", "بغداد"),
        ("بغ\u200cداد", "بغداد"),
        ("\u061cكابل", "كابل"),
        ("\ufeffنص", "نص"),
        ("کابل", "كابل"),
        ("ایران", "ايران"),
        ("پاکستان", "باكستان"),
        ("گروه", "كروه"),
        ("چچن", "ججن"),
        ("ۀ", "ه"),
        ("ے", "ي"),
        ("قنبلة", "قنبلة"),
        ("الموصل – رويترز", "الموصل - رويترز"),
        ("Mosul ISIS", "Mosul ISIS"),
    ],
)
def test_search_level(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قنبلة", "قنبله"),
        ("مؤامرة", "موامره"),
        ("هيئة", "هييه"),
        ("ISIS", "isis"),
        ("  داعش   الإرهابي ", "داعش الارهابي"),
        ("الدولة الإسلامية", "الدوله الاسلاميه"),
    ],
)
def test_key_level(raw: str, expected: str) -> None:
    assert key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("أحمد", "أحمد"), ("قُتِلَ", "قتل"), ("١٢", "12"), ("مستشفى", "مستشفى")],
)
def test_light_level_keeps_letters(raw: str, expected: str) -> None:
    assert normalize(raw, Level.LIGHT) == expected


def test_offset_map_identity_when_nothing_deleted() -> None:
    norm, m = normalize_with_map("قتل ٣ في بغداد")
    assert m.is_identity
    assert norm == "قتل 3 في بغداد"


def test_offset_map_points_to_raw_characters() -> None:
    raw = "قُتِلَ ٣ أشخاصٍ"
    norm, m = normalize_with_map(raw)
    for i, ch in enumerate(norm):
        assert normalize(raw[m.to_raw(i)]) == ch


def test_span_keeps_trailing_diacritics() -> None:
    raw = "قتل شخصاً واحداً"
    norm, m = normalize_with_map(raw)
    s = norm.index("شخصا")
    start, end = m.span(s, s + len("شخصا"))
    assert raw[start:end] == "شخصاً"


ARABIC = st.text(
    alphabet=st.sampled_from(
        [
            *list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى ٠١٢٣٤٥٦٧٨٩۰۱۲0123456789،؟.-"),
            "ً",
            "َ",
            "ّ",
            "ـ",
            "\u200f",
            "\u200c",
            "ک",
            "ی",
        ]
    ),
    max_size=80,
)


@given(ARABIC, st.sampled_from(list(Level)))
@settings(max_examples=300, deadline=None)
def test_normalisation_is_idempotent(text: str, level: Level) -> None:
    once = normalize(text, level)
    assert normalize(once, level) == once


@given(ARABIC)
@settings(max_examples=300, deadline=None)
def test_every_span_maps_back(text: str) -> None:
    norm, m = normalize_with_map(text)
    assert m.norm_length == len(norm)
    for a in range(0, len(norm) + 1, 3):
        for b in range(a, len(norm) + 1, 5):
            start, end = m.span(a, b)
            assert 0 <= start <= end <= len(text)
            assert normalize(text[start:end]) == norm[a:b]
