"""Units of the dashboard: evidence highlighting, formatting, filter parsing."""

from __future__ import annotations

import pytest

from rasd.model import Evidence
from rasd.serve.ui import data, i18n
from rasd.serve.ui.highlight import Span, locate, quote_in_sentence, segments


def test_segments_cut_and_keep_every_character() -> None:
    text = "قتل خمسة في بغداد"
    segs = segments(text, [Span(4, 8, "killed"), Span(12, 17, "location")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.fields) for s in segs if s.marked] == [
        ("خمسة", ("killed",)),
        ("بغداد", ("location",)),
    ]


def test_overlapping_spans_mark_both_fields() -> None:
    segs = segments("abcdef", [Span(0, 4, "type"), Span(2, 6, "weapons")])
    assert [(s.text, s.fields) for s in segs] == [
        ("ab", ("type",)),
        ("cd", ("type", "weapons")),
        ("ef", ("weapons",)),
    ]


def test_out_of_range_and_empty_spans_are_dropped() -> None:
    segs = segments("abc", [Span(5, 9, "x"), Span(2, 2, "y"), Span(-3, 1, "z")])
    assert [(s.text, s.fields) for s in segs] == [("a", ("z",)), ("bc", ())]


def test_locate_recovers_drifted_offsets() -> None:
    text = "مقدمة. قتل خمسة أشخاص"
    ev = Evidence("خمسة", 0, 4)
    span = locate(text, ev)
    assert span is not None and text[span.start : span.end] == "خمسة"
    assert locate(text, Evidence("غير موجود", 0, 9)) is None


def test_quote_in_sentence_marks_the_phrase() -> None:
    ev = Evidence("خمسة", 14, 18, sentence="قتل خمسة", sentence_start=10, sentence_end=18)
    segs = quote_in_sentence(ev, "killed")
    assert [(s.text, s.fields) for s in segs] == [("قتل ", ()), ("خمسة", ("killed",))]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2015-08-06", "ar", "٦ أغسطس ٢٠١٥"),
        ("2015-08-06", "en", "6 August 2015"),
        ("2015-01", "ar", "يناير ٢٠١٥"),
        ("2014", "en", "2014"),
        ("2026-11-23T08:34:45Z", "en", "23 November 2026"),
        (None, "ar", "غير معروف"),
        ("garbage", "en", "garbage"),
        ("2015-13", "en", "2015"),
    ],
)
def test_fmt_date(value: str | None, lang: str, expected: str) -> None:
    assert i18n.fmt_date(value, lang) == expected


def test_fmt_number() -> None:
    assert i18n.fmt_number(1234, "ar") == "١٬٢٣٤"
    assert i18n.fmt_number(1234, "en") == "1,234"
    assert i18n.fmt_number(0.75, "ar") == "٠٫٧٥"
    assert i18n.fmt_number(None, "en") == "–"


def test_every_label_exists_in_both_languages() -> None:
    assert set(i18n.STRINGS["ar"]) == set(i18n.STRINGS["en"])
    from rasd.taxonomy import INCIDENT_TYPES, STATUSES

    assert set(i18n.TYPES) == set(INCIDENT_TYPES)
    assert set(i18n.STATUSES) == set(STATUSES)
    assert set(data.TYPE_COLOURS) == set(INCIDENT_TYPES)


def test_pick_lang() -> None:
    assert i18n.pick_lang(None, None) == "ar"
    assert i18n.pick_lang("en", "ar") == "en"
    assert i18n.pick_lang("xx", "en") == "en"


def test_parse_query_validates_every_filter() -> None:
    q = data.parse_query(
        {
            "date_from": "2015-01-01",
            "date_to": "bad",
            "type": "bombing",
            "country": "sa",
            "status": "nope",
            "group": "Islamic State",
            "q": "بغداد",
            "sort": "killed",
        }
    )
    assert q.filters.date_from == "2015-01-01" and q.filters.date_to is None
    assert q.filters.type == "bombing" and q.filters.country == "SA"
    assert q.filters.status is None and q.filters.group == "Islamic State"
    assert q.filters.query == "بغداد" and q.sort == "killed"
    assert sorted(q.errors) == ["date_to", "status"]
    assert data.parse_query({"q": "x" * 500}).errors == ["q"]


def test_marker_radius_grows_and_caps() -> None:
    assert data.marker_radius(None, None) == 5.0
    assert data.marker_radius(10, 15) > data.marker_radius(1, 0)
    assert data.marker_radius(10_000, 10_000) == 30.0
