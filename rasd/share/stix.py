"""STIX 2.1 export: one bundle per export, written incrementally.

Per incident (see :func:`incident_objects`):

- ``incident`` with two property extensions: the OASIS Incident Core Extension
  (:data:`INCIDENT_CORE_EXTENSION`: ``determination``, ``investigation_status``,
  ``first_seen``/``last_seen``) and the rasd extension (:data:`RASD_EXTENSION`:
  rasd type and status, ``first_seen_precision`` (day/month/year), counts with
  their "at least"/range flags, suicide, recency, weapons, the Arabic place name).
  A date of month or year precision becomes ``first_seen``/``last_seen`` spanning
  the whole month or year, and ``first_seen_precision`` says which.
  Claims (crosswalk ``stix_object == "note"``) become a ``note`` instead.
- ``threat-actor`` per perpetrator (``threat_actor_types: ["terrorist"]``; English
  and Arabic names as ``aliases``) + ``attributed-to`` (role in ``description``).
- ``location`` (country, STIX region, administrative area, city, latitude,
  longitude, ``precision`` in metres: city 10 km, province 100 km) + ``located-at``.
- ``identity`` per GTD target category (``identity_class: "class"``) + ``targets``.
- ``report`` per source article (``object_refs`` → incident and its actors/place).
- ``note`` per source article with the evidence quotes; the rasd extension on the
  note keeps each quote's field name and raw character offsets.

Ids are UUIDv5 in the rasd namespace: an incident, actor, place or target class
keeps its STIX id across exports. Shared objects (actors, places, classes) are
written once per bundle. The bundle id is derived from the bundle's content and
written last, so two exports of the same data are byte-for-byte identical.
Confidence is 0–100. Every object carries the chosen TLP 1.0 marking.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import IO, Any, ClassVar

from rasd.model import Actor, Count, Incident, IncidentReport, Location, Tag
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import (
    RASD_NAMESPACE,
    added_timestamp,
    created_timestamp,
    date_range,
    evidence_block,
    iter_evidence,
    place_text,
    source_reports,
    stable_uuid,
    stix_timestamp,
    summary_text,
)
from rasd.share.regions import country
from rasd.taxonomy import CROSSWALK, GTD_TARGET_TYPES, GTD_WEAPON_TYPES, STIX_DETERMINATION

INCIDENT_CORE_EXTENSION = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"
RASD_IDENTITY = "identity--" + stable_uuid("rasd", "identity")
RASD_EXTENSION = "extension-definition--" + stable_uuid("rasd", "stix-extension", "1")

# Shared objects (actors, places, target classes, the rasd identity) have no
# history of their own; they carry this fixed time so output stays deterministic.
SHARED_TIME = "2024-01-01T00:00:00.000Z"

# Determinations the Incident Core Extension defines; anything else → "suspected".
DETERMINATIONS = frozenset({"successful", "failed", "blocked", "suspected"})

TLP_MARKINGS: dict[str, dict[str, Any]] = {
    level: {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id,
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "name": f"TLP:{level.upper()}",
        "definition": {"tlp": level},
    }
    for level, marking_id in (
        ("white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
        ("green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
        ("amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
        ("red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"),
    )
}

# GTD target type → STIX industry-sector-ov (where one fits).
TARGET_SECTORS: dict[int, str] = {
    1: "commercial",
    2: "government",
    3: "emergency-services",
    4: "defense",
    6: "transportation",
    7: "government-national",
    8: "education",
    9: "water",
    10: "communications",
    11: "transportation",
    12: "non-profit",
    16: "telecommunications",
    18: "hospitality-leisure",
    19: "transportation",
    21: "utilities",
}

PRECISION_METRES: dict[str, float] = {"city": 10000.0, "province": 100000.0}


# Ids of shared objects (groups, places, target classes) recur across incidents.
_shared_uuid = lru_cache(maxsize=16384)(stable_uuid)


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop ``None`` values and empty lists/dicts (STIX forbids them), recursively
    through nested dicts and lists of dicts."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if value is None:
            continue
        kind = type(value)
        if kind is dict:
            value = _clean(value)
            if not value:
                continue
        elif kind is list:
            if not value:
                continue
            if type(value[0]) is dict:
                value = [_clean(v) for v in value]
        out[key] = value
    return out


def _common(kind: str, obj_id: str, created: str, modified: str) -> dict[str, Any]:
    return {
        "type": kind,
        "spec_version": "2.1",
        "id": obj_id,
        "created_by_ref": RASD_IDENTITY,
        "created": created,
        "modified": modified,
    }


def _marked(obj: dict[str, Any], tlp: str) -> dict[str, Any]:
    obj["object_marking_refs"] = [TLP_MARKINGS[tlp]["id"]]
    return obj


def preamble_objects(tlp: str) -> list[dict[str, Any]]:
    """The TLP marking, the rasd identity and the rasd extension definition."""
    identity = {
        "type": "identity",
        "spec_version": "2.1",
        "id": RASD_IDENTITY,
        "created": SHARED_TIME,
        "modified": SHARED_TIME,
        "name": "rasd",
        "description": "rasd (رصد): open-source, Arabic-first monitor of terrorism and political violence.",
        "identity_class": "system",
    }
    extension = {
        **_common("extension-definition", RASD_EXTENSION, SHARED_TIME, SHARED_TIME),
        "name": "rasd incident fields",
        "description": "Fields rasd extracts from news that STIX has no property for.",
        "schema": (
            "Property extension. On incident/note: rasd_id, incident_type, status, date, "
            "first_seen_precision (day|month|year), killed/wounded/arrested {value, at_least, "
            "approx, low, high}, suicide, recency (new|background), weapons [{name, gtd_code, "
            "gtd_txt, surface}], place_ar, sources. On evidence notes: evidence [{field, text, "
            "start, end, sentence_start, sentence_end}] and sentences [{start, end, text}], all "
            "offsets being raw character offsets into the article; doc_id, url."
        ),
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    }
    return [TLP_MARKINGS[tlp], identity, _marked(extension, tlp)]


def _count(c: Count | None) -> dict[str, Any] | None:
    if c is None or (c.value is None and c.low is None):
        return None
    return {
        "value": c.value,
        "at_least": c.at_least or None,
        "approx": c.approx or None,
        "low": c.low,
        "high": c.high,
    }


def _rasd_fields(incident: Incident) -> dict[str, Any]:
    s = incident.summary
    return {
        "extension_type": "property-extension",
        "rasd_id": incident.id,
        "incident_type": s.type,
        "status": s.status,
        "date": s.date.value if s.date else None,
        "first_seen_precision": s.date.precision if s.date else None,
        "killed": _count(s.killed),
        "wounded": _count(s.wounded),
        "arrested": _count(s.arrested),
        "suicide": s.suicide,
        "recency": s.recency,
        "weapons": [
            {
                "name": w.name,
                "gtd_code": w.gtd_code,
                "gtd_txt": GTD_WEAPON_TYPES.get(w.gtd_code),
                "surface": w.surface,
            }
            for w in s.weapons
        ],
        "place_ar": s.location.name_ar if s.location else None,
        "sources": len(incident.sources) or None,
    }


def actor_id(actor: Actor) -> str:
    """Stable id of a group: its knowledge-base id, else its case-folded English name."""
    return "threat-actor--" + _shared_uuid("actor", actor.kb_id or actor.name.strip().casefold())


def threat_actor(actor: Actor, tlp: str) -> dict[str, Any]:
    aliases = [a for a in dict.fromkeys([actor.name, actor.name_ar]) if a]
    obj = {
        **_common("threat-actor", actor_id(actor), SHARED_TIME, SHARED_TIME),
        "name": actor.name,
        "threat_actor_types": ["terrorist"],
        "aliases": aliases,
    }
    if actor.kb_id:
        obj["external_references"] = [{"source_name": "rasd-kb", "external_id": actor.kb_id}]
    return _marked(obj, tlp)


def _location_key(loc: Location) -> tuple[Any, ...]:
    lat = round(loc.lat, 4) if loc.lat is not None and loc.lon is not None else None
    lon = round(loc.lon, 4) if loc.lat is not None and loc.lon is not None else None
    return (
        loc.gazetteer_id or "",
        (loc.country or "").upper(),
        loc.province,
        loc.city,
        lat,
        lon,
        loc.precision,
    )


def location_id(loc: Location) -> str:
    """Stable id of a place: its gazetteer id, country, province, city and point."""
    return "location--" + _shared_uuid("location", *_location_key(loc))


def location_object(loc: Location, tlp: str) -> dict[str, Any] | None:
    """A STIX location, or ``None`` when it has neither country nor coordinates."""
    info = country(loc.country)
    has_point = loc.lat is not None and loc.lon is not None
    if not (loc.country or has_point):
        return None
    key = _location_key(loc)
    obj = {
        **_common("location", location_id(loc), SHARED_TIME, SHARED_TIME),
        "name": place_text(loc) or None,
        "region": (info.stix_region or None) if info else None,
        "country": loc.country.upper() if loc.country else None,
        "administrative_area": loc.province,
        "city": loc.city,
        "latitude": key[4],
        "longitude": key[5],
        "precision": PRECISION_METRES.get(loc.precision or "") if has_point else None,
    }
    return _marked(_clean(obj), tlp)


def target_id(code: int) -> str:
    """Stable id of the identity standing for a GTD target category."""
    return "identity--" + _shared_uuid("target-class", code)


def target_identity(code: int, tlp: str) -> dict[str, Any]:
    obj = {
        **_common("identity", target_id(code), SHARED_TIME, SHARED_TIME),
        "name": GTD_TARGET_TYPES.get(code, "Unknown"),
        "description": f"Target category (GTD target type {code}).",
        "identity_class": "class",
        "sectors": [TARGET_SECTORS[code]] if code in TARGET_SECTORS else None,
    }
    return _marked(_clean(obj), tlp)


def _relationship(
    kind: str,
    source: str,
    target: str,
    when: tuple[str, str],
    tlp: str,
    description: str | None = None,
) -> dict[str, Any]:
    rel_id = "relationship--" + stable_uuid("rel", source, kind, target)
    obj = _common("relationship", rel_id, *when)
    obj.update(relationship_type=kind, source_ref=source, target_ref=target)
    if description:
        obj["description"] = description
    return _marked(obj, tlp)


def incident_id(incident: Incident) -> str:
    """The STIX id of an incident (or of the note a claim becomes)."""
    kind = CROSSWALK[incident.summary.type].stix_object
    return f"{kind}--{stable_uuid('incident', incident.id)}"


def _incident_object(
    incident: Incident, when: tuple[str, str], refs: list[str], tlp: str
) -> dict[str, Any]:
    s = incident.summary
    obj_id = incident_id(incident)
    kind = obj_id.split("--")[0]
    extensions: dict[str, Any] = {RASD_EXTENSION: _rasd_fields(incident)}
    obj = _common(kind, obj_id, *when)
    if kind == "incident":
        span = date_range(s.date)
        determination = STIX_DETERMINATION.get(s.status, "suspected")
        extensions = {
            INCIDENT_CORE_EXTENSION: {
                "extension_type": "property-extension",
                "determination": determination if determination in DETERMINATIONS else "suspected",
                "investigation_status": "open",
                "first_seen": span[0] if span else None,
                "last_seen": span[1] if span else None,
            },
            **extensions,
        }
        obj.update(name=summary_text(incident), labels=[s.type])
    else:  # a claim: a note about the groups, the place and the reports
        obj.update(
            abstract=summary_text(incident),
            content=_claim_text(s),
            authors=["rasd"],
            object_refs=refs,
        )
    obj.update(
        confidence=round(s.confidence * 100),
        external_references=[{"source_name": "rasd", "external_id": incident.id}],
        extensions=extensions,
    )
    return _marked(_clean(obj), tlp)


def _claim_text(s: IncidentReport) -> str:
    quote = s.evidence.get("type") or s.evidence.get("status")
    return (quote.sentence or quote.text) if quote else s.type


def _article_key(report: IncidentReport, index: int) -> str:
    a = report.article
    return a.doc_id or a.url or f"#{index}"


def _report_objects(
    incident: Incident, main_id: str, refs: list[str], when: tuple[str, str], tlp: str
) -> Iterator[dict[str, Any]]:
    for i, report in enumerate(source_reports(incident)):
        a = report.article
        if not (a.doc_id or a.url or a.title):
            continue  # nothing known about the source: no report to make
        key = _article_key(report, i)
        report_id = "report--" + stable_uuid("report", incident.id, key)
        obj = _common("report", report_id, *when)
        obj["name"] = a.title or a.url or f"Source of {incident.id}"
        obj["report_types"] = ["threat-report"]
        obj["published"] = stix_timestamp(a.published) or when[0]
        obj["object_refs"] = [main_id, *refs]
        if a.language:
            obj["lang"] = a.language
        if a.url or a.doc_id:
            ref = {"source_name": a.source or "source", "url": a.url, "external_id": a.doc_id}
            obj["external_references"] = [{k: v for k, v in ref.items() if v}]
        yield _marked(obj, tlp)
        items = list(iter_evidence(report))
        if not items:
            continue
        content, fields = evidence_block(items)
        note = {
            **_common("note", "note--" + stable_uuid("evidence", incident.id, key), *when),
            "abstract": f"Evidence: {a.title or a.url or key}",
            "content": content,
            "authors": ["rasd"],
            "object_refs": [main_id, report_id],
            "lang": a.language or None,
            "extensions": {
                RASD_EXTENSION: {
                    "extension_type": "property-extension",
                    **fields,
                    "doc_id": a.doc_id,
                    "url": a.url,
                }
            },
        }
        if not note["lang"]:
            del note["lang"]
        ext = note["extensions"][RASD_EXTENSION]
        for field in ("doc_id", "url"):
            if not ext[field]:
                del ext[field]
        yield _marked(note, tlp)


def incident_objects(
    incident: Incident, tlp: str = "white", *, known: set[str] | None = None
) -> list[dict[str, Any]]:
    """Every STIX object for one incident, in a fixed order: shared objects first
    (actors, place, target classes), then the incident, relationships, reports, notes.

    ``known``: ids of shared objects already sent; those are left out (not rebuilt)
    and the ids of the ones included are added to it.
    """
    s = incident.summary
    when = (created_timestamp(incident), added_timestamp(incident))
    main_id = incident_id(incident)
    seen: set[str] = set() if known is None else known
    shared: list[dict[str, Any]] = []
    refs: list[str] = []
    rels: list[dict[str, Any]] = []

    def add(obj: dict[str, Any] | None, obj_id: str) -> None:
        if obj is not None:
            shared.append(obj)
            seen.add(obj_id)

    for actor in s.perpetrators:
        aid = actor_id(actor)
        if aid in refs:
            continue
        add(None if aid in seen else threat_actor(actor, tlp), aid)
        refs.append(aid)
        rels.append(_relationship("attributed-to", main_id, aid, when, tlp, f"role: {actor.role}"))
    loc = s.location
    lid = location_id(loc) if loc is not None else None
    if loc is not None and lid is not None:
        obj = None if lid in seen else location_object(loc, tlp)
        if lid in seen or obj is not None:
            add(obj, lid)
            refs.append(lid)
            rels.append(_relationship("located-at", main_id, lid, when, tlp))
    by_code: dict[int, list[Tag]] = {}
    for tag in s.targets:
        by_code.setdefault(tag.gtd_code, []).append(tag)
    for code, tags in by_code.items():
        tid = target_id(code)
        add(None if tid in seen else target_identity(code, tlp), tid)
        refs.append(tid)
        desc = "; ".join(t.name + (f" ({t.surface})" if t.surface else "") for t in tags)
        rels.append(_relationship("targets", main_id, tid, when, tlp, desc))
    is_note = main_id.startswith("note--")
    reports = list(_report_objects(incident, main_id, refs, when, tlp))
    report_refs = [r["id"] for r in reports if r["type"] == "report"]
    note_refs = [*refs, *report_refs] or [RASD_IDENTITY]  # a note must refer to something
    main = _incident_object(incident, when, note_refs if is_note else refs, tlp)
    return [*shared, main, *([] if is_note else rels), *reports]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(obj: dict[str, Any]) -> str:
    return _ENCODER.encode(obj)


def write_bundle(
    incidents: Iterable[Incident], out: IO[str], stats: ExportStats, *, tlp: str = "white"
) -> None:
    """Write one STIX 2.1 bundle, one object per line, without holding it in memory.

    Shared objects are deduplicated by id (memory grows with the number of distinct
    groups, places and target classes, not with the number of incidents).
    """
    digest = hashlib.sha256()
    seen: set[str] = set()
    first = True

    def emit(obj: dict[str, Any]) -> None:
        nonlocal first
        line = _dumps(obj)
        digest.update(line.encode("utf-8"))
        out.write(line if first else ",\n" + line)
        first = False

    out.write('{"type":"bundle","objects":[\n')
    for obj in preamble_objects(tlp):
        emit(obj)
    for objects in each_converted(
        incidents, stats, lambda inc: incident_objects(inc, tlp, known=seen)
    ):
        for obj in objects:
            emit(obj)
        stats.written += 1
    bundle_id = uuid.uuid5(RASD_NAMESPACE, "bundle|" + digest.hexdigest())
    out.write(f'\n],"id":"bundle--{bundle_id}"}}\n')


class StixExporter(Exporter):
    """STIX 2.1 bundle (see module docs)."""

    name = "stix"
    description = (
        "STIX 2.1 bundle: incidents, threat actors, locations, targets, reports, evidence notes"
    )
    media_type = "application/stix+json;version=2.1"
    suffix = ".json"
    options: ClassVar[Mapping[str, Any]] = {"tlp": "white"}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        write_bundle(incidents, out, stats, tlp=options["tlp"])
