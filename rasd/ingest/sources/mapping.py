"""JSON record → article: which field holds the text, the title, the date…

The default mapping tries common names in order (``text|content|body|article``,
``title|headline``, …) and handles the SaudiNewsNet layout (``content``,
``date_extracted``, ``source``, ``author``). A user mapping such as
``text=body,title=headline,published=meta.date`` (dotted paths reach into
nested objects) replaces the defaults of the fields it names.

A record without text becomes an :class:`ItemError` ``RASD106``; a date that
cannot be read is kept as ``None`` and never fails the record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import InputError
from rasd.ingest.item import ItemError, SourceItem

FIELDS = ("text", "title", "url", "published", "language", "source")
DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubDate", "published_at"),
    "language": ("language", "lang"),
    "source": ("source", "outlet"),
}
# the crawl day: a last resort after the record's own date and a date in its URL
FALLBACK_PUBLISHED = ("date_extracted", "crawled", "fetched_at")
_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:/|$)"),
)
_PATH = re.compile(r"^[A-Za-z_@$][\w@$-]*(\.[A-Za-z_@$][\w@$-]*|\.\d+)*$")


@dataclass(frozen=True)
class FieldMapping:
    """Candidate paths for each article field (first non-empty wins)."""

    paths: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULTS))

    @classmethod
    def parse(cls, spec: str | None) -> FieldMapping:
        """A mapping from ``field=path[|path…],…``; ``None`` or ``""`` gives the defaults.

        Raises :class:`~rasd.errors.InputError` for an unknown field or a bad path.
        """
        paths = dict(DEFAULTS)
        if not spec or not spec.strip():
            return cls(paths)
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, value = part.partition("=")
            name, value = name.strip(), value.strip()
            if not sep or not value:
                raise InputError(
                    f"bad mapping entry {part!r}",
                    hint="write it as field=path, e.g. text=body,published=meta.date",
                )
            if name not in FIELDS:
                raise InputError(
                    f"unknown mapping field {name!r}", hint=f"use one of {', '.join(FIELDS)}"
                )
            alts = tuple(p.strip() for p in value.split("|") if p.strip())
            for p in alts:
                if not _PATH.match(p):
                    raise InputError(
                        f"bad field path {p!r} in the mapping",
                        hint="use names joined by dots, e.g. meta.date",
                    )
            paths[name] = alts
        return cls(paths)

    def to_item(
        self, record: Any, *, ref: str | None = None, source: str | None = None
    ) -> SourceItem | ItemError:
        """One article from a JSON object (or an :class:`ItemError` ``RASD106``).

        ``source`` (the registered source given by the user) wins over a
        record's own ``source`` field, which is kept in ``meta["outlet"]``.
        """
        if not isinstance(record, Mapping):
            return ItemError(
                "RASD106", f"expected a JSON object, got {type(record).__name__}", ref, source
            )
        text = _text(self.first(record, "text"))
        if not text:
            tried = "|".join(self.paths["text"])
            return ItemError(
                "RASD106",
                f"the record has no text (looked at {tried}); pass --mapping",
                ref,
                source,
            )
        url = _text(self.first(record, "url"))
        published = _day(self.first(record, "published")) or _url_day(url)
        if published is None:
            published = next(
                (d for k in FALLBACK_PUBLISHED if (d := _day(record.get(k))) is not None), None
            )
        outlet = _text(self.first(record, "source"))
        language = _text(self.first(record, "language"))
        used = {p.split(".")[0] for name in FIELDS for p in self.paths[name]}
        meta = {
            k: v
            for k, v in sorted(record.items())
            if k not in used and isinstance(v, str | int | float | bool) and not isinstance(k, int)
        }
        if outlet and source:
            meta["outlet"] = outlet
        return SourceItem(
            text=text,
            title=_text(self.first(record, "title")),
            url=url,
            published=published,
            language=language.lower()[:2] if language else None,
            source=source or outlet,
            ref=ref,
            meta=meta,
        )

    def first(self, record: Mapping[str, Any], name: str) -> Any:
        for path in self.paths[name]:
            value = get_path(record, path)
            if value not in (None, "", [], {}):
                return value
        return None


def get_path(record: Any, path: str) -> Any:
    """``record["a"]["b"]`` for ``a.b`` (list items by index), ``None`` when absent."""
    cur = record
    for part in path.split("."):
        if isinstance(cur, Mapping):
            cur = cur.get(part)
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return None
        if cur is None:
            return None
    return cur


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # e.g. a body given as paragraphs
        value = "\n\n".join(str(v) for v in value if isinstance(v, str | int | float))
    if not isinstance(value, str | int | float):
        return None
    s = str(value).strip()
    return s or None


def _day(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date string (ISO, ISO date-time, RFC 822), else ``None``."""
    from rasd.io import parse_published

    if not isinstance(value, str) or not value.strip():
        return None
    try:
        day = parse_published(value.strip())
    except InputError:
        day = None
    if day is not None:
        return day.isoformat()
    try:  # RSS-style dates: "Thu, 06 Aug 2015 10:00:00 +0300"
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _url_day(url: str | None) -> str | None:
    """The day a news URL carries (``/2015/08/06/``, ``/20150806/``), else ``None``."""
    import datetime as dt

    if not url:
        return None
    for rx in _URL_DATE:
        m = rx.search(url)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None


DEFAULT_MAPPING = FieldMapping()
