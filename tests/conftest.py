"""Shared fixtures: a real PostgreSQL server for the session, and ``db_url`` over both backends.

The server is started with the PostgreSQL binaries installed on the machine
(``pg_config --bindir``, ``$RASD_PG_BIN`` or ``/usr/lib/postgresql/*/bin``):
``initdb`` into a temporary folder (as the ``postgres`` user when the tests run
as root, since ``initdb`` refuses root), ``pg_ctl start`` on 127.0.0.1 and a free
port, one database per test, ``pg_ctl stop`` at the end. Set
``RASD_TEST_PG_URL=postgresql+psycopg://USER@HOST:PORT/DB`` to use a running
server instead. If no server can be had the fixture FAILS: storage tests never
skip PostgreSQL silently.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from report_support import make_report

PG_USER = "postgres"
_db_counter = itertools.count(1)


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    admin_db: str = "postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname=self.admin_db, autocommit=True
        ) as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)


def _pg_bindir() -> Path | None:
    env = os.environ.get("RASD_PG_BIN")
    if env:
        return Path(env)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        cand = Path(out.stdout.strip())
        if (cand / "initdb").exists():
            return cand
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(found[0]).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_pg_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", PG_USER, "--", *cmd]
    return ["su", PG_USER, "-s", "/bin/sh", "-c", " ".join(cmd)]


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(_as_pg_user(cmd), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(
            f"PostgreSQL test server: {what} failed (exit {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}\n"
            "Install the server (apt-get install postgresql) or set RASD_TEST_PG_URL.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole test session (fails, never skips, when unavailable)."""
    external = os.environ.get("RASD_TEST_PG_URL")
    if external:
        from sqlalchemy.engine import make_url

        u = make_url(external)
        yield PgServer(
            u.host or "127.0.0.1", u.port or 5432, u.username or PG_USER, u.database or "postgres"
        )
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail(
            "PostgreSQL test server: no initdb found (looked at $RASD_PG_BIN, pg_config, "
            "/usr/lib/postgresql/*/bin). Install postgresql or set RASD_TEST_PG_URL.",
            pytrace=False,
        )
    root = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, user=PG_USER)
        shutil.chown(sock, user=PG_USER)
    port = _free_port()
    user = PG_USER if os.geteuid() == 0 else os.environ.get("USER", PG_USER)
    opts = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    log = root / "server.log"
    started = False
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                user,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            "initdb",
        )
        started = True  # from here on, always try to stop (harmless if it never ran)
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        yield PgServer("127.0.0.1", port, user)
    finally:
        if started:
            subprocess.run(
                _as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def _new_name() -> str:
    return f"rasd_test_{os.getpid()}_{next(_db_counter)}"


def _pg_execute(url: str, sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(
        host=u.host, port=u.port, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def pg_migrated(pg_server: PgServer) -> str:
    """URL of one PostgreSQL database migrated to head, emptied before each test using it.

    (Creating a database per test costs about a second on a busy machine; a
    TRUNCATE costs milliseconds.)
    """
    from rasd.store import migrate

    url = pg_server.create_database(_new_name())
    migrate(url)
    return url


def _pg_reset(url: str) -> str:
    from rasd.store.models import metadata

    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    _pg_execute(url, f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied for each test."""
    from rasd.store import migrate

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (no tables), once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rasd.sqlite'}"
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.url("rasd_empty")
    if not getattr(server, "_empty_made", False):
        server.create_database("rasd_empty")
        server._empty_made = True  # type: ignore[attr-defined]
    _pg_execute(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database at the newest schema, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "rasd.sqlite"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    return _pg_reset(request.getfixturevalue("pg_migrated"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Like ``db_url`` but shared by the tests of one module (read-only tests)."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path_factory.mktemp("module-db") / "rasd.sqlite"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create_database(_new_name())
    from rasd.store import migrate

    migrate(url)
    return url


@pytest.fixture
def report_factory() -> object:
    """``make_report`` as a fixture."""
    return make_report
