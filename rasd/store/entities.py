"""Entities seen in reports (groups, places, candidate groups) with first/last seen
days and a count.

Candidate groups are the organisation names the NER model found beside attack or
claim language that the knowledge base does not know (``IncidentReport.candidates``):
listed for an analyst's review (:func:`candidate_groups`), never counted as perpetrators.

Upserts run as two statements with bound parameters (insert-if-missing, then
update), the same on SQLite and PostgreSQL and safe under concurrent writers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, String, and_, bindparam, case, or_, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from rasd.model import IncidentReport
from rasd.store import models as m
from rasd.store.convert import place_entity
from rasd.text.normalize import key as text_key

CANDIDATE = "candidate_group"
NAME_LIMIT = 300  # the width of the entities' key and name columns


@cache
def entity_statements(dialect: str) -> tuple[Any, Any]:
    """INSERT-if-missing and UPDATE (first/last seen, count) for entities, with bind params."""
    e = m.entities
    table_insert = pg_dialect.insert if dialect == "postgresql" else sqlite_dialect.insert
    ins = (
        table_insert(e)
        .values(
            kind=bindparam("b_kind"),
            key=bindparam("b_key"),
            name=bindparam("b_name"),
            first_seen=bindparam("b_day", type_=String(10)),
            last_seen=bindparam("b_day", type_=String(10)),
            n_reports=0,
        )
        .on_conflict_do_nothing()
    )
    day: Any = bindparam("b_day", type_=String(10))
    upd = (
        update(e)
        .where(e.c.kind == bindparam("b_kind"), e.c.key == bindparam("b_key"))
        .values(
            n_reports=e.c.n_reports + 1,
            first_seen=case(
                (and_(day.is_not(None), or_(e.c.first_seen.is_(None), e.c.first_seen > day)), day),
                else_=e.c.first_seen,
            ),
            last_seen=case(
                (and_(day.is_not(None), or_(e.c.last_seen.is_(None), e.c.last_seen < day)), day),
                else_=e.c.last_seen,
            ),
        )
    )
    return ins, upd


def _entity_params(rep: IncidentReport) -> list[dict[str, Any]]:
    day = rep.date.value if rep.date else rep.article.published
    seen: list[tuple[str, str, str]] = [
        ("group", actor.kb_id or actor.name, actor.name) for actor in rep.perpetrators
    ]
    place = place_entity(rep)
    if place:
        seen.append(("place", place[0], place[1]))
    candidates: dict[str, str] = {}  # one count per report for each spelling key
    for cand in rep.candidates:
        name = cand.name[:NAME_LIMIT]
        k = text_key(name)
        if k:  # key() trims whitespace: empty for a blank name
            candidates.setdefault(k[:NAME_LIMIT], name)
    seen.extend((CANDIDATE, k, name) for k, name in candidates.items())
    return [
        {"b_kind": kind, "b_key": key, "b_name": name, "b_day": day}
        for kind, key, name in sorted(set(seen))
    ]


def touch_entities(conn: Connection, rep: IncidentReport) -> None:
    """Record the report's groups and place as entities (first/last seen, count)."""
    touch_entities_many(conn, [rep])


def touch_entities_many(conn: Connection, reps: Sequence[IncidentReport]) -> None:
    """:func:`touch_entities` for several reports with one INSERT and one UPDATE
    (executemany; the update counts each report once, in any order)."""
    params = [p for rep in reps for p in _entity_params(rep)]
    if not params:
        return
    ins, upd = entity_statements(conn.dialect.name)
    conn.execute(ins, params)
    conn.execute(upd, params)


def candidate_groups(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Candidate groups (unknown organisations named beside attack or claim language),
    most reported first: name, number of reports, first and last day seen."""
    e = m.entities
    q = (
        select(e.c.name, e.c.n_reports, e.c.first_seen, e.c.last_seen)
        .where(e.c.kind == CANDIDATE)
        .order_by(e.c.n_reports.desc(), e.c.key)
        .limit(limit)
    )
    return [
        {
            "name": name,
            "reports": int(n),
            "first_seen": str(first) if first is not None else None,
            "last_seen": str(last) if last is not None else None,
        }
        for name, n, first, last in conn.execute(q)
    ]
