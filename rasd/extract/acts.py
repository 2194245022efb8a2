"""Groups of incident types shared by the extraction rules."""

from __future__ import annotations

# Attack types by precedence when a sentence holds triggers of several types.
ATTACK_ORDER = (
    "suicide_bombing",
    "bombing",
    "assassination",
    "hostage_taking",
    "kidnapping",
    "stabbing",
    "vehicle_ramming",
    "prison_attack_or_riot",
    "attack_on_facility",
    "armed_assault",
)
# Attacks on people (not on a prison or a facility).
PERSON_ATTACKS = frozenset(ATTACK_ORDER) - {"prison_attack_or_riot", "attack_on_facility"}
