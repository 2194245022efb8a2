"""GeoJSON (RFC 7946): a FeatureCollection of incidents, written incrementally.

Each feature is a ``Point`` with ``[longitude, latitude]`` (RFC 7946 §3.1.1 order,
WGS 84, six decimals), the rasd id as the feature ``id`` and flat properties
that GIS tools can show in attribute tables: type, status, date and precision,
country, province, city, Arabic place name, location precision, perpetrators,
targets, weapons, killed/wounded/arrested, suicide, confidence, English
summary, Arabic title of the first source, source URLs.

Incidents without coordinates are kept with ``"geometry": null`` (allowed by
RFC 7946 §3.2) unless ``located_only=True``, which skips them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any, ClassVar

from rasd.model import Incident
from rasd.share.base import Exporter, ExportStats, each_converted
from rasd.share.fields import articles, core_fields, count_value, summary_text


def _geometry(incident: Incident) -> dict[str, Any] | None:
    loc = incident.summary.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    if not (-90.0 <= loc.lat <= 90.0 and -180.0 <= loc.lon <= 180.0):
        raise ValueError(f"coordinates out of range: lat {loc.lat}, lon {loc.lon}")
    return {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]}


def feature(incident: Incident, located_only: bool = False) -> dict[str, Any] | None:
    """One GeoJSON Feature, or ``None`` when it has no point and ``located_only``."""
    geometry = _geometry(incident)
    if geometry is None and located_only:
        return None
    s = incident.summary
    sources = articles(incident)
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": geometry,
        "properties": {
            **core_fields(s),
            "perpetrators": "; ".join(a.name for a in s.perpetrators) or None,
            "perpetrators_ar": "; ".join(a.name_ar for a in s.perpetrators if a.name_ar) or None,
            "targets": "; ".join(t.name for t in s.targets) or None,
            "weapons": "; ".join(w.name for w in s.weapons) or None,
            "killed": count_value(s.killed),
            "wounded": count_value(s.wounded),
            "arrested": count_value(s.arrested),
            "suicide": s.suicide,
            "confidence": s.confidence,
            "summary": summary_text(incident),
            "title_ar": next((a.title for a in sources if a.title), None),
            "sources": " ".join(a.url for a in sources if a.url) or None,
            "updated_at": incident.updated_at or None,
        },
    }


class GeoJsonExporter(Exporter):
    """RFC 7946 FeatureCollection (see module docs)."""

    name = "geojson"
    description = "GeoJSON FeatureCollection (RFC 7946), one point feature per incident"
    media_type = "application/geo+json"
    suffix = ".geojson"
    options: ClassVar[Mapping[str, Any]] = {"located_only": False}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        located_only = bool(options["located_only"])
        out.write('{"type":"FeatureCollection","features":[')
        sep = "\n"
        for feat in each_converted(incidents, stats, lambda inc: feature(inc, located_only)):
            out.write(sep + json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
            sep = ",\n"
            stats.written += 1
        out.write("\n]}\n")
