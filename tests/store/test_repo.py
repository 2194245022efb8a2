"""Repository: sources, articles, reports, runs — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from rasd.errors import StorageError
from rasd.link.ids import article_id, report_id
from rasd.model import Actor, Evidence, IncidentReport
from rasd.store import Store
from rasd.store import models as m

TEXT = "قتل ١٥ شخصاً في تفجير انتحاري استهدف مسجداً في أبها يوم الخميس."
TEXT_VARIANT = "قُتِلَ ١٥ شخصاً  في تفجيرٍ انتحاريٍّ استهدف مسجداً في أبها يوم الخميس."


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def test_source_is_added_once(store: Store) -> None:
    a = store.add_source("okaz", url="https://www.okaz.com.sa", kind="web", reliability="B")
    b = store.add_source("okaz", url="ignored", kind="web")
    assert a == b
    src = store.get_source("okaz")
    assert src is not None and src.reliability == "B" and src.failures == 0
    assert store.get_source(a) == src
    store.update_source(a, etag='"x1"', failures=2, last_error="timeout")
    src2 = store.get_source(a)
    assert src2 is not None and (src2.etag, src2.failures) == ('"x1"', 2)


@pytest.mark.parametrize("bad", [{"kind": "radio"}, {"reliability": "G"}])
def test_source_validation(store: Store, bad: dict[str, Any]) -> None:
    with pytest.raises(StorageError):
        store.add_source("x", **bad)


def test_article_identity_by_content_hash(store: Store) -> None:
    aid, created = store.add_article(TEXT, title="تفجير أبها", published="2015-08-06")
    assert created and aid == article_id(TEXT)
    # diacritics, digits and spacing do not change the identity
    again, created2 = store.add_article(TEXT_VARIANT, url="https://other/outlet")
    assert (again, created2) == (aid, False)
    assert store.counts()["articles"] == 1
    assert store.article_exists(aid) == aid


def test_article_identity_by_canonical_url(store: Store) -> None:
    aid, _ = store.add_article(TEXT, canonical_url="https://a.example/1")
    other, created = store.add_article("نص آخر مختلف تماماً", canonical_url="https://a.example/1")
    assert (other, created) == (aid, False)
    assert store.article_exists("https://a.example/1") == aid
    assert store.article_exists("https://a.example/2") is None


def test_article_needs_text_and_known_source(store: Store) -> None:
    with pytest.raises(StorageError):
        store.add_article("   ")
    with pytest.raises(StorageError):
        store.add_article(TEXT, source="nowhere")


def test_article_row_keeps_raw_text(store: Store) -> None:
    store.add_source("spa", kind="feed")
    aid, _ = store.add_article(TEXT_VARIANT, source="spa", published="2015-08-06")
    row = store.get_article(aid)
    assert row is not None and row.text == TEXT_VARIANT and row.source_id is not None
    assert row.processed_at is None


def test_reports_are_added_once(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    aid, _ = store.add_article(TEXT, published="2015-08-06", url="https://x/1")
    reps = [report_factory(killed=15, groups=("Islamic State",)), report_factory("claim")]
    ids = store.add_reports(aid, reps)
    assert ids == [report_id(aid, 0), report_id(aid, 1)]
    assert store.add_reports(aid, reps) == ids
    assert store.add_reports(aid, [report_factory("bombing")]) == ids  # already processed
    assert store.counts()["reports"] == 2
    got = store.get_report(ids[0])
    assert got.killed is not None and got.killed.value == 15
    assert got.article.doc_id == aid and got.article.url == "https://x/1"


def test_article_without_reports_is_processed(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    aid, _ = store.add_article(TEXT)
    assert store.add_reports(aid, []) == []
    assert store.add_reports(aid, [report_factory()]) == []
    row = store.get_article(aid)
    assert row is not None and row.processed_at is not None


def test_reports_for_unknown_article(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    with pytest.raises(StorageError) as err:
        store.add_reports("0" * 64, [report_factory()])
    assert "add_article" in err.value.hint


def test_evidence_and_entities_are_recorded(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    aid, _ = store.add_article(TEXT)
    rep = report_factory(groups=("Islamic State",), sentence="تفجير انتحاري استهدف مسجداً")
    rep.evidence["status"] = Evidence("استهدف", 5, 11)
    store.add_reports(aid, [rep])
    aid2, _ = store.add_article("نص ثان عن الهجوم نفسه في أبها")
    store.add_reports(aid2, [report_factory(date="2015-08-07", groups=("Islamic State",))])
    with store.reading() as conn:
        fields = sorted(r[0] for r in conn.execute(select(m.evidence.c.field)))
        ent = conn.execute(select(m.entities).where(m.entities.c.kind == "group")).mappings().one()
        places = conn.execute(
            select(func.count()).select_from(m.entities).where(m.entities.c.kind == "place")
        ).scalar_one()
    assert fields == ["status", "type"]
    assert (ent["name"], ent["first_seen"], ent["last_seen"], ent["n_reports"]) == (
        "Islamic State",
        "2015-08-06",
        "2015-08-07",
        2,
    )
    assert places == 1


def test_candidate_groups_are_listed_for_review(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    assert store.candidate_groups() == []
    texts = ["تبنت كتائب الفجر الجديد تفجير الجسر", "كتائب الفجر الجديد تعلن مسؤوليتها عن كمين"]
    for day, text in zip(("2021-03-02", "2021-03-09"), texts, strict=True):
        aid, _ = store.add_article(text)
        rep = report_factory(date=day)
        rep.candidates = [Actor("كتائب الفجر الجديد", "claimed", "كتائب الفجر الجديد")]
        if day.endswith("09"):  # a second, rarer name, and one spelt with diacritics
            rep.candidates.append(Actor("سرايا الغضب", "suspected", "سرايا الغضب"))
            rep.candidates.append(Actor("كَتائب الفجر الجديد", "claimed"))
        store.add_reports(aid, [rep])
    got = store.candidate_groups()
    assert [(c["name"], c["reports"]) for c in got] == [
        ("كتائب الفجر الجديد", 2),
        ("سرايا الغضب", 1),
    ]
    assert (got[0]["first_seen"], got[0]["last_seen"]) == ("2021-03-02", "2021-03-09")
    assert store.candidate_groups(limit=1) == got[:1]
    # candidates are never perpetrators: no group entity was recorded
    with store.reading() as conn:
        groups = conn.execute(
            select(func.count()).select_from(m.entities).where(m.entities.c.kind == "group")
        ).scalar_one()
    assert groups == 0


def test_runs_and_errors(store: Store) -> None:
    store.add_source("feed1", kind="feed")
    run = store.start_run("rasd ingest demo/")
    store.record_error(run, "RASD101", "not UTF-8", source="feed1", item_ref="a.txt")
    store.finish_run(run, "ok", {"articles": 3})
    (last,) = store.runs(1)
    assert (last.id, last.status, last.stats, last.n_errors) == (run, "ok", {"articles": 3}, 1)
    (err,) = store.errors(run)
    assert (err.code, err.item_ref) == ("RASD101", "a.txt")
    src = store.get_source("feed1")
    assert src is not None and src.last_error == "[RASD101] not UTF-8"


def test_nested_transactions_commit_together(
    store: Store, report_factory: Callable[..., IncidentReport]
) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction():
            aid, _ = store.add_article(TEXT)
            store.add_reports(aid, [report_factory()])
            raise RuntimeError("crash before commit")
    assert store.counts()["articles"] == 0
    assert store.counts()["reports"] == 0
