"""Link counts to casualty cues: killed, wounded, arrested.

A cue with position ``after`` takes the first count that starts within a few
tokens after it ("مقتل 13 شخصا", "أصيب ثلاثة"); a cue with position ``before``
takes the count right before it ("32 قتيلا", "نحو مائة جريح"). Attackers named
"among" the dead ("بينهم الانتحاري") are subtracted when the text separates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasd.doc import Span
from rasd.extract.analysis import Sentence
from rasd.extract.evidence import evidence
from rasd.kb.lexicon import CasualtyCue
from rasd.model import Count
from rasd.text.normalize import key
from rasd.text.numbers import Quantity

AFTER_WINDOW = 6  # tokens between an "after" cue and its count
BEFORE_WINDOW = 2

_AMONG = {key(w) for w in ("بينهم", "منهم", "بمن فيهم", "بينها", "وبينهم", "ومنهم")}


@dataclass
class CountFound:
    kind: str
    count: Count
    token: int  # token index of the count
    cue_token: int


def _usable(q: Quantity) -> bool:
    if q.ordinal:
        return False
    v = q.value if q.value is not None else q.low
    if v is None:
        return False
    # years and other large numbers are not victim counts in news text
    return not (q.value is not None and 1900 <= q.value <= 2100 and q.kind == "digits")


def find_counts(sentence: Sentence) -> list[CountFound]:
    """All casualty/arrest counts in a sentence, in text order."""
    toks = sentence.doc.tokens
    doc = sentence.doc
    qs = [(q, s, doc.token_index(s.norm_start)) for q, s in sentence.quantities if _usable(q)]
    used: set[int] = set()
    found: list[CountFound] = []
    cues = sorted(sentence.casualty, key=lambda m: m.first)
    for m in cues:
        cue: CasualtyCue = m.payload
        if cue.kind not in ("killed", "wounded", "arrested"):
            continue
        best = None
        if cue.position == "after":
            for idx, (_q, _s, ti) in enumerate(qs):
                if idx in used or ti <= m.last:
                    continue
                if ti - m.last <= AFTER_WINDOW:
                    # stop at a clause boundary between cue and count
                    between = toks[m.last + 1 : ti]
                    if any(t.kind == "punct" and t.norm in ",;:." for t in between):
                        break
                    best = idx
                break
        else:
            for idx in range(len(qs) - 1, -1, -1):
                _q, s, ti = qs[idx]
                if idx in used:
                    continue
                qlast = doc.token_index(s.norm_end - 1)
                if qlast < m.first and m.first - qlast <= BEFORE_WINDOW:
                    best = idx
                    break
                if qlast < m.first:
                    break
        if best is None:
            # a dual cue word carries its own count ("قتيلين", "جريحان")
            continue
        used.add(best)
        q, s, ti = qs[best]
        value = int(q.value) if q.value is not None else None
        cnt = Count(
            value=value,
            at_least=q.at_least,
            approx=q.approx,
            low=int(q.low) if q.low is not None else None,
            high=int(q.high) if q.high is not None else None,
            evidence=evidence(
                sentence.doc.span(
                    min(s.norm_start, m.span.norm_start), max(s.norm_end, m.span.norm_end)
                ),
                sentence,
            ),
        )
        found.append(CountFound(cue.kind, cnt, ti, m.first))
    # attackers among the dead: "قتل 12 بينهم 5 مهاجمين" → 7 victims
    for f in found:
        if f.kind != "killed" or f.count.value is None:
            continue
        for m in cues:
            if m.payload.kind != "attackers" or m.first <= f.token or m.first - f.token > 8:
                continue
            window = [key(t.norm) for t in toks[f.token + 1 : m.first]]
            if not any(w in _AMONG for w in window):
                continue
            n = 1
            for q, _s, ti in qs:
                if f.token < ti < m.first and q.value is not None:
                    n = int(q.value)
            if n < f.count.value:
                f.count.value -= n
                if f.count.low is not None:
                    f.count.low = max(0, f.count.low - n)
                if f.count.high is not None:
                    f.count.high = max(0, f.count.high - n)
            break
    return found


def no_casualties(sentence: Sentence) -> Span | None:
    """The phrase saying nobody was hurt ("دون وقوع إصابات"), if any."""
    for m in sentence.casualty:
        if m.payload.kind == "none":
            return m.span
    return None
