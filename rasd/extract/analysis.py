"""Per-article analysis: run every matcher once and bucket the results by sentence."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from rasd.doc import Doc, Span
from rasd.kb.base import KnowledgeBase
from rasd.kb.matcher import Match, release
from rasd.kb.tags import drop_ignored
from rasd.text.dates import DateMatch, dates
from rasd.text.numbers import Quantity, quantities


@dataclass
class Sentence:
    """One sentence of an article part with everything found in it."""

    part: str  # "title" or "text"
    index: int  # position in the article (title sentences first)
    doc: Doc
    span: Span
    first_token: int
    last_token: int  # exclusive
    triggers: list[Match[Any]] = field(default_factory=list)
    cues: list[Match[str]] = field(default_factory=list)
    casualty: list[Match[Any]] = field(default_factory=list)
    groups: list[Match[tuple[str, str]]] = field(default_factory=list)
    agencies: list[Match[str]] = field(default_factory=list)
    countries: list[Match[tuple[str, str]]] = field(default_factory=list)
    # clitic-stripped key forms of each token, computed once on first use (contexts.py)
    word_forms: list[frozenset[str]] | None = field(default=None, repr=False, compare=False)
    # every form of word_forms in one set, made on first use (contexts.py)
    all_forms: frozenset[str] | None = field(default=None, repr=False, compare=False)
    # the normalised text of each token, made on first use (no Token objects)
    word_norms: list[str] | None = field(default=None, repr=False, compare=False)
    # the kinds of the cues, made on first use (the cue list is final after analysis)
    cue_set: frozenset[str] | None = field(default=None, repr=False, compare=False)
    places: list[Match[str]] = field(default_factory=list)
    weapons: list[Match[str]] = field(default_factory=list)
    targets: list[Match[str]] = field(default_factory=list)
    quantities: list[tuple[Quantity, Span]] = field(default_factory=list)
    dates: list[tuple[DateMatch, Span]] = field(default_factory=list)

    def cue_kinds(self) -> frozenset[str]:
        if self.cue_set is None:
            self.cue_set = frozenset([m.payload for m in self.cues])
        return self.cue_set

    def has_cue(self, kind: str) -> bool:
        return kind in self.cue_kinds()

    def norms(self) -> list[str]:
        """The normalised text of each token of the sentence, computed once."""
        if self.word_norms is None:
            self.word_norms = self.doc.tokens.norm_texts[self.first_token : self.last_token]
        return self.word_norms


@dataclass
class Article:
    """An analysed article: title and body docs, sentences with their matches."""

    text: Doc
    title: Doc | None
    published: dt.date | None
    sentences: list[Sentence]
    eventless: bool = False  # no trigger word anywhere: not analysed further


def _bucket(
    sentences: list[Sentence], starts: list[int], items: list[Any], attr: str, start_of: Any
) -> None:
    for item in items:
        i = bisect_right(starts, start_of(item)) - 1
        if i >= 0 and start_of(item) < sentences[i].span.norm_end:
            getattr(sentences[i], attr).append(item)


def analyse_part(
    doc: Doc,
    part: str,
    offset: int,
    kb: KnowledgeBase,
    published: dt.date | None,
    triggers: list[Match[Any]] | None = None,
) -> list[Sentence]:
    """Split ``doc`` into sentences and bucket every matcher's results by sentence
    (``triggers``: the trigger matches when the caller already has them)."""
    tok_starts = doc.tokens.norm_starts  # offsets only: no Token objects are made
    sents: list[Sentence] = []
    for k, span in enumerate(doc.sentences):
        first = bisect_right(tok_starts, span.norm_start - 1)
        last = bisect_right(tok_starts, span.norm_end - 1)
        sents.append(Sentence(part, offset + k, doc, span, first, last))
    if not sents:
        return sents

    starts = [s.span.norm_start for s in sents]

    def mstart(m: Match[Any]) -> int:
        return m.span.norm_start

    if triggers is None:
        triggers = kb.triggers.find(doc, stems=False)
    _bucket(sents, starts, triggers, "triggers", mstart)
    _bucket(sents, starts, kb.cue_matcher.find(doc), "cues", mstart)
    _bucket(sents, starts, kb.casualty_matcher.find(doc), "casualty", mstart)
    _bucket(sents, starts, kb.group_matcher.find(doc, stems=False), "groups", mstart)
    _bucket(sents, starts, kb.agency_matcher.find(doc, stems=False), "agencies", mstart)
    _bucket(sents, starts, kb.country_matcher.find(doc, stems=False), "countries", mstart)
    _bucket(sents, starts, kb.place_matcher.find(doc, stems=False), "places", mstart)
    _bucket(sents, starts, drop_ignored(kb.weapon_matcher.find(doc)), "weapons", mstart)
    _bucket(sents, starts, drop_ignored(kb.target_matcher.find(doc)), "targets", mstart)
    release(doc)  # the matchers are done with this doc
    _bucket(sents, starts, quantities(doc), "quantities", lambda q: q[1].norm_start)
    _bucket(sents, starts, dates(doc, published), "dates", lambda d: d[1].norm_start)
    return sents


def analyse(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    events_only: bool = False,
) -> Article:
    """Analyse the title and body of an article. With ``events_only``, an article
    without a single trigger word (nothing to report) comes back with no sentences
    and ``eventless`` set: the other matchers are not run."""
    kb = kb or KnowledgeBase.default()
    body = Doc.from_text(text)
    title_doc = Doc.from_text(title) if title and title.strip() else None
    title_triggers = kb.triggers.find(title_doc, stems=False) if title_doc is not None else []
    body_triggers = kb.triggers.find(body, stems=False)
    if events_only and not title_triggers and not body_triggers:
        for doc in (title_doc, body):
            if doc is not None:
                release(doc)
        return Article(body, title_doc, published, [], eventless=True)
    sentences: list[Sentence] = []
    if title_doc is not None:
        sentences.extend(analyse_part(title_doc, "title", 0, kb, published, title_triggers))
    sentences.extend(analyse_part(body, "text", len(sentences), kb, published, body_triggers))
    return Article(body, title_doc, published, sentences)
