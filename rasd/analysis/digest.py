"""Digests: one self-contained offline HTML page for a time window.

>>> d = build_digest(store, since="2015-08-01", until="2015-08-31", period="weekly")
>>> Path("digest.html").write_text(render_html(d), encoding="utf-8")

Sections: what happened (incidents by type and country, a chart per period, a
map of incident points, every incident with its evidence quote and a link
``<base-url>/incidents/<id>``), what changed (incidents updated or merged in the
window, or updates of the window's incidents, from the change feed), which
alerts fired (in the window, or about the window's incidents), and the spikes detected.
The page has no external asset: inline CSS, inline SVG charts and map, no
script. Every text is HTML-escaped. PDF is not produced (no offline renderer is
a dependency); print the HTML from a browser if a PDF is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from rasd.analysis.alerts import AlertRow, list_alerts
from rasd.analysis.records import IncidentFacts, load_facts, parse_day, period_start
from rasd.analysis.spikes import Spike, spikes_in_facts
from rasd.errors import InputError
from rasd.store import models as m
from rasd.store.convert import loads
from rasd.store.records import IncidentFilter

if TYPE_CHECKING:
    from rasd.store.repo import Store

DIGEST_PERIODS = {"daily": "day", "weekly": "week"}
MAX_ITEMS = 500
_BASE_URL_RE = re.compile(r"^(https?://[^\s\"'<>]+|/[^\s\"'<>]*)?$")


@dataclass
class Digest:
    since: str
    until: str
    period: str
    base_url: str
    incidents: list[IncidentFacts] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    spikes: list[Spike] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "period": self.period,
            "incidents": [f.to_dict() for f in self.incidents],
            "changed": self.changed,
            "alerts": [a.to_dict() for a in self.alerts],
            "spikes": [s.to_dict() for s in self.spikes],
        }


def check_base_url(base_url: str) -> str:
    """``""``, an absolute path or an http(s) URL (no ``javascript:`` links)."""
    if not _BASE_URL_RE.match(base_url or ""):
        raise InputError(
            f"base URL must be an http(s) URL or a path starting with /, got {base_url!r}"
        )
    return (base_url or "").rstrip("/")


def _changed(store: Store, since: str, until: str, ids: list[str]) -> list[dict[str, Any]]:
    """Updates and merges recorded in the window, or about the window's incidents."""
    c = m.changes
    when = and_(c.c.at >= since, c.c.at <= until + "T99")
    q = (
        select(c)
        .where(or_(when, c.c.incident_id.in_(ids)), c.c.kind.in_(("updated", "merged")))
        .order_by(c.c.seq)
        .limit(MAX_ITEMS)
    )
    with store.reading() as conn:
        rows = conn.execute(q).mappings().all()
    return [
        {
            "seq": int(r["seq"]),
            "incident_id": r["incident_id"],
            "kind": r["kind"],
            "at": r["at"],
            "data": loads(r["data"], {}),
        }
        for r in rows
    ]


def build_digest(
    store: Store,
    since: str,
    until: str | None = None,
    *,
    period: str = "daily",
    base_url: str = "",
    alpha: float = 0.01,
    min_count: int = 3,
) -> Digest:
    """Collect what the digest shows for incidents dated within [since, until]."""
    if period not in DIGEST_PERIODS:
        raise InputError(f"period must be daily or weekly, got {period!r}")
    since_d = parse_day(since, "since").isoformat()
    facts_all = load_facts(store)
    last_day = max((f.day for f in facts_all if f.day), default=since_d)
    until_d = parse_day(until, "until").isoformat() if until else max(since_d, last_day)
    if until_d < since_d:
        raise InputError("until is before since")
    window = [f for f in load_facts(store, IncidentFilter(date_from=since_d, date_to=until_d))]
    step = DIGEST_PERIODS[period]
    spikes = spikes_in_facts(
        [f for f in facts_all if f.day and f.day <= until_d],
        periods=(step,),
        since=since_d,
        until=until_d,
        alpha=alpha,
        min_count=min_count,
    )
    ids = [f.id for f in window[:MAX_ITEMS]]
    alerts = {a.id: a for a in list_alerts(store, since=since_d, until=until_d, limit=MAX_ITEMS)}
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        alerts.update((a.id, a) for a in list_alerts(store, incident_ids=chunk, limit=1000))
    return Digest(
        since=since_d,
        until=until_d,
        period=period,
        base_url=check_base_url(base_url),
        incidents=window[:MAX_ITEMS],
        changed=_changed(store, since_d, until_d, ids),
        alerts=sorted(alerts.values(), key=lambda a: -a.id)[:MAX_ITEMS],
        spikes=spikes[:MAX_ITEMS],
    )


