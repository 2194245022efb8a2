"""Clitic-aware lookup keys."""

from __future__ import annotations

import pytest

from rasd.doc import Doc
from rasd.kb.matcher import PhraseMatcher
from rasd.text.clitics import lookup_keys, matches, prefix_keys


@pytest.mark.parametrize(
    ("token", "entry"),
    [
        ("وبالموصل", "الموصل"),
        ("لداعش", "داعش"),
        ("والمسلحين", "مسلح"),
        ("بالرياض", "الرياض"),
        ("فالقاعدة", "القاعدة"),
        ("للجيش", "الجيش"),
        ("وكابل", "كابل"),
        ("بسيناء", "سيناء"),
        ("والحوثيين", "الحوثي"),
        ("انتحاريين", "انتحاري"),
        ("كالمعتاد", "المعتاد"),
        ("وسيستهدفون", "يستهدفون"),
        ("الدولة", "الدوله"),
        ("وبغداد", "بغداد"),
        ("لطالبان", "طالبان"),
        ("وتنظيم", "تنظيم"),
    ],
)
def test_token_finds_entry(token: str, entry: str) -> None:
    assert matches(token, entry)


@pytest.mark.parametrize(
    ("token", "entry"),
    [("بغداد", "داعش"), ("الرياض", "رياضة"), ("مسلح", "مسلحين")],
)
def test_token_does_not_find_other_entry(token: str, entry: str) -> None:
    assert not matches(token, entry)


def test_keys_are_ordered_most_specific_first() -> None:
    keys = lookup_keys("وبالموصل")
    assert keys[0] == "وبالموصل"
    assert keys.index("الموصل") < keys.index("موصل")


def test_prefix_keys_do_not_strip_suffixes() -> None:
    assert "مسلح" not in prefix_keys("المسلحين")
    assert "مسلحين" in prefix_keys("المسلحين")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("وقع الهجوم الانتحاري في المدينة", "الهجوم الانتحاري"),
        ("نفذ تنظيم الدولة الإسلامية العملية", "الدولة الإسلامية"),
        ("هاجم مسلحو وبالموصل", "وبالموصل"),
    ],
)
def test_phrase_matcher(text: str, found: str) -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add_many([("هجوم انتحاري", "s"), ("الدولة الإسلامية", "is"), ("الموصل", "mosul")])
    doc = Doc.from_text(text)
    assert found in [x.span.text for x in m.find(doc, stems=False)]


def test_matcher_prefers_longest() -> None:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add("القاعدة", "aq")
    m.add("القاعدة في جزيرة العرب", "aqap")
    doc = Doc.from_text("تبنى تنظيم القاعدة في جزيرة العرب الهجوم")
    assert [x.payload for x in m.find(doc)] == ["aqap"]
