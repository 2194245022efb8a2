"""Country table for exports."""

from __future__ import annotations

import pytest
from stix2validator.v21.enums import REGION_OV

from rasd.share import regions
from rasd.share.regions import _TABLE, GTD_REGIONS, country, country_name


@pytest.mark.parametrize(
    ("code", "name", "region", "iso3"),
    [
        ("iq", "Iraq", 10, "IRQ"),
        ("PS", "West Bank and Gaza Strip", 10, "PSE"),
        ("TJ", "Tajikistan", 7, "TJK"),
        ("ML", "Mali", 11, "MLI"),
    ],
)
def test_lookup(code: str, name: str, region: int, iso3: str) -> None:
    info = country(code)
    assert info is not None
    assert (info.name, info.gtd_region, info.iso3) == (name, region, iso3)
    assert info.gtd_region_txt == GTD_REGIONS[region]


def test_unknown_and_missing() -> None:
    assert country("ZZ") is None and country(None) is None
    assert country_name("zz") == "ZZ" and country_name(None) == ""


def test_table_values_are_valid() -> None:
    for code, (iso3, name, region, stix_region) in _TABLE.items():
        assert len(code) == 2 and len(iso3) == 3 and name
        assert region in GTD_REGIONS
        assert stix_region in REGION_OV, code


def test_codes_missing_from_the_table_come_from_the_gazetteer() -> None:
    country.cache_clear()
    info = country("KP")
    assert info is not None
    assert (info.iso3, info.gtd_region, info.stix_region) == ("PRK", 4, "")


def test_without_the_gazetteer_the_table_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(regions.importlib, "import_module", missing)
    country.cache_clear()
    try:
        assert country("KP") is None
        info = country("IQ")
        assert info is not None and info.name == "Iraq"
    finally:
        country.cache_clear()
