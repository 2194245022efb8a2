"""Alerts: evaluate the change feed against the watchlists, list what fired.

:func:`evaluate_changes` reads the change feed from the saved cursor
(``feed_cursors``), matches each created or updated incident (its current
version; ``merged`` entries are followed by an ``updated`` entry of the
survivor) against every active watchlist, and writes the alerts, their outbox
rows and the advanced cursor in ONE transaction per batch: a crash leaves all
of it or none. An alert is unique per (watchlist, incident, incident version);
an update of an incident that already alerted fires again only when the match
reason changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, update

from rasd.analysis.records import IncidentFacts, facts_by_id
from rasd.analysis.watchlists import Watchlist, watchlist_from_row
from rasd.errors import InputError
from rasd.store import models as m
from rasd.store.convert import dumps
from rasd.store.incidents import changes as read_changes
from rasd.store.incidents import resolve_id
from rasd.text.normalize import normalize

if TYPE_CHECKING:
    from rasd.store.repo import Store

CURSOR = "alerts"


# -- the change-feed cursor ---------------------------------------------------------------------


def _lock_cursor(conn: Connection, store: Store, name: str) -> int:
    """Create the cursor row if needed and return its position, locked (PostgreSQL:
    ``FOR UPDATE``; SQLite: the write transaction is already exclusive)."""
    c = m.feed_cursors
    conn.execute(store._insert(conn, c).values(name=name, seq=0, updated_at=store.now()))
    return int(conn.execute(select(c.c.seq).where(c.c.name == name).with_for_update()).scalar_one())


def cursor_position(store: Store, name: str = CURSOR) -> int:
    c = m.feed_cursors
    with store.reading() as conn:
        seq = conn.execute(select(c.c.seq).where(c.c.name == name)).scalar()
    return int(seq or 0)


# -- evaluation --------------------------------------------------------------------------------


def incident_texts(conn: Connection, incident_id: str, facts: IncidentFacts) -> list[str]:
    """Normalised texts for keyword matching: the incident's articles (title and
    body) and its evidence quotes."""
    a, r, ir = m.articles, m.reports, m.incident_reports
    q = (
        select(a.c.title_norm, a.c.text_norm)
        .join(r, r.c.article_id == a.c.id)
        .join(ir, ir.c.report_id == r.c.id)
        .where(ir.c.incident_id == incident_id)
        .distinct()
    )
    out = [normalize(t, "search").casefold() for t in facts.quotes]
    for title, body in conn.execute(q):
        out.extend(x.casefold() for x in (title, body) if x)
    return out


@dataclass
class EvaluateResult:
    changes: int = 0
    incidents: int = 0
    alerts: int = 0
    outbox: int = 0
    cursor: int = 0
    alert_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def alert_payload(
    alert_id: int, wl: Watchlist, f: IncidentFacts, reason: str, at: str, base_url: str = ""
) -> dict[str, Any]:
    """The JSON document delivered for an alert (also the webhook body)."""
    path = f"/incidents/{f.id}"
    return {
        "alert_id": alert_id,
        "created_at": at,
        "watchlist": {"id": wl.id, "name": wl.name},
        "reason": reason,
        "incident": {
            "id": f.id,
            "version": f.version,
            "type": f.type,
            "status": f.status,
            "date": f.day,
            "country": f.country,
            "province": f.province,
            "city": f.city,
            "lat": f.lat,
            "lon": f.lon,
            "killed": f.killed,
            "wounded": f.wounded,
            "groups": list(f.groups),
            "targets": list(f.targets),
            "confidence": f.confidence,
            "evidence": f.quote,
            "path": path,
            "url": base_url.rstrip("/") + path if base_url else None,
        },
    }


def _last_reason(conn: Connection, wid: int, iid: str) -> str | None:
    a = m.alerts
    return conn.execute(
        select(a.c.reason)
        .where(a.c.watchlist_id == wid, a.c.incident_id == iid)
        .order_by(a.c.id.desc())
        .limit(1)
    ).scalar()


def _evaluate_batch(
    store: Store, conn: Connection, name: str, batch: int, base_url: str, res: EvaluateResult
) -> bool:
    """One batch of the change feed in the caller's transaction; False when none was left."""
    seq = _lock_cursor(conn, store, name)
    rows = read_changes(conn, seq, batch)
    if not rows:
        res.cursor = seq
        return False
    order: list[tuple[str, int]] = []
    seen: set[str] = set()
    for ch in rows:
        if ch.kind == "merged":
            continue
        cur = resolve_id(conn, ch.incident_id)
        if cur is not None and cur not in seen:
            seen.add(cur)
            order.append((cur, ch.seq))
    w = m.watchlists
    active = [
        watchlist_from_row(r)
        for r in conn.execute(select(w).where(w.c.active.is_(True)).order_by(w.c.id)).mappings()
    ]
    facts = facts_by_id(conn, seen) if active else {}
    now = store.now()
    for iid, ch_seq in order:
        f = facts.get(iid)
        if f is None:
            continue
        res.incidents += 1
        cache: list[list[str]] = []

        def texts(
            iid: str = iid, f: IncidentFacts = f, cache: list[list[str]] = cache
        ) -> list[str]:
            if not cache:
                cache.append(incident_texts(conn, iid, f))
            return cache[0]

        for wl in active:
            reason = wl.rule.match(f, texts)
            if reason is None:
                continue
            a = m.alerts
            exists = conn.execute(
                select(a.c.id).where(
                    a.c.watchlist_id == wl.id,
                    a.c.incident_id == iid,
                    a.c.incident_version == f.version,
                )
            ).scalar()
            if exists is not None or _last_reason(conn, wl.id, iid) == reason:
                continue
            key = conn.execute(
                a.insert().values(
                    watchlist_id=wl.id,
                    incident_id=iid,
                    incident_version=f.version,
                    change_seq=ch_seq,
                    reason=reason,
                    created_at=now,
                )
            ).inserted_primary_key
            assert key is not None
            alert_id = int(key[0])
            res.alerts += 1
            res.alert_ids.append(alert_id)
            payload = dumps(alert_payload(alert_id, wl, f, reason, now, base_url))
            for chan in wl.channels:
                conn.execute(
                    m.outbox.insert().values(
                        alert_id=alert_id,
                        channel=chan["channel"],
                        target=chan["target"],
                        payload=payload,
                        attempts=0,
                        next_attempt=now,
                        created_at=now,
                    )
                )
                res.outbox += 1
    last = rows[-1].seq
    conn.execute(
        update(m.feed_cursors).where(m.feed_cursors.c.name == name).values(seq=last, updated_at=now)
    )
    res.changes += len(rows)
    res.cursor = last
    return len(rows) == batch


