"""View models of the analysis pages: trends, network, spikes, alerts and watchlists.

Each function reads through :mod:`rasd.analysis` and returns plain dicts and lists:
labels already in the page language, chart data ready for a JSON block, table
rows with their links. Nothing here builds HTML (the templates escape everything).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode, urlsplit

from rasd.analysis.records import IncidentFacts, load_facts, next_period, period_range
from rasd.analysis.spikes import Spike, spikes_in_facts
from rasd.analysis.trends import TrendRow, profile_from_facts, trend_rows
from rasd.serve.ui import data, i18n
from rasd.store.records import IncidentFilter
from rasd.taxonomy import GTD_TARGET_TYPES

if TYPE_CHECKING:
    from rasd.analysis.alerts import AlertRow
    from rasd.analysis.watchlists import Rule, Watchlist
    from rasd.store.repo import Store

PERIODS = ("month", "week", "day")
TREND_KEYS = ("type", "country", "group", "target")
TOP_SERIES = 10  # series per chart; the rest are summed under "other categories"
MAX_STEPS = 2000  # periods filled in on the x axis (beyond it only periods with data)
TABLE_CAP = 500
EDGE_CAP = 300  # links drawn in the graph
EDGE_TABLE = 50
SPIKE_CAP = 200
ALERT_CAP = 200
ALPHA = 0.01
MIN_COUNT = 3
_TARGET_CODES = {name: code for code, name in GTD_TARGET_TYPES.items()}
_OTHER = "\x00other"


# -- labels ---------------------------------------------------------------------------------
def target_label(name: str, lang: str) -> str:
    """A GTD target type name in the page language."""
    code = _TARGET_CODES.get(name)
    if lang == "ar" and code is not None:
        return i18n.TARGETS_AR.get(code, name)
    return name


def key_label(by: str, key: str | None, lang: str) -> str:
    """The label of a trend/spike/network key (``None`` → "unknown")."""
    if key is None:
        return i18n.t(lang, "unknown")
    if key == _OTHER:
        return i18n.t(lang, "other_keys")
    if by == "type":
        return i18n.type_label(key, lang)
    if by == "country":
        return data.country_name(key, lang)
    if by == "group":
        return data.group_label(key, lang)
    if by == "target":
        return target_label(key, lang)
    return key


def period_label(start: str, period: str, lang: str) -> str:
    return i18n.fmt_month(start, lang) if period == "month" else i18n.fmt_date(start, lang)


def period_end(start: str, period: str) -> str:
    """The last day (ISO) of the day/week/month that starts on ``start``."""
    return (next_period(date.fromisoformat(start), period) - timedelta(days=1)).isoformat()


def group_url(name: str) -> str:
    return "/groups/" + url_quote(name, safe="")


def incidents_url(**params: str | None) -> str:
    kept = {k: v for k, v in params.items() if v}
    return "/incidents" + ("?" + urlencode(sorted(kept.items())) if kept else "")


def fmt_p(p: float, lang: str) -> str:
    """A p-value with two significant digits (``< 0.0001`` below that)."""
    if p < 0.0001:
        return i18n.digits("< 0.0001", lang)
    return i18n.digits(f"{p:.2g}", lang)


def fmt_time(ts: str | None, lang: str) -> str:
    """An ISO timestamp as its day and ``HH:MM``."""
    if not ts:
        return i18n.t(lang, "unknown")
    clock = ts[11:16] if len(ts) >= 16 and ts[10] in "T " else ""
    return i18n.fmt_date(ts, lang) + (" " + i18n.digits(clock, lang) if clock else "")


def valid_day(value: str) -> bool:
    """Whether ``value`` is an ISO day ``YYYY-MM-DD``."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def check_period(raw: str | None, allowed: Sequence[str], errors: list[str]) -> str:
    """``raw`` when allowed; else the first allowed value (and ``period`` noted as an error)."""
    value = (raw or "").strip()
    if value and value not in allowed:
        errors.append("period")
        return allowed[0]
    return value or allowed[0]


# -- trends ---------------------------------------------------------------------------------
@dataclass
class TrendSection:
    by: str
    title: str
    chart: dict[str, Any]
    rows: list[dict[str, Any]]
    total_rows: int


def _steps(rows: Sequence[TrendRow], period: str) -> list[str]:
    present = sorted({r.period for r in rows})
    if not present:
        return []
    filled = []
    for s in period_range(present[0], present[-1], period):
        filled.append(s)
        if len(filled) > MAX_STEPS:
            return present
    return filled


