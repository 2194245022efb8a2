"""Sentences, paragraphs, datelines and tokens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.doc import Doc
from rasd.text.normalize import normalize
from rasd.text.sentences import find_dateline


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("قتل ثلاثة. وأصيب خمسة.", 2),
        ("هل وقع الانفجار؟ نعم وقع.", 2),
        ("قال د. أحمد إن الوضع هادئ.", 1),
        ("وصل م. خالد إلى الموقع. ثم غادر.", 2),
        ("في عام 1436 هـ. وقع الحادث", 1),
        ("ارتفعت النسبة إلى 3.5 في المئة.", 1),
        ("بلغ العدد ٣٫٥ مليون.", 1),
        ("وقع في 22.03.2024 هجوم.", 1),
        ("السطر الأول\nالسطر الثاني", 2),
        ("فقرة أولى\n\nفقرة ثانية", 2),
        ("انفجار! ثم هدوء", 2),
        ("", 0),
        ("   \n  ", 0),
        ("قال: «لن نتراجع». ثم صمت.", 2),
        ("Dr. Smith said it. Then left.", 2),
    ],
)
def test_sentence_count(text: str, n: int) -> None:
    assert len(Doc.from_text(text).sentences) == n


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("بغداد - رويترز\nقتل", "بغداد", "رويترز"),
        ("الرياض (واس) - أعلنت", "الرياض", "واس"),
        ("القاهرة: قال مسؤول", "القاهرة", None),
        ("كابل - أ ف ب: قتل", "كابل", "ا ف ب"),
        ("إسطنبول – الشرق الأوسط\nنص", "اسطنبول", "الشرق الاوسط"),
    ],
)
def test_dateline(text: str, place: str, agency: str | None) -> None:
    norm = normalize(text)
    dl = find_dateline(norm)
    assert dl is not None
    assert norm[dl.place[0] : dl.place[1]] == place
    if agency is None:
        assert dl.agency is None
    else:
        assert dl.agency is not None
        assert norm[dl.agency[0] : dl.agency[1]].strip() == agency


def test_long_clause_is_not_a_dateline() -> None:
    assert find_dateline(normalize("قال المتحدث باسم وزارة الداخلية في بيان رسمي اليوم إن")) is None


@pytest.mark.parametrize(
    ("text", "tokens", "kinds"),
    [
        ("قتل 1,200 شخص", ["قتل", "1,200", "شخص"], ["word", "num", "word"]),
        ("في 22/03/2024", ["في", "22/03/2024"], ["word", "date"]),
        ("في 2024-03-22", ["في", "2024-03-22"], ["word", "date"]),
        ("نسبة ٣٫٥٪", ["نسبة", "٣٫٥", "٪"], ["word", "num", "punct"]),
        ("قُتِلَ ١٢", ["قُتِلَ", "١٢"], ["word", "num"]),
        ("تنظيم ISIS", ["تنظيم", "ISIS"], ["word", "latin"]),
        ("«داعش»،", ["«", "داعش", "»", "،"], ["punct", "word", "punct", "punct"]),
        ("الإرهـــابي", ["الإرهـــابي"], ["word"]),
    ],
)
def test_tokens(text: str, tokens: list[str], kinds: list[str]) -> None:
    toks = Doc.from_text(text).tokens
    assert [t.text for t in toks] == tokens
    assert [t.kind for t in toks] == kinds


@given(
    st.text(alphabet=st.sampled_from(list("ابتسقلمنهوي ٠١٢3.،؟\n\u064e\u0640\u200f")), max_size=120)
)
@settings(max_examples=200, deadline=None)
def test_spans_slice_back_to_surface(text: str) -> None:
    doc = Doc.from_text(text)
    for span in [*doc.sentences, *doc.tokens]:
        assert doc.raw[span.start : span.end] == span.text
        assert normalize(span.text) == span.norm
