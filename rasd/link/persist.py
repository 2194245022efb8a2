"""Reading link candidates from the store and writing incidents back.

All functions take a connection that is inside the store's write transaction.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from rasd.link.audit import PairDecision, reasons_to_json
from rasd.link.score import LinkItem, MergeParams, compatible_types
from rasd.link.summary import summarize
from rasd.model import IncidentReport
from rasd.store import models as m
from rasd.store.convert import dumps, event_columns, group_names, loads
from rasd.store.corrections import apply_corrections

MAX_CANDIDATES = 500  # reports considered per new report (latest dates first)
ITEM_CACHE_SIZE = 20_000  # parsed reports kept per store (reports never change once stored)


class ItemCache:
    """A small LRU of parsed :class:`LinkItem` by report id (stored reports are immutable)."""

    def __init__(self, size: int = ITEM_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, LinkItem] = OrderedDict()

    def get(self, rid: str) -> LinkItem | None:
        it = self._items.get(rid)
        if it is not None:
            self._items.move_to_end(rid)
        return it

    def put(self, it: LinkItem) -> None:
        self._items[it.id] = it
        self._items.move_to_end(it.id)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


def _day(ordinal: int, shift: int) -> str:
    try:
        return date.fromordinal(ordinal + shift).isoformat()
    except (ValueError, OverflowError):
        return "0000-01-01" if shift < 0 else "9999-12-31"


def _item(row: Any) -> LinkItem:
    return LinkItem(
        str(row.id), str(row.article_id), IncidentReport.from_dict(loads(row.data)), row.published
    )


def load_items(conn: Connection, report_ids: Sequence[str]) -> list[LinkItem]:
    """Link items for ``report_ids`` (unknown ids are skipped), in publication order."""
    r = m.reports
    out: list[LinkItem] = []
    ids = sorted(set(report_ids))
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(r.c.id, r.c.article_id, r.c.published, r.c.data).where(
                r.c.id.in_(ids[i : i + 500])
            )
        ).all()
        out += [_item(x) for x in rows]
    out.sort(key=lambda it: (it.published or "", it.id))
    return out


def linked(conn: Connection, report_ids: Sequence[str]) -> dict[str, str]:
    """Report id → incident id for those of ``report_ids`` already linked."""
    ir = m.incident_reports
    out: dict[str, str] = {}
    ids = sorted(set(report_ids))
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(ir.c.report_id, ir.c.incident_id).where(ir.c.report_id.in_(ids[i : i + 500]))
        )
        out.update({str(a): str(b) for a, b in rows})
    return out


def candidate_incidents(conn: Connection, item: LinkItem, p: MergeParams) -> set[str]:
    """Ids of incidents with a report that may be the same incident as ``item`` (blocking)."""
    return candidate_incidents_many(conn, [item], p)


def _blocking_key(item: LinkItem, p: MergeParams) -> tuple[str, str, tuple[str, ...], str | None]:
    """``(lo, hi, compatible types, country)``: what the blocking query of ``item`` asks."""
    w = p.date_window_days + p.undated_lookback_days
    lo = _day(item.lo, -w) if item.dated != "open" else "0000-01-01"
    return lo, _day(item.hi, w), tuple(sorted(compatible_types(item.report.type))), item.country


def candidate_incidents_many(
    conn: Connection, items: Iterable[LinkItem], p: MergeParams
) -> set[str]:
    """The union of :func:`candidate_incidents` over ``items``: one prepared
    statement (two shapes: with and without a country), run once per distinct
    date window, type set and country."""
    out: set[str] = set()
    for lo, hi, types, country in sorted({_blocking_key(it, p) for it in items}, key=str):
        params: dict[str, Any] = {"lo": lo, "hi": hi, "types": list(types)}
        if country:
            params["country"] = country
        out.update(str(x[0]) for x in conn.execute(_blocking_query(bool(country)), params))
    return out


@cache
def _blocking_query(with_country: bool) -> Any:
    """The blocking query (built once; SQLAlchemy then reuses its compiled form)."""
    r, ir = m.reports, m.incident_reports
    lo, hi = bindparam("lo", type_=String), bindparam("hi", type_=String)
    date_ok = or_(
        and_(r.c.date_lo.is_not(None), r.c.date_lo <= hi, r.c.date_hi >= lo),
        and_(r.c.date_lo.is_(None), r.c.recency != "background", r.c.published.between(lo, hi)),
        and_(r.c.date_lo.is_(None), r.c.recency == "background", r.c.published >= lo),
        and_(r.c.date_lo.is_(None), r.c.published.is_(None)),
    )
    clauses = [date_ok, r.c.type.in_(bindparam("types", expanding=True))]
    if with_country:
        country = bindparam("country", type_=String)
        clauses.append(or_(r.c.country == country, r.c.country.is_(None)))
    return (
        select(ir.c.incident_id)
        .join(r, r.c.id == ir.c.report_id)
        .where(*clauses)
        .order_by(r.c.date_lo.desc(), r.c.id)
        .limit(MAX_CANDIDATES)
    )


def load_clusters(
    conn: Connection, incident_ids: Iterable[str], cache: ItemCache | None = None
) -> list[tuple[str, str, list[LinkItem]]]:
    """``(incident id, created_at, member items)`` for each incident, oldest first."""
    ids = sorted(set(incident_ids))
    if not ids:
        return []
    i, ir = m.incidents, m.incident_reports
    created: dict[str, str] = {}
    links: list[tuple[str, str]] = []
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        created.update(
            (str(a), str(b))
            for a, b in conn.execute(select(i.c.id, i.c.created_at).where(i.c.id.in_(chunk)))
        )
        links += [
            (str(a), str(b))
            for a, b in conn.execute(
                select(ir.c.incident_id, ir.c.report_id).where(ir.c.incident_id.in_(chunk))
            )
        ]
    items: dict[str, LinkItem] = {}
    missing = []
    for _, rid in links:
        hit = cache.get(rid) if cache is not None else None
        if hit is None:
            missing.append(rid)
        else:
            items[rid] = hit
    for it in load_items(conn, missing):
        items[it.id] = it
        if cache is not None:
            cache.put(it)
    members: dict[str, list[LinkItem]] = {cid: [] for cid in created}
    for cid, rid in links:
        if rid in items and cid in members:
            members[cid].append(items[rid])
    for lst in members.values():
        lst.sort(key=lambda it: (it.published or "", it.id))
    out = [(cid, created[cid], members[cid]) for cid in created]
    out.sort(key=lambda x: (x[1], x[0]))
    return out


def cannot_links(conn: Connection, report_ids: Iterable[str]) -> list[tuple[str, str]]:
    """Manual "never merge" pairs touching any of ``report_ids``."""
    lc = m.link_constraints
    if conn.execute(select(lc.c.report_a).limit(1)).first() is None:
        return []  # no manual split yet: the usual case
    ids = sorted(set(report_ids))
    out: set[tuple[str, str]] = set()
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        rows = conn.execute(
            select(lc.c.report_a, lc.c.report_b).where(
                or_(lc.c.report_a.in_(chunk), lc.c.report_b.in_(chunk))
            )
        )
        out.update((str(a), str(b)) for a, b in rows)
    return sorted(out)


def write_incident(
    conn: Connection, incident_id: str, items: Sequence[LinkItem], now: str, *, new: bool
) -> None:
    """Insert or update the incident row (summary, denormalised fields, groups)."""
    summary = apply_corrections(conn, incident_id, summarize(items))  # analyst overrides win
    cols = event_columns(summary)
    if cols["date_lo"] is None and summary.recency == "new":
        first = min((it.published for it in items if it.published), default=None)
        cols["date_lo"] = cols["date_hi"] = first
    sources = {it.report.article.source or it.article_id for it in items}
    values = {
        **cols,
        "sort_date": cols["date_lo"] or "",
        "n_reports": len(items),
        "n_sources": len(sources),
        "summary": dumps(summary.to_dict()),
        "updated_at": now,
    }
    i, g = m.incidents, m.incident_groups
    if new:
        conn.execute(insert(i), {"id": incident_id, "created_at": now, "version": 1, **values})
    else:
        conn.execute(
            update(i).where(i.c.id == incident_id).values(version=i.c.version + 1, **values)
        )
        conn.execute(delete(g).where(g.c.incident_id == incident_id))
    groups = group_names(summary)
    if groups:
        conn.execute(insert(g), [{"incident_id": incident_id, "group_name": n} for n in groups])


def link_report(
    conn: Connection, report_id: str, incident_id: str, decision: PairDecision | None, now: str
) -> None:
    conn.execute(
        insert(m.incident_reports),
        {
            "report_id": report_id,
            "incident_id": incident_id,
            "score": round(decision.score, 4) if decision else None,
            "reasons": dumps(reasons_to_json(decision.reasons) if decision else []),
            "linked_at": now,
        },
    )


def absorb(conn: Connection, survivor: str, gone: str, now: str) -> None:
    """Move every report of ``gone`` to ``survivor``; ``gone`` becomes an alias."""
    ir, al, g, i = m.incident_reports, m.incident_aliases, m.incident_groups, m.incidents
    conn.execute(update(ir).where(ir.c.incident_id == gone).values(incident_id=survivor))
    conn.execute(update(al).where(al.c.incident_id == gone).values(incident_id=survivor))
    conn.execute(delete(g).where(g.c.incident_id == gone))
    conn.execute(delete(i).where(i.c.id == gone))
    conn.execute(insert(al).values(alias=gone, incident_id=survivor, at=now))


def audit(
    conn: Connection,
    action: str,
    incident_id: str,
    *,
    incident_ids: Sequence[str],
    report_ids: Sequence[str] = (),
    decision: PairDecision | None = None,
    actor: str = "auto",
    note: str = "",
    now: str,
) -> None:
    reasons: list[dict[str, Any]] = reasons_to_json(decision.reasons) if decision else []
    if note:
        reasons.append({"feature": "note", "points": 0.0, "detail": note})
    conn.execute(
        insert(m.merge_audit),
        {
            "action": action,
            "actor": actor,
            "incident_id": incident_id,
            "incident_ids": dumps(list(incident_ids)),
            "report_ids": dumps(list(report_ids)),
            "score": round(decision.score, 4) if decision else None,
            "reasons": dumps(reasons),
            "at": now,
        },
    )


def change(
    conn: Connection, incident_id: str, kind: str, now: str, data: dict[str, Any] | None = None
) -> None:
    """Append to the change feed (``seq`` grows with every row)."""
    conn.execute(
        insert(m.changes),
        {"incident_id": incident_id, "kind": kind, "at": now, "data": dumps(data or {})},
    )


def incident_created_at(conn: Connection, incident_id: str) -> str | None:
    return conn.execute(
        select(m.incidents.c.created_at).where(m.incidents.c.id == incident_id)
    ).scalar()


def count_incidents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(m.incidents)).scalar_one())
