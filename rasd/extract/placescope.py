"""Where a place name in a sentence cannot be an incident's place: in the article's
dateline (where the report was filed), inside a group's name ("أنصار بيت المقدس")
or a street's ("طريق مكة المكرمة")."""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key
from rasd.text.sentences import find_dateline, opens_body


def dateline_end(sentence: Sentence) -> int:
    """Doc token index where the article's dateline ends (the sentence's first token
    when the sentence opens no article body or has no dateline)."""
    if sentence.part != "text" or not opens_body(sentence.doc.norm, sentence.span.norm_start):
        return sentence.first_token
    dl = find_dateline(sentence.doc.norm, sentence.span.norm_start)
    if dl is None:
        return sentence.first_token
    toks = sentence.doc.tokens
    i = sentence.first_token
    while i < sentence.last_token and toks[i].norm_start < dl.end:
        i += 1
    return i


def dateline_agency(sentence: Sentence) -> tuple[int, int]:
    """Doc token range ``[a, b)`` of the outlet or agency named in the article's dateline
    ("القاهرة - رويترز:"); empty when there is none."""
    if sentence.part != "text" or not opens_body(sentence.doc.norm, sentence.span.norm_start):
        return (0, 0)
    dl = find_dateline(sentence.doc.norm, sentence.span.norm_start)
    if dl is None or dl.agency is None:
        return (0, 0)
    a, b = dl.agency
    toks = sentence.doc.tokens
    idx = [
        i for i in range(sentence.first_token, sentence.last_token) if a <= toks[i].norm_start < b
    ]
    return (idx[0], idx[-1] + 1) if idx else (0, 0)


def group_name_tokens(sentence: Sentence) -> frozenset[int]:
    """Tokens of the group names of the sentence (forms that are also common words
    excluded): a place inside a group's name is not where anything happened."""
    return frozenset(
        i
        for g in sentence.groups
        if g.payload[1] != "context" and g.last > g.first
        for i in range(g.first, g.last + 1)
    )


_STREET_NOUNS = frozenset(key(w) for w in ("شارع", "طريق", "جادة", "ميدان"))


def street_name(sentence: Sentence, m: Match[Any]) -> bool:
    """The name follows a street noun ("شارع بغداد", "طريق مكة")."""
    j = m.first - 1
    return j >= sentence.first_token and bool(
        set(prefix_keys(sentence.doc.tokens[j].norm)) & _STREET_NOUNS
    )
