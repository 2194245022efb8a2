"""Read queries the API needs beyond :class:`rasd.store.Store`'s own methods.

Each takes the store and runs in one read transaction; all are bulk (grouped)
queries with deterministic ordering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from rasd.store import models as m
from rasd.store.repo import Store


@dataclass(frozen=True)
class IncidentExtras:
    aliases: list[str]
    article_ids: dict[str, str]  # report id -> article id
    version: int
    n_reports: int
    n_sources: int


def incident_extras(store: Store, incident_id: str, report_ids: list[str]) -> IncidentExtras:
    """Aliases, report→article ids and counters of one (current) incident."""
    al, r, i = m.incident_aliases, m.reports, m.incidents
    with store.reading() as conn:
        aliases = [
            str(x[0])
            for x in conn.execute(
                select(al.c.alias).where(al.c.incident_id == incident_id).order_by(al.c.alias)
            )
        ]
        arts: dict[str, str] = {}
        for k in range(0, len(report_ids), 500):
            chunk = report_ids[k : k + 500]
            arts.update(
                (str(a), str(b))
                for a, b in conn.execute(select(r.c.id, r.c.article_id).where(r.c.id.in_(chunk)))
            )
        row = conn.execute(
            select(i.c.version, i.c.n_reports, i.c.n_sources).where(i.c.id == incident_id)
        ).first()
    version, n_reports, n_sources = row if row else (1, len(report_ids), 0)
    return IncidentExtras(aliases, arts, int(version), int(n_reports), int(n_sources))


@dataclass(frozen=True)
class GroupUse:
    incidents: int
    first_seen: str | None
    last_seen: str | None


def group_usage(store: Store, names: list[str] | None = None) -> dict[str, GroupUse]:
    """Per stored group name: incident count and first/last incident day."""
    g, i = m.incident_groups, m.incidents
    q = (
        select(
            g.c.group_name,
            func.count(),
            func.min(i.c.date_lo),
            func.max(i.c.date_hi),
        )
        .join(i, i.c.id == g.c.incident_id)
        .group_by(g.c.group_name)
    )
    if names is not None:
        q = q.where(g.c.group_name.in_(names))
    with store.reading() as conn:
        return {
            str(name): GroupUse(int(n), first, last) for name, n, first, last in conn.execute(q)
        }


def place_counts(store: Store, country: str | None = None) -> list[tuple[Any, ...]]:
    """``(country, province, city, count, lat, lon)`` over located incidents, sorted."""
    i = m.incidents
    q = (
        select(
            i.c.country, i.c.province, i.c.city, func.count(), func.min(i.c.lat), func.min(i.c.lon)
        )
        .where(i.c.country.is_not(None))
        .group_by(i.c.country, i.c.province, i.c.city)
    )
    if country:
        q = q.where(i.c.country == country)
    with store.reading() as conn:
        rows = [tuple(x) for x in conn.execute(q)]
    return sorted(rows, key=lambda x: (x[0], x[1] or "", x[2] or ""))


def article_links(store: Store, article_id: str) -> tuple[list[str], list[str]]:
    """Report ids of an article and the incidents they are in."""
    r, ir = m.reports, m.incident_reports
    with store.reading() as conn:
        rows = conn.execute(
            select(r.c.id, ir.c.incident_id)
            .outerjoin(ir, ir.c.report_id == r.c.id)
            .where(r.c.article_id == article_id)
            .order_by(r.c.idx)
        ).all()
    reports = [str(a) for a, _ in rows]
    incidents = sorted({str(b) for _, b in rows if b is not None})
    return reports, incidents


def recent_articles(store: Store, limit: int) -> list[dict[str, Any]]:
    """The latest articles (by publication day, then id), newest first."""
    a = m.articles
    q = (
        select(a.c.id, a.c.title, a.c.url, a.c.published)
        .order_by(a.c.published.desc().nulls_last(), a.c.id)
        .limit(limit)
    )
    with store.reading() as conn:
        return [dict(x) for x in conn.execute(q).mappings()]


def countries(store: Store) -> list[str]:
    """Countries that have incidents (for the TAXII per-country collections)."""
    i = m.incidents
    with store.reading() as conn:
        rows = conn.execute(select(i.c.country).where(i.c.country.is_not(None)).distinct())
        return sorted(str(x[0]) for x in rows)
