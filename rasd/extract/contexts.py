"""Non-event contexts: sports reports, natural events, accidents, state military
operations and metaphors that use violent trigger words; retrospective framing.

Data: ``rasd/extract/data/contexts.yaml`` (team-curated, CC0), read once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import KnowledgeBaseError
from rasd.extract.analysis import Sentence
from rasd.kb.lexicon import Trigger
from rasd.kb.matcher import Match
from rasd.kb.yamlio import load_yaml
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

DATA = Path(__file__).parent / "data" / "contexts.yaml"
LISTS = (
    "generic_triggers",
    "metaphor_after",
    "metaphor_manner",
    "custody",
    "held_forms",
    "sports",
    "not_group_heads",
    "group_heads",
    "regions",
    "non_event",
    "state_operations",
    "retrospective_frames",
    "topic_frames",
    "fiction_frames",
    "policy_frames",
    "predictions",
    "metaphor_links",
    "verb_homographs",
    "verb_homograph_next",
    "negating_before",
    "adopt_objects",
    "past_state",
    "freeing",
)
DOMAIN_MIN_SENTENCES = 3  # sentences with domain words that make a sports/nature article


@dataclass(frozen=True)
class Contexts:
    generic_triggers: frozenset[str]
    metaphor_after: frozenset[str]
    sports: frozenset[str]  # single words
    sports_phrases: tuple[tuple[str, ...], ...]  # multi-word phrases
    not_group_heads: tuple[str, ...]  # key-normalised phrases
    group_heads: frozenset[str]
    regions: frozenset[str]
    non_event: tuple[tuple[str, ...], ...] = ()  # natural events, accidents (phrases)
    state_operations: tuple[tuple[str, ...], ...] = ()  # army/air-force operations
    retrospective_frames: tuple[tuple[str, ...], ...] = ()  # anniversary, trial
    topic_frames: tuple[tuple[str, ...], ...] = ()  # a group's tactics, methods
    policy_frames: tuple[tuple[str, ...], ...] = ()  # strategy, bill (with a generic cue)
    predictions: tuple[tuple[str, ...], ...] = ()  # "توقع أن", "مسألة وقت"
    metaphor_links: frozenset[str] = frozenset()  # "انفجار في الأسعار"
    verb_homographs: frozenset[str] = frozenset()  # "فجر": detonated or dawn
    verb_homograph_next: frozenset[str] = frozenset()  # subjects/objects after such a verb
    negating_before: frozenset[str] = frozenset()  # "وقف إطلاق النار"
    adopt_objects: frozenset[str] = frozenset()  # "تبني تشريعات"
    past_state: frozenset[str] = frozenset()  # "كانوا محتجزين"
    freeing: tuple[tuple[str, ...], ...] = ()  # "تحرير", "إطلاق سراح"
    metaphor_manner: frozenset[str] = frozenset()  # "انفجرت المدرجات فرحا"
    custody: frozenset[str] = frozenset()  # "السجن", "الحجز"
    held_forms: frozenset[str] = frozenset()  # "محتجزين"
    fiction_frames: tuple[tuple[str, ...], ...] = ()  # a series, film or novel

    def is_region(self, text: str) -> bool:
        """A continent or world region ("الشرق الأوسط"), too wide to be an incident's place."""
        words = text.split()
        if not words:
            return False
        first = prefix_keys(words[0])
        return any(" ".join([f, *(key(w) for w in words[1:])]) in self.regions for f in first)


