"""Incidents as flat analysis records, read straight from the ``incidents`` table.

One :class:`IncidentFacts` per incident: the denormalised columns plus what only
the summary JSON holds (targets and their GTD target type, weapons, evidence
quotes). Records are read with the same filters as ``Store.list_incidents``
(:class:`rasd.store.IncidentFilter`) and always come back sorted by (day, id),
so everything computed from them is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from rasd.errors import InputError
from rasd.store import models as m
from rasd.store.convert import loads
from rasd.store.incidents import filter_clauses
from rasd.store.records import IncidentFilter
from rasd.taxonomy import GTD_TARGET_TYPES

if TYPE_CHECKING:
    from rasd.store.repo import Store

PERIODS = ("day", "week", "month")
BATCH = 2000


@dataclass(frozen=True)
class IncidentFacts:
    """What the analysis needs about one incident."""

    id: str
    type: str
    status: str
    day: str | None  # first day of the incident's date (date_lo), None when undated
    country: str | None
    province: str | None
    city: str | None
    lat: float | None
    lon: float | None
    killed: int | None
    wounded: int | None
    confidence: float
    version: int
    updated_at: str
    groups: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # GTD target type names
    weapons: tuple[str, ...] = ()
    quote: str = ""  # the evidence sentence of the type (or the first evidence found)
    quotes: tuple[str, ...] = field(default=(), repr=False)  # every evidence text

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "quotes"}
        for k in ("groups", "targets", "weapons"):
            d[k] = list(d[k])
        return d


def _evidence_texts(summary: dict[str, Any]) -> tuple[str, list[str]]:
    """The headline quote and every evidence text of a summary report dict."""
    texts: list[str] = []
    main = ""
    ev = summary.get("evidence") or {}
    for name in sorted(ev):
        item = ev[name] or {}
        sent = item.get("sentence") or item.get("text") or ""
        if sent:
            texts.append(sent)
            if name == "type" and not main:
                main = sent
    for key in ("date", "location", "killed", "wounded", "arrested"):
        item = summary.get(key) or {}
        e = item.get("evidence") if isinstance(item, dict) else None
        if e:
            texts.append(e.get("sentence") or e.get("text") or "")
    for key in ("perpetrators", "targets", "weapons"):
        for item in summary.get(key) or []:
            e = item.get("evidence") if isinstance(item, dict) else None
            if e:
                texts.append(e.get("sentence") or e.get("text") or "")
    texts = [t for t in texts if t]
    return main or (texts[0] if texts else ""), texts


def target_type(tag: dict[str, Any]) -> str:
    """The GTD target type name of a target tag (its own name when the code is unknown)."""
    code = tag.get("gtd_code")
    if isinstance(code, int) and code in GTD_TARGET_TYPES:
        return GTD_TARGET_TYPES[code]
    return str(tag.get("name") or "Unknown")


def facts_from_row(row: Any) -> IncidentFacts:
    summary = loads(row["summary"], {}) or {}
    quote, quotes = _evidence_texts(summary)
    targets = sorted({target_type(t) for t in summary.get("targets") or []})
    weapons = sorted({str(w.get("name")) for w in summary.get("weapons") or [] if w.get("name")})
    day = row["date_lo"]
    return IncidentFacts(
        id=row["id"],
        type=row["type"],
        status=row["status"],
        day=str(day)[:10] if day else None,
        country=row["country"],
        province=row["province"],
        city=row["city"],
        lat=row["lat"],
        lon=row["lon"],
        killed=row["killed"],
        wounded=row["wounded"],
        confidence=float(row["confidence"]),
        version=int(row["version"]),
        updated_at=row["updated_at"],
        groups=tuple(sorted(loads(row["groups"], []) or [])),
        targets=tuple(targets),
        weapons=tuple(weapons),
        quote=quote,
        quotes=tuple(quotes),
    )


def _columns() -> list[Any]:
    i = m.incidents
    names = (
        "id type status date_lo country province city lat lon killed wounded confidence "
        "version updated_at groups summary"
    ).split()
    return [i.c[n] for n in names]


def read_facts(conn: Connection, filters: IncidentFilter | None = None) -> list[IncidentFacts]:
    """Every incident matching ``filters`` on an open connection, sorted by (day, id)."""
    i = m.incidents
    q = select(*_columns()).where(*filter_clauses(conn, filters)).order_by(i.c.id)
    out = [facts_from_row(r) for r in conn.execute(q).mappings()]
    out.sort(key=lambda f: (f.day or "", f.id))
    return out


def load_facts(store: Store, filters: IncidentFilter | None = None) -> list[IncidentFacts]:
    """Every incident matching ``filters``, sorted by (day, id)."""
    with store.reading() as conn:
        return read_facts(conn, filters)


def facts_by_id(conn: Connection, ids: Iterable[str]) -> dict[str, IncidentFacts]:
    """Records of the given incident ids (unknown ids are left out)."""
    wanted = sorted(set(ids))
    out: dict[str, IncidentFacts] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        q = select(*_columns()).where(m.incidents.c.id.in_(chunk))
        for r in conn.execute(q).mappings():
            out[r["id"]] = facts_from_row(r)
    return out


# -- periods ---------------------------------------------------------------------------


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}", hint=f"use one of {', '.join(PERIODS)}")
    return period


def parse_day(value: str, what: str = "date") -> date:
    """An ISO day, or an :class:`InputError` naming the option."""
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError) as err:
        raise InputError(f"{what} must be an ISO day YYYY-MM-DD, got {value!r}") from err


def period_start(day: str | date, period: str) -> str:
    """The first day (ISO) of the day/week (Monday)/month that contains ``day``."""
    d = day if isinstance(day, date) else date.fromisoformat(day[:10])
    if period == "week":
        d = d - timedelta(days=d.weekday())
    elif period == "month":
        d = d.replace(day=1)
    return d.isoformat()


def next_period(start: date, period: str) -> date:
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_range(first: str, last: str, period: str) -> Iterator[str]:
    """Every period start from the one holding ``first`` to the one holding ``last``."""
    cur = date.fromisoformat(period_start(first, period))
    end = date.fromisoformat(period_start(last, period))
    while cur <= end:
        yield cur.isoformat()
        cur = next_period(cur, period)
