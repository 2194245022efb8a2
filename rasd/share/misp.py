"""MISP events in the MISP core format (the JSON MISP imports and PyMISP loads).

Default: one event per incident, written as JSON Lines (one ``{"Event": ...}``
per line). ``per_export=True``: one event holding every incident, written as one
JSON document; its attributes are streamed and its objects spooled to a
temporary file, so memory stays flat.

Per incident:

- attributes: ``threat-actor`` per group (Attribution), ``target-location``,
  ``target-org`` per GTD target category (Targeting data), ``counter`` for
  killed/wounded/arrested, ``link`` per source article (External analysis), a
  ``text`` summary;
- objects: ``geolocation`` (coordinates, city, region, country, Arabic name in
  ``text``), ``news-media`` per source article (URL, title, outlet) and an
  ``annotation`` per source article holding the evidence quotes with their raw
  offsets, referencing the article (``annotates``);
- tags: ``tlp:<level>``, ``admiralty-scale:source-reliability="a".."f"`` (from the
  ``source_reliability`` mapping of outlet or host to letter; ``"f"`` — cannot be
  judged — when unknown), ``admiralty-scale:information-credibility="1".."6"``
  (from confidence and corroboration), ``estimative-language:likelihood-probability``,
  ``rasd:type``, ``rasd:status``, and ``misp-galaxy:threat-actor="<group>"`` for
  groups that claimed or were attributed the incident (MISP links the tag to the
  galaxy cluster of that name).

``distribution`` follows the TLP (white 3 all communities, green 2 connected,
amber 1 community, red 0 organisation only). Uuids are UUIDv5 of rasd ids.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import IO, Any, ClassVar
from urllib.parse import urlsplit

from rasd.model import Incident
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import (
    added_timestamp,
    articles,
    count_value,
    evidence_block,
    iter_evidence,
    place_text,
    source_reports,
    stable_uuid,
    summary_text,
)
from rasd.share.regions import country
from rasd.taxonomy import GTD_TARGET_TYPES

ORG = {"name": "rasd", "uuid": stable_uuid("misp-org", "rasd")}
DISTRIBUTION = {"white": "3", "green": "2", "amber": "1", "red": "0"}
RELIABILITY = ("a", "b", "c", "d", "e", "f")
TEMPLATES = {  # name: (template uuid, version, meta-category, description) from misp-objects
    "geolocation": ("cd6f2238-ba55-4888-82c4-104e6e1acf21", "8", "misc", "Geographic location"),
    "news-media": ("691463c5-5302-4847-9bec-4c56ccfec677", "3", "misc", "News media article"),
    "annotation": (
        "5d8dc046-15a1-4ca3-a09f-ed4ede7c4487",
        "3",
        "misc",
        "Evidence quoted from the article",
    ),
}
ACCURACY_KM = {"city": 10.0, "province": 100.0}
SPOOL_BYTES = 16 * 1024 * 1024


def _epoch(incident: Incident) -> str:
    stamp = added_timestamp(incident)
    return str(int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()))


def _attr(
    key: tuple[object, ...],
    ts: str,
    kind: str,
    category: str,
    value: object,
    comment: str = "",
    relation: str | None = None,
) -> dict[str, Any]:
    a: dict[str, Any] = {
        "uuid": stable_uuid("misp-attr", *key),
        "type": kind,
        "category": category,
        "value": str(value),
        "to_ids": False,
        "distribution": "5",
        "timestamp": ts,
        "comment": comment,
    }
    if relation:
        a["object_relation"] = relation
    return a


def _object(
    name: str, key: tuple[object, ...], ts: str, attrs: list[tuple[str, str, str, object]]
) -> dict[str, Any]:
    uuid, version, meta, desc = TEMPLATES[name]
    obj_key = ("misp-obj", name, *key)
    return {
        "uuid": stable_uuid(*obj_key),
        "name": name,
        "meta-category": meta,
        "description": desc,
        "template_uuid": uuid,
        "template_version": version,
        "timestamp": ts,
        "distribution": "5",
        "sharing_group_id": "0",
        "comment": "",
        "deleted": False,
        "Attribute": [
            _attr((*obj_key, rel, i), ts, kind, cat, value, relation=rel)
            for i, (rel, kind, cat, value) in enumerate(attrs)
            if value not in (None, "")
        ],
    }


def reliability(incident: Incident, table: Mapping[str, str] | None) -> str:
    """Admiralty source reliability: the best letter of any source (outlet or URL host)."""
    letters = []
    for a in articles(incident):
        for key in (a.source, urlsplit(a.url).hostname if a.url else None):
            if table and key and table.get(key, "").lower() in RELIABILITY:
                letters.append(table[key].lower())
    return min(letters, default="f")


def credibility(incident: Incident) -> str:
    """Admiralty information credibility from confidence and independent sources."""
    conf = incident.summary.confidence
    if len(articles(incident)) >= 2 and conf >= 0.7:
        return "1"
    if conf >= 0.7:
        return "2"
    if conf >= 0.5:
        return "3"
    return "4" if conf >= 0.3 else "6"


def likelihood(confidence: float) -> str:
    """The estimative-language likelihood word for a 0–1 confidence."""
    for limit, word in (
        (0.05, "almost-no-chance"),
        (0.2, "very-unlikely"),
        (0.45, "unlikely"),
        (0.55, "roughly-even-chance"),
        (0.8, "likely"),
        (0.95, "very-likely"),
    ):
        if confidence < limit:
            return word
    return "almost-certain"


def incident_tags(
    incident: Incident, tlp: str, table: Mapping[str, str] | None
) -> list[dict[str, str]]:
    s = incident.summary
    names = [
        f"tlp:{tlp}",
        f'admiralty-scale:source-reliability="{reliability(incident, table)}"',
        f'admiralty-scale:information-credibility="{credibility(incident)}"',
        f'estimative-language:likelihood-probability="{likelihood(s.confidence)}"',
        f'rasd:type="{s.type}"',
        f'rasd:status="{s.status}"',
        *galaxy_tags(incident),
    ]
    return [{"name": n} for n in names]


def galaxy_tags(incident: Incident) -> list[str]:
    """``misp-galaxy:threat-actor`` tags for groups that claimed or were attributed the incident."""
    names = [a.name for a in incident.summary.perpetrators if a.role in ("claimed", "attributed")]
    return [f'misp-galaxy:threat-actor="{n}"' for n in dict.fromkeys(names)]


def incident_attributes(incident: Incident, ts: str) -> list[dict[str, Any]]:
    s = incident.summary
    rid = incident.id
    attrs = [
        _attr((rid, "summary"), ts, "text", "Other", summary_text(incident), f"rasd incident {rid}")
    ]
    for a in s.perpetrators:
        comment = f"{a.role}" + (f"; {a.name_ar}" if a.name_ar else "")
        attrs.append(
            _attr((rid, "actor", a.name), ts, "threat-actor", "Attribution", a.name, comment)
        )
    where = place_text(s.location)
    if where:
        comment = (s.location.name_ar or "") if s.location else ""
        attrs.append(_attr((rid, "place"), ts, "target-location", "Targeting data", where, comment))
    for code in dict.fromkeys(t.gtd_code for t in s.targets):
        words = "; ".join(
            t.name + (f" ({t.surface})" if t.surface else "")
            for t in s.targets
            if t.gtd_code == code
        )
        name = GTD_TARGET_TYPES.get(code, "Unknown")
        attrs.append(
            _attr(
                (rid, "target", code),
                ts,
                "target-org",
                "Targeting data",
                name,
                f"GTD target type {code}: {words}",
            )
        )
    for label, c in (("killed", s.killed), ("wounded", s.wounded), ("arrested", s.arrested)):
        n = count_value(c)
        if n is not None:
            flag = (
                " (at least)"
                if c and c.at_least
                else " (approximate)"
                if c and (c.approx or c.value is None)
                else ""
            )
            attrs.append(_attr((rid, label), ts, "counter", "Other", n, label + flag))
    for art in articles(incident):
        if art.url:
            attrs.append(
                _attr(
                    (rid, "link", art.url),
                    ts,
                    "link",
                    "External analysis",
                    art.url,
                    art.title or "",
                )
            )
    return attrs


def incident_objects(incident: Incident, ts: str) -> list[dict[str, Any]]:
    s = incident.summary
    rid = incident.id
    objects = []
    loc = s.location
    if loc and (loc.country or loc.lat is not None):
        info = country(loc.country)
        objects.append(
            _object(
                "geolocation",
                (rid,),
                ts,
                [
                    ("latitude", "float", "Other", loc.lat),
                    ("longitude", "float", "Other", loc.lon),
                    ("city", "text", "Other", loc.city),
                    ("region", "text", "Other", loc.province),
                    ("country", "text", "Other", info.name if info else loc.country),
                    ("countrycode", "text", "Other", loc.country),
                    ("text", "text", "Other", loc.name_ar),
                    ("accuracy-radius", "float", "Other", ACCURACY_KM.get(loc.precision or "")),
                ],
            )
        )
    for i, report in enumerate(source_reports(incident)):
        a = report.article
        key = (rid, a.doc_id or a.url or i)
        media = _object(
            "news-media",
            key,
            ts,
            [
                ("url", "url", "External analysis", a.url),
                ("title", "text", "Other", a.title),
                (
                    "source",
                    "text",
                    "Other",
                    a.source or (urlsplit(a.url).hostname if a.url else None),
                ),
                ("type", "text", "Other", "Newspaper (Online)"),
            ],
        )
        if not (a.url or a.title or a.source):
            continue
        objects.append(media)
        quotes = evidence_block(list(iter_evidence(report)))[0]
        if not quotes:
            continue
        note = _object(
            "annotation",
            key,
            ts,
            [
                ("text", "text", "Other", quotes),
                ("type", "text", "Other", "Annotation"),
                ("format", "text", "Other", "text"),
                ("ref", "link", "External analysis", a.url),
            ],
        )
        note["ObjectReference"] = [
            {
                "uuid": stable_uuid("misp-ref", note["uuid"], media["uuid"]),
                "object_uuid": note["uuid"],
                "referenced_uuid": media["uuid"],
                "relationship_type": "annotates",
                "timestamp": ts,
                "comment": "",
            }
        ]
        objects.append(note)
    return objects


def _event_date(incident: Incident) -> str:
    d = incident.summary.date
    if d and d.value:
        parts = d.value.split("-")
        return "-".join([*parts, "01", "01"][:3])
    return added_timestamp(incident)[:10]


def _threat_level(incident: Incident) -> str:
    s = incident.summary
    killed = count_value(s.killed) or 0
    if killed >= 10 or s.suicide:
        return "1"
    return "2" if killed or count_value(s.wounded) else "3"


def event(
    incident: Incident, tlp: str = "white", source_reliability: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The MISP event of one incident (``{"Event": {...}}``)."""
    ts = _epoch(incident)
    return {
        "Event": {
            "uuid": stable_uuid("misp-event", incident.id),
            "info": summary_text(incident),
            "date": _event_date(incident),
            "threat_level_id": _threat_level(incident),
            "analysis": "2" if incident.summary.recency == "background" else "1",
            "distribution": DISTRIBUTION[tlp],
            "published": False,
            "timestamp": ts,
            "Orgc": ORG,
            "Tag": incident_tags(incident, tlp, source_reliability),
            "Attribute": incident_attributes(incident, ts),
            "Object": incident_objects(incident, ts),
        }
    }


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_events(
    incidents: Iterable[Incident],
    out: IO[str],
    stats: ExportStats,
    *,
    tlp: str,
    source_reliability: Mapping[str, str] | None,
) -> None:
    """One event per incident, one per line."""
    for ev in each_converted(incidents, stats, lambda inc: event(inc, tlp, source_reliability)):
        out.write(_dumps(ev) + "\n")
        stats.written += 1


