"""Per-record decoding for batch partitions: streamed JSON arrays, JSON lines,
and the mapping from a record (dict) to the fields of one article.

Readers here stream: a JSON array is decoded one element at a time from a
text stream read in chunks, so a partition holds at most one chunk plus one
record in memory, whatever the size of the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from rasd.batch.errors import RecordError

CHUNK_CHARS = 1 << 20
TEXT_FIELDS = ("content", "text", "body", "article")
DATE_FIELDS = ("published", "date", "date_published", "pubDate", "date_extracted")
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_WS = " \t\r\n"


@dataclass(frozen=True)
class RawDoc:
    """One article as read from an input, before the language gate."""

    ref: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None


def _str(obj: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def published_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from a date or timestamp string, or ``None`` if it has none."""
    if not value:
        return None
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def decode_record(obj: Any, ref: str) -> RawDoc:
    """Map one decoded record to a :class:`RawDoc`; raise :class:`RecordError` if it is
    not an article (not an object, or no text field)."""
    if not isinstance(obj, dict):
        raise RecordError(f"{ref}: record is a {type(obj).__name__}, not an object")
    text = None
    for name in TEXT_FIELDS:
        value = obj.get(name)
        if isinstance(value, str):
            text = value
            break
    if text is None:
        raise RecordError(f"{ref}: record has no text field ({', '.join(TEXT_FIELDS)})")
    return RawDoc(
        ref=ref,
        text=text,
        title=_str(obj, "title", "headline"),
        url=_str(obj, "url", "link"),
        published=published_date(_str(obj, *DATE_FIELDS)),
        source=_str(obj, "source"),
        language=_str(obj, "language", "lang"),
    )


def decode_line(line: str | bytes, ref: str) -> RawDoc:
    """Decode one JSON line into a :class:`RawDoc` (:class:`RecordError` if unreadable)."""
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError) as err:
        raise RecordError(f"{ref}: not valid JSON ({err})") from err
    return decode_record(obj, ref)


class _Buffer:
    """A growing window over a text stream."""

    def __init__(self, stream: IO[str], chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(self.chunk)
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def skip(self, chars: str) -> str | None:
        """Skip ``chars``; return the next character (``None`` at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in chars:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None


def iter_json_values(stream: IO[str], ref: str, chunk: int = CHUNK_CHARS) -> Iterator[Any]:
    """Yield the elements of a top-level JSON array (or the one top-level object),
    decoding one element at a time. A syntax error yields a :class:`RecordError`
    and ends the stream (the position of later elements cannot be trusted)."""
    dec = json.JSONDecoder()
    b = _Buffer(stream, chunk)
    first = b.skip(_WS + "\ufeff")
    if first is None:
        return
    if first != "[":
        while b.fill():
            pass
        try:
            yield json.loads(b.buf[b.pos :])
        except ValueError as err:
            yield RecordError(f"{ref}: not valid JSON ({err})")
        return
    b.pos += 1
    index = 0
    while True:
        nxt = b.skip(_WS + ",")
        if nxt is None:
            yield RecordError(f"{ref}#{index}: the JSON array is not closed")
            return
        if nxt == "]":
            return
        while True:
            try:
                obj, end = dec.raw_decode(b.buf, b.pos)
            except json.JSONDecodeError as err:
                if b.fill():
                    continue
                yield RecordError(f"{ref}#{index}: not valid JSON ({err.msg})")
                return
            if end >= len(b.buf) and b.fill():  # a number may continue in the next chunk
                continue
            break
        b.pos = end
        yield obj
        index += 1


def count_json_values(stream: IO[str], ref: str) -> int:
    """Number of elements :func:`iter_json_values` yields (errors included)."""
    return sum(1 for _ in iter_json_values(stream, ref))
