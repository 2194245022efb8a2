"""Incident taxonomy and its crosswalk to GTD, ACLED, PLOVER and STIX 2.1.

The GTD code lists (attack types, 13 weapon types, 22 target types) are the
vocabularies rasd uses for targets and weapons so exports line up.
"""

from __future__ import annotations

from dataclasses import dataclass

INCIDENT_TYPES: tuple[str, ...] = (
    "bombing",
    "suicide_bombing",
    "armed_assault",
    "stabbing",
    "vehicle_ramming",
    "assassination",
    "kidnapping",
    "hostage_taking",
    "attack_on_facility",
    "prison_attack_or_riot",
    "plot_foiled",
    "arrest_raid",
    "claim",
    "warning_threat",
    "other",
)

STATUSES: tuple[str, ...] = (
    "executed",
    "foiled",
    "attempted_failed",
    "planned",
    "claimed_only",
    "unknown",
)

# Types that are attacks (as opposed to security operations, claims, warnings).
ATTACK_TYPES = frozenset(INCIDENT_TYPES[:10])

GTD_ATTACK_TYPES: dict[int, str] = {
    1: "Assassination",
    2: "Armed Assault",
    3: "Bombing/Explosion",
    4: "Hijacking",
    5: "Hostage Taking (Barricade Incident)",
    6: "Hostage Taking (Kidnapping)",
    7: "Facility/Infrastructure Attack",
    8: "Unarmed Assault",
    9: "Unknown",
}

GTD_WEAPON_TYPES: dict[int, str] = {
    1: "Biological",
    2: "Chemical",
    3: "Radiological",
    4: "Nuclear",
    5: "Firearms",
    6: "Explosives",
    7: "Fake Weapons",
    8: "Incendiary",
    9: "Melee",
    10: "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
    11: "Sabotage Equipment",
    12: "Other",
    13: "Unknown",
}

GTD_TARGET_TYPES: dict[int, str] = {
    1: "Business",
    2: "Government (General)",
    3: "Police",
    4: "Military",
    5: "Abortion Related",
    6: "Airports & Aircraft",
    7: "Government (Diplomatic)",
    8: "Educational Institution",
    9: "Food or Water Supply",
    10: "Journalists & Media",
    11: "Maritime",
    12: "NGO",
    13: "Other",
    14: "Private Citizens & Property",
    15: "Religious Figures/Institutions",
    16: "Telecommunication",
    17: "Terrorists/Non-State Militia",
    18: "Tourists",
    19: "Transportation",
    20: "Unknown",
    21: "Utilities",
    22: "Violent Political Party",
}


@dataclass(frozen=True)
class Crosswalk:
    """How one rasd incident type maps onto the external vocabularies."""

    gtd_attacktype: int | None  # None: GTD excludes this kind of event
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover_event: str | None
    plover_mode: str | None
    stix_object: str


CROSSWALK: dict[str, Crosswalk] = {
    "bombing": Crosswalk(
        3,
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "ASSAULT",
        "explosives",
        "incident",
    ),
    "suicide_bombing": Crosswalk(
        3, "Explosions/Remote violence", "Suicide bomb", "ASSAULT", "suicide-attack", "incident"
    ),
    "armed_assault": Crosswalk(
        2, "Violence against civilians", "Attack", "ASSAULT", "firearms", "incident"
    ),
    "stabbing": Crosswalk(
        2, "Violence against civilians", "Attack", "ASSAULT", "primitive", "incident"
    ),
    "vehicle_ramming": Crosswalk(
        8, "Violence against civilians", "Attack", "ASSAULT", "primitive", "incident"
    ),
    "assassination": Crosswalk(
        1, "Violence against civilians", "Attack", "ASSAULT", "targeted", "incident"
    ),
    "kidnapping": Crosswalk(
        6,
        "Violence against civilians",
        "Abduction/forced disappearance",
        "ASSAULT",
        "abduct",
        "incident",
    ),
    "hostage_taking": Crosswalk(
        5,
        "Violence against civilians",
        "Abduction/forced disappearance",
        "ASSAULT",
        "abduct",
        "incident",
    ),
    "attack_on_facility": Crosswalk(
        7, "Violence against civilians", "Attack", "ASSAULT", "destroy", "incident"
    ),
    "prison_attack_or_riot": Crosswalk(
        7, "Riots", "Looting/property destruction", "ASSAULT", "destroy", "incident"
    ),
    "plot_foiled": Crosswalk(
        None, "Strategic developments", "Disrupted weapons use", "COERCE", "seize", "incident"
    ),
    "arrest_raid": Crosswalk(
        None, "Strategic developments", "Arrests", "COERCE", "arrest", "incident"
    ),
    "claim": Crosswalk(None, None, None, None, None, "note"),
    "warning_threat": Crosswalk(None, None, None, "THREATEN", "violence", "incident"),
    "other": Crosswalk(9, "Strategic developments", "Other", "ASSAULT", None, "incident"),
}

# STIX Incident Core Extension "determination" per status.
STIX_DETERMINATION: dict[str, str] = {
    "executed": "successful",
    "attempted_failed": "failed",
    "foiled": "blocked",
    "planned": "pending",
    "claimed_only": "suspected",
    "unknown": "suspected",
}


def check_type(value: str) -> str:
    if value not in INCIDENT_TYPES:
        raise ValueError(
            f"unknown incident type {value!r}; expected one of {', '.join(INCIDENT_TYPES)}"
        )
    return value


def check_status(value: str) -> str:
    if value not in STATUSES:
        raise ValueError(f"unknown status {value!r}; expected one of {', '.join(STATUSES)}")
    return value
