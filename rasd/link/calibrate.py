"""Evaluate and tune the merger: pairwise precision, recall and F1 against gold clusters.

Pairwise scores count unordered pairs of reports: a predicted pair is correct
when both reports carry the same gold ``event_key``. Items missing from either
side are ignored.

:func:`gold_items` turns the incidents of a gold file in the format of
``shared/eval/README.md`` into reports (one per gold incident, the article's
``published`` day as publication date), so the merger can be measured on
perfect extraction; :func:`evaluate` clusters any labelled reports, e.g. the
extractor's output on the same articles (see ``bench/merge_quality.py``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from rasd.errors import GoldFormatError
from rasd.link.linker import cluster_reports
from rasd.link.score import LinkItem, MergeParams
from rasd.model import Actor, ArticleRef, Count, DateValue, IncidentReport, Location, Tag
from rasd.store.convert import date_range
from rasd.taxonomy import INCIDENT_TYPES, STATUSES

BACKGROUND_DAYS = 7  # a gold date this many days before publication marks a background report


@dataclass(frozen=True)
class PRF:
    """Pairwise counts and scores."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class LabelledItem:
    """A report with its gold cluster key."""

    item: LinkItem
    event_key: str
    required: bool = True


def _pairs(assign: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item, cluster in assign.items():
        groups[cluster].append(item)
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                out.add((a, b))
    return out


def pairwise_prf(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """Pairwise P/R/F1 of ``predicted`` (item → cluster) against ``gold`` (item → key)."""
    common = set(predicted) & set(gold)
    pred = _pairs({k: predicted[k] for k in common})
    true = _pairs({k: gold[k] for k in common})
    return PRF(tp=len(pred & true), fp=len(pred - true), fn=len(true - pred))


def _count(value: Any, at_least: bool = False) -> Count | None:
    return Count(int(value), at_least=at_least) if isinstance(value, int) else None


def _precision(value: str) -> str:
    return {10: "day", 7: "month"}.get(len(value), "year")


def gold_report(inc: Mapping[str, Any], published: str | None, recency: str) -> IncidentReport:
    """One gold incident object as an :class:`IncidentReport`."""
    if inc.get("type") not in INCIDENT_TYPES or inc.get("status", "unknown") not in STATUSES:
        raise GoldFormatError(f"bad type/status in gold incident {inc.get('event_key')!r}")
    d = inc.get("date")
    return IncidentReport(
        type=inc["type"],
        status=inc.get("status") or "unknown",
        date=DateValue(d, _precision(d)) if d else None,  # type: ignore[arg-type]
        location=Location(country=inc.get("country"), city=inc.get("city")),
        perpetrators=[Actor(name=g) for g in inc.get("groups") or []],
        targets=[Tag(name=t, gtd_code=20) for t in inc.get("targets") or []],
        weapons=[Tag(name=w, gtd_code=13) for w in inc.get("weapons") or []],
        killed=_count(inc.get("killed"), bool(inc.get("killed_is_minimum"))),
        wounded=_count(inc.get("wounded")),
        arrested=_count(inc.get("arrested")),
        suicide=inc["type"] == "suicide_bombing",
        recency=recency,  # type: ignore[arg-type]
        confidence=0.9,
        article=ArticleRef(published=published),
    )


def _is_background(
    item_kind: str, inc_date: str | None, published: str | None, optional: bool
) -> bool:
    if item_kind == "historical":
        return True
    first, _ = date_range(inc_date)
    if first and published:
        try:
            return (
                date.fromisoformat(published) - date.fromisoformat(first)
            ).days > BACKGROUND_DAYS
        except ValueError:
            return False
    return optional and not inc_date


def gold_items(path: str | Path, *, required_only: bool = False) -> list[LabelledItem]:
    """Reports built from the incidents of a gold JSONL file, in publication order."""
    out: list[LabelledItem] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldFormatError(f"{path}:{n}: not JSON ({err.msg})") from err
            optional = set(rec.get("optional_incident_indices") or [])
            published = rec.get("published")
            doc = str(rec.get("doc") or rec.get("id") or n)
            for i, inc in enumerate(rec.get("incidents") or []):
                if not inc.get("event_key") or (required_only and i in optional):
                    continue
                bg = _is_background(
                    rec.get("item_kind", ""), inc.get("date"), published, i in optional
                )
                rep = gold_report(inc, published, "background" if bg else "new")
                rep.is_main = i == rec.get("main_incident_index")
                rep.article.doc_id = doc
                item = LinkItem(f"{doc}.{i}", doc, rep, published)
                out.append(LabelledItem(item, inc["event_key"], i not in optional))
    out.sort(key=lambda x: (x.item.published or "", x.item.id))
    return out


def evaluate(items: Sequence[LabelledItem], params: MergeParams | None = None) -> PRF:
    """Cluster the items in order and score the clusters against their event keys."""
    predicted = cluster_reports([x.item for x in items], params)
    return pairwise_prf(predicted, {x.item.id: x.event_key for x in items})


def sweep(
    items: Sequence[LabelledItem],
    thresholds: Iterable[float],
    base: MergeParams | None = None,
) -> list[tuple[float, PRF]]:
    """F1 for each threshold (the rest of ``base`` unchanged), in the order given."""
    base = base or MergeParams()
    return [(t, evaluate(items, replace(base, threshold=t))) for t in thresholds]
