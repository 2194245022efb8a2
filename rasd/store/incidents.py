"""Read queries over incidents: get, list (filters + keyset pagination), stats, changes.

Functions take an open connection; :class:`rasd.store.Store` wraps them.
Every ordering ends with the incident id so pages are deterministic.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, text
from sqlalchemy.sql import Select

from rasd.errors import StorageError
from rasd.model import Incident, IncidentReport
from rasd.store import models as m
from rasd.store import search as fts
from rasd.store.convert import loads
from rasd.store.records import ChangeRow, IncidentFilter, IncidentRow, StatRow

SORTS: dict[str, tuple[str, Any]] = {
    # name: (column, value used for NULL — columns here are never NULL except killed)
    "date": ("sort_date", None),
    "updated": ("updated_at", None),
    "created": ("created_at", None),
    "killed": ("killed", -1),
    "confidence": ("confidence", None),
}
MAX_LIMIT = 1000
WIDE_BBOX_DEG2 = 25.0  # square degrees (about a 500 km box near the equator)
MAX_DATE_SPAN_DAYS = 366  # date_hi - date_lo of a year-precise date, at most
PERIODS = ("day", "week", "month")
STAT_KEYS = ("type", "country", "group", "status")


def resolve_id(conn: Connection, incident_id: str) -> str | None:
    """The current id of ``incident_id`` (itself, or the survivor it was merged into)."""
    i = m.incidents
    if conn.execute(select(i.c.id).where(i.c.id == incident_id)).scalar() is not None:
        return incident_id
    target = conn.execute(
        select(m.incident_aliases.c.incident_id).where(m.incident_aliases.c.alias == incident_id)
    ).scalar()
    return str(target) if target is not None else None


def get_incident(conn: Connection, incident_id: str) -> Incident:
    """The full incident (summary, every report, merge log); follows aliases."""
    current = resolve_id(conn, incident_id)
    if current is None:
        raise StorageError(
            f"no incident {incident_id!r}", hint="list incidents with `rasd incidents list`"
        )
    row = conn.execute(select(m.incidents).where(m.incidents.c.id == current)).mappings().one()
    r, ir = m.reports, m.incident_reports
    rep_rows = conn.execute(
        select(r.c.id, r.c.data)
        .join(ir, ir.c.report_id == r.c.id)
        .where(ir.c.incident_id == current)
        .order_by(r.c.published, r.c.id)
    ).all()
    a = m.merge_audit
    log_rows = (
        conn.execute(select(a).where(a.c.incident_id == current).order_by(a.c.id)).mappings().all()
    )
    log = [
        {
            "action": x["action"],
            "actor": x["actor"],
            "incident_ids": loads(x["incident_ids"], []),
            "report_ids": loads(x["report_ids"], []),
            "score": x["score"],
            "reasons": loads(x["reasons"], []),
            "at": x["at"],
        }
        for x in log_rows
    ]
    return Incident(
        id=current,
        summary=IncidentReport.from_dict(loads(row["summary"])),
        reports=[IncidentReport.from_dict(loads(x[1])) for x in rep_rows],
        report_ids=[str(x[0]) for x in rep_rows],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        merge_log=log,
    )


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def filter_clauses(conn: Connection, f: IncidentFilter | None) -> list[ColumnElement[bool]]:
    """WHERE clauses on ``incidents`` for a filter."""
    if f is None:
        return []
    i = m.incidents
    out: list[ColumnElement[bool]] = []
    if f.date_from:
        out.append(i.c.date_hi >= f.date_from)
        # redundant bound on the indexed sort column (a dated incident's sort_date is
        # its date_lo, at most a year before its date_hi): lets the planner range-scan
        # the (sort_date, id) index instead of reading every later incident
        lo = _shift_day(f.date_from, -MAX_DATE_SPAN_DAYS)
        if lo:
            out.append(i.c.sort_date >= lo)
    if f.date_to:
        out.append(i.c.date_lo <= f.date_to)
        out.append(i.c.sort_date <= f.date_to + "~")  # "~" sorts after any day suffix
    for col, value in (
        (i.c.country, f.country),
        (i.c.type, f.type),
        (i.c.status, f.status),
    ):
        values = _as_list(value)
        if values:
            out.append(col.in_(values))
    if f.province:
        out.append(i.c.province == f.province)
    if f.city:
        out.append(i.c.city == f.city)
    if f.recency:
        out.append(i.c.recency == f.recency)
    if f.min_confidence is not None:
        out.append(i.c.confidence >= f.min_confidence)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        lat: ColumnElement[Any] = i.c.lat
        lon: ColumnElement[Any] = i.c.lon
        if (max_lon - min_lon) * (max_lat - min_lat) > WIDE_BBOX_DEG2:
            # a wide box holds many incidents: walking the sort index and testing each
            # row beats collecting them all through the (lat, lon) index and sorting;
            # "+ 0" keeps the planner off that index
            lat, lon = lat + 0, lon + 0
        out.append(and_(lon.between(min_lon, max_lon), lat.between(min_lat, max_lat)))
    groups = _as_list(f.group)
    if groups:
        g = m.incident_groups
        out.append(i.c.id.in_(select(g.c.incident_id).where(g.c.group_name.in_(groups))))
    if f.ids:
        out.append(i.c.id.in_(list(f.ids)))
    if f.query is not None:
        terms = fts.parse_query(f.query)
        if not terms:
            out.append(i.c.id.is_(None))  # an empty query matches nothing
        else:
            sql, params = fts.matching_article_ids_sql(conn, terms)
            matched = text(sql).bindparams(**params).columns(article_id=m.reports.c.article_id.type)
            sub = matched.subquery()
            ir, r = m.incident_reports, m.reports
            out.append(
                i.c.id.in_(
                    select(ir.c.incident_id)
                    .join(r, r.c.id == ir.c.report_id)
                    .where(r.c.article_id.in_(select(sub.c.article_id)))
                )
            )
    return out


def _shift_day(day: str, days: int) -> str | None:
    """``day`` (an ISO day, month or year) moved by ``days``; ``None`` if unparseable."""
    parts = (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10] if len(day) == 7 else day
    try:
        return (date.fromisoformat(parts[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _encode_cursor(value: Any, last_id: str) -> str:
    raw = json.dumps([value, last_id], ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, last_id = json.loads(raw)
        return value, str(last_id)
    except (ValueError, binascii.Error, TypeError) as err:
        raise StorageError(
            "invalid cursor", hint="pass the next_cursor returned by the previous page"
        ) from err


def _row(r: Any) -> IncidentRow:
    fields = IncidentRow.__dataclass_fields__
    data = {k: r[k] for k in fields}
    data["groups"] = loads(r["groups"], [])
    data["suicide"] = bool(r["suicide"])
    return IncidentRow(**data)


def list_incidents(
    conn: Connection,
    filters: IncidentFilter | None = None,
    sort: str = "-date",
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[IncidentRow], str | None]:
    """One page of incidents; ``sort`` is a key of :data:`SORTS`, ``-`` for descending."""
    desc = sort.startswith("-")
    name = sort.lstrip("-+")
    if name not in SORTS:
        raise StorageError(
            f"unknown sort {sort!r}", hint=f"use one of {', '.join(SORTS)} (or -name)"
        )
    limit = max(1, min(int(limit), MAX_LIMIT))
    i = m.incidents
    col_name, null_value = SORTS[name]
    col = i.c[col_name]
    key: ColumnElement[Any] = func.coalesce(col, null_value) if null_value is not None else col
    clauses = filter_clauses(conn, filters)
    if cursor:
        value, last_id = _decode_cursor(cursor)
        if desc:
            clauses.append(or_(key < value, and_(key == value, i.c.id < last_id)))
        else:
            clauses.append(or_(key > value, and_(key == value, i.c.id > last_id)))
    fields = [c for c in IncidentRow.__dataclass_fields__]
    q: Select[Any] = select(*[i.c[f] for f in fields], key.label("_sort")).where(*clauses)
    q = q.order_by(key.desc(), i.c.id.desc()) if desc else q.order_by(key.asc(), i.c.id.asc())
    rows = conn.execute(q.limit(limit + 1)).mappings().all()
    page = [_row(r) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = _encode_cursor(last["_sort"], last["id"])
    return page, next_cursor


def _period_start(day: str, period: str) -> str:
    if len(day) == 7:  # already a month
        date.fromisoformat(day + "-01")
        return day + "-01"
    d = date.fromisoformat(day)
    if period == "day":
        return day
    if period == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    return day[:8] + "01"


def stats(
    conn: Connection, by: str = "type", period: str = "month", filters: IncidentFilter | None = None
) -> list[StatRow]:
    """Incident counts per ``period`` start day and ``by`` key, sorted by period then key.

    Incidents are bucketed by the first day of their date (``date_lo``); undated
    incidents are left out. With ``by="group"`` an incident counts once per group
    (incidents with no group count under ``None``).
    """
    if by not in STAT_KEYS:
        raise StorageError(f"unknown stats key {by!r}", hint=f"use one of {', '.join(STAT_KEYS)}")
    if period not in PERIODS:
        raise StorageError(f"unknown period {period!r}", hint=f"use one of {', '.join(PERIODS)}")
    i = m.incidents
    # sort_date is date_lo, or "" when undated: grouping on it (by month in SQL when
    # possible) lets both databases answer from the (type|country, sort_date) indexes.
    day = func.substr(i.c.sort_date, 1, 7 if period == "month" else 10)
    clauses = [*filter_clauses(conn, filters), i.c.sort_date != ""]
    if by == "group":
        g = m.incident_groups
        key_col: Any = g.c.group_name
        base = select(day.label("d"), key_col.label("k"), func.count().label("n")).select_from(
            i.outerjoin(g, g.c.incident_id == i.c.id)
        )
    else:
        key_col = i.c[by]
        base = select(day.label("d"), key_col.label("k"), func.count().label("n"))
    q = base.where(*clauses).group_by(day, key_col)
    buckets: dict[tuple[str, str | None], int] = {}
    for d, k, n in conn.execute(q):
        try:
            start = _period_start(str(d), period)
        except ValueError:
            continue
        buckets[(start, k)] = buckets.get((start, k), 0) + int(n)
    ordered = sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or ""))
    return [StatRow(period=p, key=k, count=n) for (p, k), n in ordered]


def changes(conn: Connection, since_seq: int = 0, limit: int = 100) -> list[ChangeRow]:
    """Change-feed rows after ``since_seq`` (exclusive), oldest first."""
    c = m.changes
    q = select(c).where(c.c.seq > since_seq).order_by(c.c.seq).limit(max(1, min(limit, MAX_LIMIT)))
    return [
        ChangeRow(
            seq=int(r["seq"]),
            incident_id=r["incident_id"],
            kind=r["kind"],
            at=r["at"],
            data=loads(r["data"], {}),
        )
        for r in conn.execute(q).mappings()
    ]
