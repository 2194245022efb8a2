"""Manual merge and split of incidents (``rasd incidents merge|split``), audited.

* merge: the earliest-created incident survives, the others become aliases of
  it; "never merge" constraints between the merged reports are lifted (the
  analyst's decision wins).
* split: the given reports move to a new incident; every pair (moved report,
  remaining report) is recorded as "never merge", so later automatic merging
  does not undo the split.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, delete, or_, select, update

from rasd.errors import StorageError
from rasd.link import persist
from rasd.link.ids import split_incident_id
from rasd.store import models as m
from rasd.store.convert import dumps
from rasd.store.incidents import resolve_id

if TYPE_CHECKING:
    from rasd.store.repo import Store

EDIT_ERROR = "RASD410"


def _resolve(conn: Connection, incident_id: str) -> str:
    current = resolve_id(conn, incident_id)
    if current is None:
        raise StorageError(
            f"no incident {incident_id!r}",
            hint="list incidents with `rasd incidents list`",
            code=EDIT_ERROR,
        )
    return current


def merge_incidents(
    store: Store, ids: Sequence[str], *, actor: str = "user", note: str = ""
) -> str:
    """Unite the incidents ``ids``; returns the surviving id."""
    with store.transaction() as conn:
        current = sorted({_resolve(conn, i) for i in ids})
        if len(current) < 2:
            raise StorageError(
                "merging needs at least two different incidents",
                hint="give two or more incident ids",
                code=EDIT_ERROR,
            )
        clusters = persist.load_clusters(conn, current)  # oldest first
        survivor = clusters[0][0]
        items = [it for _, _, members in clusters for it in members]
        now = store.now()
        for gone, _, _ in clusters[1:]:
            persist.absorb(conn, survivor, gone, now)
        persist.write_incident(conn, survivor, items, now, new=False)
        _lift_constraints(conn, [[it.id for it in members] for _, _, members in clusters])
        gone_ids = [c[0] for c in clusters[1:]]
        persist.audit(
            conn,
            "manual",
            survivor,
            incident_ids=[survivor, *gone_ids],
            report_ids=sorted(it.id for it in items),
            actor=actor,
            note=note or "merged by hand",
            now=now,
        )
        for gone in gone_ids:
            persist.change(conn, gone, "merged", now, {"into": survivor, "actor": actor})
        persist.change(conn, survivor, "updated", now, {"reports": len(items), "actor": actor})
        return survivor


def _lift_constraints(conn: Connection, groups: list[list[str]]) -> None:
    lc = m.link_constraints
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            for x, y in product(a, b):
                lo, hi = min(x, y), max(x, y)
                conn.execute(delete(lc).where(and_(lc.c.report_a == lo, lc.c.report_b == hi)))


def split_incident(
    store: Store,
    incident_id: str,
    report_ids: Sequence[str],
    *,
    actor: str = "user",
    note: str = "",
) -> str:
    """Move ``report_ids`` out of ``incident_id`` into a new incident; returns its id."""
    with store.transaction() as conn:
        current = _resolve(conn, incident_id)
        (_, _, members), *_ = persist.load_clusters(conn, [current])
        member_ids = {it.id for it in members}
        moving = sorted(set(report_ids))
        unknown = sorted(set(moving) - member_ids)
        if unknown:
            raise StorageError(
                f"reports {unknown} are not in incident {current}",
                hint="see the report ids with `rasd incidents show ID`",
                code=EDIT_ERROR,
            )
        if not moving or len(moving) == len(member_ids):
            raise StorageError(
                "a split must leave at least one report on each side",
                hint="give some, not all, of the incident's report ids",
                code=EDIT_ERROR,
            )
        new_id = split_incident_id(current, moving)
        n = 1
        while resolve_id(conn, new_id) is not None:
            n += 1
            new_id = split_incident_id(f"{current}#{n}", moving)
        now = store.now()
        moved = [it for it in members if it.id in moving]
        kept = [it for it in members if it.id not in moving]
        persist.write_incident(conn, new_id, moved, now, new=True)
        ir = m.incident_reports
        reason = dumps([{"feature": "manual", "points": 0.0, "detail": f"split by {actor}"}])
        conn.execute(
            update(ir)
            .where(ir.c.report_id.in_(moving))
            .values(incident_id=new_id, score=None, reasons=reason, linked_at=now)
        )
        persist.write_incident(conn, current, kept, now, new=False)
        _add_constraints(conn, moving, [it.id for it in kept], now)
        persist.audit(
            conn,
            "split",
            current,
            incident_ids=[current, new_id],
            report_ids=moving,
            actor=actor,
            note=note or "split by hand",
            now=now,
        )
        persist.change(
            conn, current, "split", now, {"new": new_id, "reports": moving, "actor": actor}
        )
        persist.change(conn, new_id, "created", now, {"split_from": current, "reports": len(moved)})
        return new_id


def _add_constraints(conn: Connection, moving: list[str], kept: list[str], now: str) -> None:
    lc = m.link_constraints
    pairs = sorted({(min(a, b), max(a, b)) for a, b in product(moving, kept)})
    existing = set()
    for a, b in pairs:
        hit = conn.execute(
            select(lc.c.report_a).where(or_(and_(lc.c.report_a == a, lc.c.report_b == b)))
        ).first()
        if hit:
            existing.add((a, b))
    rows = [
        {"report_a": a, "report_b": b, "kind": "cannot", "at": now}
        for a, b in pairs
        if (a, b) not in existing
    ]
    if rows:
        conn.execute(lc.insert(), rows)
