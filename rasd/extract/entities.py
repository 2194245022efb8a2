"""Named entities where the knowledge base has no match (issue 9.3).

The packaged NER model (:mod:`rasd.ner`, loaded once and cached) tags only the
sentences that hold an event mention. Two uses:

* a LOC entity near the trigger that no gazetteer entry covers becomes the mention's
  place text (``Location.name_ar``) with the country taken from the sentence or the
  article; it is *not geocoded* (no ``gazetteer_id``, no coordinates, no precision);
* an ORG entity that no group or agency entry covers, next to claim/accusation
  language or shaped like an armed group's name ("جماعة …", "كتائب …") near the
  trigger, becomes a *candidate group* (``IncidentReport.candidates``): recorded for
  review, never counted as a perpetrator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasd.extract.analysis import Sentence
from rasd.extract.contexts import Contexts, all_forms, load_contexts
from rasd.extract.evidence import evidence
from rasd.kb.matcher import Match
from rasd.model import Actor, Location
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

LOC_WINDOW = 12  # tokens between trigger and a LOC entity
ORG_WINDOW = 8  # tokens between trigger and a group-shaped ORG entity
_ROLE_CUES = {"status_claimed": "claimed", "suspect_role": "suspected"}


def _model() -> Any:
    from rasd.ner import load_model  # imported lazily: numpy and the model load once

    return load_model()


def tag_sentences(sentences: Sequence[Sentence]) -> dict[int, list[tuple[int, int, str]]]:
    """Entity spans ``(first, last_exclusive, label)`` in doc token indexes, per sentence."""
    from rasd.ner.bio import spans

    todo = [s for s in sentences if s.last_token > s.first_token]
    if not todo:
        return {}
    words = [s.norms() for s in todo]
    tags = _model().tag_sentences(words)
    out: dict[int, list[tuple[int, int, str]]] = {}
    for s, t in zip(todo, tags, strict=True):
        out[s.index] = [(s.first_token + a, s.first_token + b, lab) for a, b, lab in spans(t)]
    return out


def sentence_by_sentence() -> bool:
    """Whether the model tags each sentence on its own (no document clues), so a
    sentence's tags do not depend on which other sentences are tagged with it."""
    return not int(_model().meta.get("doc_window", 0))


def may_name_candidates(sentence: Sentence, ctx: Contexts | None = None) -> bool:
    """Whether :func:`find_candidate_groups` could find anything in the sentence: it
    needs a group-shaped name (a word of ``group_heads``) or a member cue."""
    ctx = ctx or load_contexts()
    return not all_forms(sentence).isdisjoint(ctx.group_heads) or sentence.has_cue("member_role")


def _covered(sentence: Sentence, *, places: bool = True) -> set[int]:
    """Tokens that a knowledge-base entry already explains; place names inside an
    organisation's name ("كتائب الفرقان") do not explain it (``places=False``)."""
    out: set[int] = set()
    kinds: list[Sequence[Match[Any]]] = [
        sentence.countries,
        sentence.groups,
        sentence.agencies,
        sentence.triggers,
    ]
    if places:
        kinds.append(sentence.places)
    for ms in kinds:
        for m in ms:
            out.update(range(m.first, m.last + 1))
    return out


def _span_text(sentence: Sentence, a: int, b: int) -> Any:
    toks = sentence.doc.tokens
    return sentence.doc.span(toks[a].norm_start, toks[b - 1].norm_end)


def find_ner_place(
    sentence: Sentence,
    ents: list[tuple[int, int, str]],
    trigger_token: int,
    country: str | None,
    ctx: Contexts | None = None,
) -> Location | None:
    """The LOC entity nearest the trigger that the gazetteer does not know."""
    ctx = ctx or load_contexts()
    covered = _covered(sentence)
    best: tuple[tuple[int, int], Location] | None = None
    for a, b, label in ents:
        if label != "LOC" or any(i in covered for i in range(a, b)):
            continue
        dist = a - trigger_token
        if abs(dist) > LOC_WINDOW:
            continue
        span = _span_text(sentence, a, b)
        if len(key(span.text).replace(" ", "")) < 3 or ctx.is_region(span.text):
            continue
        loc = Location(country=country, name_ar=span.text, evidence=evidence(span, sentence))
        rank = (0 if dist >= 0 else 1, abs(dist))
        if best is None or rank < best[0]:
            best = (rank, loc)
    return best[1] if best else None


def _starts_with(words: list[tuple[str, ...]], phrase: str) -> bool:
    parts = phrase.split()
    if len(parts) > len(words):
        return False
    return all(p in forms for p, forms in zip(parts, words, strict=False))


def find_candidate_groups(
    sentence: Sentence,
    ents: list[tuple[int, int, str]],
    trigger_token: int,
    ctx: Contexts | None = None,
) -> list[Actor]:
    """ORG entities unknown to the knowledge base that the sentence ties to the event."""
    ctx = ctx or load_contexts()
    covered = _covered(sentence, places=False)
    kinds = sentence.cue_kinds()
    role = next((r for c, r in _ROLE_CUES.items() if c in kinds), None)
    members = [c for c in sentence.cues if c.payload == "member_role"]
    out: dict[str, Actor] = {}
    for a, b, label in ents:
        if label != "ORG" or any(i in covered for i in range(a, b)):
            continue
        toks = sentence.doc.tokens[a:b]
        words = [prefix_keys(t.norm) for t in toks]
        if not words or any(_starts_with(words, h) for h in ctx.not_group_heads):
            continue
        group_shaped = bool(set(words[0]) & ctx.group_heads)
        near = abs(a - trigger_token) <= ORG_WINDOW
        member = any(0 < a - c.last <= 2 for c in members)
        if not (group_shaped and (near or role)) and not member:
            continue
        span = _span_text(sentence, a, b)
        name = span.text
        if name not in out:
            out[name] = Actor(
                name=name,
                role=role or "suspected",  # type: ignore[arg-type]
                name_ar=name,
                surface=name,
                evidence=evidence(span, sentence),
            )
    return list(out.values())
