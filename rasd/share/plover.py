"""PLOVER JSON Lines: one event per incident with the PLOVER event type, mode
and context (PLOVER ontology, Halterman et al.), and actor/recipient/location/
magnitude fields in the manner of the POLECAT dataset.

Record fields: ``id``, ``date``, ``date_precision``, ``event`` (e.g. ``ASSAULT``),
``mode`` (e.g. ``explosives``), ``context`` (``["terrorism"]``), ``actor``,
``actor_role``, ``actors`` [{name, name_ar, role}], ``recipient``,
``recipients`` [{name, gtd_code, gtd_txt, surface}], ``location`` {country,
admin1, city, name_ar, lat, lon, precision}, ``magnitude`` {dead, injured,
arrested, dead_at_least, injured_at_least}, ``status``, ``rasd_type``,
``confidence``, ``text`` (the Arabic sentence reporting the event),
``language``, ``sources`` [{url, title, source, published}].

For arrests and foiled plots (PLOVER ``COERCE``) the actor is the state
("Security Forces of Country") and the groups are the recipients. Incidents with
no PLOVER event (claims) are skipped and counted in the stats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any, ClassVar

from rasd.model import Count, Incident
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import articles, count_value
from rasd.share.regions import country_name
from rasd.taxonomy import CROSSWALK, GTD_TARGET_TYPES

CONTEXT = ("terrorism",)


def _at_least(c: Count | None) -> bool | None:
    return c.at_least if c is not None else None


def record(incident: Incident) -> dict[str, Any] | None:
    """The PLOVER record of one incident, or ``None`` when PLOVER has no such event."""
    s = incident.summary
    walk = CROSSWALK[s.type]
    if walk.plover_event is None:
        return None
    loc = s.location
    actors = [{"name": a.name, "name_ar": a.name_ar, "role": a.role} for a in s.perpetrators]
    targets = [
        {
            "name": t.name,
            "gtd_code": t.gtd_code,
            "gtd_txt": GTD_TARGET_TYPES.get(t.gtd_code),
            "surface": t.surface,
        }
        for t in s.targets
    ]
    actor: str | None
    actor_role: str | None
    if walk.plover_event == "COERCE":
        actor = f"Security Forces of {country_name(loc.country if loc else None) or 'Unknown'}"
        actor_role = "state"
        recipient = "; ".join(a.name for a in s.perpetrators) or None
    else:
        actor = "; ".join(a.name for a in s.perpetrators) or None
        actor_role = s.perpetrators[0].role if s.perpetrators else None
        recipient = (
            "; ".join(dict.fromkeys(GTD_TARGET_TYPES.get(t.gtd_code) or t.name for t in s.targets))
            or None
        )
    quote = s.evidence.get("type")
    return {
        "id": incident.id,
        "date": s.date.value if s.date else None,
        "date_precision": s.date.precision if s.date else None,
        "event": walk.plover_event,
        "mode": walk.plover_mode,
        "context": list(CONTEXT),
        "actor": actor,
        "actor_role": actor_role,
        "actors": actors,
        "recipient": recipient,
        "recipients": targets,
        "location": {
            "country": loc.country,
            "admin1": loc.province,
            "city": loc.city,
            "name_ar": loc.name_ar,
            "lat": loc.lat,
            "lon": loc.lon,
            "precision": loc.precision,
        }
        if loc
        else None,
        "magnitude": {
            "dead": count_value(s.killed),
            "injured": count_value(s.wounded),
            "arrested": count_value(s.arrested),
            "dead_at_least": _at_least(s.killed),
            "injured_at_least": _at_least(s.wounded),
        },
        "status": s.status,
        "rasd_type": s.type,
        "confidence": s.confidence,
        "text": (quote.sentence or quote.text) if quote else None,
        "language": s.article.language,
        "sources": [
            {"url": a.url, "title": a.title, "source": a.source, "published": a.published}
            for a in articles(incident)
        ],
    }


class PloverExporter(Exporter):
    """PLOVER JSON Lines (see module docs)."""

    name = "plover"
    description = "PLOVER JSON Lines: event, mode, context, actor, recipient, location, magnitude"
    media_type = "application/x-ndjson"
    suffix = ".jsonl"
    options: ClassVar[Mapping[str, Any]] = {}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        for rec in each_converted(incidents, stats, record):
            out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
            stats.written += 1
