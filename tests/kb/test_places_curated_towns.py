"""Curated towns the GeoNames build lacks in Arabic (issue 3): resolved with their
country and coordinates."""

from __future__ import annotations

import pytest

from rasd.kb.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "country", "name_en", "lat", "lon"),
    [
        ("أفجوي", "SO", "Afgoye", 2.14, 45.12),
        ("أفقوي", "SO", "Afgoye", 2.14, 45.12),
        ("السيدة زينب", "SY", "Sayyida Zaynab", 33.44, 36.34),
        ("بيسلان", "RU", "Beslan", 43.19, 44.53),
    ],
)
def test_curated_town(
    gaz: Gazetteer, name: str, country: str, name_en: str, lat: float, lon: float
) -> None:
    place = gaz.resolve(name)
    assert place is not None
    assert (place.country, place.name_en) == (country, name_en)
    assert abs(place.lat - lat) < 0.05 and abs(place.lon - lon) < 0.05
