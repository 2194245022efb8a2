"""Evidence highlighting: cut a raw text at evidence offsets into plain and marked pieces.

The pieces are rendered by the templates, each escaped by Jinja2 (autoescape), so an
article's text is never interpreted as HTML: the only markup is the ``<mark>`` the
template writes around marked pieces.

>>> [(s.text, s.fields) for s in segments("ab cd ef", [Span(3, 5, "killed")])]
[('ab ', ()), ('cd', ('killed',)), (' ef', ())]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from rasd.model import Evidence, IncidentReport

#: How far from the stated offsets a quote is looked for when the offsets drifted.
SEARCH_WINDOW = 200


@dataclass(frozen=True)
class Span:
    """A field's evidence in one text part: raw offsets ``[start, end)``."""

    start: int
    end: int
    field: str


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``fields`` is empty for plain text."""

    text: str
    start: int
    end: int
    fields: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.fields)


def evidence_items(report: IncidentReport) -> Iterator[tuple[str, Evidence]]:
    """Every ``(field, evidence)`` of a report (lists give ``targets``, ``weapons``…)."""
    for name, ev in report.evidence.items():
        yield name, ev
    for name in ("date", "location", "killed", "wounded", "arrested"):
        value = getattr(report, name)
        if value is not None and value.evidence is not None:
            yield name, value.evidence
    for name in ("perpetrators", "targets", "weapons"):
        for item in getattr(report, name):
            if item.evidence is not None:
                yield name, item.evidence


def locate(text: str, ev: Evidence) -> Span | None:
    """The span of ``ev`` in ``text``: its offsets when they hold the quote, else the
    nearest occurrence of the quote within :data:`SEARCH_WINDOW`; ``None`` if absent."""
    start, end, quote = ev.start, ev.end, ev.text
    if not quote:
        return None
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return Span(start, end, "")
    lo = max(0, min(start, len(text)) - SEARCH_WINDOW)
    found = text.find(quote, lo, min(len(text), max(start, 0) + len(quote) + SEARCH_WINDOW))
    if found < 0:
        return None
    return Span(found, found + len(quote), "")


def spans_for(text: str, items: Iterable[tuple[str, Evidence]], part: str) -> list[Span]:
    """Spans of the evidence quotes that belong to ``part`` (``text`` or ``title``)."""
    out: list[Span] = []
    for name, ev in items:
        if (ev.part or "text") != part:
            continue
        span = locate(text, ev)
        if span is not None:
            out.append(Span(span.start, span.end, name))
    return out


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; overlapping spans give pieces marked with
    every field that covers them. Spans outside the text are clipped or dropped."""
    n = len(text)
    clean = [
        Span(max(0, s.start), min(n, s.end), s.field)
        for s in spans
        if s.end > s.start and s.start < n and s.end > 0
    ]
    cuts = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        fields = tuple(sorted({s.field for s in clean if s.start <= a and b <= s.end}))
        if out and out[-1].fields == fields:
            prev = out[-1]
            out[-1] = Segment(prev.text + text[a:b], prev.start, b, fields)
        else:
            out.append(Segment(text[a:b], a, b, fields))
    return out


def quote_in_sentence(ev: Evidence, field: str = "quote") -> list[Segment]:
    """The evidence sentence with the quote marked (or just the quote when the
    sentence is missing or does not contain it)."""
    sentence = ev.sentence or ""
    if not sentence:
        return [Segment(ev.text, 0, len(ev.text), (field,))]
    rel = Evidence(ev.text, ev.start - ev.sentence_start, ev.end - ev.sentence_start)
    span = locate(sentence, rel)
    if span is None:
        return [Segment(ev.text, 0, len(ev.text), (field,))]
    return segments(sentence, [Span(span.start, span.end, field)])
