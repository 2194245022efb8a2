"""Arabic full-text search over normalised article text.

Both backends index the article's title and text normalised at the ``search``
level (:func:`rasd.text.normalize.normalize`) plus a column of *clitic keys*:
for every Arabic word, its lookup keys from :func:`rasd.text.clitics.lookup_keys`
(the word without a leading conjunction, preposition or article, and without one
common suffix).

Query semantics (the same on SQLite FTS5 and PostgreSQL ``tsvector``):

* the query is normalised the same way, split into words, and all words must match;
* a word matches the same normalised word (``بغداد`` finds ``بَغداد``) or any word
  that carries it with attached clitics (``الموصل`` finds ``بالموصل`` and
  ``والموصل``; ``مسجد`` finds ``المسجد``);
* a word ending in ``*`` is a prefix query (``انتحار*`` finds ``انتحاري``, ``انتحارية``);
* tokens are whole words: ``موصل`` inside ``الموصلي`` is not found without ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from rasd.text.clitics import lookup_keys
from rasd.text.normalize import key, normalize
from rasd.text.tokens import ARABIC_LETTER

_QUERY_TOKEN = re.compile(r"(\w+)(\*?)")
_ARABIC_WORD = re.compile(f"[{ARABIC_LETTER}]+")


@dataclass(frozen=True)
class Term:
    """One query word: normalised form, its lookup key, and whether it is a prefix."""

    word: str
    key: str
    prefix: bool


@dataclass(frozen=True)
class ArticleHit:
    """One article found by :func:`search_articles`; lower ``rank`` is better."""

    id: str
    title: str | None
    url: str | None
    published: str | None
    rank: float


_WORD_KEYS: dict[str, tuple[str, ...]] = {}
_WORD_KEYS_LIMIT = 300_000


def _word_keys(word: str) -> tuple[str, ...]:
    got = _WORD_KEYS.get(word)
    if got is None:
        got = lookup_keys(word)
        if len(word) > 3 and word.endswith("ا"):  # accusative alef: مسجداً → مسجد
            got = got + lookup_keys(word[:-1])
        if len(_WORD_KEYS) >= _WORD_KEYS_LIMIT:
            _WORD_KEYS.clear()
        _WORD_KEYS[word] = got
    return got


def search_keys(text_norm: str) -> str:
    """Space-separated, sorted, unique clitic keys of the Arabic words of ``text_norm``."""
    get = _WORD_KEYS.get
    keys: set[str] = set().union(
        *[
            got if (got := get(word)) is not None else _word_keys(word)
            for word in set(_ARABIC_WORD.findall(text_norm))
        ]
    )
    return " ".join(sorted(keys))


def parse_query(query: str) -> list[Term]:
    """Normalise ``query`` and split it into :class:`Term` (empty list: nothing to find)."""
    norm = normalize(query, "search")
    terms = []
    for m in _QUERY_TOKEN.finditer(norm):
        word = m.group(1)
        terms.append(Term(word=word.lower(), key=key(word), prefix=bool(m.group(2))))
    return terms


def fts5_expression(terms: list[Term]) -> str:
    """The FTS5 MATCH expression for ``terms`` (words ANDed)."""
    parts = []
    for t in terms:
        star = "*" if t.prefix else ""
        parts.append(f'({{title body}} : "{t.word}"{star} OR keys : "{t.key}"{star})')
    return " AND ".join(parts)


def tsquery_expression(terms: list[Term]) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text for ``terms``."""
    parts = []
    for t in terms:
        star = ":*" if t.prefix else ""
        parts.append(f"('{t.word}'{star} | '{t.key}'{star})")
    return " & ".join(parts)


def index_article(
    conn: Connection, article_id: str, title_norm: str, text_norm: str, keys: str
) -> None:
    """Add an article to the SQLite FTS5 table (PostgreSQL indexes by itself)."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "INSERT INTO articles_fts (article_id, title, body, keys) "
                "VALUES (:id, :title, :body, :keys)"
            ),
            {"id": article_id, "title": title_norm, "body": text_norm, "keys": keys},
        )


def matching_article_ids_sql(conn: Connection, terms: list[Term]) -> tuple[str, dict[str, str]]:
    """SQL (and parameters) selecting ``article_id`` of articles matching ``terms``."""
    if conn.dialect.name == "sqlite":
        return (
            "SELECT article_id FROM articles_fts WHERE articles_fts MATCH :fts_q",
            {"fts_q": fts5_expression(terms)},
        )
    return (
        "SELECT id AS article_id FROM articles WHERE tsv @@ to_tsquery('simple', :fts_q)",
        {"fts_q": tsquery_expression(terms)},
    )


def search_articles(conn: Connection, query: str, limit: int = 20) -> list[ArticleHit]:
    """Articles matching ``query`` (see the module docstring), best first, then by id."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        sql = (
            "SELECT a.id, a.title, a.url, a.published, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id "
            "WHERE articles_fts MATCH :q ORDER BY rank, a.id LIMIT :n"
        )
        params: dict[str, object] = {"q": fts5_expression(terms), "n": limit}
    else:
        sql = (
            "SELECT id, title, url, published, "
            "-ts_rank(tsv, to_tsquery('simple', :q)) AS rank FROM articles "
            "WHERE tsv @@ to_tsquery('simple', :q) ORDER BY rank, id LIMIT :n"
        )
        params = {"q": tsquery_expression(terms), "n": limit}
    rows = conn.execute(text(sql), params).all()
    return [ArticleHit(r[0], r[1], r[2], r[3], round(float(r[4]), 6)) for r in rows]
