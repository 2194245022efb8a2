"""Bytes to text, and an HTML page to one article.

:func:`decode_bytes` tries, in order: a byte-order mark, the declared charset
(an HTTP header), a ``<meta charset>`` in the first bytes, strict UTF-8, and
finally Windows-1256 (the Arabic code page of older Arabic sites) when the
result reads as Arabic. :func:`parse_html` keeps the main text (trafilatura,
else the page's paragraphs), the title, the publication day and the canonical
URL. Nothing in a page is ever executed: scripts and styles are dropped and
JSON-LD blocks are only parsed as JSON.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urljoin

from rasd.errors import EncodingError, InputError
from rasd.ingest.item import SourceItem

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_ARABIC_CHAR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
MIN_FALLBACK_PARAGRAPH = 25
MIN_ARTICLE_CHARS = 30  # shorter main text is a menu or a caption, not an article


def _codec(name: str | None) -> str | None:
    """Python's name for a charset label, ``None`` when unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in ("windows-1256", "cp1256", "x-cp1256"):
        return "cp1256"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _reads_as_arabic(text: str) -> bool:
    """Whether a cp1256 decoding looks like real Arabic text, not mojibake or binary."""
    if _CONTROL.search(text):
        return False
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    arabic = sum(1 for c in non_ascii if _ARABIC_CHAR.match(c))
    return arabic >= 0.7 * len(non_ascii)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a document's bytes (see the module docstring); a BOM is dropped.

    Raises :class:`~rasd.errors.EncodingError` (``RASD101``) when no encoding fits.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            unmarked = _try(data[len(bom) :], codec)
            if unmarked is not None:
                return unmarked
            break
    candidates: list[str | None] = [_codec(declared)]
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(_codec(m.group(1).decode("ascii", "replace")))
    candidates.append("utf-8")
    for cand in candidates:
        found = _try(data, cand)
        if found is not None and not (cand == "cp1256" and not _reads_as_arabic(found)):
            return found
    found = _try(data, "cp1256")
    if found is not None and _reads_as_arabic(found):
        return found
    bad = _first_bad_utf8(data)
    raise EncodingError(
        f"the bytes are neither UTF-8 nor Windows-1256 Arabic (first bad byte at {bad})",
        hint="save the file as UTF-8",
    )


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return -1


# -- HTML ------------------------------------------------------------------------------
def iso_day(value: Any) -> str | None:
    """``YYYY-MM-DD`` from the start of a date or date-time string, else ``None``."""
    if not isinstance(value, str):
        return None
    m = _ISO_DAY.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _meta(tree: Any, *keys: str) -> str | None:
    """The first non-empty ``<meta property|name|itemprop=KEY content>``, in key order."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for el in tree.xpath(f'//meta[@{attr}="{key}"]'):
                value = _clean(el.get("content"))
                if value:
                    return value
    return None


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Objects of the page's JSON-LD blocks (parsed as data, never run)."""
    out: list[dict[str, Any]] = []
    for el in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(el.text or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                out.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _published(tree: Any, ld: list[dict[str, Any]]) -> str | None:
    for value in (
        _meta(tree, "article:published_time", "og:published_time", "datePublished"),
        *(obj.get("datePublished") for obj in ld),
        _meta(tree, "pubdate", "publishdate", "date", "DC.date.issued", "dc.date"),
        *(el.get("datetime") for el in tree.xpath("//time[@datetime]")),
    ):
        day = iso_day(value)
        if day:
            return day
    return None


def _title(tree: Any, ld: list[dict[str, Any]]) -> str | None:
    title = _meta(tree, "og:title", "twitter:title")
    if title:
        return title
    for el in tree.xpath("//title"):
        value = _clean(el.text_content())
        if value:
            return value
    for obj in ld:
        value = obj.get("headline")
        if isinstance(value, str) and _clean(value):
            return _clean(value)
    for el in tree.xpath("//h1"):
        value = _clean(el.text_content())
        if value:
            return value
    return None


def _paragraphs(tree: Any) -> str:
    """Fallback main text: the page's paragraphs long enough to be prose."""
    paras = []
    for el in tree.xpath("//p"):
        text = _clean(el.text_content())
        if text and len(text) >= MIN_FALLBACK_PARAGRAPH:
            paras.append(text)
    return "\n\n".join(paras)


def _main_text(tree: Any, url: str | None) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(
            tree,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=False,
            output_format="txt",
        )
    except Exception:  # a malformed tree: fall back to plain paragraphs
        text = None
    text = (text or "").strip()
    if len(text) >= MIN_ARTICLE_CHARS:
        return text
    fallback = _paragraphs(tree)
    return fallback if len(fallback) >= len(text) else text


def parse_html(
    data: bytes | str,
    *,
    url: str | None = None,
    declared_charset: str | None = None,
    source: str | None = None,
) -> SourceItem:
    """One article from an HTML page.

    Raises :class:`~rasd.errors.EncodingError` for undecodable bytes and
    :class:`~rasd.errors.InputError` ``RASD104`` for a page with no article text.
    """
    import lxml.html
    from lxml.etree import ParserError

    text_in = decode_bytes(data, declared_charset) if isinstance(data, bytes) else data
    # lxml refuses str input that carries an XML encoding declaration
    text_in = re.sub(r"^\s*<\?xml[^>]*\?>", "", text_in)
    ref = url or "html"
    if not text_in.strip():
        raise InputError(f"{ref}: the page is empty", code="RASD104", hint=_NO_TEXT_HINT)
    try:
        tree = lxml.html.document_fromstring(text_in)
    except (ParserError, ValueError) as err:
        raise InputError(f"{ref}: not an HTML page ({err})", code="RASD104") from err
    ld = _json_ld(tree)
    title = _title(tree, ld)
    published = _published(tree, ld)
    meta: dict[str, Any] = {}
    for el in tree.xpath('//link[@rel="canonical"][@href]'):
        href = (el.get("href") or "").strip()
        if href:
            meta["canonical_url"] = urljoin(url, href) if url else href
            break
    lang = (tree.get("lang") or "").strip().lower()[:2]
    if lang.isalpha() and len(lang) == 2:
        meta["html_lang"] = lang
    for el in tree.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        el.drop_tree()
    text = _main_text(tree, url)
    if len(text) < MIN_ARTICLE_CHARS:
        raise InputError(f"{ref}: the page has no article text", code="RASD104", hint=_NO_TEXT_HINT)
    return SourceItem(
        text=text,
        title=title,
        url=url,
        published=published,
        source=source,
        ref=url,
        meta=meta,
    )


_NO_TEXT_HINT = "give the page of one article (not an index, search or login page)"
