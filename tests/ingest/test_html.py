"""HTML pages and byte decoding (rasd.ingest.sources.html)."""

from __future__ import annotations

import codecs
import json

import pytest

from rasd.errors import EncodingError, InputError
from rasd.ingest.sources.html import decode_bytes, iso_day, parse_html

BODY = (
    "<p>قتل ثلاثة من رجال الأمن في هجوم مسلح استهدف نقطة تفتيش في مدينة العريش صباح اليوم.</p>"
    "<p>وقالت مصادر أمنية إن المهاجمين فروا إلى جهة مجهولة بعد تبادل لإطلاق النار مع القوات.</p>"
)
ARABIC = "هجوم على نقطة تفتيش في العريش"


def page(head: str = "", body: str = BODY, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html lang='ar'><head>{meta}{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (ARABIC.encode("utf-8"), None),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), None),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), None),
        (ARABIC.encode("cp1256"), None),
        (ARABIC.encode("cp1256"), "windows-1256"),
        (ARABIC.encode("utf-8"), "windows-1256"),  # a wrong header: cp1256 would be mojibake
        (ARABIC.encode("iso-8859-6"), "iso-8859-6"),
    ],
)
def test_decode_bytes_finds_the_text(data: bytes, declared: str | None) -> None:
    assert decode_bytes(data, declared) == ARABIC


def test_decode_bytes_uses_meta_charset() -> None:
    html = page(charset="windows-1256").replace("</body>", f"<p>{ARABIC}</p></body>")
    assert ARABIC in decode_bytes(html.encode("cp1256"))


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\xff\xfe\x81\x8d binary", "Grüße".encode("latin-1")]
)
def test_decode_bytes_rejects_what_is_not_text(data: bytes) -> None:
    with pytest.raises(EncodingError) as exc:
        decode_bytes(data)
    assert exc.value.code == "RASD101" and exc.value.hint


def test_parse_html_keeps_text_title_date_and_canonical() -> None:
    head = (
        "<title>الصفحة | موقع</title>"
        '<meta property="og:title" content="هجوم على نقطة تفتيش">'
        '<meta property="article:published_time" content="2015-08-06T10:00:00+03:00">'
        '<link rel="canonical" href="/news/123">'
        "<script>document.write('لا تنفذ هذا')</script><style>p{color:red}</style>"
    )
    item = parse_html(page(head).encode("utf-8"), url="https://example.com/a?x=1", source="s1")
    assert "قتل ثلاثة من رجال الأمن" in item.text
    assert "لا تنفذ" not in item.text and "color" not in item.text
    assert item.title == "هجوم على نقطة تفتيش"
    assert item.published == "2015-08-06"
    assert item.meta["canonical_url"] == "https://example.com/news/123"
    assert item.meta["html_lang"] == "ar"
    assert (item.url, item.source) == ("https://example.com/a?x=1", "s1")


def test_parse_html_reads_json_ld_and_time_elements() -> None:
    ld = {"@graph": [{"@type": "NewsArticle", "datePublished": "2015-07-30", "headline": "خبر"}]}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    item = parse_html(page(head))
    assert item.published == "2015-07-30" and item.title == "خبر"
    timed = parse_html(page(body=BODY + '<time datetime="2015-08-01T08:00">أمس</time>'))
    assert timed.published == "2015-08-01"


def test_parse_html_decodes_cp1256_pages() -> None:
    html = page("<title>عنوان</title>", charset="windows-1256")
    item = parse_html(html.encode("cp1256"))
    assert item.title == "عنوان" and "العريش" in item.text


def test_parse_html_falls_back_to_paragraphs() -> None:
    item = parse_html("<html><body><div><p>" + "هذه فقرة عربية طويلة بما يكفي. " * 2 + "</p></div>")
    assert item.text.startswith("هذه فقرة")


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>فارغة</title></head><body><nav>الرئيسية</nav></body></html>",
        "<html><body><script>var a = 'نص طويل جدا داخل سكربت لا يجب أن يؤخذ';</script></body></html>",
        "   ",
    ],
)
def test_parse_html_without_article_is_rasd104(html: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_html(html)
    assert exc.value.code == "RASD104" and exc.value.hint


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2015-08-06T10:00:00Z", "2015-08-06"),
        ("2015-8-6", "2015-08-06"),
        ("2015-13-01", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_iso_day(value: str | None, day: str | None) -> None:
    assert iso_day(value) == day
