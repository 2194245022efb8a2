"""Country names and regions for exports: ISO 3166-1 alpha-2 → English/GTD name,
ISO alpha-3, GTD region and STIX ``region-ov`` value.

A minimal table covering the countries rasd reports on most, with GTD's
spellings; codes it lacks are looked up in the full gazetteer
(``rasd.kb.places``) when that is available. Sources: ISO 3166-1; GTD Codebook (START, 2021) region codes
and country spellings; STIX 2.1 §10.13 region vocabulary (UN M49 sub-regions).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from rasd.errors import RasdError

GTD_REGIONS: dict[int, str] = {
    1: "North America",
    2: "Central America & Caribbean",
    3: "South America",
    4: "East Asia",
    5: "Southeast Asia",
    6: "South Asia",
    7: "Central Asia",
    8: "Western Europe",
    9: "Eastern Europe",
    10: "Middle East & North Africa",
    11: "Sub-Saharan Africa",
    12: "Australasia & Oceania",
}


@dataclass(frozen=True)
class Country:
    """One country as the export formats need it."""

    iso2: str
    iso3: str
    name: str  # English; GTD ``country_txt`` spelling where GTD has one
    gtd_region: int
    stix_region: str  # "" when unknown

    @property
    def gtd_region_txt(self) -> str:
        return GTD_REGIONS[self.gtd_region]


# iso2: (iso3, name, GTD region, STIX region-ov)
_TABLE: dict[str, tuple[str, str, int, str]] = {
    # Middle East & North Africa (GTD 10)
    "AE": ("ARE", "United Arab Emirates", 10, "western-asia"),
    "BH": ("BHR", "Bahrain", 10, "western-asia"),
    "DZ": ("DZA", "Algeria", 10, "northern-africa"),
    "EG": ("EGY", "Egypt", 10, "northern-africa"),
    "EH": ("ESH", "Western Sahara", 10, "northern-africa"),
    "IL": ("ISR", "Israel", 10, "western-asia"),
    "IQ": ("IRQ", "Iraq", 10, "western-asia"),
    "IR": ("IRN", "Iran", 10, "southern-asia"),
    "JO": ("JOR", "Jordan", 10, "western-asia"),
    "KW": ("KWT", "Kuwait", 10, "western-asia"),
    "LB": ("LBN", "Lebanon", 10, "western-asia"),
    "LY": ("LBY", "Libya", 10, "northern-africa"),
    "MA": ("MAR", "Morocco", 10, "northern-africa"),
    "OM": ("OMN", "Oman", 10, "western-asia"),
    "PS": ("PSE", "West Bank and Gaza Strip", 10, "western-asia"),
    "QA": ("QAT", "Qatar", 10, "western-asia"),
    "SA": ("SAU", "Saudi Arabia", 10, "western-asia"),
    "SY": ("SYR", "Syria", 10, "western-asia"),
    "TN": ("TUN", "Tunisia", 10, "northern-africa"),
    "TR": ("TUR", "Turkey", 10, "western-asia"),
    "YE": ("YEM", "Yemen", 10, "western-asia"),
    # Sub-Saharan Africa (GTD 11)
    "BF": ("BFA", "Burkina Faso", 11, "western-africa"),
    "BI": ("BDI", "Burundi", 11, "eastern-africa"),
    "BJ": ("BEN", "Benin", 11, "western-africa"),
    "CD": ("COD", "Democratic Republic of the Congo", 11, "middle-africa"),
    "CF": ("CAF", "Central African Republic", 11, "middle-africa"),
    "CI": ("CIV", "Ivory Coast", 11, "western-africa"),
    "CM": ("CMR", "Cameroon", 11, "middle-africa"),
    "DJ": ("DJI", "Djibouti", 11, "eastern-africa"),
    "ER": ("ERI", "Eritrea", 11, "eastern-africa"),
    "ET": ("ETH", "Ethiopia", 11, "eastern-africa"),
    "GH": ("GHA", "Ghana", 11, "western-africa"),
    "KE": ("KEN", "Kenya", 11, "eastern-africa"),
    "KM": ("COM", "Comoros", 11, "eastern-africa"),
    "ML": ("MLI", "Mali", 11, "western-africa"),
    "MR": ("MRT", "Mauritania", 11, "western-africa"),
    "MZ": ("MOZ", "Mozambique", 11, "eastern-africa"),
    "NE": ("NER", "Niger", 11, "western-africa"),
    "NG": ("NGA", "Nigeria", 11, "western-africa"),
    "RW": ("RWA", "Rwanda", 11, "eastern-africa"),
    "SD": ("SDN", "Sudan", 11, "northern-africa"),
    "SN": ("SEN", "Senegal", 11, "western-africa"),
    "SO": ("SOM", "Somalia", 11, "eastern-africa"),
    "SS": ("SSD", "South Sudan", 11, "eastern-africa"),
    "TD": ("TCD", "Chad", 11, "middle-africa"),
    "TG": ("TGO", "Togo", 11, "western-africa"),
    "TZ": ("TZA", "Tanzania", 11, "eastern-africa"),
    "UG": ("UGA", "Uganda", 11, "eastern-africa"),
    # South Asia (GTD 6)
    "AF": ("AFG", "Afghanistan", 6, "southern-asia"),
    "BD": ("BGD", "Bangladesh", 6, "southern-asia"),
    "IN": ("IND", "India", 6, "southern-asia"),
    "LK": ("LKA", "Sri Lanka", 6, "southern-asia"),
    "MV": ("MDV", "Maldives", 6, "southern-asia"),
    "NP": ("NPL", "Nepal", 6, "southern-asia"),
    "PK": ("PAK", "Pakistan", 6, "southern-asia"),
    # Central Asia and the Caucasus (GTD 7)
    "AM": ("ARM", "Armenia", 7, "western-asia"),
    "AZ": ("AZE", "Azerbaijan", 7, "western-asia"),
    "GE": ("GEO", "Georgia", 7, "western-asia"),
    "KG": ("KGZ", "Kyrgyzstan", 7, "central-asia"),
    "KZ": ("KAZ", "Kazakhstan", 7, "central-asia"),
    "TJ": ("TJK", "Tajikistan", 7, "central-asia"),
    "TM": ("TKM", "Turkmenistan", 7, "central-asia"),
    "UZ": ("UZB", "Uzbekistan", 7, "central-asia"),
    # East and Southeast Asia (GTD 4, 5)
    "CN": ("CHN", "China", 4, "eastern-asia"),
    "JP": ("JPN", "Japan", 4, "eastern-asia"),
    "ID": ("IDN", "Indonesia", 5, "south-eastern-asia"),
    "MM": ("MMR", "Myanmar", 5, "south-eastern-asia"),
    "MY": ("MYS", "Malaysia", 5, "south-eastern-asia"),
    "PH": ("PHL", "Philippines", 5, "south-eastern-asia"),
    "SG": ("SGP", "Singapore", 5, "south-eastern-asia"),
    "TH": ("THA", "Thailand", 5, "south-eastern-asia"),
    # Europe (GTD 8 west, 9 east)
    "AT": ("AUT", "Austria", 8, "western-europe"),
    "BE": ("BEL", "Belgium", 8, "western-europe"),
    "CH": ("CHE", "Switzerland", 8, "western-europe"),
    "CY": ("CYP", "Cyprus", 8, "western-asia"),
    "DE": ("DEU", "Germany", 8, "western-europe"),
    "DK": ("DNK", "Denmark", 8, "northern-europe"),
    "ES": ("ESP", "Spain", 8, "southern-europe"),
    "FR": ("FRA", "France", 8, "western-europe"),
    "GB": ("GBR", "United Kingdom", 8, "northern-europe"),
    "GR": ("GRC", "Greece", 8, "southern-europe"),
    "IE": ("IRL", "Ireland", 8, "northern-europe"),
    "IT": ("ITA", "Italy", 8, "southern-europe"),
    "MT": ("MLT", "Malta", 8, "southern-europe"),
    "NL": ("NLD", "Netherlands", 8, "western-europe"),
    "NO": ("NOR", "Norway", 8, "northern-europe"),
    "SE": ("SWE", "Sweden", 8, "northern-europe"),
    "AL": ("ALB", "Albania", 9, "southern-europe"),
    "BA": ("BIH", "Bosnia-Herzegovina", 9, "southern-europe"),
    "BG": ("BGR", "Bulgaria", 9, "eastern-europe"),
    "BY": ("BLR", "Belarus", 9, "eastern-europe"),
    "MK": ("MKD", "North Macedonia", 9, "southern-europe"),
    "RS": ("SRB", "Serbia", 9, "southern-europe"),
    "RU": ("RUS", "Russia", 9, "eastern-europe"),
    "UA": ("UKR", "Ukraine", 9, "eastern-europe"),
    "XK": ("XKX", "Kosovo", 9, "southern-europe"),
    # Americas and Oceania (GTD 1, 3, 12)
    "CA": ("CAN", "Canada", 1, "northern-america"),
    "MX": ("MEX", "Mexico", 1, "central-america"),
    "US": ("USA", "United States", 1, "northern-america"),
    "BR": ("BRA", "Brazil", 3, "south-america"),
    "CO": ("COL", "Colombia", 3, "south-america"),
    "AU": ("AUS", "Australia", 12, "australia-new-zealand"),
    "NZ": ("NZL", "New Zealand", 12, "australia-new-zealand"),
}


def _gazetteer_country(iso2: str) -> Country | None:
    """A country from the full gazetteer (``rasd.kb.places``), when it is available.

    Used only for codes missing from the table above (whose names follow GTD
    spelling). The gazetteer has no STIX region, so ``stix_region`` is ``""``.
    """
    try:
        places = importlib.import_module("rasd.kb.places")
        found = places.load_gazetteer().country(iso2)
    except (ImportError, AttributeError, KeyError, OSError, RasdError):
        return None
    region = int(getattr(found, "gtd_region", 0))
    if region not in GTD_REGIONS:
        return None
    return Country(iso2, str(found.iso3), str(found.name_en), region, "")


@cache
def country(iso2: str | None) -> Country | None:
    """Look up a country by ISO alpha-2 code (case-insensitive); ``None`` if unknown.

    The table above first; then the gazetteer, loaded lazily on the first code the
    table lacks.
    """
    if not iso2:
        return None
    code = iso2.strip().upper()
    row = _TABLE.get(code)
    if row is None:
        return _gazetteer_country(code)
    iso3, name, gtd_region, stix_region = row
    return Country(code, iso3, name, gtd_region, stix_region)


def country_name(iso2: str | None) -> str:
    """English name, or the code itself when unknown, or ``""`` when missing."""
    info = country(iso2)
    if info:
        return info.name
    return (iso2 or "").upper()
