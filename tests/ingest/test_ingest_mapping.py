"""JSON record field mapping (rasd.ingest.sources.mapping)."""

from __future__ import annotations

import pytest

from rasd.errors import InputError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.mapping import DEFAULT_MAPPING, FieldMapping, get_path

TEXT = "انفجرت عبوة ناسفة قرب دورية للشرطة في مدينة عدن دون وقوع إصابات."


def test_defaults_handle_the_saudinewsnet_layout() -> None:
    record = {
        "source": "okaz",
        "url": "http://www.okaz.com.sa/new/Issues/20150806/Con20150806000001.htm",
        "date_extracted": "2015-08-07 02:51:32",
        "title": "عبوة ناسفة في عدن",
        "author": "عدن: مراسلنا",
        "content": TEXT,
    }
    item = DEFAULT_MAPPING.to_item(record, ref="x.zip#3")
    assert isinstance(item, SourceItem)
    assert (item.text, item.title, item.source, item.ref) == (
        TEXT,
        "عبوة ناسفة في عدن",
        "okaz",
        "x.zip#3",
    )
    assert item.published == "2015-08-06"  # the URL's day beats the crawl day
    assert item.meta == {"author": "عدن: مراسلنا", "date_extracted": "2015-08-07 02:51:32"}
    record["url"] = "http://aawsat.com/home/article/1"
    assert DEFAULT_MAPPING.to_item(record).published == "2015-08-07"  # type: ignore[union-attr]


def test_a_given_source_wins_and_the_outlet_is_kept() -> None:
    item = DEFAULT_MAPPING.to_item({"text": TEXT, "outlet": "spa"}, source="archive1")
    assert isinstance(item, SourceItem) and item.source == "archive1"
    assert item.meta["outlet"] == "spa"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2015-08-06", "2015-08-06"),
        ("2015-08-06T22:10:00+03:00", "2015-08-06"),
        ("Thu, 06 Aug 2015 10:00:00 +0300", "2015-08-06"),
        ("قبل يومين", None),
        ("2015-02-30", None),
    ],
)
def test_dates_are_normalised_or_dropped(value: str, day: str | None) -> None:
    item = DEFAULT_MAPPING.to_item({"text": TEXT, "pubDate": value})
    assert isinstance(item, SourceItem) and item.published == day


def test_user_mapping_with_dotted_paths_and_alternatives() -> None:
    fm = FieldMapping.parse("text=story.paragraphs, title=meta.h|headline, published=meta.date")
    rec = {
        "story": {"paragraphs": ["فقرة أولى", "فقرة ثانية"]},
        "headline": "ع",
        "meta": {"date": "2015-08-01"},
    }
    item = fm.to_item(rec)
    assert isinstance(item, SourceItem)
    assert (
        item.text == "فقرة أولى\n\nفقرة ثانية"
        and item.title == "ع"
        and item.published == "2015-08-01"
    )
    assert fm.paths["url"] == ("url", "link")  # fields not named keep the defaults


@pytest.mark.parametrize(
    "record", [{"title": "بلا نص"}, {"text": "   "}, ["not", "an object"], {"text": {"a": 1}}]
)
def test_record_without_text_is_rasd106(record: object) -> None:
    err = DEFAULT_MAPPING.to_item(record, ref="f.jsonl#2", source="s")
    assert isinstance(err, ItemError) and err.code == "RASD106"
    assert (err.ref, err.source) == ("f.jsonl#2", "s")


@pytest.mark.parametrize("spec", ["text", "body=text", "text=", "text=a..b", "text=a b"])
def test_bad_mapping_specs(spec: str) -> None:
    with pytest.raises(InputError):
        FieldMapping.parse(spec)


def test_get_path() -> None:
    rec = {"a": {"b": [{"c": 1}]}}
    assert get_path(rec, "a.b.0.c") == 1
    assert get_path(rec, "a.x.c") is None and get_path(rec, "a.b.5") is None
