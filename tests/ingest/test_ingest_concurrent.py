"""Two `rasd ingest` processes on one SQLite file with overlapping inputs."""

from __future__ import annotations

from pathlib import Path

from ingest_check import integrity, snapshot, start
from ingest_corpus import article, write_jsonl

from rasd.link.ids import article_id
from rasd.store.repo import Store

EVERY = 4


def test_two_writers_lose_nothing_and_store_nothing_twice(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", range(0, 240), incident_every=EVERY)
    b = write_jsonl(tmp_path / "b.jsonl", range(120, 360), incident_every=EVERY)
    db = tmp_path / "shared.sqlite"
    Store.open(str(db)).close()  # the schema first, so both writers find it
    procs = [
        start(str(a), "--db", str(db), "--batch", "20", log=tmp_path / "a.log"),
        start(str(b), "--db", str(db), "--batch", "20", log=tmp_path / "b.log"),
    ]
    for p, name in zip(procs, ("a", "b"), strict=True):
        assert p.wait(300) == 0, (tmp_path / f"{name}.log").read_text()
    assert integrity(db) == "ok"
    snap = snapshot(db)
    assert snap.article_ids == {
        article_id(article(i, incident_every=EVERY)["text"]) for i in range(360)
    }
    assert snap.unprocessed == 0 and snap.unlinked == 0 and snap.bad_links == 0
    assert len(snap.report_ids) >= 360 // EVERY
    for name in ("a", "b"):
        assert "failed 0" in (tmp_path / f"{name}.log").read_text()
