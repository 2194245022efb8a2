"""Matching system incidents to gold incidents and computing the metrics.

Matching, per item: a system incident can match a gold incident when their
types are compatible (same type, or both bombings, or both shootings/
assassinations, or kidnapping/hostage taking) and their countries agree;
among compatible pairs the best field overlap wins (greedy, deterministic).
Optional gold incidents may absorb system incidents without reward; any
system incident left unmatched is a false positive.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rasd.evaluate.gold import GoldItem

COMPATIBLE = [
    {"bombing", "suicide_bombing", "attack_on_facility"},
    {"armed_assault", "assassination", "stabbing", "vehicle_ramming", "attack_on_facility"},
    {"kidnapping", "hostage_taking"},
    {"prison_attack_or_riot", "attack_on_facility"},
]
FIELDS = ("type", "status", "date", "country", "city", "groups", "killed", "wounded")


def types_compatible(a: str, b: str) -> bool:
    return a == b or any(a in s and b in s for s in COMPATIBLE)


def _norm_city(c: Any) -> str | None:
    if not c:
        return None
    folded = unicodedata.normalize("NFKD", str(c))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    s = folded.lower().replace("-", " ").replace("'", "").replace("‘", "").strip()
    for prefix in ("al ", "el ", "ad ", "as ", "ar "):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    s = "".join(ch for ch in s if ch.isalnum())
    return s


def field_equal(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    """Whether a field agrees; None when the field is not scored for this gold."""
    g, p = gold.get(name), pred.get(name)
    if name == "date":
        if g is None:
            return None
        return p is not None and (p == g or p.startswith(g) or (g.startswith(p) and len(p) >= 7))
    if name == "city":
        return _norm_city(g) == _norm_city(p)
    if name == "groups":
        return set(g or []) == set(p or [])
    return g == p


def _pair_score(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    s = 2.0 if gold["type"] == pred["type"] else 1.0
    for f in ("date", "city", "groups", "killed", "wounded"):
        if field_equal(f, gold, pred):
            s += 1
    return s


@dataclass
class ItemResult:
    id: str
    item_kind: str
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (gold index, pred index)
    tp: int = 0
    fn: int = 0
    fp: int = 0
    main_found: bool | None = None
    predictions: list[dict[str, Any]] = field(default_factory=list)
    new_on_negative: bool = False


def match_item(item: GoldItem, preds: list[dict[str, Any]]) -> ItemResult:
    res = ItemResult(item.id, item.item_kind, predictions=preds)
    cands = []
    for gi, g in enumerate(item.incidents):
        for pi, p in enumerate(preds):
            if not types_compatible(g["type"], p["type"]):
                continue
            if g.get("country") and p.get("country") != g.get("country"):
                continue
            is_required = gi not in item.optional_incident_indices
            cands.append((-_pair_score(g, p), not is_required, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _s, _opt, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        res.pairs.append((gi, pi))
    required = set(item.required())
    res.tp = len(required & used_g)
    res.fn = len(required - used_g)
    res.fp = len(set(range(len(preds))) - used_p)
    if item.main_incident_index is not None:
        res.main_found = item.main_incident_index in used_g
    if item.item_kind == "negative":
        res.new_on_negative = any(p.get("recency", "new") == "new" for p in preds)
    return res


def score(items: list[GoldItem], results: list[ItemResult]) -> dict[str, Any]:
    tp = sum(r.tp for r in results)
    fn = sum(r.fn for r in results)
    fp = sum(r.fp for r in results)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    mains = [r.main_found for r in results if r.main_found is not None]
    by_id = {i.id: i for i in items}
    field_hits: dict[str, list[bool]] = {f: [] for f in FIELDS}
    groups_none: list[bool] = []
    for r in results:
        item = by_id[r.id]
        for gi, pi in r.pairs:
            g, p = item.incidents[gi], r.predictions[pi]
            for f in FIELDS:
                ok = field_equal(f, g, p)
                if ok is not None:
                    field_hits[f].append(ok)
            if not g.get("groups"):
                groups_none.append(bool(p.get("groups")))
    negatives = [r for r in results if r.item_kind == "negative"]
    hist = [r for r in results if r.item_kind == "historical"]
    return {
        "items": len(items),
        "incidents": {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
        },
        "main_incident_recall": round(sum(mains) / len(mains), 4) if mains else None,
        "field_accuracy": {
            f: (round(sum(v) / len(v), 4) if v else None) for f, v in field_hits.items()
        },
        "field_support": {f: len(v) for f, v in field_hits.items()},
        "false_positive_rate_negative_items": round(
            sum(r.new_on_negative for r in negatives) / len(negatives), 4
        )
        if negatives
        else None,
        "historical_items_with_new_incident": sum(
            any(p.get("recency") == "new" for p in r.predictions) for r in hist
        ),
        "groups_named_where_gold_has_none": round(sum(groups_none) / len(groups_none), 4)
        if groups_none
        else None,
    }


def evaluate_items(
    items: Iterable[GoldItem],
    predict: Callable[[GoldItem], list[dict[str, Any]]],
) -> tuple[dict[str, Any], list[ItemResult]]:
    items = list(items)
    results = [match_item(it, predict(it)) for it in items]
    return score(items, results), results
