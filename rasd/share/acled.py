"""ACLED-style CSV: the ACLED column names and event types (ACLED Codebook 2023),
one row per incident.

Mapping notes:

- ``event_id_cnty`` is the ISO alpha-3 country code, a hyphen and the rasd id.
- ``event_type``/``sub_event_type`` come from the taxonomy crosswalk; a foiled
  attack becomes "Strategic developments / Disrupted weapons use". Claims and
  warnings have no ACLED event type and are skipped (counted in the stats).
- ``time_precision``: 1 known to the day, 3 known to the month or year.
- ``geo_precision``: 1 town with coordinates, 2 town without, 3 province or country.
- ``actor1`` is the first perpetrator, or "Unidentified Armed Group (Country)";
  for arrests and foiled plots ``actor1`` is "Security Forces of Country" (rasd
  does not yet name the agency) and the group goes to ``actor2``.
- ``fatalities`` is the killed count (0 when unknown, as ACLED does).
- ``notes`` is an English summary followed by the Arabic sentence that reports
  the event; ``source`` lists the source outlets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar

from rasd.model import Incident
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import articles, count_value, summary_text
from rasd.share.regions import country, country_name
from rasd.share.tables import cell, safe_text, write_csv
from rasd.taxonomy import CROSSWALK

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "rasd_type", "rasd_status",
)  # fmt: skip

STATE_ACTOR_TYPES = frozenset({"arrest_raid", "plot_foiled"})


def event_types(incident: Incident) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type), or ``None`` when ACLED has no such event."""
    s = incident.summary
    walk = CROSSWALK[s.type]
    if walk.acled_event_type is None or walk.acled_sub_event_type is None:
        return None
    if s.status == "planned" and s.type not in STATE_ACTOR_TYPES:
        return None
    if s.status == "foiled" and s.type not in STATE_ACTOR_TYPES:
        return "Strategic developments", "Disrupted weapons use"
    return walk.acled_event_type, walk.acled_sub_event_type


def _geo_precision(incident: Incident) -> int:
    loc = incident.summary.location
    if loc is None or not (loc.city or loc.precision == "city"):
        return 3
    return 1 if loc.lat is not None and loc.lon is not None else 2


def _event_date(incident: Incident) -> tuple[str, str, int]:
    d = incident.summary.date
    if d is None or not d.value:
        return "", "", 3
    parts = d.value.split("-")
    padded = [*parts, "01", "01"][:3]
    return "-".join(padded), parts[0], 1 if d.precision == "day" else 3


def row(incident: Incident) -> list[Any] | None:
    """One ACLED-style row, or ``None`` when ACLED would not record the incident."""
    types = event_types(incident)
    if types is None:
        return None
    s = incident.summary
    loc = s.location
    code = loc.country if loc else None
    info = country(code)
    cname = country_name(code)
    groups = "; ".join(a.name for a in s.perpetrators)
    if s.type in STATE_ACTOR_TYPES:
        actor1, actor2 = f"Security Forces of {cname or 'Unknown'}", groups
    else:
        actor1, actor2 = groups or f"Unidentified Armed Group ({cname or 'Unknown'})", ""
    event_date, year, time_precision = _event_date(incident)
    quote = s.evidence.get("type")
    notes = summary_text(incident) + (f" | {quote.sentence or quote.text}" if quote else "")
    sources = "; ".join(
        x for x in dict.fromkeys(a.source or a.url for a in articles(incident)) if x
    )
    return [
        f"{info.iso3 if info else 'XXX'}-{incident.id}",
        event_date,
        year,
        time_precision,
        types[0],
        types[1],
        safe_text(actor1),
        safe_text(actor2),
        cname,
        safe_text(loc.province if loc else None),
        safe_text((loc.city or loc.name_ar or loc.province) if loc else None),
        cell(loc.lat if loc else None),
        cell(loc.lon if loc else None),
        _geo_precision(incident),
        safe_text(sources),
        safe_text(notes),
        count_value(s.killed) or 0,
        s.type,
        s.status,
    ]


class AcledCsvExporter(Exporter):
    """ACLED-style CSV (see module docs)."""

    name = "acled-csv"
    description = "ACLED-style CSV (ACLED event types, precision codes, fatalities)"
    media_type = "text/csv; charset=utf-8"
    suffix = ".csv"
    options: ClassVar[Mapping[str, Any]] = {"bom": False}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        def rows() -> Iterator[list[Any]]:
            for r in each_converted(incidents, stats, row):
                stats.written += 1
                yield r

        write_csv(out, COLUMNS, rows(), bom=bool(options["bom"]))
