"""Read-side helpers of the dashboard: labels, filters, chart and map data.

Everything reads the store directly (``request.app.state.store``); nothing here
writes. Lists are bounded (:data:`MAP_CAP`) so a large database cannot make a page
unbounded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from rasd.serve.ui import i18n
from rasd.store import models as m
from rasd.store.records import IncidentFilter, IncidentRow
from rasd.taxonomy import INCIDENT_TYPES, STATUSES

if TYPE_CHECKING:
    from rasd.kb.groups import Group
    from rasd.store.repo import Store

MAP_CAP = 3000
PAGE = 50
MAX_TEXT = 200
SORTS = ("date", "killed", "confidence", "updated")
TYPE_COLOURS: dict[str, str] = {
    "bombing": "#d62728",
    "suicide_bombing": "#8c1c13",
    "armed_assault": "#ff7f0e",
    "stabbing": "#bcbd22",
    "vehicle_ramming": "#9467bd",
    "assassination": "#e377c2",
    "kidnapping": "#17becf",
    "hostage_taking": "#1f77b4",
    "attack_on_facility": "#8c564b",
    "prison_attack_or_riot": "#7f7f7f",
    "plot_foiled": "#2ca02c",
    "arrest_raid": "#006d5b",
    "claim": "#393b79",
    "warning_threat": "#e7ba52",
    "other": "#5f5f5f",
}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


# -- labels ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    from rasd.kb.places import load_gazetteer

    try:
        return {c.iso2: (c.name_ar, c.name_en) for c in load_gazetteer().countries()}
    except Exception:  # a broken gazetteer must not take the dashboard down
        return {}


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return i18n.t(lang, "unknown")
    pair = _countries().get(code.upper())
    return (pair[0] if lang == "ar" else pair[1]) if pair else code


def find_group(name: str) -> Group | None:
    """The knowledge-base group for a canonical name, alias or id (``None`` if unknown)."""
    from rasd.kb.groups import load_groups

    try:
        registry = load_groups()
    except Exception:
        return None
    if name in registry:
        return registry.get(name)
    return registry.resolve(name)


def group_label(name: str, lang: str) -> str:
    group = find_group(name) if lang == "ar" else None
    return group.name_ar if group is not None else name


def place_label(row: IncidentRow, lang: str) -> str:
    country = country_name(row.country, lang) if row.country else ""
    parts = [p for p in (row.city, row.province if not row.city else None) if p]
    return "، ".join([*parts, country]) if lang == "ar" else ", ".join([*parts, country])


def tag_label(name: str, code: int, lang: str, *, weapon: bool) -> str:
    """A target/weapon: the rasd word in English, its GTD category in Arabic."""
    if lang != "ar":
        return name.replace("_", " ")
    table = i18n.WEAPONS_AR if weapon else i18n.TARGETS_AR
    return table.get(code, name)


# -- filters --------------------------------------------------------------------------
@dataclass
class Query:
    """The validated filters, sort and cursor of a listing page."""

    filters: IncidentFilter
    values: dict[str, str]
    sort: str = "-date"
    cursor: str | None = None
    errors: list[str] = field(default_factory=list)


def _day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def parse_query(params: Mapping[str, str]) -> Query:
    """Filters from query parameters; invalid values are dropped and reported."""
    f = IncidentFilter()
    values: dict[str, str] = {}
    errors: list[str] = []

    def take(name: str) -> str:
        raw = (params.get(name) or "").strip()
        if len(raw) > MAX_TEXT:
            errors.append(name)
            return ""
        return raw

    for name in ("date_from", "date_to"):
        raw = take(name)
        if raw and _day(raw):
            setattr(f, name, raw)
            values[name] = raw
        elif raw:
            errors.append(name)
    checks: dict[str, Any] = {
        "type": INCIDENT_TYPES,
        "status": STATUSES,
    }
    for name, allowed in checks.items():
        raw = take(name)
        if raw and raw in allowed:
            setattr(f, name, raw)
            values[name] = raw
        elif raw:
            errors.append(name)
    country = take("country").upper()
    if country and _COUNTRY.match(country):
        f.country = country
        values["country"] = country
    elif country:
        errors.append("country")
    group = take("group")
    if group:
        f.group = group
        values["group"] = group
    q = take("q")
    if q:
        f.query = q
        values["q"] = q
    sort = params.get("sort") or "-date"
    if sort.lstrip("-") not in SORTS:
        errors.append("sort")
        sort = "-date"
    cursor = (params.get("cursor") or "").strip() or None
    if cursor and (len(cursor) > 500 or not re.fullmatch(r"[A-Za-z0-9_\-]+", cursor)):
        errors.append("cursor")
        cursor = None
    return Query(f, values, sort, cursor, errors)


def filter_options(store: Store) -> dict[str, list[str]]:
    """Countries and groups present in the database (for the filter selects)."""
    i, g = m.incidents, m.incident_groups
    with store.reading() as conn:
        countries = [
            str(r[0])
            for r in conn.execute(
                select(i.c.country).distinct().where(i.c.country.is_not(None)).order_by(i.c.country)
            )
        ]
        groups = [
            str(r[0])
            for r in conn.execute(select(g.c.group_name).distinct().order_by(g.c.group_name))
        ]
    return {"countries": countries, "groups": groups}


# -- collections ------------------------------------------------------------------------
def all_rows(store: Store, filters: IncidentFilter | None = None) -> list[IncidentRow]:
    """Up to :data:`MAP_CAP` incidents, newest first."""
    rows: list[IncidentRow] = []
    cursor: str | None = None
    while len(rows) < MAP_CAP:
        page, cursor = store.list_incidents(filters, "-date", cursor, min(500, MAP_CAP))
        rows.extend(page)
        if cursor is None:
            break
    return rows[:MAP_CAP]


def counts(store: Store) -> dict[str, int]:
    out = store.counts()
    i = m.incidents
    with store.reading() as conn:
        killed, wounded = conn.execute(
            select(func.coalesce(func.sum(i.c.killed), 0), func.coalesce(func.sum(i.c.wounded), 0))
        ).one()
    out["killed"] = int(killed or 0)
    out["wounded"] = int(wounded or 0)
    return out


def trend(store: Store, lang: str, filters: IncidentFilter | None = None) -> dict[str, Any]:
    """Chart data: months on the x axis, one series per incident type."""
    rows = store.stats(by="type", period="month", filters=filters)
    months = sorted({r.period for r in rows})
    index = {p: n for n, p in enumerate(months)}
    by_type: dict[str, list[int]] = {}
    for r in rows:
        key = r.key or "other"
        by_type.setdefault(key, [0] * len(months))[index[r.period]] += r.count
    order = [t for t in INCIDENT_TYPES if t in by_type] + sorted(
        k for k in by_type if k not in INCIDENT_TYPES
    )
    return {
        "months": [i18n.fmt_month(p, lang) for p in months],
        "series": [
            {
                "key": k,
                "name": i18n.type_label(k, lang),
                "colour": TYPE_COLOURS.get(k, "#5f5f5f"),
                "data": by_type[k],
            }
            for k in order
        ],
        "rtl": lang == "ar",
    }


def marker_radius(killed: int | None, wounded: int | None) -> float:
    victims = (killed or 0) + (wounded or 0)
    return round(min(30.0, 5.0 + 2.0 * math.sqrt(victims)), 1)


def map_data(rows: list[IncidentRow], lang: str) -> dict[str, Any]:
    """Points for the map (only located incidents) and the legend."""
    points = []
    for r in rows:
        if r.lat is None or r.lon is None:
            continue
        if not (-90 <= r.lat <= 90 and -180 <= r.lon <= 180):
            continue
        points.append(
            {
                "id": r.id,
                "lat": r.lat,
                "lon": r.lon,
                "type": r.type,
                "label": i18n.type_label(r.type, lang),
                "colour": TYPE_COLOURS.get(r.type, "#5f5f5f"),
                "r": marker_radius(r.killed, r.wounded),
                "killed": i18n.fmt_number(r.killed, lang),
                "wounded": i18n.fmt_number(r.wounded, lang),
                "date": i18n.fmt_date(r.date, lang),
                "place": place_label(r, lang),
                "url": f"/incidents/{r.id}",
            }
        )
    return {
        "points": points,
        "topology": "/static/vendor/world-atlas/countries-110m.json",
        "labels": {
            "killed": i18n.t(lang, "killed"),
            "wounded": i18n.t(lang, "wounded"),
            "open": i18n.t(lang, "open_incident"),
            "cluster": i18n.t(lang, "cluster"),
        },
        "rtl": lang == "ar",
    }


def legend(rows: list[IncidentRow], lang: str) -> list[dict[str, str]]:
    present = Counter(r.type for r in rows)
    return [
        {"type": t, "label": i18n.type_label(t, lang), "colour": TYPE_COLOURS.get(t, "#5f5f5f")}
        for t in INCIDENT_TYPES
        if present[t]
    ]


def by_month(rows: list[IncidentRow]) -> list[tuple[str, list[IncidentRow]]]:
    """Incidents grouped by month (newest first); undated ones last under ``""``."""
    buckets: dict[str, list[IncidentRow]] = {}
    for r in rows:
        buckets.setdefault((r.date or "")[:7], []).append(r)
    keys = sorted((k for k in buckets if k), reverse=True) + ([""] if "" in buckets else [])
    return [(k, buckets[k]) for k in keys]
