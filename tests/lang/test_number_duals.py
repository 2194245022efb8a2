"""Dual person nouns counted as 2 (additions of extraction round 5)."""

from __future__ import annotations

import pytest

from rasd.lang.ar.numbers import DUAL_NOUNS, DUAL_NOUNS_NOMINATIVE_ONLY
from rasd.text.numbers import find_quantities


def _values(text: str) -> list[object]:
    return [q.value for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text",
    [
        "أسفرت المداهمة عن مقتل شقيقين في المنزل",
        "قتل شقيقان برصاص مجهولين",
        "أصيبت شقيقتان في الانفجار",
        "مقتل طبيبين في قصف المستشفى",
        "خطف المسلحون نائبين في البرلمان",
        "قتل ابنين للضابط",
        "أصيب مرافقان للوزير",
        "قتل مسافران في الهجوم على الحافلة",
    ],
)
def test_dual_person_nouns_count_two(text: str) -> None:
    assert _values(text) == [2]


@pytest.mark.parametrize(
    "text",
    [
        # the ـين form of these nouns is also their sound plural: no figure
        "أصيب مرافقين للوزير",
        "اعتقلت الشرطة طالبين في الجامعة",
        "نقل مسافرين إلى المستشفى",
        "قتل مهندسين في الموقع",
    ],
)
def test_sound_plural_forms_are_no_dual(text: str) -> None:
    assert _values(text) == []


def test_new_nouns_sit_in_one_table_only() -> None:
    assert not set(DUAL_NOUNS) & set(DUAL_NOUNS_NOMINATIVE_ONLY)
    for noun in ("شقيق", "شقيقة", "طبيب", "نائب", "ابن"):
        assert noun in DUAL_NOUNS
    for noun in ("مرافق", "مزارع", "صياد", "مهندس", "ممرض", "مسافر"):
        assert noun in DUAL_NOUNS_NOMINATIVE_ONLY
    assert "طالب" not in DUAL_NOUNS_NOMINATIVE_ONLY  # "طالبان" is the Taliban


@pytest.mark.parametrize(
    "text",
    ["هاجمت حركة طالبان نقطة تفتيش", "قال متحدث باسم طالبان إن الحركة لم تشارك"],
)
def test_taliban_is_no_dual(text: str) -> None:
    assert _values(text) == []
