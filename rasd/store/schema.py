"""Run the Alembic migrations programmatically (no ``alembic.ini``).

:func:`migrate` upgrades a database to the newest revision. It is safe to call
from several processes at once: on SQLite the upgrade runs inside a
``BEGIN IMMEDIATE`` transaction (DDL is transactional there), on PostgreSQL
inside a transaction holding an advisory lock, and each process re-reads the
current revision once it holds the lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from rasd.errors import StorageError
from rasd.store.db import Database, resolve_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Arbitrary constant key for pg_advisory_xact_lock: "rasd" in ASCII.
PG_LOCK_KEY = 0x72617364


IGNORED_TABLES = {"spatial_ref_sys", "articles_fts"}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Autogenerate filter: skip PostGIS's table and the full-text search objects."""
    if type_ == "table" and (name in IGNORED_TABLES or (name or "").startswith("articles_fts_")):
        return False
    if type_ == "column" and name == "tsv":
        return False
    return not (type_ == "index" and name == "ix_articles_tsv")


def alembic_config(conn: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The newest revision id shipped with this version of rasd."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise StorageError("no migrations found", hint="reinstall rasd")
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the connected database is at (``None``: empty database)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_connection(conn: Connection, target: str = "head") -> None:
    """Upgrade on ``conn``, which must already be inside a write transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
    command.upgrade(alembic_config(conn), target)


def ensure_schema(db: Database) -> None:
    """Upgrade ``db`` to head unless it is already there."""
    head = head_revision()
    with db.read() as conn:
        current = current_revision(conn)
    if current == head:
        return
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"the database is at schema revision {current!r}, newer than this rasd knows",
            hint="upgrade rasd (pip install -U rasd) or open another database",
        )
    with db.write() as conn:
        upgrade_connection(conn)


def migrate(url: str | None = None) -> str:
    """Upgrade the database at ``url`` (default: the default SQLite file) to head.

    Returns the revision the database is at afterwards.
    """
    db = Database(resolve_url(url))
    try:
        ensure_schema(db)
        with db.read() as conn:
            return current_revision(conn) or ""
    finally:
        db.dispose()
