"""Victims told without a plain figure: named one by one ("مقتل شرطي", "استشهاد قائدها
ومرافقه"), referred to with those killed beside them ("مقتله مع أحد مرافقيه"), a
dual that reads like a plural ("مقتل شرطيين، وإصابة 6 آخرين"), or counted before a
short "من" phrase ("اثنين من رجال الأمن للإصابة")."""

from __future__ import annotations

from typing import NamedTuple

from rasd.doc import Span
from rasd.extract.analysis import Sentence
from rasd.kb.lexicon import CasualtyCue
from rasd.kb.matcher import Match
from rasd.lang.ar.numbers import DUAL_NOUNS_NOMINATIVE_ONLY
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key
from rasd.text.numbers import Quantity


class Figure(NamedTuple):
    """A count read from words: its value, the token it sits at, the words it spans."""

    value: int
    token: int
    span: Span
    named: bool = False  # victims named one by one ("مقتل قائدها ومرافقه")


# singular victim nouns: "مقتل ضابط وثلاثة جنود" counts the officer too (1 + 3)
VICTIM_NOUNS = {
    key(w)
    for w in (
        "ضابط",
        "جندي",
        "شرطي",
        "عسكري",
        "مجند",
        "مدني",
        "مواطن",
        "طفل",
        "امرأة",
        "سيدة",
        "رجل",
        "شخص",
        "عنصر",
        "حارس",
        "موظف",
        "صحفي",
        "مسؤول",
        "ملازم",
        "نقيب",
        "رائد",
        "مقدم",
        "عقيد",
        "عميد",
        "رقيب",
        "عريف",
        "فرد",
        "زائر",
        "سائح",
        "مصل",
        "طالب",
        "عامل",
    )
}


def victim_noun(word: str) -> int:
    """1 for a singular victim noun ("ضابط", "وضابط"), 2 for its dual, else 0."""
    k = key(word)
    forms = [k, k[1:]] if k[:1] == "و" and len(k) > 3 else [k]
    for f in forms:
        if f in VICTIM_NOUNS:
            return 1
        for suffix in ("ان", "ين"):
            if f.endswith(suffix) and f[: -len(suffix)] in VICTIM_NOUNS:
                return 2
    return 0


# "مقتله مع أحد مرافقيه", "قتل الضابط مع ثلاثة من حراسه": the victim named (or
# referred to) before "مع" plus those killed with him
_WITH = key("مع")
_ONE = {key(w) for w in ("أحد", "إحدى", "واحد", "واحدا")}


def _with_at(sentence: Sentence, m: Match[CasualtyCue]) -> int | None:
    """Token index of "مع" right after the cue ("مقتله مع"), or after one word naming
    the victim ("قتل الضابط مع"); None when there is none."""
    toks = sentence.doc.tokens
    for i in (m.last + 1, m.last + 2):
        if i >= sentence.last_token - 1:
            return None
        if key(toks[i].norm) == _WITH:
            if i == m.last + 2 and toks[m.last + 1].kind != "word":
                return None
            return i
    return None


def with_named(sentence: Sentence, m: Match[CasualtyCue], count_first: int) -> int:
    """1 when the count follows "مع" after the named victim ("قتل الضابط مع ثلاثة")."""
    at = _with_at(sentence, m)
    return 1 if at is not None and at + 1 == count_first else 0


def killed_along(
    sentence: Sentence,
    m: Match[CasualtyCue],
    qs: list[tuple[Quantity, Span, int]],
) -> Figure | None:
    """Two killed in "مقتله مع أحد مرافقيه": the one referred to and one companion."""
    at = _with_at(sentence, m)
    if at is None or key(sentence.doc.tokens[at + 1].norm) not in _ONE:
        return None
    if any(ti == at + 1 for _q, _s, ti in qs):
        return None
    span = sentence.doc.span(m.span.norm_start, sentence.doc.tokens[at + 1].norm_end)
    return Figure(2, at + 1, span)


# "مقتل شرطيين، وإصابة 6 آخرين": a ـين form that is both a dual and a plural
# ("شرطيين", "مدنيين") is the dual when a figure of "others" follows: the first group
# was counted too
_SOUND_DUALS = frozenset(key(n) + "ين" for n in DUAL_NOUNS_NOMINATIVE_ONLY)
_OTHERS = frozenset(key(w) for w in ("آخرين", "آخرون"))
OTHERS_WINDOW = 12  # tokens after the dual where "N آخرين" is read