def evaluate_changes(
    store: Store,
    *,
    cursor: str = CURSOR,
    batch: int = 500,
    max_batches: int | None = None,
    base_url: str = "",
) -> EvaluateResult:
    """Match the change feed since the saved cursor against every active watchlist.

    Each batch (alerts, outbox rows and the advanced cursor) commits as one
    transaction; the loop ends when the feed is read to its end.
    """
    if batch < 1:
        raise InputError("batch must be at least 1")
    res = EvaluateResult()
    n = 0
    while max_batches is None or n < max_batches:
        n += 1
        with store.transaction() as conn:
            more = _evaluate_batch(store, conn, cursor, batch, base_url, res)
        if not more:
            break
    return res


# -- alerts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    id: int
    watchlist_id: int
    watchlist: str
    incident_id: str
    incident_version: int
    reason: str
    created_at: str
    delivered: int  # outbox rows delivered
    pending: int
    failed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_alerts(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    watchlist: int | None = None,
    incident_ids: Sequence[str] | None = None,
    limit: int = 100,
) -> list[AlertRow]:
    """Alerts (newest first) created within [since, until] (ISO days or timestamps),
    or, with ``incident_ids``, every alert about those incidents."""
    a, w, o = m.alerts, m.watchlists, m.outbox
    limit = max(1, min(int(limit), 1000))
    delivered = (
        select(func.count())
        .where(o.c.alert_id == a.c.id, o.c.delivered_at.is_not(None))
        .scalar_subquery()
    )
    failed = (
        select(func.count())
        .where(o.c.alert_id == a.c.id, o.c.failed_at.is_not(None))
        .scalar_subquery()
    )
    total = select(func.count()).where(o.c.alert_id == a.c.id).scalar_subquery()
    q = select(
        a, w.c.name.label("watchlist"), delivered.label("d"), failed.label("f"), total.label("t")
    ).join(w, w.c.id == a.c.watchlist_id)
    if incident_ids is not None:
        q = q.where(a.c.incident_id.in_(list(incident_ids)))
    if since:
        q = q.where(a.c.created_at >= since)
    if until:
        q = q.where(a.c.created_at <= (until + "T99" if len(until) == 10 else until))
    if watchlist is not None:
        q = q.where(a.c.watchlist_id == watchlist)
    q = q.order_by(a.c.id.desc()).limit(limit)
    with store.reading() as conn:
        rows = conn.execute(q).mappings().all()
    return [
        AlertRow(
            id=int(r["id"]),
            watchlist_id=int(r["watchlist_id"]),
            watchlist=r["watchlist"],
            incident_id=r["incident_id"],
            incident_version=int(r["incident_version"]),
            reason=r["reason"],
            created_at=r["created_at"],
            delivered=int(r["d"]),
            pending=int(r["t"]) - int(r["d"]) - int(r["f"]),
            failed=int(r["f"]),
        )
        for r in rows
    ]
