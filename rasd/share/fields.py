"""Field helpers shared by the exporters: timestamps, date ranges, counts,
evidence listing, an English one-line summary, deterministic ids."""

from __future__ import annotations

import calendar
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rasd.model import ArticleRef, Count, DateValue, Evidence, Incident, IncidentReport, Location
from rasd.share.regions import country_name

# Namespace of every UUIDv5 rasd derives for exports (STIX ids, MISP uuids, TAXII
# collections). Never change it: ids must stay the same across exports and versions.
RASD_NAMESPACE = uuid.UUID("4d1b6c0e-7a5e-5b0c-9a61-72617364a001")

# Used where a record has no timestamp at all, so output stays deterministic.
EPOCH = "1970-01-01T00:00:00.000Z"


_NAMESPACE_BYTES = RASD_NAMESPACE.bytes


def stable_uuid(*parts: object) -> str:
    """UUIDv5 of the parts joined by ``|`` in the rasd namespace.

    Same value as ``uuid.uuid5(RASD_NAMESPACE, name)``, computed without building
    ``UUID`` objects (exports derive millions of these).
    """
    name = "|".join([p if type(p) is str else "" if p is None else str(p) for p in parts])
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@lru_cache(maxsize=4096)
def stix_timestamp(value: str | None) -> str | None:
    """An ISO 8601 date or datetime as a STIX timestamp (UTC, milliseconds, ``Z``).

    Dates without a time are midnight UTC; naive datetimes are taken as UTC.
    Returns ``None`` for empty or unparseable input.
    """
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def date_range(date: DateValue | None) -> tuple[str, str] | None:
    """First and last instant (STIX timestamps) covered by a date of any precision."""
    if date is None or not date.value:
        return None
    parts = date.value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and date.precision != "year" else None
        day = int(parts[2]) if len(parts) > 2 and date.precision == "day" else None
    except ValueError:
        return None
    if month is None:
        first, last = (year, 1, 1), (year, 12, 31)
    elif day is None:
        first, last = (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
    else:
        first = last = (year, month, day)
    return (
        "{:04d}-{:02d}-{:02d}T00:00:00.000Z".format(*first),
        "{:04d}-{:02d}-{:02d}T23:59:59.999Z".format(*last),
    )


def date_parts(date: DateValue | None) -> tuple[int | None, int, int]:
    """(year, month, day) with 0 for unknown month/day, as GTD codes them."""
    if date is None or not date.value:
        return None, 0, 0
    parts = date.value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and date.precision != "year" else 0
        day = int(parts[2]) if len(parts) > 2 and date.precision == "day" else 0
    except ValueError:
        return None, 0, 0
    return year, month, day


def count_value(count: Count | None) -> int | None:
    """The single best number for a count: its value, else the low end of its range."""
    if count is None:
        return None
    if count.value is not None:
        return count.value
    return count.low


def count_text(count: Count | None) -> str:
    """``"3"``, ``"at least 3"``, ``"about 3"``, ``"24-99"`` or ``""``."""
    if count is None:
        return ""
    if count.value is None:
        if count.low is not None and count.high is not None:
            return f"{count.low}-{count.high}"
        return f"at least {count.low}" if count.low is not None else ""
    prefix = "at least " if count.at_least else "about " if count.approx else ""
    return f"{prefix}{count.value}"


@dataclass(frozen=True)
class EvidenceItem:
    """One quoted span, named by the field it supports (``killed``, ``perpetrators[0]``)."""

    field: str
    evidence: Evidence


def iter_evidence(report: IncidentReport) -> Iterator[EvidenceItem]:
    """Every piece of evidence in a report, in a fixed field order."""
    for key in sorted(report.evidence):
        yield EvidenceItem(key, report.evidence[key])
    singles: tuple[tuple[str, DateValue | Location | Count | None], ...] = (
        ("date", report.date),
        ("location", report.location),
        ("killed", report.killed),
        ("wounded", report.wounded),
        ("arrested", report.arrested),
    )
    for name, value in singles:
        if value is not None and value.evidence is not None:
            yield EvidenceItem(name, value.evidence)
    for i, actor in enumerate(report.perpetrators):
        if actor.evidence is not None:
            yield EvidenceItem(f"perpetrators[{i}]", actor.evidence)
    for name, tags in (("targets", report.targets), ("weapons", report.weapons)):
        for i, tag in enumerate(tags):
            if tag.evidence is not None:
                yield EvidenceItem(f"{name}[{i}]", tag.evidence)


def evidence_block(items: list[EvidenceItem]) -> tuple[str, dict[str, Any]]:
    """A readable text block and structured fields for a report's evidence.

    Each distinct sentence appears once (``sentences``: text and raw offsets);
    each quote (``evidence``) names its field, its raw offsets and its sentence's start.
    """
    sentences: dict[tuple[int, int], str] = {}
    quotes: dict[tuple[int, int], list[str]] = {}
    evidence: list[dict[str, Any]] = []
    for it in items:
        e = it.evidence
        entry: dict[str, Any] = {"field": it.field, "text": e.text, "start": e.start, "end": e.end}
        span = (e.sentence_start, e.sentence_end) if e.sentence else (e.start, e.end)
        if e.sentence:
            entry["sentence_start"], entry["sentence_end"] = span
            sentences.setdefault(span, e.sentence)
        quotes.setdefault(span, []).append(f"{it.field} [{e.start}:{e.end}] «{e.text}»")
        evidence.append(entry)
    lines = []
    for span, said in quotes.items():
        if span in sentences:
            lines.append(f"«{sentences[span]}» [{span[0]}:{span[1]}]")
        lines.extend("  " + q for q in said)
    fields: dict[str, Any] = {"evidence": evidence}
    if sentences:
        fields["sentences"] = [{"start": a, "end": b, "text": t} for (a, b), t in sentences.items()]
    return "\n".join(lines), fields


def source_reports(incident: Incident) -> list[IncidentReport]:
    """The reports of an incident, or its summary when it carries none."""
    return list(incident.reports) or [incident.summary]


def articles(incident: Incident) -> list[ArticleRef]:
    """The distinct source articles of an incident, in report order."""
    seen: dict[tuple[str | None, str | None], ArticleRef] = {}
    for report in source_reports(incident):
        seen.setdefault((report.article.doc_id, report.article.url), report.article)
    return list(seen.values())


def place_text(loc: Location | None) -> str:
    """``"Mosul, Nineveh, Iraq"`` from whatever parts are known."""
    if loc is None:
        return ""
    parts = [loc.city, loc.province, country_name(loc.country) if loc.country else None]
    text = ", ".join(p for p in parts if p)
    return text or (loc.name_ar or "")


def summary_text(incident: Incident) -> str:
    """A one-line English description built from the structured fields."""
    s = incident.summary
    words = [s.type.replace("_", " ").capitalize()]
    if s.status not in ("executed", "unknown"):
        words.append(f"({s.status.replace('_', ' ')})")
    where = place_text(s.location)
    if where:
        words.append(f"in {where}")
    if s.date:
        words.append(f"on {s.date.value}")
    text = " ".join(words)
    tolls = [
        f"{count_text(c)} {label}"
        for c, label in ((s.killed, "killed"), (s.wounded, "wounded"), (s.arrested, "arrested"))
        if count_text(c)
    ]
    if tolls:
        text += ": " + ", ".join(tolls)
    if s.perpetrators:
        text += "; perpetrator: " + ", ".join(f"{a.name} ({a.role})" for a in s.perpetrators)
    return text + "."


def added_timestamp(incident: Incident) -> str:
    """When the incident last changed (STIX timestamp): ``updated_at``, else ``created_at``."""
    return stix_timestamp(incident.updated_at) or stix_timestamp(incident.created_at) or EPOCH


def created_timestamp(incident: Incident) -> str:
    """When the incident was first recorded: ``created_at``, never later than ``added``."""
    created = stix_timestamp(incident.created_at) or added_timestamp(incident)
    return min(created, added_timestamp(incident))


def core_fields(report: IncidentReport) -> dict[str, Any]:
    """The flat type, date and place fields shared by the tabular and GeoJSON exports."""
    loc = report.location
    return {
        "type": report.type,
        "status": report.status,
        "date": report.date.value if report.date else None,
        "date_precision": report.date.precision if report.date else None,
        "country": loc.country if loc else None,
        "province": loc.province if loc else None,
        "city": loc.city if loc else None,
        "name_ar": loc.name_ar if loc else None,
        "location_precision": loc.precision if loc else None,
    }