def write_single_event(
    incidents: Iterable[Incident],
    out: IO[str],
    stats: ExportStats,
    *,
    tlp: str,
    source_reliability: Mapping[str, str] | None,
) -> None:
    """One event for the whole export; attributes carry each incident's tags."""
    digest = hashlib.sha256()
    galaxy: set[str] = set()
    first_date = last_date = ""
    last_ts = 0
    sep = "\n"
    out.write('{"Event":{"Attribute":[')
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as spool:
        osep = "\n"

        def convert(inc: Incident) -> tuple[Incident, list[dict[str, Any]], list[dict[str, Any]]]:
            ts = _epoch(inc)
            tags = incident_tags(inc, tlp, source_reliability)
            attrs = incident_attributes(inc, ts)
            for a in attrs:
                a["Tag"] = tags
            return inc, attrs, incident_objects(inc, ts)

        for inc, attrs, objects in each_converted(incidents, stats, convert):
            for a in attrs:
                line = _dumps(a)
                digest.update(line.encode("utf-8"))
                out.write(sep + line)
                sep = ",\n"
            for o in objects:
                o["comment"] = f"rasd incident {inc.id}"
                line = _dumps(o)
                digest.update(line.encode("utf-8"))
                spool.write(osep + line)
                osep = ",\n"
            galaxy.update(galaxy_tags(inc))
            day = _event_date(inc)
            first_date = min(first_date or day, day)
            last_date = max(last_date, day)
            last_ts = max(last_ts, int(_epoch(inc)))
            stats.written += 1
        out.write('\n],"Object":[')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
    tags = [{"name": f"tlp:{tlp}"}, {"name": 'rasd:export="per-export"'}] + [
        {"name": g} for g in sorted(galaxy)
    ]
    span = f" ({first_date} to {last_date})" if first_date else ""
    tail = {
        "Tag": tags,
        "uuid": stable_uuid("misp-export", digest.hexdigest()),
        "info": f"rasd export: {stats.written} incidents{span}",
        "date": last_date or "1970-01-01",
        "threat_level_id": "4",
        "analysis": "1",
        "distribution": DISTRIBUTION[tlp],
        "published": False,
        "timestamp": str(last_ts),
        "Orgc": ORG,
    }
    out.write("\n]," + _dumps(tail)[1:] + "}\n")


class MispExporter(Exporter):
    """MISP core format events (see module docs)."""

    name = "misp"
    description = "MISP core-format events: one per incident (JSON Lines) or one per export"
    media_type = "application/json"
    suffix = ".json"
    options: ClassVar[Mapping[str, Any]] = {
        "tlp": "white",
        "per_export": False,
        "source_reliability": None,
    }

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        kwargs = {"tlp": options["tlp"], "source_reliability": options["source_reliability"]}
        if options["per_export"]:
            write_single_event(incidents, out, stats, **kwargs)
        else:
            write_events(incidents, out, stats, **kwargs)
