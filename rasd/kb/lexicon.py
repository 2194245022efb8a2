"""Trigger and cue lexicons (``triggers.yaml``, ``cues.yaml``): loading and validation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import KnowledgeBaseError
from rasd.kb.matcher import PhraseMatcher
from rasd.kb.yamlio import load_yaml
from rasd.taxonomy import INCIDENT_TYPES

CUE_KINDS = (
    "status_foiled",
    "status_attempted",
    "status_planned",
    "status_claimed",
    "status_denied",
    "hypothetical",
    "negation",
    "background",
    "historical_frames",
    "generic",
    "claim_role",
    "suspect_role",
    "member_role",
    "victim_role",
)
CASUALTY_KINDS = ("killed", "wounded", "arrested")


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    weight: float
    verb: bool
    phrase: str


@dataclass(frozen=True)
class CasualtyCue:
    kind: str  # killed | wounded | arrested | attackers | none
    position: str  # after | before | "" (attackers, none)


def _load_yaml(path: Path | None, default: str) -> tuple[dict[str, Any], str]:
    if path is None:
        ref = resources.files("rasd.kb") / "data" / default
        text = ref.read_text(encoding="utf-8")
        name = f"rasd/kb/data/{default}"
    else:
        text = Path(path).read_text(encoding="utf-8")
        name = str(path)
    try:
        data = load_yaml(text)
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(f"{name}: invalid YAML: {err}") from err
    if not isinstance(data, dict) or "meta" not in data:
        raise KnowledgeBaseError(f"{name}: expected a mapping with a 'meta' block")
    return data, name


def _phrases(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise KnowledgeBaseError(f"{where}: expected a non-empty list of phrases")
    out = []
    for p in value:
        if not isinstance(p, str) or not p.strip():
            raise KnowledgeBaseError(f"{where}: bad phrase {p!r}")
        out.append(p.strip())
    return out


@lru_cache(maxsize=4)
def load_triggers(path: Path | None = None) -> tuple[Trigger, ...]:
    data, name = _load_yaml(path, "triggers.yaml")
    out: list[Trigger] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("triggers") or []):
        tid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{name}: trigger {tid or i}"
        if not tid or tid in seen:
            raise KnowledgeBaseError(f"{where}: missing or duplicate id")
        seen.add(tid)
        if entry.get("type") not in INCIDENT_TYPES:
            raise KnowledgeBaseError(f"{where}: unknown type {entry.get('type')!r}")
        weight = float(entry.get("weight", 1.0))
        if not 0 < weight <= 1:
            raise KnowledgeBaseError(f"{where}: weight must be in (0, 1]")
        for phrase in _phrases(entry.get("ar"), where):
            out.append(Trigger(tid, entry["type"], weight, bool(entry.get("verb")), phrase))
    if not out:
        raise KnowledgeBaseError(f"{name}: no triggers")
    return tuple(out)


@dataclass(frozen=True)
class Cues:
    phrases: dict[str, tuple[str, ...]]
    casualty: tuple[tuple[str, CasualtyCue], ...]
    place_cues: tuple[str, ...]


@lru_cache(maxsize=4)
def load_cues(path: Path | None = None) -> Cues:
    data, name = _load_yaml(path, "cues.yaml")
    cues = data.get("cues") or {}
    phrases: dict[str, tuple[str, ...]] = {}
    for kind in CUE_KINDS:
        if kind not in cues:
            raise KnowledgeBaseError(f"{name}: cue list {kind!r} is missing")
        phrases[kind] = tuple(_phrases(cues[kind], f"{name}: cues.{kind}"))
    unknown = set(cues) - set(CUE_KINDS)
    if unknown:
        raise KnowledgeBaseError(f"{name}: unknown cue lists {sorted(unknown)}")
    cas = data.get("casualties") or {}
    casualty: list[tuple[str, CasualtyCue]] = []
    for kind in CASUALTY_KINDS:
        block = cas.get(kind)
        if not isinstance(block, dict):
            raise KnowledgeBaseError(f"{name}: casualties.{kind} must have after/before lists")
        for pos in ("after", "before"):
            for p in _phrases(block.get(pos), f"{name}: casualties.{kind}.{pos}"):
                casualty.append((p, CasualtyCue(kind, pos)))
    for kind in ("attackers", "none"):
        for p in _phrases(cas.get(kind), f"{name}: casualties.{kind}"):
            casualty.append((p, CasualtyCue(kind, "")))
    place = tuple(_phrases(data.get("place_cues"), f"{name}: place_cues"))
    return Cues(phrases, tuple(casualty), place)


def trigger_matcher(triggers: tuple[Trigger, ...]) -> PhraseMatcher[Trigger]:
    m: PhraseMatcher[Trigger] = PhraseMatcher()
    for t in triggers:
        m.add(t.phrase, t)
    return m


def cue_matcher(cues: Cues) -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    for kind, phrases in sorted(cues.phrases.items()):
        for p in phrases:
            m.add(p, kind)
    return m


def casualty_matcher(cues: Cues) -> PhraseMatcher[CasualtyCue]:
    m: PhraseMatcher[CasualtyCue] = PhraseMatcher()
    for p, cue in cues.casualty:
        m.add(p, cue)
    return m
