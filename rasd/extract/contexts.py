"""Non-event contexts: sports reports and metaphors that use violent trigger words.

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
    "sports",
    "not_group_heads",
    "group_heads",
    "regions",
)


@dataclass(frozen=True)
class Contexts:
    generic_triggers: frozenset[str]
    metaphor_after: frozenset[str]
    sports: frozenset[str]  # single words
    sports_phrases: tuple[tuple[str, ...], ...]  # multi-word phrases
    not_group_heads: tuple[str, ...]  # key-normalised phrases
    group_heads: frozenset[str]
    regions: frozenset[str]

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
    )


def _token_keys(sentence: Sentence, i: int) -> tuple[str, ...]:
    return prefix_keys(sentence.doc.tokens[i].norm)


def is_generic(trigger: Match[Trigger], ctx: Contexts) -> bool:
    """A one-word trigger that also has common non-violent senses."""
    return trigger.first == trigger.last and bool(
        set(_token_keys_of(trigger)) & ctx.generic_triggers
    )


def _token_keys_of(trigger: Match[Trigger]) -> tuple[str, ...]:
    return prefix_keys(trigger.span.norm)


def is_metaphor(sentence: Sentence, trigger: Match[Trigger], ctx: Contexts) -> bool:
    """ "انفجار الأسعار", "هجوم الفريق": a generic trigger followed by a non-violent noun."""
    nxt = trigger.last + 1
    if not is_generic(trigger, ctx) or nxt >= sentence.last_token:
        return False
    return bool(set(_token_keys(sentence, nxt)) & ctx.metaphor_after)


def is_sports(sentence: Sentence, ctx: Contexts) -> bool:
    """Whether the sentence uses the vocabulary of sports reports."""
    words = [_token_keys(sentence, i) for i in range(sentence.first_token, sentence.last_token)]
    if any(set(forms) & ctx.sports for forms in words):
        return True
    plain = [forms[0] if forms else "" for forms in words]
    for phrase in ctx.sports_phrases:
        n = len(phrase)
        for i in range(len(plain) - n + 1):
            if tuple(plain[i : i + n]) == phrase:
                return True
    return False


def live_triggers(sentence: Sentence) -> list[Match[Trigger]]:
    """The sentence's triggers without metaphors; none when only generic words
    appear in a sports sentence."""
    ctx = load_contexts()
    trigs = [t for t in sentence.triggers if not is_metaphor(sentence, t, ctx)]
    if trigs and all(is_generic(t, ctx) for t in trigs) and is_sports(sentence, ctx):
        return []
    return trigs
