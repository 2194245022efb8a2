"""Database invariants shared by the crash and concurrency tests (read with sqlite3)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Snapshot:
    article_ids: frozenset[str]
    report_ids: frozenset[str]
    incidents: int
    unprocessed: int
    unlinked: int
    bad_links: int


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with connect(db) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def snapshot(db: Path) -> Snapshot:
    with connect(db) as conn:
        q = conn.execute
        articles = [r[0] for r in q("SELECT id FROM articles")]
        reports = [r[0] for r in q("SELECT id FROM reports")]
        per_article = q("SELECT COUNT(*) FROM (SELECT DISTINCT article_id, idx FROM reports)")
        assert len(articles) == len(set(articles)), "an article stored twice"
        assert len(reports) == len(set(reports)) == per_article.fetchone()[0], "duplicate reports"
        return Snapshot(
            article_ids=frozenset(articles),
            report_ids=frozenset(reports),
            incidents=q("SELECT COUNT(*) FROM incidents").fetchone()[0],
            unprocessed=q("SELECT COUNT(*) FROM articles WHERE processed_at IS NULL").fetchone()[0],
            unlinked=q(
                "SELECT COUNT(*) FROM reports r LEFT JOIN incident_reports l ON l.report_id = r.id"
                " WHERE l.report_id IS NULL"
            ).fetchone()[0],
            bad_links=q(
                "SELECT COUNT(*) FROM incident_reports l LEFT JOIN incidents i"
                " ON i.id = l.incident_id WHERE i.id IS NULL"
            ).fetchone()[0]
            + q(
                "SELECT COUNT(*) FROM (SELECT report_id FROM incident_reports"
                " GROUP BY report_id HAVING COUNT(*) > 1)"
            ).fetchone()[0],
        )


def integrity(db: Path) -> str:
    with connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def ingest_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "rasd", "ingest", *args]


def start(*args: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as fh:
        return subprocess.Popen(ingest_cmd(*args), stdout=fh, stderr=subprocess.STDOUT, env=env)
