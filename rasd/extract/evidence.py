"""Evidence construction: a quoted phrase plus its sentence, with raw offsets."""

from __future__ import annotations

from rasd.doc import Span
from rasd.extract.analysis import Sentence
from rasd.model import Evidence


def evidence(span: Span, sentence: Sentence) -> Evidence:
    s = sentence.span
    return Evidence(
        text=span.text,
        start=span.start,
        end=span.end,
        sentence=s.text,
        sentence_start=s.start,
        sentence_end=s.end,
        part=sentence.part,
    )
