"""Conversions between :class:`rasd.model.IncidentReport` and table columns."""

from __future__ import annotations

import calendar
import json
from typing import Any

from rasd.model import Evidence, IncidentReport


def dumps(value: Any) -> str:
    """Deterministic compact JSON (sorted keys, Arabic kept readable)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(value: str | None, default: Any = None) -> Any:
    return json.loads(value) if value else default


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last day that an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` can mean."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return f"{int(parts[0]):04d}-01-01", f"{int(parts[0]):04d}-12-31"
        year, month = int(parts[0]), int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        return value[:10], value[:10]
    except (ValueError, calendar.IllegalMonthError):
        return None, None


def group_names(report: IncidentReport) -> list[str]:
    """Sorted unique perpetrator names of ``report``."""
    return sorted({a.name for a in report.perpetrators})


def event_columns(report: IncidentReport) -> dict[str, Any]:
    """The denormalised columns shared by the reports and incidents tables."""
    loc = report.location
    date = report.date.value if report.date else None
    lo, hi = date_range(date)
    return {
        "type": report.type,
        "status": report.status,
        "date": date,
        "date_precision": report.date.precision if report.date else None,
        "date_lo": lo,
        "date_hi": hi,
        "country": loc.country if loc else None,
        "province": loc.province if loc else None,
        "city": loc.city if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "killed": report.killed.value if report.killed else None,
        "wounded": report.wounded.value if report.wounded else None,
        "arrested": report.arrested.value if report.arrested else None,
        "suicide": bool(report.suicide),
        "recency": report.recency,
        "confidence": float(report.confidence),
        "groups": dumps(group_names(report)),
    }


def evidence_items(report: IncidentReport) -> list[tuple[str, Evidence]]:
    """Every piece of evidence of ``report`` as ``(field, evidence)``, in a fixed order."""
    out: list[tuple[str, Evidence]] = [(k, v) for k, v in sorted(report.evidence.items())]
    if report.date and report.date.evidence:
        out.append(("date", report.date.evidence))
    if report.location and report.location.evidence:
        out.append(("location", report.location.evidence))
    for name in ("killed", "wounded", "arrested"):
        count = getattr(report, name)
        if count is not None and count.evidence is not None:
            out.append((name, count.evidence))
    for i, actor in enumerate(report.perpetrators):
        if actor.evidence:
            out.append((f"perpetrators.{i}", actor.evidence))
    for i, tag in enumerate(report.targets):
        if tag.evidence:
            out.append((f"targets.{i}", tag.evidence))
    for i, tag in enumerate(report.weapons):
        if tag.evidence:
            out.append((f"weapons.{i}", tag.evidence))
    return out


def evidence_rows(report_id: str, report: IncidentReport) -> list[dict[str, Any]]:
    """Rows of the ``evidence`` table for one stored report."""
    return [
        {
            "report_id": report_id,
            "field": name,
            "quote": ev.text,
            "start": ev.start,
            "end": ev.end,
            "sentence": ev.sentence or None,
        }
        for name, ev in evidence_items(report)
    ]


def place_entity(report: IncidentReport) -> tuple[str, str] | None:
    """``(key, name)`` of the report's place as an entity, or ``None`` without a place."""
    loc = report.location
    if loc is None or not (loc.country or loc.province or loc.city):
        return None
    if loc.gazetteer_id:
        key = loc.gazetteer_id
    else:
        key = "/".join(p or "" for p in (loc.country, loc.province, loc.city)).rstrip("/")
    name = loc.city or loc.province or loc.country or key
    return key, name
