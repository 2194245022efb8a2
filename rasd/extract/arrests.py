"""Arrest words that need a look around them.

* "إيقاف" is the Maghrebi word for an arrest ("إيقاف 6 عناصر") but everywhere also
  "stopping, suspending" ("إيقاف المباراة", "إيقاف إطلاق النار"): it names an arrest
  only with a person object, a count or a word for suspects right after it.
* A raid named as the circumstance of another act ("خطف التنظيم 170 مدنيا خلال عملية
  مداهمة للمدينة") is how the act was done, not a police arrest operation: when an
  attack word comes first, the raid word after "خلال"/"أثناء" is no arrest trigger.
* A noun for the people already held ("الموقوفين", "المعتقلين") refers back to an
  arrest; the towns of its sentence are those of the crimes they are tied to ("ارتباط
  الموقوفين بحادثة مسجد … بالدمام"), not of the arrest: such a mention keeps only
  its country.
"""

from __future__ import annotations

from rasd.extract.acts import PERSON_ATTACKS
from rasd.extract.analysis import Sentence
from rasd.kb.lexicon import Trigger
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

STOP_NOUNS = frozenset(key(w) for w in ("إيقاف",))
# words for the people arrested, right after "إيقاف"
PERSON_OBJECTS = frozenset(
    key(w)
    for w in (
        "عنصر",
        "عنصرين",
        "عناصر",
        "العناصر",
        "شخص",
        "شخصين",
        "أشخاص",
        "الأشخاص",
        "مشتبه",
        "المشتبه",
        "مشتبها",
        "مشتبهين",
        "متهم",
        "المتهم",
        "متهما",
        "متهمين",
        "المتهمين",
        "إرهابي",
        "الإرهابي",
        "إرهابيا",
        "إرهابيين",
        "الإرهابيين",
        "تكفيري",
        "تكفيريين",
        "التكفيريين",
        "مطلوب",
        "المطلوب",
        "مطلوبا",
        "مطلوبين",
        "المطلوبين",
        "شاب",
        "شابين",
        "شبان",
        "امرأة",
        "فرد",
        "أفراد",
        "عضو",
        "أعضاء",
        "مهرب",
        "مهربين",
        "جهادي",
        "جهاديين",
        "الجهاديين",
    )
)
# words that make a raid word the manner of the act told before it
CIRCUMSTANCE = frozenset(key(w) for w in ("خلال", "أثناء", "إثر", "عبر"))
CIRCUMSTANCE_NOUNS = frozenset(key(w) for w in ("عملية", "عمليات", "حملة"))


def _stop_not_arrest(sentence: Sentence, trigger: Match[Trigger]) -> bool:
    """A trigger ending in "إيقاف" with no person, count or suspect after it."""
    toks = sentence.doc.tokens
    if STOP_NOUNS.isdisjoint(prefix_keys(toks[trigger.last].norm)):
        return False
    nxt = trigger.last + 1
    if nxt >= sentence.last_token:
        return True
    if any(sentence.doc.token_index(s.norm_start) == nxt for _q, s in sentence.quantities):
        return False
    return PERSON_OBJECTS.isdisjoint(prefix_keys(toks[nxt].norm))


def _raid_as_manner(
    sentence: Sentence, trigger: Match[Trigger], triggers: list[Match[Trigger]]
) -> bool:
    """An arrest word after "خلال (عملية)" with an attack word before it."""
    if trigger.payload.type != "arrest_raid":
        return False
    if not any(t.payload.type in PERSON_ATTACKS and t.last < trigger.first for t in triggers):
        return False
    toks = sentence.doc.tokens
    i = trigger.first - 1
    if i > sentence.first_token and not CIRCUMSTANCE_NOUNS.isdisjoint(prefix_keys(toks[i].norm)):
        i -= 1
    return i >= sentence.first_token and not CIRCUMSTANCE.isdisjoint(prefix_keys(toks[i].norm))


def arrest_words_checked(
    sentence: Sentence, triggers: list[Match[Trigger]]
) -> list[Match[Trigger]]:
    """The triggers without "إيقاف" that stops something and without a raid word that
    only tells how another act was done."""
    return [
        t
        for t in triggers
        if not _stop_not_arrest(sentence, t) and not _raid_as_manner(sentence, t, triggers)
    ]


DETAINEE_NOUNS = frozenset(
    key(w)
    for w in (
        "موقوفا",
        "موقوفين",
        "الموقوفين",
        "الموقوفون",
        "معتقلين",
        "المعتقلين",
        "المعتقلون",
        "المقبوض عليهم",
    )
)


def detainee_reference(trigger: Match[Trigger]) -> bool:
    """The arrest trigger is a noun for people already held."""
    if trigger.payload.type != "arrest_raid":
        return False
    return not DETAINEE_NOUNS.isdisjoint(prefix_keys(trigger.span.norm)) or (
        key(trigger.span.norm) in DETAINEE_NOUNS
    )
