"""Storage: SQLite (default, zero set-up) or PostgreSQL, same code and migrations.

>>> store = Store.open()                      # $RASD_DB or ~/.local/share/rasd/rasd.sqlite
>>> store = Store.open("postgresql+psycopg://rasd@127.0.0.1:5432/rasd")

Importing this package does no I/O; the database file is created on first open.
"""

from __future__ import annotations

from rasd.store.db import default_path, resolve_url
from rasd.store.records import (
    ArticleRow,
    ChangeRow,
    ErrorRow,
    IncidentFilter,
    IncidentRow,
    RunRow,
    SourceRow,
    StatRow,
)
from rasd.store.repo import Store
from rasd.store.schema import head_revision, migrate
from rasd.store.search import ArticleHit

__all__ = [
    "ArticleHit",
    "ArticleRow",
    "ChangeRow",
    "ErrorRow",
    "IncidentFilter",
    "IncidentRow",
    "RunRow",
    "SourceRow",
    "StatRow",
    "Store",
    "default_path",
    "head_revision",
    "migrate",
    "resolve_url",
]