def _keys(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise KnowledgeBaseError(f"contexts.yaml: {where} must be a list of phrases")
    return [key(v) for v in values]


@lru_cache(maxsize=4)
def load_contexts(path: Path = DATA) -> Contexts:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"contexts.yaml: cannot read: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise KnowledgeBaseError("contexts.yaml: needs a meta block")
    lists = {name: _keys(data.get(name), name) for name in LISTS}
    sports = [p for p in lists["sports"] if " " not in p]
    phrases = tuple(tuple(p.split()) for p in lists["sports"] if " " in p)
    return Contexts(
        frozenset(lists["generic_triggers"]),
        frozenset(lists["metaphor_after"]),
        frozenset(sports),
        phrases,
        tuple(lists["not_group_heads"]),
        frozenset(lists["group_heads"]),
        frozenset(lists["regions"]),
        tuple(tuple(p.split()) for p in lists["non_event"]),
        tuple(tuple(p.split()) for p in lists["state_operations"]),
        tuple(tuple(p.split()) for p in lists["retrospective_frames"]),
        tuple(tuple(p.split()) for p in lists["topic_frames"]),
        tuple(tuple(p.split()) for p in lists["policy_frames"]),
        tuple(tuple(p.split()) for p in lists["predictions"]),
        frozenset(lists["metaphor_links"]),
        frozenset(lists["verb_homographs"]),
        frozenset(lists["verb_homograph_next"]),
        frozenset(lists["negating_before"]),
        frozenset(lists["adopt_objects"]),
        frozenset(lists["past_state"]),
        tuple(tuple(p.split()) for p in lists["freeing"]),
        frozenset(lists["metaphor_manner"]),
        frozenset(lists["custody"]),
        frozenset(lists["held_forms"]),
        tuple(tuple(p.split()) for p in lists["fiction_frames"]),
    )


def _forms(sentence: Sentence) -> list[frozenset[str]]:
    """Clitic-stripped key forms of every token of the sentence, computed once."""
    if sentence.word_forms is None:
        sentence.word_forms = [_word_forms(w) for w in sentence.norms()]
    return sentence.word_forms


def all_forms(sentence: Sentence) -> frozenset[str]:
    """Every clitic-stripped key form of the sentence's tokens, in one set."""
    if sentence.all_forms is None:
        sentence.all_forms = frozenset().union(*_forms(sentence))
    return sentence.all_forms


@lru_cache(maxsize=200_000)
def _word_forms(norm: str) -> frozenset[str]:
    return frozenset(prefix_keys(norm))


def is_generic(trigger: Match[Trigger], ctx: Contexts) -> bool:
    """A one-word trigger that also has common non-violent senses."""
    return trigger.first == trigger.last and bool(
        set(_token_keys_of(trigger)) & ctx.generic_triggers
    )


def _token_keys_of(trigger: Match[Trigger]) -> tuple[str, ...]:
    return prefix_keys(trigger.span.norm)


def is_metaphor(sentence: Sentence, trigger: Match[Trigger], ctx: Contexts) -> bool:
    """ "انفجار الأسعار", "هجوم الفريق": a generic trigger followed by a non-violent noun
    (or, a word later, by a word of feeling: "انفجرت المدرجات فرحا")."""
    nxt = trigger.last + 1
    if not is_generic(trigger, ctx) or nxt >= sentence.last_token:
        return False
    forms = _forms(sentence)
    here = forms[nxt - sentence.first_token]
    after = forms[nxt + 1 - sentence.first_token] if nxt + 1 < sentence.last_token else frozenset()
    if not (here | after).isdisjoint(ctx.metaphor_manner):
        return True  # "انفجر غضبا", "انفجرت المدرجات فرحا"
    if not here.isdisjoint(ctx.metaphor_links) and after:
        here = after  # "انفجار في الأسعار"
    return not here.isdisjoint(ctx.metaphor_after)


def is_homograph_noun(sentence: Sentence, trigger: Match[Trigger], ctx: Contexts) -> bool:
    """ "فجر الأحد", "صلاة الفجر": an undiacritised one-word verb trigger read as
    its noun homograph. With the article it is the noun; bare, the verb only
    when the next word fits as its subject or object ("فجر انتحاري نفسه")."""
    if trigger.first != trigger.last:
        return False
    keys = _token_keys_of(trigger)
    if not set(keys) & ctx.verb_homographs:
        return False
    if key(trigger.span.norm) not in ctx.verb_homographs and any(k.startswith("ال") for k in keys):
        return True  # "الفجر", "والفجر", "بالفجر"
    nxt = trigger.last + 1
    if nxt >= sentence.last_token:
        return True
    return _forms(sentence)[nxt - sentence.first_token].isdisjoint(ctx.verb_homograph_next)


def _word(sentence: Sentence, i: int) -> frozenset[str]:
    """Clitic-stripped forms of token ``i`` of the document (empty outside the sentence)."""
    if not sentence.first_token <= i < sentence.last_token:
        return frozenset()
    return _forms(sentence)[i - sentence.first_token]


def is_no_act(sentence: Sentence, trigger: Match[Trigger], ctx: Contexts) -> bool:
    """A trigger that names no act in its context: "وقف إطلاق النار" (a ceasefire),
    "تبني تشريعات" (a claim verb with a non-violent object), a hostage word told
    as a past state in a sentence of release ("تحرير أشخاص كانوا محتجزين لدى"), or
    "held" in a place of custody."""
    if not _word(sentence, trigger.first - 1).isdisjoint(ctx.negating_before):
        return True
    kind = trigger.payload.type
    if kind == "claim" and trigger.first == trigger.last:
        return not _word(sentence, trigger.last + 1).isdisjoint(ctx.adopt_objects)
    if kind == "hostage_taking" and _held_in_custody(sentence, trigger, ctx):
        return True  # "كانوا محتجزين في السجن": prisoners, not hostages
    if kind == "hostage_taking" and not _word(sentence, trigger.first - 1).isdisjoint(
        ctx.past_state
    ):
        return bool(phrase_spans(sentence, ctx.freeing))
    return False


CUSTODY_REACH = 3  # words between "held" and the place of custody


def _held_in_custody(sentence: Sentence, trigger: Match[Trigger], ctx: Contexts) -> bool:
    if trigger.first != trigger.last or _word(sentence, trigger.first).isdisjoint(ctx.held_forms):
        return False
    return any(
        not _word(sentence, j).isdisjoint(ctx.custody)
        for j in range(trigger.last + 1, trigger.last + 1 + CUSTODY_REACH)
    )


def is_sports(sentence: Sentence, ctx: Contexts) -> bool:
    """Whether the sentence uses the vocabulary of sports reports."""
    every = all_forms(sentence)
    if not every.isdisjoint(ctx.sports):
        return True
    if not ctx.sports_phrases:
        return False
    index = _by_first_word(ctx.sports_phrases)
    if every.isdisjoint(index.keys()):  # a plain key is one of the forms
        return False
    # multi-word phrases match the plain key of each word (no clitics stripped)
    plain = [prefix_keys(w)[:1] for w in sentence.norms()]
    for i, first in enumerate(plain):
        if not first or first[0] not in index:
            continue
        for phrase in index[first[0]]:
            n = len(phrase)
            if i + n <= len(plain) and all(plain[i + k] == phrase[k : k + 1] for k in range(1, n)):
                return True
    return False


@lru_cache(maxsize=64)
def _by_first_word(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


def phrase_spans(sentence: Sentence, phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Token spans (first, last inclusive) of the phrases in the sentence; each word
    matches with its attached clitics (و ف ب ل ال) stripped."""
    if not phrases:
        return []
    index = _by_first_word(phrases)
    starts = all_forms(sentence) & index.keys()
    if not starts:
        return []
    first = sentence.first_token
    forms = _forms(sentence)
    out = []
    for i, here in enumerate(forms):
        for word in here & starts:
            for phrase in index[word]:
                n = len(phrase)
                if i + n <= len(forms) and all(phrase[k] in forms[i + k] for k in range(1, n)):
                    out.append((first + i, first + i + n - 1))
    return sorted(set(out))


def is_non_event(sentence: Sentence, ctx: Contexts | None = None) -> bool:
    """Whether the sentence uses the vocabulary of sports, natural events or accidents."""
    ctx = ctx or load_contexts()
    return is_sports(sentence, ctx) or bool(phrase_spans(sentence, ctx.non_event))


def is_non_event_article(sentences: list[Sentence]) -> bool:
    """A sports, science or accident article: at least ``DOMAIN_MIN_SENTENCES`` of
    its sentences use that vocabulary."""
    ctx = load_contexts()
    found = 0
    for s in sentences:
        if is_non_event(s, ctx):
            found += 1
            if found >= DOMAIN_MIN_SENTENCES:
                return True
    return False


class NonEventArticle:
    """Whether an article is a sports, science or accident piece
    (:func:`is_non_event_article`), decided on first use: most articles never need
    the answer."""

    __slots__ = ("_sentences", "_value")

    def __init__(self, sentences: list[Sentence]) -> None:
        self._sentences = sentences
        self._value: bool | None = None

    def __bool__(self) -> bool:
        if self._value is None:
            self._value = is_non_event_article(self._sentences)
        return self._value


def _head(sentences: list[Sentence]) -> list[Sentence]:
    """The title sentences and the first body sentence."""
    body = [s for s in sentences if s.part == "text"][:1]
    return [s for s in sentences if s.part == "title"] + body


def is_retrospective(sentences: list[Sentence]) -> bool:
    """An anniversary, trial or retrospective piece: its title or first body
    sentence frames the article that way."""
    ctx = load_contexts()
    return any(phrase_spans(s, ctx.retrospective_frames) for s in _head(sentences))


def is_fiction_piece(sentences: list[Sentence]) -> bool:
    """A piece on a series, film or play ("مسلسل", "فيلم"): its title or first body
    sentence says so. Attack words there tell a plot unless a sentence pins an act
    down with a date or a toll (threats against the cast are real news)."""
    ctx = load_contexts()
    return any(phrase_spans(s, ctx.fiction_frames) for s in _head(sentences))


def is_topic_piece(sentences: list[Sentence]) -> bool:
    """A piece about a group's tactics ("أسلوب جديد للتفجير") or a counter-terrorism
    policy ("استراتيجية جديدة تتصدى للتطرف": a policy word beside a generic word of
    terrorism or extremism in the same sentence): its title or first body sentence
    says so. Attack words there describe a kind of act, not one act, unless a
    sentence pins one down with a date or a toll."""
    ctx = load_contexts()
    return any(
        phrase_spans(s, ctx.topic_frames)
        or (s.has_cue("generic") and phrase_spans(s, ctx.policy_frames))
        for s in _head(sentences)
    )


def is_prediction(sentence: Sentence) -> bool:
    """The sentence foresees an act ("توقع أن يشن التنظيم هجوما", "مسألة وقت")."""
    return bool(phrase_spans(sentence, load_contexts().predictions))


def _in_spans(t: Match[Trigger], spans: list[tuple[int, int]]) -> bool:
    return any(a <= t.first and t.last <= b for a, b in spans)


_BLAME_CUES = frozenset({"suspect_role", "status_claimed", "claim_role"})


def _blamed_before(sentence: Sentence, t: Match[Trigger], ops: list[tuple[int, int]]) -> bool:
    """ "اتهمت السلطات التنظيم بتنفيذ الهجوم، الذي جاء بعد ... عملية عسكرية": an act
    blamed on or claimed by someone before the operation is named is the attack."""
    return t.last < ops[0][0] and any(
        c.payload in _BLAME_CUES and c.last < t.first for c in sentence.cues
    )


def live_triggers(
    sentence: Sentence, non_event_article: bool | NonEventArticle = False
) -> list[Match[Trigger]]:
    """The sentence's triggers without metaphors and without the words of a state
    military operation (air strikes, shelling, a military campaign); none when only
    generic words appear in a sports, natural-event or accident sentence. In a
    sports, science or accident article generic one-word triggers and warnings count
    only in a sentence that gives dead or wounded."""
    if not sentence.triggers:
        return []
    ctx = load_contexts()
    trigs = [
        t
        for t in sentence.triggers
        if not is_metaphor(sentence, t, ctx)
        and not is_homograph_noun(sentence, t, ctx)
        and not is_no_act(sentence, t, ctx)
    ]
    ops = phrase_spans(sentence, ctx.state_operations)
    if ops:
        # "غارات جوية", "عملية عسكرية": the phrase itself and the generic
        # words around it tell the operation, not a terrorist attack
        trigs = [
            t
            for t in trigs
            if not _in_spans(t, ops)
            and (not is_generic(t, ctx) or _blamed_before(sentence, t, ops))
        ]
    if (
        any(t.payload.type == "warning_threat" or is_generic(t, ctx) for t in trigs)
        and not any(c.payload.kind in ("killed", "wounded") for c in sentence.casualty)
        and non_event_article
    ):
        # a sentence that counts dead or wounded may still report a real attack;
        # a warning there ("توخي الحذر من") is no threat of violence
        trigs = [t for t in trigs if not is_generic(t, ctx) and t.payload.type != "warning_threat"]
    if trigs and all(is_generic(t, ctx) for t in trigs) and is_non_event(sentence, ctx):
        return []
    return trigs


_WARN = key("حذر")


def warns_of_nothing_violent(sentence: Sentence, trigger: Match[Trigger]) -> bool:
    """ "يحذر خبراء من أن المقاربة العسكرية لن تنجح": a warning word (حذر، تحذير)
    with no act, weapon, target or word of terrorism after it warns of something
    else. Threats (هدد، توعد) are left alone."""
    if _WARN not in key(trigger.span.norm).replace("تحذير", "حذر"):
        return False
    after = trigger.last
    return not (
        any(t.first > after for t in sentence.triggers)
        or any(m.first > after for m in sentence.weapons)
        or any(m.first > after for m in sentence.targets)
        or any(c.payload == "generic" and c.first > after for c in sentence.cues)
    )
