"""Cross-source incident merging into the store.

:func:`merge_new_reports` links newly stored reports to existing incidents or
creates new ones, in one transaction (joining the caller's, if any):

1. blocking in SQL: for each new report, the incidents having a report in the
   date window and the same (or an unknown) country
   (:func:`rasd.link.persist.candidate_incidents`);
2. those incidents, their reports and the manual "never merge" pairs are loaded
   into a :class:`rasd.link.linker.Linker`, which scores and links the new
   reports (:mod:`rasd.link.score`);
3. new incidents are inserted, grown ones updated (summary re-chosen from all
   reports, ``version`` + 1), united ones merged into the earliest-created
   incident whose id survives, the others becoming aliases; every link and
   union is written to ``merge_audit`` with its scored reasons, and every
   change to the change feed (``created``, ``updated``, ``merged``).

Re-running on reports that are already linked changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from rasd.link import persist
from rasd.link.linker import Cluster, Linker, cluster_reports
from rasd.link.score import LinkItem, MergeParams, score_pair

if TYPE_CHECKING:
    from rasd.store.repo import Store

__all__ = [
    "LinkItem",
    "MergeParams",
    "MergeResult",
    "cluster_reports",
    "merge_new_reports",
    "score_pair",
]

# Key of the PostgreSQL advisory lock that serialises merging across processes.
PG_MERGE_LOCK = 0x72617365


@dataclass
class MergeResult:
    """What :func:`merge_new_reports` did."""

    links: dict[str, str] = field(default_factory=dict)  # report id -> incident id
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # merged-away id -> survivor


def merge_new_reports(
    store: Store, report_ids: Sequence[str], params: MergeParams | None = None
) -> MergeResult:
    """Link ``report_ids`` (already stored) into incidents; see the module docstring."""
    p = params or MergeParams()
    result = MergeResult()
    with store.transaction() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MERGE_LOCK})
        already = persist.linked(conn, report_ids)
        result.links.update(already)
        items = [it for it in persist.load_items(conn, report_ids) if it.id not in already]
        if not items:
            return result
        candidate_ids = persist.candidate_incidents_many(conn, items, p)
        clusters = persist.load_clusters(conn, candidate_ids, _cache(store))
        known = [it.id for it in items] + [x.id for _, _, members in clusters for x in members]
        linker = Linker(p, persist.cannot_links(conn, known))
        for cid, created_at, members in clusters:
            linker.load_cluster(cid, members, created_at)
        for it in items:
            linker.add(it)
        _write(store, conn, linker, {it.id for it in items}, result)
    return result


def _write(
    store: Store, conn: Connection, linker: Linker, new_ids: set[str], result: MergeResult
) -> None:
    now = store.now()
    final = linker.clusters
    # 1. existing incidents absorbed into others: move their links first.
    for gone, _ in sorted(linker.absorbed.items()):
        survivor = linker.find(gone)
        if _was_stored(linker, gone):
            persist.absorb(conn, survivor, gone, now)
            result.merged[gone] = survivor
    # 2. incident rows (new ones inserted before their links reference them).
    for cid in sorted(final):
        cl: Cluster = final[cid]
        if not cl.existing:
            persist.write_incident(conn, cid, cl.items, now, new=True)
            result.created.append(cid)
        elif cl.dirty:
            persist.write_incident(conn, cid, cl.items, now, new=False)
            result.updated.append(cid)
    # 3. links, audit and change feed, in the order things happened.
    for ev in linker.events:
        target = linker.find(ev.incident_id)
        if ev.kind in ("created", "linked") and ev.report_id in new_ids:
            persist.link_report(conn, ev.report_id, target, ev.decision, now)
            result.links[ev.report_id] = target
            if ev.kind == "linked":
                persist.audit(
                    conn,
                    "merge",
                    target,
                    incident_ids=[target],
                    report_ids=[ev.report_id],
                    decision=ev.decision,
                    now=now,
                )
        elif ev.kind == "merged" and ev.absorbed_id and _was_stored(linker, ev.absorbed_id):
            persist.audit(
                conn,
                "merge",
                target,
                incident_ids=[target, ev.absorbed_id],
                decision=ev.decision,
                now=now,
            )
    for cid in result.created:
        persist.change(conn, cid, "created", now, {"reports": len(final[cid].items)})
    for gone, survivor in sorted(result.merged.items()):
        persist.change(conn, gone, "merged", now, {"into": survivor})
    for cid in result.updated:
        persist.change(conn, cid, "updated", now, {"reports": len(final[cid].items)})


def _cache(store: Store) -> persist.ItemCache:
    cache = getattr(store, "_link_item_cache", None)
    if cache is None:
        cache = persist.ItemCache()
        store._link_item_cache = cache  # type: ignore[attr-defined]
    return cache


def _was_stored(linker: Linker, cid: str) -> bool:
    """Whether ``cid`` was an incident in the store before this run (not made in it)."""
    return cid in linker.loaded_ids
