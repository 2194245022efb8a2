"""File sources through the ingest pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_corpus import article, write_jsonl

from rasd.ingest.pipeline import Ingester, ingest
from rasd.ingest.sources import register_sources
from rasd.ingest.sources.files import iter_path
from rasd.store.repo import Store


def test_rerunning_the_same_input_adds_nothing(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", range(12))
    (folder / "b.txt").write_text(article(100)["text"], encoding="utf-8")
    (folder / "junk.jsonl").write_text("{nope\n", encoding="utf-8")
    with Store.open(db_url) as store:
        store.add_source("test-feed", kind="file")
        first = ingest(store, iter_path(folder, source="test-feed"), batch=5)
        assert (first.seen, first.stored, first.failed) == (14, 13, 1)
        assert first.reports >= 3 and first.incidents_created >= 1
        before = store.counts()
        second = ingest(store, iter_path(folder, source="test-feed"), batch=5)
        assert (second.stored, second.duplicates, second.reports, second.failed) == (0, 13, 0, 1)
        assert second.incidents_created == second.incidents_updated == 0
        after = store.counts()
        for table in ("articles", "reports", "incidents", "sources"):
            assert after[table] == before[table], table
        assert after["unlinked_reports"] == 0
        (err,) = store.errors(run_id=second.run_id)
        assert err.code == "RASD108" and err.item_ref == f"{folder / 'junk.jsonl'}#1"
        src = store.get_source("test-feed")
        assert src is not None and src.last_error and "RASD108" in src.last_error


def test_record_outlets_are_registered_as_sources(db_url: str, tmp_path: Path) -> None:
    rows = [{**article(i), "source": outlet} for i, outlet in enumerate(["okaz", "spa", "okaz"])]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with Store.open(db_url) as store:
        res = Ingester(store).run(register_sources(store, iter_path(path)))
        assert (res.stored, res.failed) == (3, 0)
        assert [s.name for s in store.list_sources()] == ["okaz", "spa"]
        assert {s.kind for s in store.list_sources()} == {"archive"}
        art = store.get_article(res.article_ids[1])
        assert art is not None and art.title == rows[1]["title"]
