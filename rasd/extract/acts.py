"""Groups of incident types shared by the extraction rules."""

from __future__ import annotations

from typing import Any

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


def strongest(matches: list[Any]) -> Any:
    """The trigger that names the act most plainly, the first of equals: in "عبوة ناسفة
    انفجرت" the verb tells the blast, the device noun before it only the means."""
    return max(matches, key=lambda m: m.payload.weight)
