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
from rasd.batch.textcache import TextView

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
    """A growing window over a text stream; ``base`` is the stream offset (in
    characters) of ``buf[0]``."""

    def __init__(self, stream: IO[str] | TextView, chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.base = 0
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(self.chunk)
        if not data:
            self.eof = True
            return False
        self.base += self.pos
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


def skip_chars(stream: IO[str] | TextView, n: int, chunk: int = CHUNK_CHARS) -> None:
    """Read and drop the first ``n`` characters of ``stream`` (decoding only — far
    cheaper than parsing the JSON before a partition's first record; a seek on
    a cached :class:`~rasd.batch.textcache.TextView`)."""
    if isinstance(stream, TextView):
        stream.seek(stream.pos + n)
        return
    while n > 0:
        data = stream.read(min(n, chunk))
        if not data:
            return
        n -= len(data)


def _iter_elements(b: _Buffer, ref: str, index: int) -> Iterator[tuple[int, Any]]:
    """``(offset, value)`` of the elements of an array whose ``[`` (and any
    earlier elements) were consumed; ``offset`` is where the element starts."""
    dec = json.JSONDecoder()
    while True:
        nxt = b.skip(_WS + ",")
        if nxt is None:
            yield -1, RecordError(f"{ref}#{index}: the JSON array is not closed")
            return
        if nxt == "]":
            return
        while True:
            try:
                obj, end = dec.raw_decode(b.buf, b.pos)
            except json.JSONDecodeError as err:
                if b.fill():
                    continue
                yield -1, RecordError(f"{ref}#{index}: not valid JSON ({err.msg})")
                return
            if end >= len(b.buf) and b.fill():  # a number may continue in the next chunk
                continue
            break
        offset = b.base + b.pos
        b.pos = end
        yield offset, obj
        index += 1


def iter_json_offsets(
    stream: IO[str] | TextView,
    ref: str,
    chunk: int = CHUNK_CHARS,
    *,
    resume: int | None = None,
    index: int = 0,
) -> Iterator[tuple[int, Any]]:
    """``(offset, value)`` for the elements of a top-level JSON array (or the one
    top-level object, offset ``-1``), decoding one element at a time. ``offset``
    is the element's start in characters from the start of the stream; pass
    one as ``resume`` to start decoding there (the characters before it are
    skipped unparsed; ``index`` numbers that element in error messages). A syntax error yields a :class:`RecordError` (offset
    ``-1``) and ends the stream (later positions cannot be trusted)."""
    b = _Buffer(stream, chunk)
    if resume is not None:
        skip_chars(stream, resume, chunk)
        b.base = resume
        yield from _iter_elements(b, ref, index)
        return
    first = b.skip(_WS + "\ufeff")
    if first is None:
        return
    if first != "[":
        while b.fill():
            pass
        try:
            yield -1, json.loads(b.buf[b.pos :])
        except ValueError as err:
            yield -1, RecordError(f"{ref}: not valid JSON ({err})")
        return
    b.pos += 1
    yield from _iter_elements(b, ref, 0)


def iter_json_values(stream: IO[str], ref: str, chunk: int = CHUNK_CHARS) -> Iterator[Any]:
    """Yield the elements of a top-level JSON array (or the one top-level object),
    decoding one element at a time. A syntax error yields a :class:`RecordError`
    and ends the stream (the position of later elements cannot be trusted)."""
    for _, value in iter_json_offsets(stream, ref, chunk):
        yield value


def count_json_values(stream: IO[str], ref: str) -> int:
    """Number of elements :func:`iter_json_values` yields (errors included)."""
    return sum(1 for _ in iter_json_values(stream, ref))
