"""Storing a batch of extracted articles with their reports in one transaction.

:func:`add_processed_articles` is the fast path of the ingest pipeline: the
articles of a batch are inserted already marked processed, together with their
reports, evidence, entities and full-text rows, with one multi-row statement per
table instead of a handful of statements per article. An article is therefore
never visible without its reports, and a killed process leaves either the whole
batch or none of it.

Identity is checked inside the write transaction (content hash and canonical
URL), so under SQLite's single writer the check is authoritative; under
PostgreSQL an article another process inserted meanwhile is skipped by the
``ON CONFLICT DO NOTHING`` insert and reported as a duplicate (that process
stores its reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, or_, select, text

from rasd.link.ids import report_id as make_report_id
from rasd.model import IncidentReport
from rasd.store import models as m
from rasd.store import search as fts
from rasd.store.convert import dumps, event_columns, evidence_rows
from rasd.store.entities import touch_entities_many

if TYPE_CHECKING:
    from rasd.store.repo import Store

CHUNK = 400  # ids per IN (...) list


@dataclass
class NewArticle:
    """One extracted article to store. ``id`` is :func:`rasd.link.ids.article_id` of
    ``text`` and ``text_norm`` its search-normalised text (computed by the caller
    once, like ``title_norm`` and ``search_keys`` when given). ``reports`` get their article reference completed in place."""

    id: str
    text: str
    text_norm: str
    reports: Sequence[IncidentReport]
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    source: str | int | None = None
    language: str | None = "ar"
    near_duplicate_of: str | None = None
    meta: dict[str, Any] | None = None
    title_norm: str | None = None  # :func:`fts_title` of ``title``, when already computed
    search_keys: str | None = None  # :func:`rasd.store.search.search_keys`, likewise


@dataclass
class Stored:
    """What happened to one :class:`NewArticle`: ``created`` (stored with its
    reports), ``duplicate`` (already stored and processed) or ``completed`` (was
    stored by a killed run without reports; its reports are stored now)."""

    id: str
    status: str
    report_ids: list[str] = field(default_factory=list)


def existing_articles(
    conn: Connection, ids: Sequence[str], urls: Sequence[str]
) -> dict[str, tuple[str, bool]]:
    """``{id or canonical url: (article id, processed)}`` for stored articles
    having one of ``ids`` or ``urls``."""
    a = m.articles
    out: dict[str, tuple[str, bool]] = {}
    ids, urls = sorted(set(ids)), sorted(set(urls))
    for k in range(0, max(len(ids), len(urls)), CHUNK):
        cond = [a.c.id.in_(ids[k : k + CHUNK])]
        if urls[k : k + CHUNK]:
            cond.append(a.c.canonical_url.in_(urls[k : k + CHUNK]))
        q = select(a.c.id, a.c.canonical_url, a.c.processed_at).where(or_(*cond))
        for aid, url, done in conn.execute(q):
            out[str(aid)] = (str(aid), done is not None)
            if url:
                out[str(url)] = (str(aid), done is not None)
    return out


def lookup(found: dict[str, tuple[str, bool]], art: NewArticle) -> tuple[str, bool] | None:
    """The stored article ``art`` is a copy of (by id, then canonical URL), if any."""
    return found.get(art.id) or (found.get(art.canonical_url) if art.canonical_url else None)


def add_processed_articles(store: Store, batch: Sequence[NewArticle]) -> list[Stored]:
    """Store ``batch`` (see the module docstring); one :class:`Stored` per article, in order."""
    out: list[Stored] = []
    with store.transaction() as conn:
        found = existing_articles(
            conn, [x.id for x in batch], [x.canonical_url for x in batch if x.canonical_url]
        )
        now = store.now()
        sources: dict[str | int, tuple[int | None, str | None]] = {}
        new: list[NewArticle] = []
        later: list[tuple[NewArticle, str]] = []  # stored, not processed: complete it
        for art in batch:
            hit = lookup(found, art)
            if hit is None:
                new.append(art)
                found[art.id] = (art.id, True)
                if art.canonical_url:
                    found[art.canonical_url] = (art.id, True)
                out.append(Stored(art.id, "created"))
            elif hit[1]:
                out.append(Stored(hit[0], "duplicate"))
            else:
                later.append((art, hit[0]))
                found[hit[0]] = (hit[0], True)
                out.append(Stored(hit[0], "completed"))
        inserted = _insert_articles(store, conn, new, now, sources)
        reps: list[dict[str, Any]] = []
        evidence: list[dict[str, Any]] = []
        made: dict[str, list[str]] = {}
        for art in new:
            if art.id not in inserted:
                continue  # another writer stored it meanwhile (PostgreSQL)
            _, source_name = sources.get(art.source, (None, None)) if art.source else (None, None)
            made[art.id] = _report_rows(art, source_name, now, reps, evidence)
        if reps:
            conn.execute(insert(m.reports), reps)
        if evidence:
            conn.execute(insert(m.evidence), evidence)
        touch_entities_many(conn, [r for art in new if art.id in made for r in art.reports])
        for art, aid in later:
            made[aid] = store.add_reports(aid, art.reports)
        for st in out:
            if st.status == "created" and st.id not in inserted:
                st.status = "duplicate"
            elif st.status != "duplicate":
                st.report_ids = made.get(st.id, [])
    return out


def _source(
    store: Store, conn: Connection, source: str | int | None, cache: dict[Any, Any]
) -> tuple[int | None, str | None]:
    if source is None:
        return None, None
    if source not in cache:
        sid = store._source_id(conn, source)
        name = source if isinstance(source, str) else None
        if name is None and sid is not None:
            name = conn.execute(select(m.sources.c.name).where(m.sources.c.id == sid)).scalar()
        cache[source] = (sid, name)
    got: tuple[int | None, str | None] = cache[source]
    return got


def _insert_articles(
    store: Store,
    conn: Connection,
    new: Sequence[NewArticle],
    now: str,
    sources: dict[Any, Any],
) -> set[str]:
    """Insert ``new`` (processed now); the ids actually inserted."""
    if not new:
        return set()
    rows, fts_rows = [], []
    for art in new:
        title_norm = art.title_norm if art.title_norm is not None else fts_title(art.title)
        keys = art.search_keys
        if keys is None:
            keys = fts.search_keys(art.text_norm + " " + title_norm)
        rows.append(
            {
                "id": art.id,
                "canonical_url": art.canonical_url,
                "url": art.url,
                "title": art.title,
                "published": art.published,
                "source_id": _source(store, conn, art.source, sources)[0],
                "language": art.language,
                "text": art.text,
                "text_norm": art.text_norm,
                "title_norm": title_norm,
                "search_keys": keys,
                "near_duplicate_of": art.near_duplicate_of,
                "fetched_at": now,
                "processed_at": now,
                "meta": dumps(art.meta) if art.meta else None,
            }
        )
        fts_rows.append({"id": art.id, "title": title_norm, "body": art.text_norm, "keys": keys})
    if conn.dialect.name == "sqlite":
        # this transaction holds SQLite's write lock: the check above is authoritative
        conn.execute(insert(m.articles), rows)
        conn.execute(
            text(
                "INSERT INTO articles_fts (article_id, title, body, keys) "
                "VALUES (:id, :title, :body, :keys)"
            ),
            fts_rows,
        )
        return {art.id for art in new}
    stmt = store._insert(conn, m.articles).returning(m.articles.c.id)
    got = conn.execute(stmt, rows)
    return {str(r[0]) for r in got}


def fts_title(title: str | None) -> str:
    from rasd.text.normalize import normalize

    return normalize(title, "search") if title else ""


def _report_rows(
    art: NewArticle,
    source_name: str | None,
    now: str,
    reps: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
) -> list[str]:
    ids = []
    for idx, rep in enumerate(art.reports):
        ref = rep.article
        ref.doc_id = ref.doc_id or art.id
        ref.url = ref.url or art.url
        ref.title = ref.title or art.title
        ref.published = ref.published or art.published
        ref.source = ref.source or source_name
        rid = make_report_id(art.id, idx)
        reps.append(
            {
                "id": rid,
                "article_id": art.id,
                "idx": idx,
                "is_main": rep.is_main,
                "published": ref.published,
                "data": dumps(rep.to_dict()),
                "created_at": now,
                **event_columns(rep),
            }
        )
        evidence += evidence_rows(rid, rep)
        ids.append(rid)
    return ids
