"""Trends: counts and casualties per period and key; group profiles; the
group–country–target network.

>>> rows = trend_table(store, by="country", period="month")
>>> profile = group_profile(store, "Islamic State")
>>> graph = network(store)

Incidents are bucketed by the first day of their date (undated incidents are
left out). With ``by="group"`` or ``by="target"`` an incident counts once per
group / GTD target type (incidents with none count under ``None``); casualties
follow the same rule, so per-key sums can exceed the overall total.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rasd.analysis.records import IncidentFacts, check_period, load_facts, period_start
from rasd.errors import InputError
from rasd.store.records import IncidentFilter

if TYPE_CHECKING:
    from rasd.store.repo import Store

TREND_KEYS = ("country", "province", "group", "type", "target")
TREND_WINDOW_DAYS = 90


@dataclass(frozen=True)
class TrendRow:
    period: str  # first day of the day/week/month, YYYY-MM-DD
    key: str | None
    count: int
    killed: int
    wounded: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def keys_of(f: IncidentFacts, by: str) -> Sequence[str | None]:
    """The key(s) an incident counts under for ``by``."""
    if by == "group":
        return f.groups or (None,)
    if by == "target":
        return f.targets or (None,)
    if by == "country":
        return (f.country,)
    if by == "province":
        return (f.province,)
    return (f.type,)


def check_key(by: str) -> str:
    if by not in TREND_KEYS:
        raise InputError(f"unknown trend key {by!r}", hint=f"use one of {', '.join(TREND_KEYS)}")
    return by


def trend_rows(facts: Sequence[IncidentFacts], by: str, period: str) -> list[TrendRow]:
    """Aggregate records into rows sorted by period, then key (``None`` last)."""
    check_key(by)
    check_period(period)
    acc: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for f in facts:
        if not f.day:
            continue
        p = period_start(f.day, period)
        for k in keys_of(f, by):
            cell = acc[(p, k)]
            cell[0] += 1
            cell[1] += f.killed or 0
            cell[2] += f.wounded or 0
    ordered = sorted(acc.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or ""))
    return [TrendRow(p, k, c[0], c[1], c[2]) for (p, k), c in ordered]


def trend_table(
    store: Store,
    by: str = "type",
    period: str = "month",
    filters: IncidentFilter | None = None,
) -> list[TrendRow]:
    """Incident counts and casualties per ``period`` and ``by`` key over ``filters``."""
    check_key(by)
    check_period(period)
    return trend_rows(load_facts(store, filters), by, period)


# -- group profile -------------------------------------------------------------------------


@dataclass
class GroupProfile:
    name: str
    incidents: int
    killed: int
    wounded: int
    lethality: float  # killed per incident
    first_seen: str | None
    last_seen: str | None
    tempo_days: float | None  # median days between consecutive incident days
    as_of: str | None
    last_90: int
    previous_90: int
    trend: str  # rising | falling | stable | new | inactive | none
    countries: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    weapons: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _trend_label(last: int, previous: int) -> str:
    if last == 0 and previous == 0:
        return "inactive"
    if previous == 0:
        return "new"
    ratio = last / previous
    if ratio >= 1.5:
        return "rising"
    if ratio <= 2 / 3:
        return "falling"
    return "stable"


def known_groups(store: Store) -> list[str]:
    from sqlalchemy import select

    from rasd.store import models as m

    g = m.incident_groups
    with store.reading() as conn:
        return [str(r[0]) for r in conn.execute(select(g.c.group_name).distinct())]


def resolve_group(store: Store, name: str) -> str:
    """The stored group name for ``name`` (exact, else case-insensitive); InputError if none."""
    name = (name or "").strip()
    if not name:
        raise InputError("empty group name", hint="give a group name, e.g. 'Islamic State'")
    names = known_groups(store)
    if name in names:
        return name
    folded = [n for n in names if n.casefold() == name.casefold()]
    if folded:
        return sorted(folded)[0]
    raise InputError(
        f"no incidents for group {name!r}",
        hint="check the spelling; `rasd stats --by group` lists the groups in the database",
    )


def profile_from_facts(
    name: str, facts: Sequence[IncidentFacts], as_of: str | None = None
) -> GroupProfile:
    """A group's activity profile from its incident records.

    ``as_of`` (ISO day) anchors the 90-day windows; by default the group's last day.
    """
    days = sorted({f.day for f in facts if f.day})
    countries: Counter[str] = Counter()
    types: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    weapons: Counter[str] = Counter()
    killed = wounded = 0
    for f in facts:
        countries[f.country or "??"] += 1
        types[f.type] += 1
        targets.update(f.targets)
        weapons.update(f.weapons)
        killed += f.killed or 0
        wounded += f.wounded or 0
    tempo = None
    if len(days) > 1:
        ds = [date.fromisoformat(d) for d in days]
        tempo = float(statistics.median((b - a).days for a, b in itertools.pairwise(ds)))
    anchor = as_of or (days[-1] if days else None)
    last_90 = previous_90 = 0
    if anchor:
        end = date.fromisoformat(anchor[:10])
        cut1 = end - timedelta(days=TREND_WINDOW_DAYS)
        cut2 = cut1 - timedelta(days=TREND_WINDOW_DAYS)
        for f in facts:
            if not f.day:
                continue
            d = date.fromisoformat(f.day)
            if cut1 < d <= end:
                last_90 += 1
            elif cut2 < d <= cut1:
                previous_90 += 1
    n = len(facts)
    return GroupProfile(
        name=name,
        incidents=n,
        killed=killed,
        wounded=wounded,
        lethality=round(killed / n, 3) if n else 0.0,
        first_seen=days[0] if days else None,
        last_seen=days[-1] if days else None,
        tempo_days=tempo,
        as_of=anchor,
        last_90=last_90,
        previous_90=previous_90,
        trend=_trend_label(last_90, previous_90) if anchor else "none",
        countries=_ranked(countries),
        types=_ranked(types),
        targets=_ranked(targets),
        weapons=_ranked(weapons),
    )


def group_profile(
    store: Store,
    name: str,
    *,
    as_of: str | None = None,
    filters: IncidentFilter | None = None,
) -> GroupProfile:
    """The activity profile of group ``name`` (see :class:`GroupProfile`)."""
    resolved = resolve_group(store, name)
    f = IncidentFilter(**(filters.__dict__ if filters else {}))
    f.group = resolved
    return profile_from_facts(resolved, load_facts(store, f), as_of)


# -- network -------------------------------------------------------------------------------


def network_from_facts(facts: Sequence[IncidentFacts], min_weight: int = 1) -> dict[str, Any]:
    """Nodes (groups, countries, target types) and edges group→country and
    group→target, weighted by incident counts; incidents without a group are left out."""
    edges: Counter[tuple[str, str]] = Counter()
    node_weight: Counter[str] = Counter()
    labels: dict[str, tuple[str, str]] = {}
    for f in facts:
        for g in f.groups:
            gid = f"group:{g}"
            labels[gid] = ("group", g)
            node_weight[gid] += 1
            ends = []
            if f.country:
                ends.append((f"country:{f.country}", "country", f.country))
            ends += [(f"target:{t}", "target", t) for t in f.targets]
            for nid, kind, label in ends:
                labels[nid] = (kind, label)
                edges[(gid, nid)] += 1
    kept = {k: w for k, w in edges.items() if w >= min_weight}
    used = {n for pair in kept for n in pair}
    end_weight: Counter[str] = Counter()
    for (_, b), w in kept.items():
        end_weight[b] += w
    nodes = [
        {
            "id": nid,
            "kind": labels[nid][0],
            "label": labels[nid][1],
            "weight": node_weight[nid] if labels[nid][0] == "group" else end_weight[nid],
        }
        for nid in sorted(used)
    ]
    edge_list = [
        {"source": a, "target": b, "weight": w}
        for (a, b), w in sorted(kept.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {"nodes": nodes, "edges": edge_list}


def network(
    store: Store, filters: IncidentFilter | None = None, min_weight: int = 1
) -> dict[str, Any]:
    """The group–country–target network over ``filters`` as ``{"nodes", "edges"}``."""
    if min_weight < 1:
        raise InputError("min_weight must be at least 1")
    return network_from_facts(load_facts(store, filters), min_weight)
