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
    article = analyse(text, title=title, published=pub, kb=kb)
    ref = ArticleRef(
        doc_id=doc_id,
        url=url,
        title=title,
        published=pub.isoformat() if pub else None,
        source=source,
    )
    return assemble(article, kb, ref)


__all__ = ["extract"]
