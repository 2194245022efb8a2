"""A group's record told in an aside: "مرتبط بجبهة التحرر، وهي مجموعة تبنت في العام
2013 هجوما انتحاريا على السفارة في أنقرة، …".

The aside describes the group named before it by a past act; the sentence reports
the act named before the aside (the attack the group is blamed for now). The act,
date and place inside the aside are the group's record, not the sentence's event.
"""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

# "وهي مجموعة", "وهو تنظيم": a pronoun opening a description of the group before it
_PRONOUNS = frozenset(key(w) for w in ("وهي", "وهو", "هي", "هو"))
GROUP_NOUNS = frozenset(
    key(w)
    for w in (
        "مجموعة",
        "جماعة",
        "منظمة",
        "حركة",
        "تنظيم",
        "جبهة",
        "حزب",
        "فصيل",
        "ميليشيا",
        "خلية",
    )
)
# "الجماعة التي سبق أن تبنت": a relative clause on the group telling its past acts
_RELATIVES = frozenset(key(w) for w in ("التي", "الذي", "اللتين", "الذين"))
RECORD_VERBS = frozenset(
    key(w)
    for w in (
        *("تبنت", "تبنى", "سبق", "نفذت", "نفذ", "أعلنت", "أعلن", "شنت", "شن", "ارتكبت"),
        *("بايع", "بايعت", "انشق", "انشقت"),
    )
)
NOUN_REACH = 2  # tokens from the pronoun to the group noun
CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!", "?", "؟"})
_CLOSERS = frozenset({"»", '"', "'", ")", "،", ","})


def _opener(norms: list[str], i: int, group_ends: frozenset[int] = frozenset()) -> bool:
    """Whether token ``i`` opens an aside on the group before it; ``group_ends``: the
    sentence-relative last tokens of the group names matched in the sentence."""
    w = key(norms[i])
    if w in _PRONOUNS:
        nxt = norms[i + 1 : i + 1 + NOUN_REACH]
        return any(not GROUP_NOUNS.isdisjoint(prefix_keys(n)) for n in nxt)
    if (
        w not in _RELATIVES
        or i == 0
        or i + 1 >= len(norms)
        or key(norms[i + 1]) not in RECORD_VERBS
    ):
        return False
    if not GROUP_NOUNS.isdisjoint(prefix_keys(norms[i - 1])):
        return True
    # "تنظيم «ولاية سيناء»، الذي بايع …": right after a group's name (and its quotes)
    j = i - 1
    while j > 0 and norms[j] in _CLOSERS:
        j -= 1
    return j in group_ends


def record_aside(sentence: Sentence, triggers: list[Match[Any]]) -> tuple[int, int] | None:
    """The token range [start, end) of an aside telling a group's past acts, when the
    sentence names an act before it; else None."""
    if len(triggers) < 2:
        return None
    norms = sentence.norms()
    base = sentence.first_token
    group_ends = frozenset(g.last - base for g in sentence.groups)
    for i in range(1, len(norms) - 1):
        if not _opener(norms, i, group_ends):
            continue
        start = base + i
        if not any(t.last < start for t in triggers) or not any(t.first > start for t in triggers):
            return None
        end = next(
            (base + j for j in range(i + 2, len(norms)) if norms[j] in CLAUSE_ENDS),
            sentence.last_token,
        )
        return start, end
    return None


def outside(first: int, aside: tuple[int, int] | None) -> bool:
    """Whether a token lies outside the aside."""
    return aside is None or not aside[0] <= first < aside[1]


# "منذ تفجيرات مايو 2003، حتى العملية الانتحارية في أبها ظهر أمس": a span of time
# from one act to another; each act has its own date and place
_SINCE = frozenset(key(w) for w in ("منذ", "ومنذ"))
_UNTIL = frozenset(key(w) for w in ("حتى", "وحتى"))
SINCE_REACH = 12  # tokens from "منذ" to "حتى"


def since_until(sentence: Sentence, triggers: list[Match[Any]]) -> tuple[int, int] | None:
    """Doc token indexes of "منذ" and "حتى" when an act is named between them and
    another after "حتى"; else None."""
    norms = sentence.norms()
    base = sentence.first_token
    for i, w in enumerate(norms):
        if key(w) not in _SINCE:
            continue
        for j in range(i + 2, min(len(norms), i + SINCE_REACH + 1)):
            if key(norms[j]) not in _UNTIL:
                continue
            early, late = base + i, base + j
            inside = any(early < t.first < late for t in triggers)
            after = any(t.first > late for t in triggers)
            return (early, late) if inside and after else None
    return None


_AFTER = key("بعد")


def past_by_cue(sentence: Sentence, trigger: Match[Any]) -> bool:
    """Whether a background cue of the sentence puts the trigger's act in the past.
    "بعد أيام من …" dates what follows it, not an act named before it ("اتهمت
    السلطات الحركة بتنفيذ الهجوم، الذي جاء بعد أيام من عملية عسكرية")."""
    toks = sentence.doc.tokens
    for c in sentence.cues:
        if c.payload != "background":
            continue
        if trigger.last < c.first and _AFTER in prefix_keys(toks[c.first].norm):
            continue
        return True
    return False


# "قتل مئات من رجال الجيش منذ يوليو 2013، ويتبنى معظم هذه الهجمات تنظيم …": attacks in
# the plural (or "these attacks") over a span of time since a calendar date tell a
# cumulative record, not one incident
SINCE_DATE_REACH = 8  # tokens from "منذ" to its date


def cumulative_record(sentence: Sentence, trigger: Match[Any], generic: list[Match[Any]]) -> bool:
    """Whether the act of ``trigger`` is a tally of many acts since a date."""
    norms = sentence.norms()
    base = sentence.first_token
    in_generic = any(g.first <= trigger.first <= g.last for g in generic)
    if not (in_generic or key(norms[trigger.first - base]).endswith("ات")):
        return False
    since = [base + i for i, w in enumerate(norms) if key(w) in _SINCE]
    if not since:
        return False
    # a calendar date ("منذ يوليو 2013"), not a relative one ("منذ فجر اليوم")
    starts = [
        sentence.doc.token_index(span.norm_start) for dm, span in sentence.dates if not dm.relative
    ]
    # "منذ تفجيرات مايو 2003": an act named as the start of the span is one act
    return any(
        0 < d - s <= SINCE_DATE_REACH and not s < trigger.first <= d for s in since for d in starts
    )
