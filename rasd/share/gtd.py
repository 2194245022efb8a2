"""GTD-compatible CSV: the Global Terrorism Database variable names and codes
that rasd can fill (GTD Codebook, START 2021), one row per incident.

Mapping notes:

- ``eventid`` is the rasd incident id (GTD's 12-digit numbers are assigned by START).
- ``imonth``/``iday`` are 0 when unknown, as in GTD; ``approxdate`` gives the
  month or year in words when the date is not known to the day.
- ``specificity``: 1 city with coordinates, 2 city without, 4 province, 5 country/none.
- ``attacktype1`` comes from the taxonomy crosswalk; ``targtype1``/``weaptype1``
  from the first target/weapon (their GTD codes); ``gname`` is the first
  perpetrator (``Unknown`` when none), ``guncertain1`` 1 when only suspected,
  ``claimed`` 1 when a group claimed it.
- ``success`` 1 unless the attack failed (``attempted_failed``).
- ``nkill``/``nwound`` empty when unknown; vague counts give their low end.
- ``scite1``–``scite3`` cite the first three source articles (Arabic titles kept).
- Three rasd columns follow the GTD ones: ``rasd_type``, ``rasd_status``, ``rasd_confidence``.

GTD excludes events that are not attacks: foiled or planned plots, arrests,
claims, warnings (crosswalk ``gtd_attacktype`` is ``None``, or status
``foiled``/``planned``). They are skipped unless ``include_non_attacks=True``
(``--include-non-attacks``); included, they have empty ``attacktype1`` and
``success`` 0, and ``rasd_type``/``rasd_status`` say what they are.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar

from rasd.model import Incident
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import articles, count_value, date_parts, summary_text
from rasd.share.regions import country
from rasd.share.tables import cell, safe_text, write_csv
from rasd.taxonomy import CROSSWALK, GTD_ATTACK_TYPES, GTD_TARGET_TYPES, GTD_WEAPON_TYPES

GTD_COLUMNS: tuple[str, ...] = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "region", "region_txt",
    "provstate", "city", "latitude", "longitude", "specificity", "attacktype1", "attacktype1_txt",
    "targtype1", "targtype1_txt", "weaptype1", "weaptype1_txt", "gname", "guncertain1", "claimed",
    "nkill", "nwound", "suicide", "success", "summary", "scite1", "scite2", "scite3",
)  # fmt: skip
RASD_COLUMNS: tuple[str, ...] = ("rasd_type", "rasd_status", "rasd_confidence")
COLUMNS = GTD_COLUMNS + RASD_COLUMNS

NON_ATTACK_STATUSES = frozenset({"foiled", "planned"})


def is_gtd_attack(incident: Incident) -> bool:
    """Whether GTD would record this incident (an attack carried out or attempted)."""
    s = incident.summary
    return CROSSWALK[s.type].gtd_attacktype is not None and s.status not in NON_ATTACK_STATUSES


def _specificity(incident: Incident) -> int:
    loc = incident.summary.location
    if loc is None:
        return 5
    has_point = loc.lat is not None and loc.lon is not None
    if loc.precision == "city" or loc.city:
        return 1 if has_point else 2
    if loc.precision == "province" or loc.province:
        return 4
    return 5


def _citation(incident: Incident, index: int) -> str:
    unique = articles(incident)
    if index >= len(unique):
        return ""
    a = unique[index]
    parts = [f'"{a.title},"' if a.title else None, a.source, a.published, a.url]
    return safe_text(" ".join(p for p in parts if p))


def row(incident: Incident, include_non_attacks: bool = False) -> list[Any] | None:
    """One GTD row, or ``None`` when GTD would exclude the incident."""
    attack = is_gtd_attack(incident)
    if not attack and not include_non_attacks:
        return None
    s = incident.summary
    loc = s.location
    info = country(loc.country if loc else None)
    year, month, day = date_parts(s.date)
    approx = ""
    if year is not None and day == 0:
        approx = f"{calendar.month_name[month]} {year}" if month else str(year)
    attacktype = CROSSWALK[s.type].gtd_attacktype if attack else None
    target = s.targets[0].gtd_code if s.targets else None
    weapon = s.weapons[0].gtd_code if s.weapons else None
    perp = s.perpetrators[0] if s.perpetrators else None
    return [
        incident.id,
        cell(year),
        month,
        day,
        approx,
        info.name if info else (loc.country if loc and loc.country else ""),
        cell(info.gtd_region if info else None),
        info.gtd_region_txt if info else "",
        safe_text(loc.province if loc else None),
        safe_text((loc.city or loc.name_ar) if loc else None),
        cell(loc.lat if loc else None),
        cell(loc.lon if loc else None),
        _specificity(incident),
        cell(attacktype),
        GTD_ATTACK_TYPES.get(attacktype, "") if attacktype else "",
        cell(target),
        GTD_TARGET_TYPES.get(target, "") if target else "",
        cell(weapon),
        GTD_WEAPON_TYPES.get(weapon, "") if weapon else "",
        safe_text(perp.name) if perp else "Unknown",
        cell(perp.role == "suspected") if perp else 0,
        cell(any(a.role == "claimed" for a in s.perpetrators)),
        cell(count_value(s.killed)),
        cell(count_value(s.wounded)),
        cell(s.suicide or s.type == "suicide_bombing"),
        cell(attack and s.status != "attempted_failed"),
        safe_text(summary_text(incident)),
        _citation(incident, 0),
        _citation(incident, 1),
        _citation(incident, 2),
        s.type,
        s.status,
        f"{s.confidence:.2f}",
    ]


class GtdCsvExporter(Exporter):
    """GTD-compatible CSV (see module docs)."""

    name = "gtd-csv"
    description = (
        "GTD-compatible CSV (GTD variable names and codes); attacks only unless include_non_attacks"
    )
    media_type = "text/csv; charset=utf-8"
    suffix = ".csv"
    options: ClassVar[Mapping[str, Any]] = {"bom": False, "include_non_attacks": False}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        include = bool(options["include_non_attacks"])

        def rows() -> Iterator[list[Any]]:
            for r in each_converted(incidents, stats, lambda inc: row(inc, include)):
                stats.written += 1
                yield r

        write_csv(out, COLUMNS, rows(), bom=bool(options["bom"]))
