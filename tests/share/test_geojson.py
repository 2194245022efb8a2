"""GeoJSON (RFC 7946) FeatureCollection."""

from __future__ import annotations

import io
import json
from typing import Any

import geojson

from rasd.model import Incident
from rasd.share import export

from .factories import sample


def collection(incidents: list[Incident], **options: Any) -> tuple[str, dict[str, Any]]:
    buf = io.StringIO()
    export(incidents, "geojson", buf, **options)
    return buf.getvalue(), json.loads(buf.getvalue())


def check_rfc7946(fc: dict[str, Any]) -> None:
    """The parts of RFC 7946 our output touches."""
    assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list)
    assert "crs" not in fc  # §4: no CRS member; WGS 84 only
    for feat in fc["features"]:
        assert feat["type"] == "Feature"
        assert set(feat) >= {"type", "geometry", "properties"}
        assert isinstance(feat["id"], str | int)
        geom = feat["geometry"]
        if geom is not None:
            assert geom["type"] == "Point"
            lon, lat = geom["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_valid_geojson(incidents: list[Incident]) -> None:
    text, fc = collection(incidents)
    check_rfc7946(fc)
    obj = geojson.loads(text)
    assert obj.is_valid, obj.errors()
    assert len(fc["features"]) == 4


def test_longitude_first_and_properties(incidents: list[Incident]) -> None:
    _, fc = collection(incidents)
    bomb = next(f for f in fc["features"] if f["id"] == "inc-2024-0001")
    assert bomb["geometry"]["coordinates"] == [43.13, 36.34]
    props = bomb["properties"]
    assert (props["type"], props["killed"], props["name_ar"]) == ("bombing", 5, "الموصل")
    assert props["perpetrators_ar"] == "الدولة الإسلامية"
    assert props["title_ar"] == "انفجار عبوة ناسفة في سوق بالموصل"
    claim = next(f for f in fc["features"] if f["id"] == "inc-2024-0002")
    assert claim["geometry"] is None


def test_located_only(incidents: list[Incident]) -> None:
    buf = io.StringIO()
    stats = export(incidents, "geojson", buf, located_only=True)
    fc = json.loads(buf.getvalue())
    assert [f["id"] for f in fc["features"]] == ["inc-2024-0001", "inc-2023-0420"]
    assert (stats.written, stats.skipped) == (2, 2)


def test_empty_and_deterministic(incidents: list[Incident]) -> None:
    _, empty = collection([])
    assert empty == {"type": "FeatureCollection", "features": []}
    assert collection(incidents)[0] == collection(sample())[0]
