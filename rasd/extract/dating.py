"""The date of a mention: the resolved date nearest its trigger, the weekday the text
names over a late crawl's "today", and dates that only date the statement."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from rasd.extract.analysis import Sentence
from rasd.extract.evidence import evidence
from rasd.lang.ar.months import WEEKDAYS
from rasd.model import DateValue, Precision
from rasd.text.clitics import prefix_keys
from rasd.text.dates import DateMatch
from rasd.text.normalize import key

_WEEKDAY_KEYS = {key(w): wd for wd, forms in WEEKDAYS.items() for w in forms}
# a date right before "أن/إن" dates the statement ("أعلن … أمس الاثنين أن …")
_THAT = frozenset(key(w) for w in ("أن", "إن", "ان", "بأن", "انه", "أنه", "إنه"))
_SPEECH = frozenset(
    key(w)
    for w in (
        "قال",
        "قالت",
        "أعلن",
        "أعلنت",
        "أفاد",
        "أفادت",
        "ذكر",
        "ذكرت",
        "أكد",
        "أكدت",
        "صرح",
        "أوردت",
        "أضاف",
        "أضافت",
        "بيان",
    )
)

# speech verbs that open a statement ("أعلنت الوزارة اليوم …"); a clitic "و" allowed
_SPEECH_VERBS = _SPEECH - {key("بيان")} | {"و" + k for k in _SPEECH if k != key("بيان")}
SPEECH_REACH = 5  # tokens between the speech verb and the date
_COMMAS = frozenset({",", "،"})


# words before a date that make it a period of comparison, not the incident's date:
# "مقارنة بنفس الفترة من العام الماضي", "قياسا بالشهر الماضي"
_COMPARISON = frozenset(key(w) for w in ("مقارنة", "قياسا", "الفترة", "فترة", "نظيره", "نظيرتها"))


def comparison_date(sentence: Sentence, span: Any) -> bool:
    """Whether a date is the period a figure is compared with."""
    toks = sentence.doc.tokens
    first = sentence.doc.token_index(span.norm_start)
    before = toks[max(sentence.first_token, first - 4) : first]
    return any(set(prefix_keys(t.norm)) & _COMPARISON for t in before)


_MIDNIGHT = key("منتصف")
RECENT_DAYS = 3  # a pluperfect act dated this close to publication is the news itself


def recent_day(date: DateValue | None, published: dt.date | None) -> bool:
    """A day within ``RECENT_DAYS`` before publication ("وكان مسلحون قد اقتحموا
    القاعة مساء الجمعة" in Sunday's paper tells this week's act, not background)."""
    if date is None or published is None or date.precision != "day":
        return False
    try:
        return 0 <= (published - dt.date.fromisoformat(date.value)).days <= RECENT_DAYS
    except ValueError:
        return False


def _named_weekday(dm: DateMatch, published: dt.date | None) -> str | None:
    """ "اليوم الاثنين" in a text dated Wednesday: the weekday the text names wins over
    the relative word (crawl dates run late); the latest such day not after publication."""
    if published is None or not dm.relative or dm.value is None or dm.precision != "day":
        return dm.value
    named = [_WEEKDAY_KEYS[w] for w in key(dm.text).replace("(", " ").split() if w in _WEEKDAY_KEYS]
    if len(named) != 1:
        return dm.value
    try:
        day = dt.date.fromisoformat(dm.value)
    except ValueError:
        return dm.value
    if day.weekday() == named[0] or (published - day).days < 0:
        return dm.value
    if key(dm.text).startswith(_MIDNIGHT) and day.weekday() == (named[0] + 1) % 7:
        return dm.value  # "بعد منتصف ليل السبت": the early hours of Sunday
    back = (published.weekday() - named[0]) % 7
    return (published - dt.timedelta(days=back)).isoformat()


def speech_date(sentence: Sentence, span: Any) -> bool:
    """Whether a date dates the statement that reports the incident, not the incident:
    "قالت الوزارة في بيان اليوم الاثنين إن …", "حسبما أفاد مصدر أمس"."""
    toks = sentence.doc.tokens
    first = sentence.doc.token_index(span.norm_start)
    last = sentence.doc.token_index(span.norm_end - 1)
    nxt = [key(t.norm) for t in toks[last + 1 : min(last + 3, sentence.last_token)]]
    if nxt and (nxt[0] in _THAT or (nxt[0] in ("(", ")") and nxt[1:2] and nxt[1] in _THAT)):
        return True
    # a closing attribution: "…، حسبما أفاد مصدر رسمي أمس الأربعاء."
    at_end = last + 1 >= sentence.last_token - 1
    before = toks[max(sentence.first_token, first - 3) : first]
    if at_end and any(set(prefix_keys(t.norm)) & _SPEECH for t in before):
        return True
    # "أعلنت لجنة التحقيق اليوم الأحد ارتفاع عدد القتلى": the announcement's day, the
    # speech verb a few words before with no clause ("أن", a verb of the act) between
    near = toks[max(sentence.first_token, first - SPEECH_REACH) : first]
    starts = [i for i, t in enumerate(near) if key(t.norm) in _SPEECH_VERBS]
    if near and near[-1].norm in _COMMAS:
        near = near[:-1]  # "أعلنت الوزارة، اليوم الاثنين، …": the date set off by commas
    return bool(starts) and not any(
        key(t.norm) in _THAT or t.kind == "punct" for t in near[starts[-1] :]
    )


def find_date(
    sentence: Sentence, trigger_token: int, published: dt.date | None = None
) -> DateValue | None:
    """The resolved date nearest the trigger in the sentence; a date that only dates
    the statement reporting the incident is taken when no other is given."""
    return find_date_info(sentence, trigger_token, published)[0]


def find_date_info(
    sentence: Sentence,
    trigger_token: int,
    published: dt.date | None = None,
    *,
    skip: tuple[int, int] | None = None,
) -> tuple[DateValue | None, bool]:
    """:func:`find_date` and whether the date only dates the statement; dates inside
    the token range ``skip`` (an aside about something else) are left out."""
    best = None
    best_d: tuple[bool, int] = (True, 10**9)
    for dm, span in sentence.dates:
        if dm.value is None or dm.precision is None or comparison_date(sentence, span):
            continue
        at = sentence.doc.token_index(span.norm_start)
        if skip is not None and skip[0] <= at < skip[1]:
            continue
        dist = abs(at - trigger_token)
        d = (speech_date(sentence, span), dist)
        if d < best_d:
            best, best_d = (dm, span), d
    if best is None:
        return _event_year(sentence, published, skip), False
    dm, span = best
    precision = cast(Precision, dm.precision)
    value = DateValue(
        value=_named_weekday(dm, published) or "",
        precision=precision,
        evidence=evidence(span, sentence),
    )
    return value, best_d[0]


FIRST_YEAR = 1900
# words that may follow such a year: a preposition, a relative, the era mark "م"
_AFTER_YEAR = frozenset(
    key(w) for w in ("في", "على", "من", "عن", "ضد", "حين", "عندما", "التي", "الذي", "م")
)


def _event_year(
    sentence: Sentence, published: dt.date | None, skip: tuple[int, int] | None
) -> DateValue | None:
    """A bare year naming an event by its place or act, when the sentence has no other
    date: "تفجيرات لندن 2005", "استهداف المجمعات في مدينة الرياض 2003،". The year
    follows a place name or an attack word and counts nothing."""
    toks = sentence.doc.tokens
    ends = {m.last for m in sentence.places} | {m.last for m in sentence.triggers}
    latest = published.year if published is not None else 2100
    norms, base = sentence.norms(), sentence.first_token
    for i in range(sentence.first_token + 1, sentence.last_token):
        norm = norms[i - base]
        if len(norm) != 4 or not norm.isdigit():
            continue  # (checked on the text first: no Token object made)
        t = toks[i]
        if t.kind != "num":
            continue
        if skip is not None and skip[0] <= i < skip[1]:
            continue
        if not FIRST_YEAR <= int(t.norm) <= latest or i - 1 not in ends:
            continue
        nxt = toks[i + 1] if i + 1 < sentence.last_token else None
        if nxt is not None and nxt.kind != "punct":
            word = key(nxt.norm)
            if word not in _AFTER_YEAR and not word.startswith("و"):
                continue  # "في الرياض 2005 شخصا": a count with its noun
        span = sentence.doc.span(t.norm_start, t.norm_end)
        return DateValue(value=t.norm, precision="year", evidence=evidence(span, sentence))
    return None
