"""Where a place name in a sentence cannot be an incident's place: in the article's
dateline (where the report was filed), inside a group's name ("أنصار بيت المقدس")
or a street's ("طريق مكة المكرمة"), or a capital named for its government ("تخشى
أنقرة", "فصائل موالية لأنقرة")."""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key
from rasd.text.sentences import Dateline, find_dateline, opens_body


def sentence_dateline(sentence: Sentence) -> Dateline | None:
    """The article's dateline ("القاهرة - رويترز:") when the sentence opens the body
    (the text's start, or the paragraph after a headline line) and has one."""
    if sentence.part != "text" or not opens_body(sentence.doc.norm, sentence.span.norm_start):
        return None
    return find_dateline(sentence.doc.norm, sentence.span.norm_start)


def dateline_end(sentence: Sentence) -> int:
    """Doc token index where the article's dateline ends (the sentence's first token
    when the sentence opens no article body or has no dateline)."""
    dl = sentence_dateline(sentence)
    if dl is None:
        return sentence.first_token
    starts = sentence.doc.tokens.norm_starts
    i = sentence.first_token
    while i < sentence.last_token and starts[i] < dl.end:
        i += 1
    return i


def dateline_agency(sentence: Sentence) -> tuple[int, int]:
    """Doc token range ``[a, b)`` of the outlet or agency named in the article's dateline
    ("القاهرة - رويترز:"); empty when there is none."""
    dl = sentence_dateline(sentence)
    if dl is None or dl.agency is None:
        return (0, 0)
    a, b = dl.agency
    starts = sentence.doc.tokens.norm_starts
    idx = [i for i in range(sentence.first_token, sentence.last_token) if a <= starts[i] < b]
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


# a building named after a town is a name too: "فندق بارون" in Kabul, "فندق بغداد"
_STREET_NOUNS = frozenset(key(w) for w in ("شارع", "طريق", "جادة", "ميدان", "فندق"))


def street_name(sentence: Sentence, m: Match[Any]) -> bool:
    """The name follows a street or hotel noun ("شارع بغداد", "طريق مكة", "فندق بارون")."""
    j = m.first - 1
    return j >= sentence.first_token and bool(
        set(prefix_keys(sentence.doc.tokens[j].norm)) & _STREET_NOUNS
    )


_GOVERNMENT_PREV = frozenset(
    key(w) for w in ("مع", "على", "حثوا", "حث", "طالب", "طالبوا", "اتهم", "اتهمت", "إلى")
)
# a capital after a word of allegiance stands for its government: "فصائل موالية لأنقرة"
_ALLEGIANCE = frozenset(
    key(w)
    for w in ("موالية", "الموالية", "موالين", "الموالين", "موالون", "الموالون", "موال", "الموالي")
)


def seat_of_government(sentence: Sentence, m: Match[Any], place: Any, gaz: Any) -> bool:
    """A capital named for its government ("تخشى أنقرة", "الهدنة مع أنقرة"), not as a place.

    The capital is taken for its government when no place cue precedes it and it is the
    subject of a verb (a finite verb right before it that is not a place cue) or the
    object of a political relation ("مع", "حثوا … أنقرة على").
    """
    try:
        if gaz.country(place.country).capital_id != place.id:
            return False
    except KeyError:
        return False
    toks = sentence.doc.tokens
    raw = key(m.span.norm.split()[0]) if m.span.norm.split() else ""
    if raw[:1] in ("ب", "ل") and raw[1:3] == "ال":
        return False  # "بأنقرة": the name carries its own preposition
    # a present verb right after it ("أن أنقرة تتهم …", a title "أنقرة ترجح …")
    nxt = m.last + 1
    if nxt < sentence.last_token and key(toks[nxt].norm) in _GOVERNMENT_VERBS_AFTER:
        return True
    if m.first <= sentence.first_token:
        return False
    k = key(toks[m.first - 1].norm)
    if k in _GOVERNMENT_PREV or (k in _ALLEGIANCE and raw[:1] == "ل"):
        return True
    # a past/present verb of speech or stance in front of the capital as its subject
    return k in _GOVERNMENT_VERBS


_GOVERNMENT_VERBS = frozenset(
    key(w)
    for w in (
        "قالت",
        "أعلنت",
        "أكدت",
        "نفت",
        "اتهمت",
        "تتهم",
        "تخشى",
        "خشيت",
        "بدأت",
        "نفذتها",
        "نفذت",
        "طالبت",
        "رفضت",
        "أدانت",
        "دعت",
        "ترى",
        "تريد",
        "حذرت",
        "هددت",
        "ردت",
        "سارعت",
        "استدعت",
    )
)


_GOVERNMENT_VERBS_AFTER = frozenset(
    key(w)
    for w in (
        "تتهم",
        "اتهمت",
        "تطالب",
        "طالبت",
        "ترفض",
        "رفضت",
        "تدين",
        "أدانت",
        "تنفي",
        "نفت",
        "تحذر",
        "حذرت",
        "تؤكد",
        "أكدت",
        "تعلن",
        "أعلنت",
        "تخشى",
        "ترى",
        "تريد",
        "تسعى",
        "هددت",
        "تهدد",
        "استدعت",
        "تستدعي",
        "ترجح",
        "رجحت",
        "تحمل",
        "حملت",
        "تتوعد",
        "توعدت",
    )
)