# -- SVG ---------------------------------------------------------------------------------------


def svg_bars(counts: list[tuple[str, int]], title: str, width: int = 420) -> str:
    """A horizontal bar chart (labels on the left)."""
    if not counts:
        return ""
    row, label_w = 22, 170
    height = row * len(counts) + 30
    top = max(n for _, n in counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, n) in enumerate(counts):
        y = 20 + i * row
        w = max(1.0, (width - label_w - 40) * n / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" class="lbl">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" class="bar"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" class="num">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_columns(counts: list[tuple[str, int]], title: str, height: int = 160) -> str:
    """Vertical columns over time (one per period)."""
    if not counts:
        return ""
    col = max(6, min(40, 600 // len(counts)))
    width = col * len(counts) + 40
    top = max(n for _, n in counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<line x1="20" y1="{height}" x2="{width - 10}" y2="{height}" class="axis"/>'
    ]
    for i, (label, n) in enumerate(counts):
        h = (height - 20) * n / top
        x = 20 + i * col
        parts.append(
            f'<rect x="{x + 1}" y="{height - h:.1f}" width="{col - 2}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
    parts.append(
        f'<text x="20" y="{height + 16}" class="lbl">{escape(counts[0][0])}</text>'
        f'<text x="{width - 10}" y="{height + 16}" text-anchor="end" class="lbl">'
        f"{escape(counts[-1][0])}</text></svg>"
    )
    return "".join(parts)


def svg_map(points: list[IncidentFacts], width: int = 640, height: int = 360) -> str:
    """Incident points on an equirectangular graticule fitted to the points (no basemap)."""
    pts = [p for p in points if p.lat is not None and p.lon is not None]
    if not pts:
        return ""
    lats = [float(p.lat) for p in pts]  # type: ignore[arg-type]
    lons = [float(p.lon) for p in pts]  # type: ignore[arg-type]
    lo_lat, hi_lat = max(-90.0, min(lats) - 5), min(90.0, max(lats) + 5)
    lo_lon, hi_lon = max(-180.0, min(lons) - 5), min(180.0, max(lons) + 5)
    sx = (width - 20) / max(1e-6, hi_lon - lo_lon)
    sy = (height - 20) / max(1e-6, hi_lat - lo_lat)
    s = min(sx, sy)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return 10 + (lon - lo_lon) * s, 10 + (hi_lat - lat) * s

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'role="img" aria-label="incident map"><title>incident map</title>'
        f'<rect x="0" y="0" width="{width}" height="{height}" class="sea"/>'
    ]
    for lon in range(math.ceil(lo_lon / 10) * 10, int(hi_lon) + 1, 10):
        x, _ = xy(0, lon)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="grid"/>')
        parts.append(f'<text x="{x + 2:.1f}" y="{height - 4}" class="tick">{lon}°</text>')
    for lat in range(math.ceil(lo_lat / 10) * 10, int(hi_lat) + 1, 10):
        _, y = xy(lat, 0)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="2" y="{y - 2:.1f}" class="tick">{lat}°</text>')
    for p in sorted(pts, key=lambda f: -((f.killed or 0) + (f.wounded or 0))):
        x, y = xy(float(p.lat), float(p.lon))  # type: ignore[arg-type]
        r = 3 + math.sqrt((p.killed or 0) + 1)
        label = f"{p.type} — {p.city or p.country or ''} {p.day or ''} (killed {p.killed or 0})"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{min(r, 18):.1f}" class="pt">'
            f"<title>{escape(label)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- HTML --------------------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Sans Arabic","DejaVu Sans",sans-serif;margin:2rem;color:#1b1f24;max-width:70rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #ccd;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e6ea;padding:.3rem;
text-align:start;vertical-align:top}blockquote{margin:.2rem 0;color:#444;font-size:.95em}
.bar{fill:#3b6ea5}.lbl,.num,.tick{font-size:11px;fill:#333}.axis{stroke:#999}.sea{fill:#eef3f8}
.grid{stroke:#d5dde6;stroke-width:.5}.pt{fill:#c0392b;fill-opacity:.6;stroke:#7b241c}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.muted{color:#777}
"""


def _link(base: str, incident_id: str) -> str:
    href = f"{base}/incidents/{incident_id}"
    return f'<a href="{escape(href)}">{escape(incident_id[:12])}</a>'


def render_html(d: Digest) -> str:
    """The digest as one self-contained HTML document."""
    e = escape
    step = DIGEST_PERIODS[d.period]
    by_type = Counter(f.type for f in d.incidents)
    by_country = Counter(f.country or "??" for f in d.incidents)
    per_period: Counter[str] = Counter(period_start(f.day, step) for f in d.incidents if f.day)
    killed = sum(f.killed or 0 for f in d.incidents)
    wounded = sum(f.wounded or 0 for f in d.incidents)

    def ranked(c: Counter[str]) -> list[tuple[str, int]]:
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:15]

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>rasd digest {e(d.since)} – {e(d.until)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>rasd digest: {e(d.since)} – {e(d.until)} ({e(d.period)})</h1>",
        f"<p>{len(d.incidents)} incidents, {killed} killed, {wounded} wounded; "
        f"{len(d.changed)} changes; {len(d.alerts)} alerts; {len(d.spikes)} spikes.</p>",
        "<h2>What happened</h2>",
        '<div class="charts">',
        svg_bars(ranked(by_type), "incidents by type"),
        svg_bars(ranked(by_country), "incidents by country"),
        svg_columns(sorted(per_period.items()), f"incidents per {step}"),
        "</div>",
        svg_map(d.incidents),
    ]
    if d.incidents:
        out.append(
            "<table><tr><th>date</th><th>type</th><th>place</th><th>groups</th>"
            "<th>killed/wounded</th><th>incident</th></tr>"
        )
        for f in sorted(d.incidents, key=lambda f: (f.day or "", f.id)):
            place = ", ".join(x for x in (f.city, f.province, f.country) if x)
            out.append(
                f"<tr><td>{e(f.day or '')}</td><td>{e(f.type)}</td><td>{e(place)}</td>"
                f"<td>{e(', '.join(f.groups))}</td><td>{f.killed or 0}/{f.wounded or 0}</td>"
                f"<td>{_link(d.base_url, f.id)}</td></tr>"
            )
            if f.quote:
                out.append(
                    f'<tr><td></td><td colspan="5"><blockquote dir="auto">{e(f.quote)}'
                    "</blockquote></td></tr>"
                )
        out.append("</table>")
    else:
        out.append('<p class="muted">No incidents in this window.</p>')

    out.append("<h2>What changed</h2>")
    if d.changed:
        out.append("<table><tr><th>when</th><th>change</th><th>incident</th><th>detail</th></tr>")
        for c in d.changed:
            into = c["data"].get("into")
            detail = (
                f"merged into {into[:12]}" if into else f"{c['data'].get('reports', '')} reports"
            )
            out.append(
                f"<tr><td>{e(c['at'][:16])}</td><td>{e(c['kind'])}</td>"
                f"<td>{_link(d.base_url, c['incident_id'])}</td><td>{e(detail)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="muted">No updates or merges in this window.</p>')

    out.append("<h2>Alerts</h2>")
    if d.alerts:
        quotes = {f.id: f.quote for f in d.incidents}
        out.append(
            "<table><tr><th>when</th><th>watchlist</th><th>incident</th><th>reason</th></tr>"
        )
        for a in d.alerts:
            out.append(
                f"<tr><td>{e(a.created_at[:16])}</td><td>{e(a.watchlist)}</td>"
                f"<td>{_link(d.base_url, a.incident_id)}</td><td>{e(a.reason)}"
                + (
                    f'<blockquote dir="auto">{e(quotes[a.incident_id])}</blockquote>'
                    if quotes.get(a.incident_id)
                    else ""
                )
                + "</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="muted">No alerts fired in this window.</p>')

    out.append("<h2>Spikes</h2>")
    if d.spikes:
        out.append(
            "<table><tr><th>from</th><th>detector</th><th>series</th><th>count</th>"
            "<th>expected</th><th>P(X ≥ count)</th></tr>"
        )
        for s in d.spikes:
            out.append(
                f"<tr><td>{e(s.start)}</td><td>{e(s.kind)}</td><td>{e(s.by)}: {e(s.key)} "
                f"({e(s.period)})</td><td>{s.count}</td><td>{s.expected:.2f}</td>"
                f"<td>{s.pvalue:.2g}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="muted">No spikes detected in this window.</p>')
    out.append(
        f'<p class="muted">Generated by rasd from the incident database; '
        f"window {e(d.since)} – {e(d.until)}.</p>"
    )
    out.append("</body></html>")
    return "\n".join(x for x in out if x)