def counts_chart(
    rows: Sequence[TrendRow], by: str, period: str, steps: list[str], lang: str
) -> dict[str, Any]:
    """Stacked bars: one series per key (the :data:`TOP_SERIES` largest, then the rest)."""
    index = {s: n for n, s in enumerate(steps)}
    totals: Counter[str | None] = Counter()
    for r in rows:
        totals[r.key] += r.count
    ranked = sorted(totals, key=lambda k: (-totals[k], k is None, k or ""))
    top = set(ranked[:TOP_SERIES])
    series: dict[str | None, list[int]] = {}
    for r in rows:
        key = r.key if r.key in top else _OTHER
        series.setdefault(key, [0] * len(steps))[index[r.period]] += r.count
    order = [k for k in ranked if k in series] + ([_OTHER] if _OTHER in series else [])
    return {
        "kind": "bar",
        "labels": [period_label(s, period, lang) for s in steps],
        "series": [
            {
                "name": key_label(by, k, lang),
                "colour": data.TYPE_COLOURS.get(k or "") if by == "type" else None,
                "data": series[k],
            }
            for k in order
        ],
        "rtl": lang == "ar",
    }


def casualties_chart(
    rows: Sequence[TrendRow], period: str, steps: list[str], lang: str
) -> dict[str, Any]:
    """Lines of killed and wounded per period (``rows`` must count each incident once)."""
    index = {s: n for n, s in enumerate(steps)}
    killed, wounded = [0] * len(steps), [0] * len(steps)
    for r in rows:
        killed[index[r.period]] += r.killed
        wounded[index[r.period]] += r.wounded
    return {
        "kind": "line",
        "labels": [period_label(s, period, lang) for s in steps],
        "series": [
            {"name": i18n.t(lang, "killed"), "colour": "#b2182b", "data": killed},
            {"name": i18n.t(lang, "wounded"), "colour": "#ef8a62", "data": wounded},
        ],
        "rtl": lang == "ar",
    }


def table_rows(
    rows: Sequence[TrendRow], by: str, period: str, lang: str, filters: IncidentFilter
) -> list[dict[str, Any]]:
    """The accessible alternative of a chart: newest period first, then by count."""
    out = []
    for r in sorted(rows, key=lambda r: (r.period, r.count), reverse=True)[:TABLE_CAP]:
        link = None
        if by in ("type", "country", "group") and r.key is not None:
            params = filter_params(filters)
            params.update(
                {by: r.key, "date_from": r.period, "date_to": period_end(r.period, period)}
            )
            link = incidents_url(**params)
        out.append(
            {
                "period": period_label(r.period, period, lang),
                "start": r.period,
                "key": key_label(by, r.key, lang),
                "count": r.count,
                "killed": r.killed,
                "wounded": r.wounded,
                "link": link,
            }
        )
    return out


def filter_params(f: IncidentFilter) -> dict[str, str | None]:
    """The page filters that ``/incidents`` understands, as query parameters."""
    return {
        "date_from": f.date_from,
        "date_to": f.date_to,
        "country": f.country if isinstance(f.country, str) else None,
        "group": f.group if isinstance(f.group, str) else None,
        "type": f.type if isinstance(f.type, str) else None,
        "status": f.status if isinstance(f.status, str) else None,
    }


def trends(store: Store, filters: IncidentFilter, period: str, lang: str) -> dict[str, Any]:
    """The casualty chart and one count chart (with its table) per key."""
    facts = load_facts(store, filters)
    by_type = trend_rows(facts, "type", period)
    steps = _steps(by_type, period)
    sections = []
    for by in TREND_KEYS:
        rows = by_type if by == "type" else trend_rows(facts, by, period)
        sections.append(
            TrendSection(
                by=by,
                title=i18n.t(lang, f"by_{by}"),
                chart=counts_chart(rows, by, period, steps, lang),
                rows=table_rows(rows, by, period, lang, filters),
                total_rows=len(rows),
            )
        )
    casualty_rows = [
        {
            "period": period_label(s, period, lang),
            "start": s,
            "killed": k,
            "wounded": w,
        }
        for s, k, w in _per_period(by_type)
    ]
    return {
        "n_incidents": len(facts),
        "n_dated": sum(1 for f in facts if f.day),
        "casualties": casualties_chart(by_type, period, steps, lang),
        "casualty_rows": casualty_rows[:TABLE_CAP],
        "sections": sections,
    }


