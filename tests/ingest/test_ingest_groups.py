"""Articles are stored in groups (one transaction each): one bad article never
takes the rest of its group with it, and copies inside a group are stored once."""

from __future__ import annotations

from pathlib import Path

from ingest_corpus import article

from rasd.ingest.item import SourceItem
from rasd.ingest.pipeline import ingest
from rasd.store.repo import Store


def _item(i: int, source: str) -> SourceItem:
    a = article(i, incident_every=2)
    return SourceItem(
        text=a["text"],
        title=a.get("title"),
        published=a.get("published"),
        source=source,
        ref=f"#{i}",
    )


def test_a_bad_article_fails_alone_and_copies_are_stored_once(db_url: str, tmp_path: Path) -> None:
    with Store.open(db_url) as store:
        store.add_source("feed", kind="file")
        items = [
            _item(0, source="feed"),
            _item(1, source="no-such-source"),  # fails when stored: recorded, not fatal
            _item(2, source="feed"),
            _item(2, source="feed"),  # an exact copy in the same group
            _item(4, source="feed"),
        ]
        res = ingest(store, items, batch=50)
        assert (res.seen, res.stored, res.duplicates, res.failed) == (5, 3, 1, 1)
        assert res.reports >= 2 and res.incidents_created >= 1
        (err,) = store.errors(run_id=res.run_id)
        assert err.item_ref == "#1" and "no-such-source" in err.message
        counts = store.counts()
        assert counts["articles"] == 3 and counts["unlinked_reports"] == 0
        assert all(store.is_processed(aid) for aid in res.article_ids)
        again = ingest(store, items, batch=2)
        assert (again.stored, again.duplicates, again.failed, again.reports) == (0, 4, 1, 0)
        assert store.counts()["reports"] == counts["reports"]