def dual_before_others(
    sentence: Sentence, m: Match[CasualtyCue], qs: list[tuple[Quantity, Span, int]]
) -> Figure | None:
    if m.payload.kind not in ("killed", "wounded"):
        return None
    toks = sentence.doc.tokens
    at = m.last + 1
    if at >= sentence.last_token or _SOUND_DUALS.isdisjoint(prefix_keys(toks[at].norm)):
        return None
    for q, s, ti in qs:
        qlast = sentence.doc.token_index(s.norm_end - 1)
        if ti <= at or ti > at + OTHERS_WINDOW or q.value is None:
            continue
        nxt = range(qlast + 1, min(qlast + 3, sentence.last_token))
        if any(key(toks[i].norm) in _OTHERS for i in nxt):
            span = sentence.doc.span(m.span.norm_start, toks[at].norm_end)
            return Figure(2, at, span)
    return None


OF_PHRASE_WINDOW = 4  # words of a "من" phrase between a figure and its "before" cue


def of_phrase(sentence: Sentence, qlast: int, cue_first: int) -> bool:
    """A short "من" phrase between a figure and the cue after it: "اثنين من رجال الأمن
    للإصابة" (no punctuation, no other figure)."""
    gap = sentence.doc.tokens[qlast + 1 : cue_first]
    if not 2 <= len(gap) <= OF_PHRASE_WINDOW or key(gap[0].norm) != "من":
        return False
    return all(t.kind == "word" for t in gap)


# "مقتل شرطي", "استشهاد قائدها ومرافقه": victims named one by one with singular nouns
PERSON_NOUNS = VICTIM_NOUNS | {
    key(w)
    for w in (
        "قائد",
        "سائق",
        "مرافق",
        "ابن",
        "ابنة",
        "نجل",
        "زوج",
        "زوجة",
        "شقيق",
        "شقيقة",
        "خال",
        "عم",
        "والد",
        "والدة",
        "قيادي",
        "إمام",
        "مؤذن",
        "فتاة",
        "شاب",
        "زميل",  # "وأصيب زميله": the colleague of the victim named before
        "عون",  # Maghreb usage: an agent of the police or the guard ("عون حرس")
    )
}
_POSSESSIVE = ("", "ه", "ها", "هم", "هما")
NAMED_VICTIMS_MAX = 4  # singular nouns joined by "و" after the death word


def _person(word: str) -> int:
    """1 for a singular person noun, bare or with the article or a possessive
    ("شرطي", "الضابط", "قائدها", "ومرافقه"), else 0 (plurals such as "مدنيين" count
    nobody; true duals are figures of their own)."""
    for f in prefix_keys(word):
        for suffix in _POSSESSIVE:
            if f.endswith(suffix) and f[: len(f) - len(suffix)] in PERSON_NOUNS:
                return 1
    return 0


# plural nouns for the victims: a person named after them is one of them ("من بين
# المصابين العقيد …"), not the whole toll
_VICTIM_PLURALS = frozenset(
    key(w) for w in ("المصابين", "مصابين", "الجرحى", "جرحى", "القتلى", "قتلى", "الضحايا", "ضحايا")
)


def named_victims(sentence: Sentence, m: Match[CasualtyCue]) -> Figure | None:
    if m.payload.kind not in ("killed", "wounded"):
        return None
    toks = sentence.doc.tokens
    if not _VICTIM_PLURALS.isdisjoint(prefix_keys(toks[m.last].norm)):
        return None
    at = _after_time(sentence, m.last + 1)
    if at >= sentence.last_token or key(toks[at].norm).startswith("و"):
        return None
    value = _person(toks[at].norm)
    if not value:
        return None
    last = at
    i = at + 1
    while i < sentence.last_token and i <= at + 2 * NAMED_VICTIMS_MAX:
        word = toks[i].norm
        if key(word).startswith("و") and (n := _person(word)):
            value += n
            last = i
        elif toks[i].kind == "punct" or key(word).startswith("و"):
            break
        i += 1
    span = sentence.doc.span(m.span.norm_start, toks[last].norm_end)
    return Figure(value, at, span, named=True)


def _after_time(sentence: Sentence, at: int) -> int:
    """The token after a time phrase that opens at ``at`` ("استشهد صباح اليوم الأحد
    عون من الحرس": the victim comes after the time of the act); else ``at``."""
    doc = sentence.doc
    for _dm, span in sentence.dates:
        if doc.token_index(span.norm_start) == at:
            return doc.token_index(span.norm_end - 1) + 1
    return at
