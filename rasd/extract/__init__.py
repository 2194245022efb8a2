"""Incident extraction: an Arabic article in, the incident reports it contains out."""

from __future__ import annotations

import datetime as dt

from rasd.errors import InputError
from rasd.extract.analysis import analyse
from rasd.extract.assemble import assemble
from rasd.io import parse_published
from rasd.kb.base import KnowledgeBase
from rasd.model import ArticleRef, IncidentReport


def extract(
    text: str,
    *,
    published: str | dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    kb: KnowledgeBase | None = None,
) -> list[IncidentReport]:
    """Extract incident reports from one article.

    ``published`` (YYYY-MM-DD) resolves relative dates; without it they stay
    unresolved. Evidence offsets are into ``text`` (or ``title`` when the
    evidence's ``part`` is ``"title"``). Output is deterministic.
    """
    if not isinstance(text, str):
        raise InputError("text must be a string")
    pub = parse_published(published)
    kb = kb or KnowledgeBase.default()
    article = analyse(text, title=title, published=pub, kb=kb, events_only=True)
    if article.eventless:
        return []
    ref = ArticleRef(
        doc_id=doc_id,
        url=url,
        title=title,
        published=pub.isoformat() if pub else None,
        source=source,
    )
    return assemble(article, kb, ref)


def warm_up(kb: KnowledgeBase | None = None) -> KnowledgeBase:
    """Load everything extraction needs (knowledge base, NER model) now, then hide
    those long-lived objects from the cyclic garbage collector (``gc.freeze``).

    For long-running workers (``rasd ingest``/``watch``/``batch``): every article
    leaves reference cycles (a Doc and its spans), so full collections are
    frequent, and without the freeze each one walks the whole knowledge base.
    Output is unchanged.
    """
    import gc

    kb = kb or KnowledgeBase.default()
    kb.warm()
    extract("قتل شخص في هجوم ببغداد أمس.", published="2020-01-02", kb=kb)  # loads NER too
    gc.collect()
    gc.freeze()
    return kb


__all__ = ["extract", "warm_up"]
