"""Storing extracted articles in batches: each article once, never without its reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from rasd.link.ids import article_id
from rasd.store import models as m
from rasd.store.bulk import NewArticle
from rasd.store.repo import Store
from rasd.text.normalize import normalize

Factory = Callable[..., Any]


def _art(text: str, reports: list[Any], **kw: Any) -> NewArticle:
    return NewArticle(
        id=article_id(text), text=text, text_norm=normalize(text, "search"), reports=reports, **kw
    )


def test_batch_stores_each_article_once_with_its_reports(
    db_url: str, report_factory: Factory
) -> None:
    one = "انفجار سيارة مفخخة في مدينة أبها أسفر عن مقتل ثلاثة أشخاص"
    two = "قوات الأمن تعتقل خمسة مشتبه بهم في الرياض"
    with Store.open(db_url) as store:
        store.add_source("okaz", kind="file")
        batch = [
            _art(
                one,
                [
                    report_factory(groups=("Islamic State",), sentence=one),
                    report_factory(city="Jeddah"),
                ],
                title="خبر",
                url="https://example.com/a",
                canonical_url="https://example.com/a",
                source="okaz",
            ),
            _art(one + " ", [report_factory()]),  # same content key: a copy
            _art(two, [], canonical_url="https://example.com/a"),  # same canonical URL
            _art(two, [report_factory(type="arrest_raid")]),
        ]
        got = store.add_processed_articles(batch)
        assert [s.status for s in got] == ["created", "duplicate", "duplicate", "created"]
        assert [r.rsplit(".", 1)[1] for r in got[0].report_ids] == ["0", "1"]
        assert got[1].id == got[0].id and got[2].id == got[0].id
        assert len(got[3].report_ids) == 1
        counts = store.counts()
        assert (counts["articles"], counts["reports"]) == (2, 3)
        with store.reading() as conn:
            unprocessed = conn.execute(
                select(func.count())
                .select_from(m.articles)
                .where(m.articles.c.processed_at.is_(None))
            ).scalar_one()
            n_evidence = conn.execute(select(func.count()).select_from(m.evidence)).scalar_one()
            groups = conn.execute(
                select(m.entities.c.n_reports).where(m.entities.c.kind == "group")
            ).all()
        assert unprocessed == 0 and n_evidence > 0 and [tuple(g) for g in groups] == [(1,)]
        rep = store.get_report(got[0].report_ids[0])
        assert rep.article.source == "okaz" and rep.article.url == "https://example.com/a"
        assert store.search_articles("أبها")[0].id == got[0].id
        again = store.add_processed_articles([_art(one, [report_factory()])])
        assert [s.status for s in again] == ["duplicate"] and store.counts()["reports"] == 3


def test_an_article_left_unprocessed_is_completed(db_url: str, report_factory: Factory) -> None:
    text = "هجوم مسلح على نقطة تفتيش في محافظة القطيف"
    with Store.open(db_url) as store:
        aid, created = store.add_article(text)  # as a killed run (or a batch sink) left it
        assert created and not store.is_processed(aid)
        (st,) = store.add_processed_articles([_art(text, [report_factory()])])
        assert st.status == "completed" and st.id == aid and len(st.report_ids) == 1
        assert store.is_processed(aid) and store.counts()["articles"] == 1
