"""Groups a sentence names as the other side, not as the author of its act.

* The object of fighting: "قوة لقتال «بوكو حرام»", "الميليشيا التي تقاتل داعش", "حملة
  ضد الحركة": the group is the enemy of the state or militia named, not the attacker.
* The owner of the target: "حاجز لوحدات حماية الشعب", "موقع تابع لكتائب القسام": the
  group whose checkpoint, post or car was hit is the victim.

A group named right after such a group with "و" ("ضد داعش وجبهة النصرة") is on the
same side.
"""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

FIGHT_WORDS = frozenset(
    key(w)
    for w in (
        "قتال",
        "تقاتل",
        "يقاتل",
        "يقاتلون",
        "تقاتلان",
        "يقاتلان",
        "محاربة",
        "تحارب",
        "يحارب",
        "يحاربون",
        "التصدي",
        "تتصدى",
        "يتصدى",
        "ضد",
        "مواجهة",
        "تواجه",
        "يواجه",
        "يواجهون",
        "دحر",
        "طرد",
    )
)
# words between a target and the group that owns it: "موقع تابع لكتائب القسام"
OWNER_LINKS = frozenset(
    key(w) for w in ("تابع", "تابعا", "التابع", "تابعة", "التابعة", "يعود", "تعود")
)
FIGHT_REACH = 2  # words from the fight word to the group
OWNER_REACH = 2  # words from the target to the group
_AND = key("و")


def _words_before(sentence: Sentence, first: int, n: int) -> list[int]:
    """Indexes of up to ``n`` word tokens before ``first`` (punctuation skipped)."""
    toks = sentence.doc.tokens
    out: list[int] = []
    i = first - 1
    while i >= sentence.first_token and len(out) < n:
        if toks[i].kind != "punct":
            out.append(i)
        elif toks[i].norm in ",،.;:":
            break
        i -= 1
    return out


def _fought(sentence: Sentence, gm: Match[Any]) -> bool:
    toks = sentence.doc.tokens
    return any(
        not FIGHT_WORDS.isdisjoint(prefix_keys(toks[i].norm))
        for i in _words_before(sentence, gm.first, FIGHT_REACH)
    )


def _owner(sentence: Sentence, gm: Match[Any]) -> bool:
    """The group follows a target noun with "ل" or a word of belonging."""
    toks = sentence.doc.tokens
    head = toks[gm.first].norm
    before = _words_before(sentence, gm.first, OWNER_REACH)
    if not before:
        return False
    target_ends = {t.last for t in sentence.targets}
    if before[0] in target_ends and head.startswith("ل"):
        return True  # "حاجز لوحدات حماية الشعب"
    return (
        len(before) == 2 and before[1] in target_ends and key(toks[before[0]].norm) in OWNER_LINKS
    )  # "موقع تابع لكتائب القسام"


def other_side(sentence: Sentence) -> set[int]:
    """First-token indexes of the group mentions named as the enemy or the owner of
    the target in this sentence."""
    out: set[int] = set()
    toks = sentence.doc.tokens
    prev_last = -1
    for gm in sorted(sentence.groups, key=lambda g: g.first):
        hit = _fought(sentence, gm) or _owner(sentence, gm)
        if not hit and prev_last >= 0 and gm.first - prev_last <= 2:
            joint = toks[gm.first].norm.startswith("و") or key(toks[gm.first - 1].norm) == _AND
            hit = joint
        if hit:
            out.add(gm.first)
            prev_last = gm.last
    return out