def _per_period(rows: Sequence[TrendRow]) -> list[tuple[str, int, int]]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        acc[r.period][0] += r.killed
        acc[r.period][1] += r.wounded
    return [(p, v[0], v[1]) for p, v in sorted(acc.items(), reverse=True)]


# -- network --------------------------------------------------------------------------------
KIND_INDEX = {"group": 0, "country": 1, "target": 2}


def node_size(weight: int, biggest: int) -> float:
    """Symbol size by incident count (area proportional to the count): 8–48 px."""
    return round(8.0 + 40.0 * math.sqrt(weight / max(1, biggest)), 1)


def network_view(graph: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Graph data for ECharts (nodes, index-based links, categories) and the edge table."""
    edges = list(graph["edges"])[:EDGE_CAP]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in graph["nodes"] if n["id"] in used]
    index = {n["id"]: i for i, n in enumerate(nodes)}
    biggest = max((int(n["weight"]) for n in nodes), default=1)
    labels = {n["id"]: key_label(n["kind"], n["label"], lang) for n in nodes}
    chart_nodes = []
    for n in nodes:
        chart_nodes.append(
            {
                "id": n["id"],
                "name": labels[n["id"]],
                "kind": i18n.t(lang, "node_" + n["kind"]),
                "category": KIND_INDEX[n["kind"]],
                "value": int(n["weight"]),
                "symbolSize": node_size(int(n["weight"]), biggest),
                "url": group_url(n["label"]) if n["kind"] == "group" else None,
            }
        )
    links = [
        {
            "source": index[e["source"]],
            "target": index[e["target"]],
            "value": int(e["weight"]),
        }
        for e in edges
    ]
    by_id = {n["id"]: n for n in nodes}
    table = []
    for e in edges[:EDGE_TABLE]:
        g, end = by_id[e["source"]], by_id[e["target"]]
        link_params: dict[str, str | None] = {"group": g["label"]}
        if end["kind"] == "country":
            link_params["country"] = end["label"]
        table.append(
            {
                "group": g["label"],
                "group_label": labels[g["id"]],
                "group_url": group_url(g["label"]),
                "kind": i18n.t(lang, "node_" + end["kind"]),
                "end": labels[end["id"]],
                "weight": int(e["weight"]),
                "incidents_url": incidents_url(**link_params),
            }
        )
    return {
        "chart": {
            "nodes": chart_nodes,
            "links": links,
            "categories": [
                {"name": i18n.t(lang, k)} for k in ("node_group", "node_country", "node_target")
            ],
            "labels": {"incidents": i18n.t(lang, "weight")},
            "rtl": lang == "ar",
        },
        "edges": table,
        "n_nodes": len(nodes),
        "n_edges": len(graph["edges"]),
        "n_drawn": len(edges),
    }


# -- spikes ---------------------------------------------------------------------------------
def spike_row(s: Spike, lang: str) -> dict[str, Any]:
    params: dict[str, str | None] = {
        "date_from": s.start,
        "date_to": period_end(s.start, s.period),
    }
    if s.by in ("country", "group"):  # threat signals are per country too
        params[s.by] = s.key
    return {
        "kind": s.kind,
        "by": s.by,
        "by_label": i18n.t(lang, "node_" + s.by) if s.by in KIND_INDEX else s.by,
        "key": s.key,
        "key_label": key_label(s.by, s.key, lang),
        "group_url": group_url(s.key) if s.by == "group" else None,
        "period": i18n.t(lang, "period_" + s.period),
        "start": s.start,
        "start_label": i18n.fmt_date(s.start, lang),
        "count": s.count,
        "expected": i18n.digits(f"{s.expected:.2f}", lang),
        "pvalue": fmt_p(s.pvalue, lang),
        "model": i18n.t(lang, "model_" + s.model),
        "incidents_url": incidents_url(**params),
    }


def spikes_view(
    store: Store, filters: IncidentFilter, since: str | None, periods: Sequence[str], lang: str
) -> dict[str, Any]:
    """Activity spikes (country, group, target) and threat signals, newest first."""
    facts: list[IncidentFacts] = load_facts(store, filters)
    found = spikes_in_facts(
        facts, periods=periods, since=since, alpha=ALPHA, min_count=MIN_COUNT, threat=True
    )
    found.sort(key=lambda s: (s.start, -s.pvalue, s.kind, s.by, s.key, s.period), reverse=True)
    activity = [spike_row(s, lang) for s in found if s.kind == "activity"]
    threat = [spike_row(s, lang) for s in found if s.kind == "threat"]
    return {
        "activity": activity[:SPIKE_CAP],
        "threat": threat[:SPIKE_CAP],
        "n_activity": len(activity),
        "n_threat": len(threat),
        "hint": i18n.t(lang, "spikes_hint")
        .replace("{alpha}", i18n.digits(str(ALPHA), lang))
        .replace("{min}", i18n.digits(str(MIN_COUNT), lang)),
    }


# -- alerts and watchlists --------------------------------------------------------------------
def delivery_state(a: AlertRow, lang: str) -> list[tuple[str, str]]:
    """``(state, text)`` pieces: delivered / pending / failed counts, or no channels."""
    parts = [
        (state, f"{i18n.t(lang, state)} {i18n.fmt_number(n, lang)}")
        for state, n in (("delivered", a.delivered), ("pending", a.pending), ("failed", a.failed))
        if n
    ]
    return parts or [("none", i18n.t(lang, "no_channels"))]


def alert_rows(alerts: Sequence[AlertRow], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "watchlist": a.watchlist,
            "incident_id": a.incident_id,
            "version": a.incident_version,
            "reason": a.reason,
            "created_at": a.created_at,
            "when": fmt_time(a.created_at, lang),
            "delivery": delivery_state(a, lang),
        }
        for a in alerts
    ]


def rule_summary(rule: Rule, lang: str) -> list[tuple[str, str]]:
    """``(label, values)`` lines describing a watchlist rule."""
    sep = "، " if lang == "ar" else ", "
    lines: list[tuple[str, str]] = []

    def add(key: str, values: Sequence[str]) -> None:
        if values:
            lines.append((i18n.t(lang, key), sep.join(values)))

    add("groups", [data.group_label(g, lang) for g in rule.groups])
    add("countries", [data.country_name(c, lang) for c in rule.countries])
    add("type", [i18n.type_label(t, lang) for t in rule.types])
    add("targets", [target_label(t, lang) for t in rule.targets])
    add("keywords", [f"«{k}»" for k in rule.keywords])
    if rule.near is not None:
        text = (
            i18n.t(lang, "near")
            .replace("{r}", i18n.fmt_number(rule.near.radius_km, lang))
            .replace("{lat}", i18n.digits(f"{rule.near.lat:g}", lang))
            .replace("{lon}", i18n.digits(f"{rule.near.lon:g}", lang))
        )
        lines.append((i18n.t(lang, "place"), text))
    if rule.min_casualties is not None:
        add("min_casualties", [i18n.fmt_number(rule.min_casualties, lang)])
    if rule.min_confidence is not None:
        add("min_confidence", [i18n.digits(f"{rule.min_confidence:.2f}", lang)])
    return lines or [(i18n.t(lang, "rules"), i18n.t(lang, "any_incident"))]


def channel_summary(channel: Mapping[str, Any], lang: str) -> str:
    """A delivery channel with its secrets left out: a webhook shows only its host."""
    kind = str(channel.get("channel") or "")
    target = str(channel.get("target") or "")
    if kind == "webhook":
        try:
            host = urlsplit(target).hostname or "?"
        except ValueError:
            host = "?"
        signed = f" — {i18n.t(lang, 'secret_hidden')}" if channel.get("secret") else ""
        return f"webhook → {host}{signed}"
    return f"{kind} → {target}"


def watchlist_rows(watchlists: Sequence[Watchlist], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": w.id,
            "name": w.name,
            "rules": rule_summary(w.rule, lang),
            "channels": [channel_summary(c, lang) for c in w.channels],
            "created_at": w.created_at,
            "when": fmt_time(w.created_at, lang),
        }
        for w in watchlists
    ]


# -- group profile figures ----------------------------------------------------------------------
def group_figures(store: Store, name: str, lang: str) -> dict[str, Any] | None:
    """Lethality, tempo, first/last seen and the 90-day trend of a group (``None`` if it
    has no incidents)."""
    facts = load_facts(store, IncidentFilter(group=name))
    if not facts:
        return None
    p = profile_from_facts(name, facts)
    return {
        "incidents": p.incidents,
        "killed": p.killed,
        "wounded": p.wounded,
        "lethality": i18n.digits(f"{p.lethality:.1f}", lang),
        "tempo": i18n.fmt_number(p.tempo_days, lang) if p.tempo_days is not None else "–",
        "first_seen": p.first_seen,
        "last_seen": p.last_seen,
        "last_90": p.last_90,
        "previous_90": p.previous_90,
        "trend": p.trend,
        "trend_label": i18n.t(lang, "trend_" + p.trend),
    }
