"""Arabic full-text search over normalised text, on SQLite FTS5 and PostgreSQL tsvector.

Whole-word semantics: a query word finds the same normalised word, or the word
carrying attached clitics (و، ب، ل، ال …); a trailing ``*`` is a prefix query.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rasd.store import IncidentFilter, Store
from rasd.store.search import fts5_expression, parse_query, tsquery_expression

ARTICLES = {
    "mosul": "انفجرت سيارة مفخخة بالموصل صباح اليوم وأسفرت عن سقوط ضحايا.",
    "baghdad": "أعلنت الشرطة في بَغداد إحباط هجومٍ انتحاريٍّ قرب سوق شعبي.",
    "abha": "استهدف انتحاري مسجداً لقوات الطوارئ في أبها وقتل خمسة عشر شخصاً.",
    "sport": "فاز الفريق المحلي بالمباراة النهائية أمس في ملعب المدينة.",
}


@pytest.fixture(scope="module")
def store(module_db_url: str) -> Iterator[Store]:
    with Store.open(module_db_url) as s:
        s.ids = {}  # type: ignore[attr-defined]
        for name, text in ARTICLES.items():
            aid, _ = s.add_article(text, title=f"خبر {name}")
            s.ids[name] = aid  # type: ignore[attr-defined]
        yield s


def found(store: Store, query: str) -> set[str]:
    names = {v: k for k, v in store.ids.items()}  # type: ignore[attr-defined]
    return {names[h.id] for h in store.search_articles(query, limit=10)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الموصل", {"mosul"}),  # article + city, written with the preposition بـ
        ("موصل", {"mosul"}),
        ("بالموصل", {"mosul"}),
        ("بغداد", {"baghdad"}),  # diacritics in the text
        ("بَغْدَاد", {"baghdad"}),  # diacritics in the query
        ("انتحاري", {"baghdad", "abha"}),  # انتحاريٍّ with tanween
        ("انتحار*", {"baghdad", "abha"}),  # prefix
        ("مسجد", {"abha"}),  # مسجداً
        ("ابها", {"abha"}),  # alef forms unified
        ("انتحاري أبها", {"abha"}),  # all words must match
        ("الطوارئ", {"abha"}),
        ("كابول", set()),
        ("", set()),
        ("!!", set()),
    ],
)
def test_search(store: Store, query: str, expected: set[str]) -> None:
    assert found(store, query) == expected


def test_search_ranks_deterministically(store: Store) -> None:
    first = [h.id for h in store.search_articles("انتحاري", 10)]
    assert first == [h.id for h in store.search_articles("انتحاري", 10)]
    assert len(store.search_articles("انتحاري", 1)) == 1


def test_title_is_searched(store: Store) -> None:
    assert found(store, "sport") == {"sport"}


def test_incident_filter_query_without_incidents(store: Store) -> None:
    rows, cursor = store.list_incidents(IncidentFilter(query="الموصل"))
    assert rows == [] and cursor is None


def test_query_expressions_are_quoted() -> None:
    terms = parse_query('داعش" OR x*')
    assert [t.word for t in terms] == ["داعش", "or", "x"]
    assert '"' not in "".join(t.word for t in terms)
    assert fts5_expression(terms).count('"') == 12
    assert tsquery_expression(terms).endswith(":*)")
