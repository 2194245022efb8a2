"""The summary of a merged incident: each field from its best-supported report.

Support of a report = its confidence, plus 0.5 when the incident is the main one
of its article. For each field:

* type and status: weighted vote (claims vote only when every report is a claim);
  ties go to the more specific type (suicide_bombing over bombing), then by name;
* date: the most precise dates (day > month > year) vote; ties → earlier date;
* place: the most precise places (city > province > country) vote on
  (country, province, city); the location object (with coordinates and
  evidence) comes from the best-supported report with the winning value;
* killed / wounded / arrested: the most reported figure; ties → the figure of the
  latest-published report (tolls rise), then the larger;
* perpetrators, targets, weapons: the union over all reports, most supported first;
* recency: ``new`` if any report is new; confidence: noisy-or of the reports, ≤ 0.99;
* evidence and article: those of the report that gave the type.

Every choice ends with the report id, so the summary is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from rasd.link.score import LinkItem
from rasd.model import Actor, Count, DateValue, IncidentReport, Location, Tag

PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
PLACE_RANK = {"city": 3, "province": 2, "country": 1}
TYPE_SPECIFICITY = {"suicide_bombing": 2, "assassination": 1, "hostage_taking": 1}
ROLE_RANK = {"claimed": 3, "attributed": 2, "suspected": 1}


def support(item: LinkItem) -> float:
    return item.report.confidence + (0.5 if item.report.is_main else 0.0)


def _vote(
    items: Sequence[LinkItem],
    value: Callable[[LinkItem], Hashable | None],
    tiebreak: Callable[[Any], Any],
) -> tuple[Any, LinkItem | None]:
    """Weighted vote over non-None values; returns the winner and its best item."""
    weight: dict[Hashable, float] = defaultdict(float)
    best: dict[Hashable, LinkItem] = {}
    for it in items:
        v = value(it)
        if v is None:
            continue
        weight[v] += support(it)
        cur = best.get(v)
        if cur is None or (support(it), cur.id) > (support(cur), it.id):
            best[v] = it
    if not weight:
        return None, None
    winner = max(weight, key=lambda v: (round(weight[v], 9), tiebreak(v)))
    return winner, best[winner]


def _place_rank(loc: Location | None) -> int:
    if loc is None:
        return 0
    if loc.city:
        return 3
    if loc.province:
        return 2
    return 1 if loc.country else 0


def _count(items: Sequence[LinkItem], name: str) -> Count | None:
    tally: dict[int, list[LinkItem]] = defaultdict(list)
    for it in items:
        c = getattr(it.report, name)
        if c is not None and c.value is not None:
            tally[c.value].append(it)
    if not tally:
        return None

    def rank(v: int) -> tuple[int, str, int]:
        latest = max(it.published or "" for it in tally[v])
        return len(tally[v]), latest, v

    value = max(tally, key=rank)
    chosen = max(tally[value], key=lambda it: (support(it), it.id))
    count: Count = getattr(chosen.report, name)
    return count


def _union_actors(items: Sequence[LinkItem]) -> list[Actor]:
    score: dict[str, float] = defaultdict(float)
    best: dict[str, tuple[int, float, str, Actor]] = {}
    for it in items:
        for a in it.report.perpetrators:
            score[a.name] += support(it)
            cand = (ROLE_RANK.get(a.role, 0), support(it), it.id, a)
            cur = best.get(a.name)
            if cur is None or cand[:2] > cur[:2] or (cand[:2] == cur[:2] and cand[2] < cur[2]):
                best[a.name] = cand
    names = sorted(score, key=lambda n: (-round(score[n], 9), n))
    return [best[n][3] for n in names]


def _union_tags(items: Sequence[LinkItem], attr: str) -> list[Tag]:
    score: dict[str, float] = defaultdict(float)
    first: dict[str, Tag] = {}
    for it in sorted(items, key=lambda x: (-support(x), x.id)):
        for t in getattr(it.report, attr):
            score[t.name] += support(it)
            first.setdefault(t.name, t)
    return [first[n] for n in sorted(score, key=lambda n: (-round(score[n], 9), n))]


def _date_precision(it: LinkItem) -> int:
    d = it.report.date
    return PRECISION_RANK.get(d.precision, 0) if d is not None else 0


def _best_date(items: Sequence[LinkItem]) -> DateValue | None:
    """The most precise dates vote; ties go to the earlier date."""
    top = max((_date_precision(it) for it in items), default=0)
    if top == 0:
        return None
    precise = [it for it in items if _date_precision(it) == top]

    def value(it: LinkItem) -> str | None:
        return it.report.date.value if it.report.date else None

    _, item = _vote(precise, value, lambda v: tuple(-ord(c) for c in v))
    return item.report.date if item else None


def summarize(items: Sequence[LinkItem]) -> IncidentReport:
    """The best-supported value of every field over the reports of one incident."""
    if not items:
        raise ValueError("an incident needs at least one report")
    items = sorted(items, key=lambda it: it.id)
    voters = [it for it in items if it.report.type != "claim"] or list(items)
    type_, type_item = _vote(
        voters, lambda it: it.report.type, lambda t: (TYPE_SPECIFICITY.get(t, 0), t)
    )
    assert type_ is not None and type_item is not None
    status, _ = _vote(voters, lambda it: it.report.status, lambda s: (s != "unknown", s))

    date = _best_date(items)

    location: Location | None = None
    placed = [it for it in items if _place_rank(it.report.location) > 0]
    if placed:
        top = max(_place_rank(it.report.location) for it in placed)
        precise = [it for it in placed if _place_rank(it.report.location) == top]

        def place_key(it: LinkItem) -> tuple[str, str, str] | None:
            loc = it.report.location
            if loc is None:
                return None
            return (loc.country or "", (loc.province or "").casefold(), (loc.city or "").casefold())

        _, place_item = _vote(precise, place_key, lambda k: k)
        location = place_item.report.location if place_item else None

    conf = 1.0
    for it in items:
        conf *= 1.0 - it.report.confidence
    main = type_item.report
    suicide = type_ == "suicide_bombing" or (
        sum(support(it) for it in items if it.report.suicide)
        > sum(support(it) for it in items if not it.report.suicide)
    )
    return IncidentReport(
        type=type_,
        status=status or "unknown",
        date=date,
        location=location,
        perpetrators=_union_actors(items),
        targets=_union_tags(items, "targets"),
        weapons=_union_tags(items, "weapons"),
        killed=_count(items, "killed"),
        wounded=_count(items, "wounded"),
        arrested=_count(items, "arrested"),
        suicide=suicide,
        recency="new" if any(it.report.recency == "new" for it in items) else "background",
        confidence=round(min(0.99, 1.0 - conf), 4),
        is_main=any(it.report.is_main for it in items),
        evidence=dict(main.evidence),
        article=main.article,
    )
