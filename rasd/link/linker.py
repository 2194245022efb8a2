"""In-memory incremental clustering of reports into incidents.

:class:`Linker` holds clusters (incidents) and adds reports one at a time:

1. candidate incidents are those with a member in the same country (or with an
   unknown country on either side);
2. a report's score against an incident is its best pair score against a member
   (:func:`rasd.link.score.score_pair`); an incident is vetoed outright when any
   member is in a different country, is another report of the same article in
   the same type family, or was split from the report by hand;
3. the report joins the best incident scoring at least ``threshold`` (ties → the
   earliest-created incident), else it starts a new incident;
4. other incidents scoring at least ``threshold + union_margin`` are united with
   it unless a veto applies between their members; the earliest-created id
   survives and the others are reported as merged away.

The same class runs in calibration (all in memory) and in
:func:`rasd.link.merge.merge_new_reports` (clusters loaded from the store).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rasd.link.audit import PairDecision
from rasd.link.ids import incident_id
from rasd.link.score import LinkItem, MergeParams, score_pair

HARD_VETOES = ("countries differ", "two reports of one article")


@dataclass
class Cluster:
    """One incident being built: its id, creation key and member reports."""

    id: str
    created: tuple[str, int]  # (created_at, insertion order): the earliest survives
    items: list[LinkItem] = field(default_factory=list)
    existing: bool = False  # loaded from the store
    dirty: bool = False  # gained reports or absorbed another incident


@dataclass(frozen=True)
class LinkEvent:
    """What happened: a report created/joined an incident, or incidents were united."""

    kind: Literal["created", "linked", "merged"]
    incident_id: str
    report_id: str | None = None
    absorbed_id: str | None = None
    decision: PairDecision | None = None


class Linker:
    """Clusters reports incrementally; deterministic for a given input order."""

    def __init__(self, params: MergeParams | None = None, cannot: Iterable[tuple[str, str]] = ()):
        self.params = params or MergeParams()
        self.clusters: dict[str, Cluster] = {}
        self.cluster_of: dict[str, str] = {}
        self.cannot: set[frozenset[str]] = {frozenset(p) for p in cannot}
        self.events: list[LinkEvent] = []
        self.absorbed: dict[str, str] = {}  # merged-away id -> survivor
        self.loaded_ids: set[str] = set()  # incidents that came from the store
        self._order = 0

    # -- building ------------------------------------------------------------
    def load_cluster(self, cid: str, items: Iterable[LinkItem], created_at: str = "") -> Cluster:
        """Add an existing incident (from the store) without emitting events."""
        cl = Cluster(cid, (created_at, self._next()), list(items), existing=True)
        self.clusters[cid] = cl
        self.loaded_ids.add(cid)
        for it in cl.items:
            self.cluster_of[it.id] = cid
        return cl

    def _next(self) -> int:
        self._order += 1
        return self._order

    def _new_id(self, item: LinkItem) -> str:
        cid = incident_id(item.id)
        n = 1
        while cid in self.clusters or cid in self.absorbed:
            n += 1
            cid = incident_id(f"{item.id}#{n}")
        return cid

    # -- scoring -------------------------------------------------------------
    def _vetoed(self, a: LinkItem, b: LinkItem, d: PairDecision) -> bool:
        if frozenset((a.id, b.id)) in self.cannot:
            return True
        return d.blocked is not None and d.blocked.startswith(HARD_VETOES)

    def cluster_score(self, item: LinkItem, cluster: Cluster) -> PairDecision | None:
        """Best pair decision of ``item`` against ``cluster`` (``None``: vetoed or blocked)."""
        best: PairDecision | None = None
        for member in cluster.items:
            d = score_pair(item, member, self.params)
            if self._vetoed(item, member, d):
                return None
            if d.ok and (best is None or d.score > best.score):
                best = d
        return best

    def _can_unite(self, a: Cluster, b: Cluster) -> bool:
        for x in a.items:
            for y in b.items:
                if self._vetoed(x, y, score_pair(x, y, self.params)):
                    return False
        return True

    def _candidates(self, item: LinkItem) -> list[Cluster]:
        country = item.country
        out = []
        for cl in self.clusters.values():
            if country is None or any(m.country in (None, country) for m in cl.items):
                out.append(cl)
        return sorted(out, key=lambda c: c.created)

    # -- adding --------------------------------------------------------------
    def add(self, item: LinkItem) -> str:
        """Link one report; returns the id of the incident it ends up in."""
        if item.id in self.cluster_of:
            return self.find(self.cluster_of[item.id])
        threshold = self.params.threshold
        scored: list[tuple[float, tuple[str, int], Cluster, PairDecision]] = []
        for cl in self._candidates(item):
            d = self.cluster_score(item, cl)
            if d is not None and d.score >= threshold:
                scored.append((d.score, cl.created, cl, d))
        if not scored:
            cl = Cluster(self._new_id(item), ("~", self._next()), [item])
            self.clusters[cl.id] = cl
            self.cluster_of[item.id] = cl.id
            self.events.append(LinkEvent("created", cl.id, item.id))
            return cl.id
        scored.sort(key=lambda s: (-s[0], s[1]))
        _, _, target, decision = scored[0]
        target.items.append(item)
        target.dirty = True
        self.cluster_of[item.id] = target.id
        self.events.append(LinkEvent("linked", target.id, item.id, decision=decision))
        for score, _, other, d in scored[1:]:
            if score < threshold + self.params.union_margin:
                continue
            current = self.clusters.get(self.find(target.id))
            if current is None or other.id not in self.clusters or other is current:
                continue
            if self._can_unite(current, other):
                self._unite(current, other, d)
        return self.find(target.id)

    def _unite(self, a: Cluster, b: Cluster, decision: PairDecision) -> Cluster:
        survivor, gone = (a, b) if a.created <= b.created else (b, a)
        survivor.items.extend(gone.items)
        survivor.dirty = True
        for it in gone.items:
            self.cluster_of[it.id] = survivor.id
        del self.clusters[gone.id]
        self.absorbed[gone.id] = survivor.id
        self.events.append(LinkEvent("merged", survivor.id, absorbed_id=gone.id, decision=decision))
        return survivor

    def find(self, cid: str) -> str:
        """The surviving id of ``cid`` (follows unions)."""
        while cid in self.absorbed:
            cid = self.absorbed[cid]
        return cid

    def assignments(self) -> dict[str, str]:
        """Report id → final incident id."""
        return {rid: self.find(cid) for rid, cid in sorted(self.cluster_of.items())}


def cluster_reports(items: Iterable[LinkItem], params: MergeParams | None = None) -> dict[str, str]:
    """Cluster ``items`` (in the order given) and return report id → incident id."""
    linker = Linker(params)
    for item in items:
        linker.add(item)
    return linker.assignments()
