"""Engines, the default database location, and the single writer.

SQLite is opened in WAL mode (``synchronous = NORMAL``, a 64 MiB page cache,
temporary tables in memory) with a ``busy_timeout``; every write transaction
starts with ``BEGIN IMMEDIATE`` so two processes writing the same file wait
for each other instead of failing half-way or losing an update. Reads start a
plain (deferred) transaction and never block writers.

Inside one process all writes go through :class:`Database.write`, which holds a
lock (one writer) and runs the block in one transaction; nested ``write()``
calls on the same thread join the outer transaction, so "article + its reports
+ merging" can be committed as one unit.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from rasd.errors import StorageError

ENV_DB = "RASD_DB"
BUSY_TIMEOUT_MS = 60_000
SQLITE_CACHE_KIB = 65_536  # page cache per connection (the default is 2 MiB)


def default_path() -> Path:
    """Where the default SQLite file lives: ``$RASD_DB`` (a path) or
    ``~/.local/share/rasd/rasd.sqlite``."""
    env = os.environ.get(ENV_DB)
    if env and "://" not in env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "rasd" / "rasd.sqlite"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url``: a URL is kept; a bare path becomes a
    SQLite URL; ``None`` means ``$RASD_DB`` (path or URL) or the default file.

    Parent folders of a SQLite file are created here (first use), never at import.
    """
    if url is None:
        env = os.environ.get(ENV_DB)
        url = env if env and "://" in env else str(default_path())
    if "://" not in url:
        url = "sqlite:///" + str(Path(url).expanduser().resolve())
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StorageError(
            f"not a database URL: {url!r}",
            hint="use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
        ) from err
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    return url


def utcnow() -> str:
    """Current UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("rasd_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (already resolved) with rasd's connection settings."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise StorageError(
        f"unsupported database {backend!r}",
        hint="use SQLite (a file path) or postgresql+psycopg://…",
    )


class Database:
    """One engine plus the single-writer discipline."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._lock = threading.RLock()
        self._local = threading.local()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def _current(self) -> Connection | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction; nested calls on this thread join the outer one."""
        outer = self._current()
        if outer is not None:
            if not getattr(self._local, "writing", False):
                raise StorageError(
                    "write inside a read transaction",
                    hint="open the write() block before reading (this is a bug in the caller)",
                )
            yield outer
            return
        with self._lock:
            try:
                with self.engine.connect().execution_options(rasd_write=True) as conn:
                    self._local.conn = conn
                    self._local.writing = True
                    try:
                        with conn.begin():
                            yield conn
                    finally:
                        self._local.conn = None
                        self._local.writing = False
            except OperationalError as err:
                raise StorageError(f"database write failed: {err.orig}") from err

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (or the current write transaction, if any)."""
        outer = self._current()
        if outer is not None:
            yield outer
            return
        try:
            with self.engine.connect() as conn:
                self._local.conn = conn
                try:
                    with conn.begin():
                        yield conn
                finally:
                    self._local.conn = None
        except OperationalError as err:
            raise StorageError(f"database read failed: {err.orig}") from err

    def dispose(self) -> None:
        self.engine.dispose()
