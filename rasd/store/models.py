"""Database tables (SQLAlchemy 2 Core), shared by SQLite and PostgreSQL.

Dates are ISO strings (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and timestamps
ISO 8601 UTC strings (``2015-08-06T10:00:00Z``): they sort correctly as text
and read the same on both databases. ``date_lo``/``date_hi`` hold the first
and last day a (possibly month- or year-precise) date can mean, for range
filters and merge blocking; ``incidents.sort_date`` is ``date_lo`` or, for an
undated incident, the first publication day of its articles (``""`` when
unknown), so listing sorts on an indexed, non-null column. JSON documents are stored as text (``JSONText``).

The schema itself is created by the Alembic migrations in
``rasd/store/migrations``; ``tests/store/test_migrations.py`` checks that the
migrations and these tables agree. Full-text search objects (the FTS5 table on
SQLite, the generated ``tsvector`` column on PostgreSQL) live only in the
migrations: see :mod:`rasd.store.search`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

ID = String(64)
DATE = String(10)
STAMP = String(32)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("url", Text),
    Column("kind", String(16), nullable=False, server_default="file"),
    Column("language", String(8)),
    Column("reliability", String(1)),
    Column("licence", String(200)),
    Column("redistribute", Boolean, nullable=False, server_default="0"),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", STAMP),
    Column("next_poll", STAMP),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("created_at", STAMP, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("canonical_url", Text, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", DATE),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("text_norm", Text, nullable=False),
    Column("title_norm", Text),
    Column("search_keys", Text),
    Column("near_duplicate_of", ID, ForeignKey("articles.id")),
    Column("fetched_at", STAMP, nullable=False),
    Column("processed_at", STAMP),
    Column("meta", Text),
    Index(None, "published"),
    Index(None, "source_id"),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text),
    Column("status", String(16), nullable=False, server_default="running"),
    Column("started_at", STAMP, nullable=False),
    Column("finished_at", STAMP),
    Column("stats", Text),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("item_ref", Text),
    Column("code", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("at", STAMP, nullable=False),
    Index(None, "run_id"),
    Index(None, "source_id"),
)


def _event_columns() -> list[Column[Any]]:
    """Columns shared by reports and incidents: the denormalised report fields."""
    return [
        Column("type", String(32), nullable=False),
        Column("status", String(32), nullable=False),
        Column("date", DATE),
        Column("date_precision", String(8)),
        Column("date_lo", DATE),
        Column("date_hi", DATE),
        Column("country", String(2)),
        Column("province", String(200)),
        Column("city", String(200)),
        Column("lat", Float),
        Column("lon", Float),
        Column("killed", Integer),
        Column("wounded", Integer),
        Column("arrested", Integer),
        Column("suicide", Boolean, nullable=False, server_default="0"),
        Column("recency", String(16), nullable=False, server_default="new"),
        Column("confidence", Float, nullable=False, server_default="0.5"),
        Column("groups", Text, nullable=False, server_default="[]"),
    ]


reports = Table(
    "reports",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    *_event_columns(),
    Column("is_main", Boolean, nullable=False, server_default="0"),
    Column("published", DATE),
    Column("data", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
    UniqueConstraint("article_id", "idx"),
    Index(None, "country", "date_lo"),
    Index(None, "date_lo"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text),
    Index(None, "report_id"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", ID, primary_key=True),
    *_event_columns(),
    Column("sort_date", DATE, nullable=False, server_default=""),
    Column("n_reports", Integer, nullable=False, server_default="0"),
    Column("n_sources", Integer, nullable=False, server_default="0"),
    Column("summary", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("updated_at", STAMP, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Index(None, "sort_date", "id"),
    Index(None, "date_hi"),
    Index(None, "country", "sort_date"),
    Index(None, "type", "sort_date"),
    Index(None, "updated_at", "id"),
    Index(None, "lat", "lon"),
)

incident_groups = Table(
    "incident_groups",
    metadata,
    Column("incident_id", ID, ForeignKey("incidents.id"), primary_key=True),
    Column("group_name", String(200), primary_key=True),
    Index(None, "group_name"),
)

incident_aliases = Table(
    "incident_aliases",
    metadata,
    Column("alias", ID, primary_key=True),
    Column("incident_id", ID, ForeignKey("incidents.id"), nullable=False),
    Column("at", STAMP, nullable=False),
    Index(None, "incident_id"),
)

incident_reports = Table(
    "incident_reports",
    metadata,
    Column("report_id", ID, ForeignKey("reports.id"), primary_key=True),
    Column("incident_id", ID, ForeignKey("incidents.id"), nullable=False),
    Column("score", Float),
    Column("reasons", Text, nullable=False, server_default="[]"),
    Column("linked_at", STAMP, nullable=False),
    Index(None, "incident_id"),
)

link_constraints = Table(
    "link_constraints",
    metadata,
    Column("report_a", ID, ForeignKey("reports.id"), primary_key=True),
    Column("report_b", ID, ForeignKey("reports.id"), primary_key=True),
    Column("kind", String(16), nullable=False, server_default="cannot"),
    Column("at", STAMP, nullable=False),
    Index(None, "report_b"),
)

merge_audit = Table(
    "merge_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),
    Column("actor", String(64), nullable=False, server_default="auto"),
    Column("incident_id", ID, nullable=False),
    Column("incident_ids", Text, nullable=False),
    Column("report_ids", Text, nullable=False, server_default="[]"),
    Column("score", Float),
    Column("reasons", Text, nullable=False, server_default="[]"),
    Column("at", STAMP, nullable=False),
    Index(None, "incident_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", String(300), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("first_seen", DATE),
    Column("last_seen", DATE),
    Column("n_reports", Integer, nullable=False, server_default="0"),
)

changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", ID, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at", STAMP, nullable=False),
    Column("data", Text, nullable=False, server_default="{}"),
    sqlite_autoincrement=True,
)

ALL_TABLES = tuple(metadata.sorted_tables)

# -- analysis: watchlists, alerts, outbox, change-feed cursors (migration 0002) ------------

watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("rule", Text, nullable=False),
    Column("channels", Text, nullable=False, server_default="[]"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", STAMP, nullable=False),
    Column("removed_at", STAMP),
    Index(None, "active"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist_id", Integer, ForeignKey("watchlists.id"), nullable=False),
    Column("incident_id", ID, nullable=False),
    Column("incident_version", Integer, nullable=False),
    Column("change_seq", Integer),
    Column("reason", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
    UniqueConstraint("watchlist_id", "incident_id", "incident_version"),
    Index(None, "incident_id"),
    Index(None, "created_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("target", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt", STAMP, nullable=False),
    Column("delivered_at", STAMP),
    Column("failed_at", STAMP),
    Column("last_error", Text),
    Column("created_at", STAMP, nullable=False),
    UniqueConstraint("alert_id", "channel", "target"),
    Index(None, "delivered_at", "next_attempt"),
)

feed_cursors = Table(
    "feed_cursors",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("seq", Integer, nullable=False, server_default="0"),
    Column("updated_at", STAMP, nullable=False),
)

ANALYSIS_TABLES = (watchlists, alerts, outbox, feed_cursors)
