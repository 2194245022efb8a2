"""What part of a sentence a mention covers: two towns named by a dual noun, a further
act ("هجوم آخر") told after a first one, a question that reports nothing."""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.extract.fields import PlaceFound
from rasd.kb.lexicon import Trigger
from rasd.kb.matcher import Match
from rasd.taxonomy import ATTACK_TYPES
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

# dual settlement nouns: "في مدينتي الرياض والدمام" names two places, so the act
# (a plot against both, a sweep in both) has no single town
DUAL_SETTLEMENTS = frozenset(
    key(w)
    for w in (
        "مدينتي",
        "مدينتا",
        "بلدتي",
        "بلدتا",
        "قريتي",
        "قريتا",
        "محافظتي",
        "محافظتا",
        "ولايتي",
        "ولايتا",
        "منطقتي",
        "منطقتا",
    )
)
DUAL_REACH = 3  # tokens after the dual noun that hold the two names


def one_place(sentence: Sentence, places: list[PlaceFound]) -> list[PlaceFound]:
    """The places without the towns and provinces named after a dual settlement noun."""
    if not places:
        return places
    norms = sentence.norms()
    duals = [
        sentence.first_token + i
        for i, w in enumerate(norms)
        if not DUAL_SETTLEMENTS.isdisjoint(prefix_keys(w))
    ]
    if not duals:
        return places
    return [
        p for p in places if p.rank == 2 or not any(d < p.token <= d + DUAL_REACH for d in duals)
    ]


QUESTION_MARKS = ("؟", "?")


def is_question(sentence: Sentence) -> bool:
    """A body sentence that ends with a question mark."""
    if sentence.part != "text":
        return False
    tail = sentence.doc.norm[sentence.span.norm_start : sentence.span.norm_end].rstrip(" .…\n")
    return tail.endswith(QUESTION_MARKS)


# words after an attack noun that make it a further act: "تفجير آخر", "هجوم ثان"
ANOTHER = frozenset(
    key(w) for w in ("آخر", "أخرى", "اخر", "اخرى", "ثان", "ثاني", "ثالث", "منفصل", "منفصلة")
)
CLAUSE_MARKS = frozenset({",", "،", ";", "؛"})


def is_another(sentence: Sentence, trigger: Match[Any]) -> bool:
    toks = sentence.doc.tokens
    nxt = range(trigger.last + 1, min(trigger.last + 3, sentence.last_token))
    return any(key(toks[i].norm) in ANOTHER for i in nxt)


def another_act(sentence: Sentence, triggers: list[Match[Trigger]]) -> int | None:
    """First token of a further act ("استهدف هجوم آخر") told in a clause after a first
    act ("وبعيد هذا التفجير في سوروتش،"): the two acts have their own place, date and
    toll. None when the sentence names no such pair."""
    toks = sentence.doc.tokens
    attacks = [t for t in triggers if t.payload.type in ATTACK_TYPES]
    for t in attacks:
        if not is_another(sentence, t):
            continue
        before = [a for a in attacks if a.last < t.first]
        if not before:
            return None
        gap = range(before[0].last + 1, t.first)
        if any(toks[i].kind == "punct" and toks[i].norm in CLAUSE_MARKS for i in gap):
            # the further act starts its clause: a verb or the noun before it opens it
            start = t.first
            while start - 1 > before[-1].last and toks[start - 1].kind != "punct":
                start -= 1
            return start
        return None
    return None
