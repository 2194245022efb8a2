"""Place names read in context: words of the time of day ("ليل" is Lille and
night) and districts named with their city.

"ليل الجمعة", "منتصف الليل", "عصر اليوم": a part-of-day word before a day
name, or after "منتصف", tells a time, not a town. "حي المنصورة بمدينة عدن": a
district followed by its city gives way to the city.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.lang.ar.months import PART_OF_DAY_BEFORE, WEEKDAYS
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

_DISTRICT = frozenset(key(w) for w in ("حي", "أحياء", "ضاحية", "حارة"))
_CITY = frozenset(key(w) for w in ("مدينة", "بمدينة", "العاصمة", "بالعاصمة"))
CITY_REACH = 3  # tokens between a district's name and "بمدينة"
_DAY_WORDS = ("اليوم", "أمس", "الأمس", "البارحة", "الغد", "يوم")
_BEFORE = ("منتصف", "حتى", "طوال", "طيلة")


@lru_cache(maxsize=1)
def _keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    parts = frozenset(key(w) for w in PART_OF_DAY_BEFORE)
    days = frozenset(key(w) for names in WEEKDAYS.values() for w in names)
    return parts, days | {key(w) for w in _DAY_WORDS}, frozenset(key(w) for w in _BEFORE)


def is_time_word(sentence: Sentence, m: Match[Any]) -> bool:
    """Whether a one-word place match is a part of the day used as a time."""
    if m.first != m.last:
        return False
    parts, days, before = _keys()
    toks = sentence.doc.tokens
    if not set(prefix_keys(toks[m.first].norm)) & parts:
        return False
    nxt = m.last + 1
    if nxt < sentence.last_token and set(prefix_keys(toks[nxt].norm)) & days:
        return True
    prev = m.first - 1
    return prev >= sentence.first_token and bool(set(prefix_keys(toks[prev].norm)) & before)


def is_district_of_city(sentence: Sentence, m: Match[Any], places: list[Match[Any]]) -> bool:
    """Whether ``m`` names a district ("حي X") whose city is named right after it
    ("حي X بمدينة Y", "حي X في مدينة Y")."""
    toks = sentence.doc.tokens
    prev = m.first - 1
    if prev < sentence.first_token or not set(prefix_keys(toks[prev].norm)) & _DISTRICT:
        return False
    end = min(sentence.last_token, m.last + 1 + CITY_REACH)
    for i in range(m.last + 1, end):
        if set(prefix_keys(toks[i].norm)) & _CITY:
            return any(p.first == i + 1 for p in places)
    return False
