"""Bulk streaming of full incidents from the database, for exports and TAXII.

:func:`iter_incidents` pages through the incidents matching a filter by keyset
(``sort_date``, ``id``) and loads each page with three bulk queries (incident
rows, their reports, their audit log) — never one query per incident. Each page
is read in its own short read transaction and nothing is held between pages,
so memory stays flat and a slow consumer never pins a connection.

:func:`iter_incidents_added` yields incidents in TAXII order: by the STIX
timestamp of ``updated_at`` (millisecond precision), then id.

The incidents are the same as :meth:`rasd.store.Store.get_incident` returns
(summary, every report in publication order, report ids, merge log).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, or_, select

from rasd.errors import StorageError
from rasd.model import Incident, IncidentReport
from rasd.store import models as m
from rasd.store.convert import date_range, loads
from rasd.store.incidents import filter_clauses
from rasd.store.records import IncidentFilter

if TYPE_CHECKING:
    from rasd.store.repo import Store

DEFAULT_BATCH = 500
MAX_BATCH = 5000
_STAMP_MS = 23  # len("YYYY-MM-DDTHH:MM:SS.mmm"): the part of a timestamp STIX keeps


def day_bounds(value: str) -> tuple[str, str] | None:
    """First and last real day of ``YYYY[-MM[-DD]]`` (for date filters); ``None`` if invalid."""
    lo, hi = date_range(value)
    if lo is None or hi is None:
        return None
    try:
        date.fromisoformat(lo)
        date.fromisoformat(hi)
    except ValueError:
        return None
    return lo, hi


def _check_batch(batch: int) -> int:
    if not 1 <= batch <= MAX_BATCH:
        raise StorageError(f"batch must be 1–{MAX_BATCH}, got {batch}", hint="use the default")
    return batch


def audit_entries(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """``merge_audit`` rows as the merge-log dicts of :class:`~rasd.model.Incident`."""
    return [
        {
            "action": x["action"],
            "actor": x["actor"],
            "incident_ids": loads(x["incident_ids"], []),
            "report_ids": loads(x["report_ids"], []),
            "score": x["score"],
            "reasons": loads(x["reasons"], []),
            "at": x["at"],
        }
        for x in rows
    ]


def load_incidents(conn: Connection, ids: Sequence[str]) -> dict[str, Incident]:
    """The full incidents for ``ids`` (current ids, not aliases), in three queries."""
    if not ids:
        return {}
    i, r, ir, a = m.incidents, m.reports, m.incident_reports, m.merge_audit
    wanted = list(dict.fromkeys(ids))
    rows = (
        conn.execute(
            select(i.c.id, i.c.summary, i.c.created_at, i.c.updated_at).where(i.c.id.in_(wanted))
        )
        .mappings()
        .all()
    )
    reports: dict[str, list[tuple[str, str]]] = {x: [] for x in wanted}
    for inc_id, rid, data in conn.execute(
        select(ir.c.incident_id, r.c.id, r.c.data)
        .join(ir, ir.c.report_id == r.c.id)
        .where(ir.c.incident_id.in_(wanted))
        .order_by(r.c.published, r.c.id)
    ):
        reports[str(inc_id)].append((str(rid), data))
    logs: dict[str, list[Any]] = {x: [] for x in wanted}
    for row in (
        conn.execute(select(a).where(a.c.incident_id.in_(wanted)).order_by(a.c.id)).mappings().all()
    ):
        logs[str(row["incident_id"])].append(row)
    out: dict[str, Incident] = {}
    for row in rows:
        iid = str(row["id"])
        out[iid] = Incident(
            id=iid,
            summary=IncidentReport.from_dict(loads(row["summary"])),
            reports=[IncidentReport.from_dict(loads(d)) for _, d in reports[iid]],
            report_ids=[rid for rid, _ in reports[iid]],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            merge_log=audit_entries(logs[iid]),
        )
    return out


def iter_incidents(
    store: Store, filters: IncidentFilter | None = None, *, batch: int = DEFAULT_BATCH
) -> Iterator[Incident]:
    """Every incident matching ``filters``, ordered by (sort date, id), ``batch`` at a time."""
    _check_batch(batch)
    i = m.incidents
    last: tuple[str, str] | None = None
    while True:
        with store.reading() as conn:
            clauses = filter_clauses(conn, filters)
            if last is not None:
                clauses.append(
                    or_(i.c.sort_date > last[0], and_(i.c.sort_date == last[0], i.c.id > last[1]))
                )
            keys = conn.execute(
                select(i.c.sort_date, i.c.id)
                .where(*clauses)
                .order_by(i.c.sort_date, i.c.id)
                .limit(batch)
            ).all()
            found = load_incidents(conn, [str(k[1]) for k in keys])
        for _, iid in keys:
            if str(iid) in found:
                yield found[str(iid)]
        if len(keys) < batch:
            return
        last = (str(keys[-1][0]), str(keys[-1][1]))


def _stamp_prefix(stamp: str) -> str:
    """A STIX timestamp (``…:SS.mmmZ``) as the prefix of stored timestamps it covers."""
    return stamp.rstrip("Z")[:_STAMP_MS]


def iter_incidents_added(
    store: Store,
    *,
    country: str | None = None,
    since: str | None = None,
    batch: int = DEFAULT_BATCH,
) -> Iterator[Incident]:
    """Incidents ordered by (``updated_at`` to the millisecond, id) — the TAXII order.

    ``country``: ISO alpha-2 or ``None`` for all. ``since``: a STIX timestamp;
    incidents updated in that millisecond or later (callers filter strictly).
    Rows are read in (``updated_at``, ``id``) order from the index; rows that fall
    in the same millisecond are re-sorted by id before they are yielded.
    """
    _check_batch(batch)
    i = m.incidents
    base: list[Any] = []
    if country:
        base.append(i.c.country == country.upper())
    if since:
        base.append(i.c.updated_at >= _stamp_prefix(since))
    last: tuple[str, str] | None = None
    group: list[str] = []  # ids of the millisecond being gathered
    group_ms: str | None = None
    while True:
        clauses = list(base)
        if last is not None:
            clauses.append(
                or_(i.c.updated_at > last[0], and_(i.c.updated_at == last[0], i.c.id > last[1]))
            )
        with store.reading() as conn:
            keys = [
                (str(u), str(x))
                for u, x in conn.execute(
                    select(i.c.updated_at, i.c.id)
                    .where(*clauses)
                    .order_by(i.c.updated_at, i.c.id)
                    .limit(batch)
                )
            ]
        ready: list[str] = []
        for stamp, iid in keys:
            ms = stamp[:_STAMP_MS]
            if ms != group_ms:
                ready += sorted(group)
                group, group_ms = [], ms
            group.append(iid)
        done = len(keys) < batch
        if done:
            ready += sorted(group)
        for k in range(0, len(ready), batch):
            chunk = ready[k : k + batch]
            with store.reading() as conn:
                found = load_incidents(conn, chunk)
            yield from (found[x] for x in chunk if x in found)
        if done:
            return
        last = keys[-1]
