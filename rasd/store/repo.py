"""The repository: one typed, synchronous API over SQLite or PostgreSQL.

Everything that writes goes through :meth:`Store.transaction` (one writer, one
transaction; nested calls join the outer transaction), so an ingest loop can
commit "article + its reports + merging" as one unit::

    with store.transaction():
        article_id, new = store.add_article(text, url=url, source="okaz")
        report_ids = store.add_reports(article_id, reports)
        merge_new_reports(store, report_ids)

Idempotence: an article with the same content hash or canonical URL is stored
once (``add_article`` returns the existing id and ``False``); reports are added
once per article (a second ``add_reports`` returns the existing ids).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from rasd.errors import StorageError
from rasd.link.ids import article_id as make_article_id
from rasd.link.ids import report_id as make_report_id
from rasd.model import Incident, IncidentReport
from rasd.store import incidents as incident_queries
from rasd.store import models as m
from rasd.store import search as fts
from rasd.store.convert import dumps, event_columns, evidence_rows, loads
from rasd.store.db import Database, resolve_url, utcnow
from rasd.store.entities import touch_entities
from rasd.store.records import (
    RELIABILITY,
    SOURCE_KINDS,
    ArticleRow,
    ChangeRow,
    ErrorRow,
    IncidentFilter,
    IncidentRow,
    RunRow,
    SourceRow,
    StatRow,
)
from rasd.store.schema import ensure_schema
from rasd.text.normalize import normalize

if TYPE_CHECKING:
    from rasd.store.bulk import NewArticle, Stored

STATS_CACHE_SIZE = 256  # cached stats results per Store


class Store:
    """A rasd database. Open with :meth:`Store.open`; close with :meth:`close`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- life cycle -------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        """Open (and by default upgrade) the database at ``url``.

        ``url``: ``None`` for ``$RASD_DB`` or ``~/.local/share/rasd/rasd.sqlite``
        (created on first use), a file path, ``sqlite:///PATH`` or
        ``postgresql+psycopg://USER@HOST:PORT/DB``.
        """
        store = cls(Database(resolve_url(url)))
        if migrate:
            try:
                ensure_schema(store.db)
            except Exception:
                store.close()
                raise
        return store

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (the single writer); nested calls join it."""
        with self.db.write() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction (joins the current write transaction, if any)."""
        with self.db.read() as conn:
            yield conn

    def now(self) -> str:
        """The timestamp written to rows (UTC ISO 8601); override for tests."""
        return utcnow()

    def _insert(self, conn: Connection, table: Any) -> Any:
        """An INSERT that ignores unique-key conflicts (portable across dialects)."""
        if conn.dialect.name == "postgresql":
            return pg_dialect.insert(table).on_conflict_do_nothing()
        return sqlite_dialect.insert(table).on_conflict_do_nothing()

    # -- sources -----------------------------------------------------------------
    def add_source(
        self,
        name: str,
        *,
        url: str | None = None,
        kind: str = "file",
        language: str | None = None,
        reliability: str | None = None,
        licence: str | None = None,
        redistribute: bool = False,
    ) -> int:
        """Register a source (idempotent by ``name``) and return its id."""
        if kind not in SOURCE_KINDS:
            raise StorageError(
                f"unknown source kind {kind!r}", hint=f"use one of {', '.join(SOURCE_KINDS)}"
            )
        if reliability is not None and reliability not in RELIABILITY:
            raise StorageError(
                f"reliability must be an Admiralty grade A–F, got {reliability!r}",
                hint="A reliable … E unreliable, F cannot be judged",
            )
        with self.transaction() as conn:
            conn.execute(
                self._insert(conn, m.sources).values(
                    name=name,
                    url=url,
                    kind=kind,
                    language=language,
                    reliability=reliability,
                    licence=licence,
                    redistribute=redistribute,
                    created_at=self.now(),
                )
            )
            return int(
                conn.execute(select(m.sources.c.id).where(m.sources.c.name == name)).scalar_one()
            )

    def get_source(self, name_or_id: str | int) -> SourceRow | None:
        """A source by name or numeric id."""
        col = m.sources.c.id if isinstance(name_or_id, int) else m.sources.c.name
        with self.reading() as conn:
            row = conn.execute(select(m.sources).where(col == name_or_id)).mappings().first()
        return SourceRow(**row) if row else None

    def list_sources(self) -> list[SourceRow]:
        with self.reading() as conn:
            rows = conn.execute(select(m.sources).order_by(m.sources.c.name)).mappings().all()
        return [SourceRow(**r) for r in rows]

    def update_source(self, source_id: int, **state: Any) -> None:
        """Update feed state: ``etag``, ``last_modified``, ``last_polled``,
        ``next_poll``, ``failures``, ``last_error`` (and the descriptive fields)."""
        allowed = set(m.sources.c.keys()) - {"id", "name", "created_at"}
        bad = set(state) - allowed
        if bad:
            raise StorageError(
                f"unknown source fields {sorted(bad)}", hint=f"use {sorted(allowed)}"
            )
        with self.transaction() as conn:
            conn.execute(update(m.sources).where(m.sources.c.id == source_id).values(**state))

    def _source_id(self, conn: Connection, source: str | int | None) -> int | None:
        if source is None or isinstance(source, int):
            return source
        sid = conn.execute(select(m.sources.c.id).where(m.sources.c.name == source)).scalar()
        if sid is None:
            raise StorageError(
                f"unknown source {source!r}", hint="register it with add_source first"
            )
        return int(sid)

    # -- articles ----------------------------------------------------------------
    def article_exists(self, id_or_url: str) -> str | None:
        """The id of the article with this content hash or canonical URL, else ``None``."""
        with self.reading() as conn:
            return self._find_article(conn, id_or_url, id_or_url)

    @staticmethod
    def _find_article(conn: Connection, aid: str | None, canonical_url: str | None) -> str | None:
        a = m.articles
        if aid:
            found = conn.execute(select(a.c.id).where(a.c.id == aid)).scalar()
            if found:
                return str(found)
        if canonical_url:
            found = conn.execute(select(a.c.id).where(a.c.canonical_url == canonical_url)).scalar()
            if found:
                return str(found)
        return None

    def add_article(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        canonical_url: str | None = None,
        published: str | None = None,
        source: str | int | None = None,
        language: str | None = "ar",
        near_duplicate_of: str | None = None,
        fetched_at: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> tuple[str, bool]:
        """Store an article once; return ``(id, created)``.

        The id is the SHA-256 of the normalised text (:func:`rasd.link.ids.article_id`).
        An article with the same id or the same ``canonical_url`` is not stored again.
        """
        if not text or not text.strip():
            raise StorageError("empty article text", hint="skip articles without text")
        aid = make_article_id(text)
        text_norm = normalize(text, "search")
        title_norm = normalize(title, "search") if title else ""
        with self.transaction() as conn:
            existing = self._find_article(conn, aid, canonical_url)
            if existing:
                return existing, False
            keys = fts.search_keys(text_norm + " " + title_norm)
            result = conn.execute(
                self._insert(conn, m.articles),
                {
                    "id": aid,
                    "canonical_url": canonical_url,
                    "url": url,
                    "title": title,
                    "published": published,
                    "source_id": self._source_id(conn, source),
                    "language": language,
                    "text": text,
                    "text_norm": text_norm,
                    "title_norm": title_norm,
                    "search_keys": keys,
                    "near_duplicate_of": near_duplicate_of,
                    "fetched_at": fetched_at or self.now(),
                    "processed_at": None,
                    "meta": dumps(meta) if meta else None,
                },
            )
            if result.rowcount == 0:  # another process won the race (PostgreSQL)
                return self._find_article(conn, aid, canonical_url) or aid, False
            fts.index_article(conn, aid, title_norm, text_norm, keys)
            return aid, True

    def add_processed_articles(self, batch: Sequence[NewArticle]) -> list[Stored]:
        """Store extracted articles with their reports in one transaction, each
        article once (see :mod:`rasd.store.bulk`)."""
        from rasd.store.bulk import add_processed_articles

        return add_processed_articles(self, batch)

    def find_articles(self, ids: Sequence[str], urls: Sequence[str]) -> dict[str, tuple[str, bool]]:
        """``{id or canonical url: (article id, processed)}`` of the stored articles
        having one of ``ids`` or canonical ``urls`` (one query per 400)."""
        from rasd.store.bulk import existing_articles

        with self.reading() as conn:
            return existing_articles(conn, ids, urls)

    def is_processed(self, article_id: str) -> bool:
        """Whether the article's reports are stored (extraction finished)."""
        a = m.articles
        with self.reading() as conn:
            done = conn.execute(select(a.c.processed_at).where(a.c.id == article_id)).scalar()
        return done is not None

    def recent_article_texts(self, limit: int) -> list[tuple[str, str]]:
        """``(id, text)`` of the latest ``limit`` articles that are not near-duplicates
        (to seed the near-duplicate index of a new ingest run)."""
        a = m.articles
        q = (
            select(a.c.id, a.c.text)
            .where(a.c.near_duplicate_of.is_(None))
            .order_by(a.c.fetched_at.desc(), a.c.id)
            .limit(limit)
        )
        with self.reading() as conn:
            return [(str(r[0]), str(r[1])) for r in conn.execute(q)]

    def get_article(self, article_id: str) -> ArticleRow | None:
        a = m.articles
        cols = [getattr(a.c, f) for f in ArticleRow.__dataclass_fields__]
        with self.reading() as conn:
            row = conn.execute(select(*cols).where(a.c.id == article_id)).mappings().first()
        return ArticleRow(**row) if row else None

    def search_articles(self, query: str, limit: int = 20) -> list[fts.ArticleHit]:
        """Full-text search over normalised articles (see :mod:`rasd.store.search`)."""
        with self.reading() as conn:
            return fts.search_articles(conn, query, limit)

    # -- reports -----------------------------------------------------------------
    def add_reports(self, article_id: str, reports: Sequence[IncidentReport]) -> list[str]:
        """Store the reports extracted from an article, once.

        Returns the report ids (``<article>.<index>``). If the article was already
        processed, nothing is added and the ids stored then are returned.
        """
        a = m.articles
        with self.transaction() as conn:
            art = (
                conn.execute(select(a).where(a.c.id == article_id).with_for_update())
                .mappings()
                .first()
            )
            if art is None:
                raise StorageError(
                    f"no article {article_id!r}", hint="add the article with add_article first"
                )
            if art["processed_at"] is not None:
                rows = conn.execute(
                    select(m.reports.c.id)
                    .where(m.reports.c.article_id == article_id)
                    .order_by(m.reports.c.idx)
                )
                return [str(r[0]) for r in rows]
            now = self.now()
            source_name = None
            if art["source_id"] is not None:
                source_name = conn.execute(
                    select(m.sources.c.name).where(m.sources.c.id == art["source_id"])
                ).scalar()
            ids = []
            for idx, report in enumerate(reports):
                rep = IncidentReport.from_dict(report.to_dict())
                ref = rep.article
                ref.doc_id = ref.doc_id or article_id
                ref.url = ref.url or art["url"]
                ref.title = ref.title or art["title"]
                ref.published = ref.published or art["published"]
                ref.source = ref.source or source_name
                rid = make_report_id(article_id, idx)
                conn.execute(
                    insert(m.reports),
                    {
                        "id": rid,
                        "article_id": article_id,
                        "idx": idx,
                        "is_main": rep.is_main,
                        "published": ref.published,
                        "data": dumps(rep.to_dict()),
                        "created_at": now,
                        **event_columns(rep),
                    },
                )
                ev_rows = evidence_rows(rid, rep)
                if ev_rows:
                    conn.execute(insert(m.evidence), ev_rows)
                touch_entities(conn, rep)
                ids.append(rid)
            conn.execute(update(a).where(a.c.id == article_id).values(processed_at=now))
            return ids

    def get_report(self, report_id: str) -> IncidentReport:
        with self.reading() as conn:
            data = conn.execute(
                select(m.reports.c.data).where(m.reports.c.id == report_id)
            ).scalar()
        if data is None:
            raise StorageError(
                f"no report {report_id!r}", hint="check the id (rasd incidents show)"
            )
        return IncidentReport.from_dict(loads(data))

    def unlinked_reports(self, limit: int | None = None) -> list[str]:
        """Ids of stored reports not yet in any incident (oldest first)."""
        r, ir = m.reports, m.incident_reports
        q = (
            select(r.c.id)
            .outerjoin(ir, ir.c.report_id == r.c.id)
            .where(ir.c.report_id.is_(None))
            .order_by(r.c.published, r.c.id)
        )
        if limit:
            q = q.limit(limit)
        with self.reading() as conn:
            return [str(x[0]) for x in conn.execute(q)]

    # -- runs and errors ---------------------------------------------------------
    def start_run(self, command: str | None = None) -> int:
        with self.transaction() as conn:
            res = conn.execute(
                insert(m.ingest_runs).values(
                    command=command, status="running", started_at=self.now()
                )
            )
            key = res.inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish_run(
        self, run_id: int, status: str = "ok", stats: dict[str, Any] | None = None
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(m.ingest_runs)
                .where(m.ingest_runs.c.id == run_id)
                .values(status=status, finished_at=self.now(), stats=dumps(stats or {}))
            )

    def record_error(
        self,
        run_id: int,
        code: str,
        message: str,
        *,
        source: str | int | None = None,
        item_ref: str | None = None,
    ) -> None:
        """Record one failed item of a run (and the error on its source, if given)."""
        with self.transaction() as conn:
            sid = self._source_id(conn, source)
            now = self.now()
            conn.execute(
                insert(m.ingest_errors).values(
                    run_id=run_id,
                    source_id=sid,
                    item_ref=item_ref,
                    code=code,
                    message=message,
                    at=now,
                )
            )
            if sid is not None:
                conn.execute(
                    update(m.sources)
                    .where(m.sources.c.id == sid)
                    .values(last_error=f"[{code}] {message}")
                )

    def runs(self, limit: int = 10) -> list[RunRow]:
        """The latest runs, newest first, with their error counts."""
        r, e = m.ingest_runs, m.ingest_errors
        n_err = select(func.count()).where(e.c.run_id == r.c.id).scalar_subquery()
        q = select(r, n_err.label("n_errors")).order_by(r.c.id.desc()).limit(limit)
        with self.reading() as conn:
            rows = conn.execute(q).mappings().all()
        return [RunRow(**{**row, "stats": loads(row["stats"], {})}) for row in rows]

    def errors(self, run_id: int | None = None, limit: int = 100) -> list[ErrorRow]:
        e = m.ingest_errors
        q = select(e).order_by(e.c.id.desc()).limit(limit)
        if run_id is not None:
            q = q.where(e.c.run_id == run_id)
        with self.reading() as conn:
            return [ErrorRow(**row) for row in conn.execute(q).mappings()]

    # -- incidents (reads) ---------------------------------------------------------
    def resolve_incident_id(self, incident_id: str) -> str | None:
        """The current id of an incident (follows merge aliases); ``None`` if unknown."""
        with self.reading() as conn:
            return incident_queries.resolve_id(conn, incident_id)

    def get_incident(self, incident_id: str) -> Incident:
        """The incident with every report; merged-away ids resolve to the survivor."""
        with self.reading() as conn:
            return incident_queries.get_incident(conn, incident_id)

    def list_incidents(
        self,
        filters: IncidentFilter | None = None,
        sort: str = "-date",
        cursor: str | None = None,
        limit: int = 50,
    ) -> tuple[list[IncidentRow], str | None]:
        """A page of incident summaries and the cursor of the next page (or ``None``)."""
        with self.reading() as conn:
            return incident_queries.list_incidents(conn, filters, sort, cursor, limit)

    def stats(
        self, by: str = "type", period: str = "month", filters: IncidentFilter | None = None
    ) -> list[StatRow]:
        """Incident counts per period (``day|week|month``) and key (``type|country|group``).

        Results are cached per filter and per state of the data: every write to
        incidents appends to the change feed, so its last sequence number says
        whether a cached result is still current (one indexed lookup).
        """
        with self.reading() as conn:
            version = conn.execute(select(func.max(m.changes.c.seq))).scalar()
            key = (by, period, repr(filters), version)
            cache: dict[Any, list[StatRow]] = self.__dict__.setdefault("_stats_cache", {})
            hit = cache.get(key)
            if hit is not None:
                return list(hit)
            rows = incident_queries.stats(conn, by, period, filters)
        if len(cache) >= STATS_CACHE_SIZE:
            cache.clear()
        cache[key] = rows
        return list(rows)

    def changes(self, since_seq: int = 0, limit: int = 100) -> list[ChangeRow]:
        """Change-feed entries with ``seq > since_seq``, oldest first."""
        with self.reading() as conn:
            return incident_queries.changes(conn, since_seq, limit)

    def candidate_groups(self, limit: int = 100) -> list[dict[str, Any]]:
        """Unknown organisations named beside attack or claim language, for review
        (name, reports, first_seen, last_seen), most reported first."""
        from rasd.store.entities import candidate_groups

        with self.reading() as conn:
            return candidate_groups(conn, limit)

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (for ``rasd status``)."""
        tables = {
            "sources": m.sources,
            "articles": m.articles,
            "reports": m.reports,
            "incidents": m.incidents,
            "runs": m.ingest_runs,
            "errors": m.ingest_errors,
            "changes": m.changes,
        }
        with self.reading() as conn:
            out = {
                name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for name, t in tables.items()
            }
            out["unlinked_reports"] = out["reports"] - int(
                conn.execute(select(func.count()).select_from(m.incident_reports)).scalar_one()
            )
        return out

    # -- incidents (manual edits) --------------------------------------------------
    def incident_merge(self, ids: Sequence[str], *, actor: str = "user", note: str = "") -> str:
        """Merge incidents by hand; returns the surviving id (audited, in the change feed)."""
        from rasd.link.manual import merge_incidents

        return merge_incidents(self, ids, actor=actor, note=note)

    def incident_split(
        self, incident_id: str, report_ids: Sequence[str], *, actor: str = "user", note: str = ""
    ) -> str:
        """Move ``report_ids`` out of an incident into a new one; returns the new id.

        The moved reports are never merged back with the remaining ones automatically.
        """
        from rasd.link.manual import split_incident

        return split_incident(self, incident_id, report_ids, actor=actor, note=note)
