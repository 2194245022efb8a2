"""Event mentions: one sentence → at most a few typed, scored mentions with arguments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rasd.extract.actors import affiliation_groups, find_actors
from rasd.extract.acts import ATTACK_ORDER, strongest
from rasd.extract.analysis import Sentence
from rasd.extract.arrests import arrest_words_checked, detainee_reference
from rasd.extract.casualties import CountFound, find_counts, no_casualties
from rasd.extract.contexts import (
    NonEventArticle,
    is_prediction,
    live_triggers,
    warns_of_nothing_violent,
)
from rasd.extract.dating import find_date_info, recent_day
from rasd.extract.evidence import evidence
from rasd.extract.fields import PlaceFound, find_places, find_tags, has_suicide_weapon
from rasd.extract.means import drop_thrown_bombs, explosives_arm_gunmen, worn_charge_only
from rasd.extract.records import cumulative_record, outside, past_by_cue, record_aside, since_until
from rasd.extract.scope import another_act, is_another, is_question, one_place
from rasd.extract.spread import single_places
from rasd.kb.base import KnowledgeBase
from rasd.kb.lexicon import Trigger
from rasd.kb.matcher import Match
from rasd.model import Actor, Count, DateValue, Evidence, Location, Tag
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

#: Acts told with their means ("اقتحموا الفندق بعد تفجير سيارتين"): the act names
#: the incident, the bombs or guns only how it began.
MAIN_ACTS = ("hostage_taking", "prison_attack_or_riot")
WEAK_TRIGGERS = {
    key(w)
    for w in (
        "هجوم",
        "الهجوم",
        "هجمات",
        "اعتداء",
        "الاعتداء",
        "استهدف",
        "استهدفت",
        "استهدفوا",
        "يستهدف",
        "تستهدف",
        "هاجم",
        "هاجموا",
        "هاجمت",
        "اقتحم",
        "اقتحموا",
        "مخطط",
        "احتجاز",
        "احتجز",
        "ضبط",
        "توقيف",
        "تهديد",
        "تهديدات",
        "تحذيرات",
        "تحذيرا",
        "إنذار",
        "طعن",
        "تصفية",
        "مؤامرة",
        "تخريب",
        "إحراق",
        "خطف",
    )
}
PAST_PERFECT = {key(w) for w in ("كانت", "كان", "كانوا", "سبق", "قد")}
# plan words among the status_planned cues: an attack word beside them names a plan
# ("خطة الاغتيال", "خططت لتفجير"); "تستهدف"/"يهدف إلى" describe an act under way
PLAN_WORDS = {
    key(w)
    for w in (
        "خطة",
        "الخطة",
        "خطط",
        "خططت",
        "خططوا",
        "مخطط",
        "يخطط",
        "يخططون",
        "التخطيط",
        "يعتزم",
        "يعتزمون",
        "ينوي",
        "ينوون",
    )
}
# verbs of preparing: with an attack noun after ل they name a plan ("يعد لاغتيال")
PREPARE_WORDS = {
    key(w)
    for w in (
        "يعد",
        "تعد",
        "يعدون",
        "يستعد",
        "تستعد",
        "يستعدون",
        "يحضر",
        "يحضرون",
        "يجهز",
        "يجهزون",
    )
}
# hostage words that name a siege with hostages, unlike bare "احتجاز" (detention)
HOSTAGE_WORDS = {key(w) for w in ("رهائن", "رهينة", "الرهائن", "الرهينة")}
BACKGROUND_DAYS = 7  # an event dated this long before publication is background


@dataclass
class Mention:
    sentence: Sentence
    type: str
    status: str
    trigger: Match[Trigger]
    score: float
    counts: list[CountFound] = field(default_factory=list)
    no_victims: Evidence | None = None
    places: list[PlaceFound] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    date: DateValue | None = None
    weapons: list[Tag] = field(default_factory=list)
    targets: list[Tag] = field(default_factory=list)
    suicide: bool = False
    background: bool = False
    evidence: dict[str, Evidence] = field(default_factory=dict)
    ner_place: Location | None = None  # a place the gazetteer lacks (not geocoded)
    candidates: list[Actor] = field(default_factory=list)  # unknown groups (NER)
    affiliated: set[str] = field(default_factory=set)  # kb ids named only as a patron
    date_of_statement: bool = False  # the date only dates the report ("قال أمس إن")
    another: bool = False  # "انفجار آخر": the trigger names a further, separate act
    aside: tuple[int, int] | None = None  # tokens telling a group's past acts (records.py)
    spread: bool = False  # the act spans towns named as a pair or a list ("مدينتي …")

    def count(self, kind: str) -> Count | None:
        for c in self.counts:
            if c.kind == kind:
                return c.count
        return None

    @property
    def anchored(self) -> bool:
        return bool(
            self.counts
            or self.places
            or self.date
            or self.actors
            or self.no_victims
            or self.targets
        )


def _pick_type(
    sentence: Sentence,
    kb: KnowledgeBase,
    triggers: list[Match[Trigger]],
    until: int | None = None,
) -> tuple[str, Match[Trigger]] | None:
    by_type: dict[str, list[Match[Trigger]]] = {}
    attack_words = any(m.payload.type in ATTACK_ORDER for m in triggers)
    for m in triggers:
        if m.payload.id == "plot.intent" and not (attack_words or sentence.weapons):
            continue  # "يعتزم طلب العقوبة": an intention with nothing violent planned
        by_type.setdefault(m.payload.type, []).append(m)
    drop_thrown_bombs(by_type, sentence, kb, until)
    if not by_type:
        return None
    suicide = "suicide_bombing" in by_type or (
        has_suicide_weapon(sentence, kb, until)
        # gunmen wearing belts who only shoot: an armed assault
        and ("bombing" in by_type or not worn_charge_only(sentence, kb, until))
    )
    kinds = sentence.cue_kinds()
    killed_or_wounded = any(c.payload.kind in ("killed", "wounded") for c in sentence.casualty)
    attack = [t for t in ATTACK_ORDER if t in by_type]
    if suicide and (
        "bombing" in by_type or "suicide_bombing" in by_type or "armed_assault" in by_type
    ):
        attack = ["suicide_bombing", *[a for a in attack if a != "suicide_bombing"]]
        by_type.setdefault(
            "suicide_bombing", by_type.get("bombing") or by_type.get("armed_assault") or []
        )
    main = [t for t in MAIN_ACTS if t in by_type]
    if main:
        # a siege or a prison break opened with bombs is that act, not its means
        attack = [main[0], *[a for a in attack if a != main[0]]]
    if attack == ["armed_assault"]:
        # a generic "attack" with explosives is a bombing
        weapons = {
            kb.weapons.entries[m.payload].gtd_code
            for m in sentence.weapons
            if until is None or m.first < until
        }
        if 6 in weapons and not explosives_arm_gunmen(sentence, kb, until):
            attack = ["bombing"]
            by_type["bombing"] = by_type["armed_assault"]
    if "warning_threat" in by_type and not killed_or_wounded:
        # "حذرت من هجمات": the attack words are what the warning is about
        first_warning = min(m.first for m in by_type["warning_threat"])
        others = [m.first for t, ms in by_type.items() if t != "warning_threat" for m in ms]
        if all(first_warning < f for f in others):
            return "warning_threat", by_type["warning_threat"][0]
    if "arrest_raid" in by_type and "plot_foiled" in by_type and not killed_or_wounded:
        # "dismantled a cell that was planning attacks": the arrest is the event reported
        return "arrest_raid", by_type["arrest_raid"][0]
    if "plot_foiled" in by_type and not killed_or_wounded:
        return "plot_foiled", by_type["plot_foiled"][0]
    if attack and ("status_foiled" in kinds or _plan_word(sentence)) and not killed_or_wounded:
        # "يحبط محاولة اغتيال", "خطة الاغتيال": the attack was thwarted or only planned
        return "plot_foiled", by_type[attack[0]][0]
    planned = [m for t in attack for m in by_type[t] if _plan_word_before(sentence, m)]
    if planned:
        # "أدلة على خطة الاغتيال بعد مقتل قيادي": the plan noun governs the attack
        # word, whatever toll the sentence tells of something else
        return "plot_foiled", planned[0]
    if "arrest_raid" in by_type and (not attack or not killed_or_wounded):
        return "arrest_raid", by_type["arrest_raid"][0]
    if "hostage_taking" in attack and any(
        set(prefix_keys(m.span.norm.split()[-1])) & HOSTAGE_WORDS for m in by_type["hostage_taking"]
    ):
        # attackers who held hostages: a siege, whatever else they used or did
        return "hostage_taking", by_type["hostage_taking"][0]
    if attack:
        return attack[0], strongest(by_type[attack[0]])
    if "claim" in by_type:
        return "claim", by_type["claim"][0]
    if "warning_threat" in by_type:
        return "warning_threat", by_type["warning_threat"][0]
    return None


def _plan_word(sentence: Sentence) -> bool:
    return any(
        m.payload == "status_planned" and key(m.span.norm) in PLAN_WORDS for m in sentence.cues
    )


def _plan_word_before(sentence: Sentence, trigger: Match[Trigger]) -> bool:
    """A plan word right before the attack word: "خطة الاغتيال", "مخطط لتفجير";
    or a verb of preparing before an attack noun with ل: "كان يعد لاغتيال"."""
    if any(
        m.payload == "status_planned"
        and key(m.span.norm) in PLAN_WORDS
        and m.last == trigger.first - 1
        for m in sentence.cues
    ):
        return True
    prev = trigger.first - 1
    return (
        prev >= sentence.first_token
        and trigger.span.norm.startswith("ل")
        and key(sentence.doc.tokens[prev].norm) in PREPARE_WORDS
    )


ATTEMPT_REACH = 10  # tokens between an attempt word and the act it qualifies


def _status(
    type_: str, sentence: Sentence, has_victims: bool, trigger: Match[Trigger] | None = None
) -> str:
    kinds = sentence.cue_kinds()
    if type_ == "plot_foiled":
        if "status_foiled" in kinds or any(m.payload.id == "plot.noun" for m in sentence.triggers):
            return "foiled"
        return "planned" if "status_planned" in kinds else "foiled"
    if type_ == "arrest_raid":
        return "executed"
    if type_ == "warning_threat":
        return "unknown"
    if type_ == "claim":
        return "claimed_only"
    if "status_attempted" in kinds and not has_victims:
        # in a list of acts ("… انتحاري …، والمحاولة الفاشلة لتفجير مبنى …") the attempt
        # word qualifies the act beside it, not one named far away
        if trigger is None or any(
            m.payload == "status_attempted"
            and min(abs(m.first - trigger.last), abs(trigger.first - m.last)) <= ATTEMPT_REACH
            for m in sentence.cues
        ):
            return "attempted_failed"
    return "executed"


def _is_background(
    sentence: Sentence, trigger: Match[Trigger], published: dt.date | None, date: DateValue | None
) -> bool:
    if date is not None and published is not None:
        try:
            year = int(date.value[:4])
            month = int(date.value[5:7]) if len(date.value) >= 7 else 12
            day = int(date.value[8:10]) if len(date.value) >= 10 else 28
            # the last day the date can stand for: a month or year is not background
            # while publication falls inside it
            if (published - dt.date(year, month, min(day, 28))).days > BACKGROUND_DAYS:
                return True
        except ValueError:
            pass
    if past_by_cue(sentence, trigger) or sentence.has_cue("historical_frames"):
        return True
    toks = sentence.doc.tokens
    prev = [
        key(toks[j].norm)
        for j in range(max(sentence.first_token, trigger.first - 3), trigger.first)
    ]
    if not (any(p in PAST_PERFECT for p in prev) and "قد" in prev):
        return False
    # "وكان مسلحون قد اقتحموا القاعة مساء الجمعة": the backstory of this week's act
    return not recent_day(date, published)


def find_mentions(
    sentence: Sentence,
    kb: KnowledgeBase,
    context: list[str],
    published: dt.date | None,
    mentioned: frozenset[str] | None = None,
    non_event_article: bool | NonEventArticle = False,
) -> list[Mention]:
    triggers = arrest_words_checked(sentence, live_triggers(sentence, non_event_article))
    if any(t.payload.id == RIOT_TRIGGER for t in triggers) and not _names_prison(sentence, kb):
        # "تمرد"/"شغب" without a prison: an insurgency or unrest, not a prison riot
        triggers = [t for t in triggers if t.payload.id != RIOT_TRIGGER]
    if not triggers:
        return []  # nothing to report (and nothing for the clause rules below)
    aside = record_aside(sentence, triggers)
    if aside is not None:
        # "، وهي مجموعة تبنت في العام 2013 هجوما …": the group's record, not this act;
        # the act the sentence reports is named before it
        triggers = [t for t in triggers if t.first < aside[0]]
    else:
        span = since_until(sentence, triggers)
        if span is not None:
            # "منذ تفجيرات مايو 2003، حتى العملية الانتحارية … أمس": two acts, each
            # with its own date and place
            early, late = span
            args = (sentence, kb, context, published, mentioned)
            later = [t for t in triggers if t.first > late]
            earlier = [t for t in triggers if t.first < late]
            return _mentions(*args, later, (early, late)) + _mentions(
                *args, earlier, (late, sentence.last_token)
            )
        cut = another_act(sentence, triggers)
        if cut is not None:
            # "وبعيد هذا التفجير في مدينة سوروتش، استهدف هجوم آخر … في كوباني": the
            # further act has the place, date and toll told after it
            args = (sentence, kb, context, published, mentioned)
            first = [t for t in triggers if t.first < cut]
            further = [t for t in triggers if t.first >= cut]
            return _mentions(*args, first, (cut, sentence.last_token)) + _mentions(
                *args, further, (sentence.first_token, cut)
            )
    return _mentions(sentence, kb, context, published, mentioned, triggers, aside)


def _mentions(
    sentence: Sentence,
    kb: KnowledgeBase,
    context: list[str],
    published: dt.date | None,
    mentioned: frozenset[str] | None,
    triggers: list[Match[Trigger]],
    aside: tuple[int, int] | None,
) -> list[Mention]:
    """The mentions of the act told by ``triggers``; the tokens in ``aside`` tell
    something else (a group's record, another act)."""
    before_aside = aside is not None and all(t.first < aside[0] for t in triggers)
    picked = _pick_type(sentence, kb, triggers, aside[0] if aside and before_aside else None)
    if picked is None:
        return []
    type_, trig = picked
    kinds = sentence.cue_kinds()
    # generic statements about terrorism and hypothetical talk are not incidents
    generic_spans = [m for m in sentence.cues if m.payload == "generic"]
    if cumulative_record(sentence, trig, generic_spans) or (
        generic_spans
        and all(any(g.first <= t.first <= g.last for g in generic_spans) for t in triggers)
    ):
        return []
    if is_question(sentence):
        # a question in the body ("أم من يدرك أنه لا يساعد بقتل ...؟") asks or
        # argues, it does not report: rhetorical questions of opinion columns
        return []
    counts = [c for c in find_counts(sentence) if outside(c.token, aside)]
    if (
        type_ in ATTACK_ORDER
        and not any(c.kind in ("killed", "wounded") for c in counts)
        and is_prediction(sentence)
    ):
        # "توقع أن يشن التنظيم هجوما على المدينة": a foreseen act is a warning
        type_ = "warning_threat"
    if type_ == "warning_threat" and warns_of_nothing_violent(sentence, trig):
        return []
    none_span = no_casualties(sentence)
    found = [p for p in find_places(sentence, kb, context, mentioned=mentioned)]
    places = [p for p in single_places(sentence, type_, one_place(sentence, found))]
    # towns named as a pair or a list: the act spans them, so it has no single town
    spread = any(p.rank < 2 and outside(p.token, aside) for p in found if p not in places)
    places = [p for p in places if outside(p.token, aside)]
    if detainee_reference(trig):
        places = [p for p in places if p.rank == 2]  # "ارتباط الموقوفين بحادثة … بالدمام"
    actors = find_actors(sentence, kb, published)
    if aside is not None:
        # groups named after the aside go with the acts told after it
        cut = sentence.doc.tokens[aside[0]].start
        end = None if before_aside else sentence.doc.tokens[aside[1] - 1].end
        actors = [
            a
            for a in actors
            if a.evidence is None
            or a.evidence.start < cut
            or (end is not None and a.evidence.start >= end)
        ]
    date, said_on = find_date_info(sentence, trig.first, published, skip=aside)
    weapons = find_tags(sentence, kb, "weapons")
    targets = find_tags(sentence, kb, "targets")
    has_victims = any(c.kind in ("killed", "wounded") for c in counts)
    m = Mention(
        sentence=sentence,
        type=type_,
        status=_status(type_, sentence, has_victims, trig),
        trigger=trig,
        score=trig.payload.weight,
        counts=counts,
        no_victims=evidence(none_span, sentence) if none_span is not None else None,
        places=places,
        actors=actors,
        date=date,
        weapons=weapons,
        targets=targets,
        suicide=type_ == "suicide_bombing",
        affiliated=affiliation_groups(sentence),
        date_of_statement=said_on,
        another=is_another(sentence, trig),
        aside=aside,
        spread=spread,
    )
    if "hypothetical" in kinds and not has_victims and type_ != "warning_threat":
        m.score -= 0.4
    weak = key(trig.span.norm) in WEAK_TRIGGERS or trig.payload.weight < 0.8
    if not m.anchored:
        return []
    if weak:
        m.score -= 0.2
    m.score += 0.15 * bool(has_victims) + 0.1 * bool(places) + 0.1 * bool(date) + 0.1 * bool(actors)
    if sentence.part == "title" or sentence.index <= 2:
        m.score += 0.1
    m.background = _is_background(sentence, trig, published, date)
    m.evidence["type"] = evidence(trig.span, sentence)
    out = [m]
    plot = _plot_of_arrest(sentence, type_, triggers)
    if plot is not None:
        # "arrested a cell that was planning attacks": the arrests and the plan they
        # disrupted are two incidents (gold convention: arrest_raid + plot_foiled)
        p = Mention(
            sentence=sentence,
            type="plot_foiled",
            status="foiled",  # the arrests thwarted it
            trigger=plot,
            score=m.score,
            places=places,
            actors=actors,
            date=date,
            targets=targets,
            weapons=weapons,
            background=m.background,
        )
        p.evidence["type"] = evidence(plot.span, sentence)
        out.append(p)
    return out


RIOT_TRIGGER = "prison.riot"
PRISON_TARGET = "prison"


def _names_prison(sentence: Sentence, kb: KnowledgeBase) -> bool:
    return any(kb.targets.entries[m.payload].id == PRISON_TARGET for m in sentence.targets)


def _plot_of_arrest(
    sentence: Sentence, type_: str, triggers: list[Match[Trigger]]
) -> Match[Trigger] | None:
    """The plot trigger of a sentence that reports arrests and a thwarted plan."""
    if type_ != "arrest_raid":
        return None
    plots = [t for t in triggers if t.payload.type == "plot_foiled"]
    if plots:
        return plots[0]
    kinds = sentence.cue_kinds()
    if "status_foiled" in kinds or "status_planned" in kinds:
        attacks = [t for t in triggers if t.payload.type in ATTACK_ORDER]
        if attacks:
            return attacks[0]
    return None
