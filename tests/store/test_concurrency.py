"""Two processes writing the same database neither corrupt it nor lose or duplicate data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from rasd.store import Store
from rasd.store import models as m

SCRIPT = Path(__file__).with_name("writer_script.py")


def check_complete(url: str, n_articles: int) -> None:
    with Store.open(url) as store:
        counts = store.counts()
        assert counts["articles"] == n_articles
        assert counts["reports"] == 2 * n_articles
        assert counts["unlinked_reports"] == 0
        with store.reading() as conn:
            per_article = conn.execute(
                select(m.reports.c.article_id, func.count())
                .group_by(m.reports.c.article_id)
                .having(func.count() != 2)
            ).all()
            assert per_article == []
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_two_writer_processes(db_url: str) -> None:
    # overlapping ranges: articles 25..39 are written by both processes
    procs = [
        subprocess.Popen([sys.executable, str(SCRIPT), db_url, "0", "40"]),
        subprocess.Popen([sys.executable, str(SCRIPT), db_url, "25", "60"]),
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    check_complete(db_url, 60)


def test_two_processes_open_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    procs = [
        subprocess.Popen([sys.executable, str(SCRIPT), url, "0", "10"]),
        subprocess.Popen([sys.executable, str(SCRIPT), url, "5", "15"]),
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    check_complete(url, 15)
