"""How an act was done, where the means and the act disagree on its type."""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.base import KnowledgeBase
from rasd.kb.matcher import Match

#: Charges worn on the body. Named with no blast, they say how the attackers were
#: equipped, not that anyone blew himself up ("مسلحون يرتدون أحزمة ناسفة").
WORN_CHARGES = frozenset({"suicide-belt", "suicide-vest"})
EXPLOSIVES = 6  # GTD weapon types
FIREARMS = 5
#: Explosives carried and thrown by gunmen: beside guns they arm a shooting.
HAND_THROWN = frozenset({"grenade"})


def worn_charge_only(
    sentence: Sentence,
    kb: KnowledgeBase,
    until: int | None = None,
    *,
    no_other_explosive: bool = False,
) -> bool:
    """Whether every suicide weapon of the sentence (before token ``until``) is a worn
    belt or vest: with only a shooting told, the act is an armed assault, not a
    suicide bombing (the vest may be fake, or never set off). With
    ``no_other_explosive``, no other explosive (a bomb, a car bomb) may be named."""
    entries = kb.weapons.entries
    ids = set()
    for m in sentence.weapons:
        if until is not None and m.first >= until:
            continue
        e = entries[m.payload]
        if e.suicide or (no_other_explosive and e.gtd_code == EXPLOSIVES):
            ids.add(e.id)
    return bool(ids) and ids <= WORN_CHARGES


def guns_and_grenades(sentence: Sentence, kb: KnowledgeBase, until: int | None = None) -> bool:
    """Whether the sentence (before token ``until``) names guns, and no explosive but
    hand grenades: "مسلحون مزودون ببنادق آلية وقنابل يدوية" tell an armed assault."""
    entries = kb.weapons.entries
    guns = False
    for m in sentence.weapons:
        if until is not None and m.first >= until:
            continue
        e = entries[m.payload]
        if e.gtd_code == EXPLOSIVES and e.id not in HAND_THROWN:
            return False
        guns = guns or e.gtd_code == FIREARMS
    return guns


def explosives_arm_gunmen(sentence: Sentence, kb: KnowledgeBase, until: int | None = None) -> bool:
    """Whether the only explosives of the sentence are worn belts or, beside guns, hand
    grenades: a generic "attack" with them is no bombing."""
    return worn_charge_only(sentence, kb, until, no_other_explosive=True) or guns_and_grenades(
        sentence, kb, until
    )


def drop_thrown_bombs(
    by_type: dict[str, list[Match[Any]]],
    sentence: Sentence,
    kb: KnowledgeBase,
    until: int | None = None,
) -> None:
    """Gunmen "armed with rifles and hand grenades" (هاجم مسلحون مزودون ببنادق
    وقنابل يدوية) commit an armed assault: the bomb words inside the grenade phrase
    name no bombing. Changes ``by_type`` in place."""
    if "bombing" not in by_type or "armed_assault" not in by_type:
        return
    if not guns_and_grenades(sentence, kb, until):
        return
    entries = kb.weapons.entries
    thrown = {
        i
        for m in sentence.weapons
        if entries[m.payload].id in HAND_THROWN
        for i in range(m.first, m.last + 1)
    }
    kept = [t for t in by_type["bombing"] if t.first not in thrown]
    if kept:
        by_type["bombing"] = kept
    else:
        del by_type["bombing"]
