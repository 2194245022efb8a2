"""Blocking and pairwise scoring of incident reports.

A pair of reports is first *blocked* (vetoed) when it cannot be one incident:
different known countries, incompatible types, dates further apart than the
window, places with coordinates further apart than ``max_distance_km``, or two
reports of one article in the same type family (the extractor keeps one report
per incident of an article, so two of them are two incidents). Otherwise each
feature adds points (:class:`MergeParams` documents every weight); a pair whose
total reaches ``threshold`` is the same incident.

Type compatibility (families): bombing ≈ suicide_bombing ≈ attack_on_facility;
armed_assault ≈ assassination ≈ stabbing; kidnapping ≈ hostage_taking; a claim
attaches to any attack; arrest_raid ≈ plot_foiled only when the two reports share
an article or a group.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from rasd.link.audit import PairDecision, Reason
from rasd.model import Count, IncidentReport, Location
from rasd.store.convert import date_range
from rasd.taxonomy import ATTACK_TYPES
from rasd.text.normalize import key

FAMILY: dict[str, str] = {
    "bombing": "explosive",
    "suicide_bombing": "explosive",
    "attack_on_facility": "explosive",
    "armed_assault": "assault",
    "assassination": "assault",
    "stabbing": "assault",
    "kidnapping": "abduction",
    "hostage_taking": "abduction",
    "vehicle_ramming": "ramming",
    "prison_attack_or_riot": "prison",
    "plot_foiled": "plot",
    "arrest_raid": "arrest",
    "claim": "claim",
    "warning_threat": "warning",
    "other": "other",
}
OPEN_LO = date.min.toordinal()
OPEN_HI = date.max.toordinal()


@dataclass(frozen=True)
class MergeParams:
    """Every threshold and weight of the merger, with its default.

    Points are additive; ``threshold`` is the total a report needs against some
    member of an incident to join it. Defaults were tuned on reports built from
    the gold incidents of the SaudiNewsNet dev set (``rasd.link.calibrate``).
    """

    threshold: float = 2.75  # points needed to merge a report into an incident
    union_margin: float = 1.0  # extra points needed to also unite two existing incidents
    date_window_days: int = 3  # dates (or publication days of undated reports) further apart: veto
    max_distance_km: float = 100.0  # both places with coordinates and further apart: veto
    same_place_km: float = 15.0  # this close counts as the same city
    w_type_exact: float = 1.0  # same type
    w_type_family: float = 0.5  # same family (bombing / suicide_bombing)
    w_type_claim: float = 0.5  # a claim and an attack
    undated_lookback_days: int = (
        3  # an undated new report may be about this many days before publication
    )
    w_date: float = 1.5  # both dated to the same day
    w_date_gap: float = 1.0  # minus this per day between two day-precise dates
    w_date_imprecise: float = 0.5  # month/year dates that overlap
    w_date_undated: float = 0.5  # one side dated only by its publication day, same day
    w_date_open: float = -0.5  # an undated background report: no date evidence at all
    w_city: float = 1.5  # same city (or within same_place_km)
    w_city_conflict: float = -1.5  # two different city names, no coordinates
    w_province: float = 0.5  # same province (cities unknown or different)
    w_country: float = 0.3  # same country
    w_group: float = 1.0  # a shared perpetrator group
    w_group_conflict: float = -0.5  # both name groups, none shared
    w_killed: float = 1.0  # death tolls agree (within tolerance)
    w_killed_conflict: float = -1.0
    w_wounded: float = 0.5
    w_wounded_conflict: float = -0.5
    w_arrested: float = 1.0
    w_arrested_conflict: float = -0.5
    count_abs_tolerance: int = 0  # counts this close agree
    count_rel_tolerance: float = 0.35  # or within this fraction of the larger (13/15, 27/32)
    at_least_factor: float = 0.5  # agreement only through "at least" earns this share
    w_tags: float = 1.0  # times the Jaccard overlap of target and weapon names
    w_text: float = 2.0  # times the character-trigram Jaccard of the evidence sentences
    w_same_article: float = 0.5  # compatible reports of one article


def _ordinal(day: str | None) -> int | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def _trigrams(text: str) -> frozenset[str]:
    norm = " " + " ".join(key(text).split()) + " "
    return frozenset(norm[i : i + 3] for i in range(len(norm) - 2))


def _report_text(report: IncidentReport) -> str:
    sentences: list[str] = []
    evidence = list(report.evidence.values())
    for holder in (report.date, report.location, report.killed, report.wounded):
        extra = getattr(holder, "evidence", None) if holder is not None else None
        if extra is not None:
            evidence.append(extra)
    for ev in evidence:
        sentences.append(ev.sentence or ev.text)
    return " ".join(dict.fromkeys(s for s in sentences if s))


@dataclass
class LinkItem:
    """A report prepared for linking (derived features computed once)."""

    id: str
    article_id: str
    report: IncidentReport
    published: str | None = None
    family: str = field(init=False)
    lo: int = field(init=False)  # date interval as ordinals (open ends for undated background)
    hi: int = field(init=False)
    dated: str = field(init=False)  # day | imprecise | published | open
    groups: frozenset[str] = field(init=False)
    tags: frozenset[str] = field(init=False)
    grams: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        r = self.report
        self.published = self.published or r.article.published
        self.family = FAMILY.get(r.type, r.type)
        lo_s, hi_s = date_range(r.date.value if r.date else None)
        lo, hi = _ordinal(lo_s), _ordinal(hi_s)
        pub = _ordinal(self.published)
        if lo is not None and hi is not None:
            self.lo, self.hi = lo, hi
            self.dated = "day" if lo == hi else "imprecise"
        elif pub is not None and r.recency != "background":
            self.lo = self.hi = pub
            self.dated = "published"
        else:
            self.lo, self.hi = OPEN_LO, pub if pub is not None else OPEN_HI
            self.dated = "open"
        self.groups = frozenset(a.name for a in r.perpetrators)
        self.tags = frozenset(t.name.casefold() for t in [*r.targets, *r.weapons])
        text = _report_text(r)
        self.grams = _trigrams(text) if text else frozenset()

    @property
    def country(self) -> str | None:
        return self.report.location.country if self.report.location else None


def compatible_types(type_: str) -> frozenset[str]:
    """Every type a report of ``type_`` may merge with (for blocking in SQL)."""
    fam = FAMILY.get(type_, type_)
    out = {t for t, f in FAMILY.items() if f == fam} | {type_}
    if type_ == "claim":
        out |= ATTACK_TYPES
    elif type_ in ATTACK_TYPES:
        out.add("claim")
    return frozenset(out)


def type_relation(a: LinkItem, b: LinkItem, same_article: bool) -> str | None:
    """``exact``, ``family``, ``claim`` or ``None`` (incompatible).

    An arrest raid and the plot it foiled stay two incidents (the convention of
    the gold annotations, and of GTD/ACLED, which count arrests apart)."""
    ta, tb = a.report.type, b.report.type
    if ta == tb:
        return "exact"
    if a.family == b.family:
        return "family"
    if (ta == "claim" and tb in ATTACK_TYPES) or (tb == "claim" and ta in ATTACK_TYPES):
        return "claim"
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def counts_agree(a: Count, b: Count, p: MergeParams) -> float:
    """Tolerant agreement of two counts: 1.0 agree (13 vs 15), 0.0 differ,
    ``at_least_factor`` when they agree only because one is a floor ("at least 5" vs 20)."""
    va, vb = a.value, b.value
    if va is None or vb is None:
        return 1.0
    if abs(va - vb) <= max(p.count_abs_tolerance, p.count_rel_tolerance * max(va, vb)):
        return 1.0
    if (a.at_least and vb >= va) or (b.at_least and va >= vb):
        return p.at_least_factor
    return 0.0


def _point(loc: Location) -> bool:
    """Whether the location's coordinates stand for a place (a city or town), not
    for the centroid of a province or country, so distances between them mean
    something."""
    if loc.lat is None or loc.lon is None:
        return False
    return loc.precision == "city" or (loc.precision is None and bool(loc.city))


def _place(a: LinkItem, b: LinkItem, p: MergeParams) -> tuple[list[Reason], str | None]:
    la, lb = a.report.location, b.report.location
    if la is None or lb is None:
        return [], None
    out: list[Reason] = []
    if la.country and la.country == lb.country:
        out.append(Reason("country", p.w_country, f"same country {la.country}"))
    if _point(la) and _point(lb):
        km = haversine_km(la.lat, la.lon, lb.lat, lb.lon)  # type: ignore[arg-type]
        if km > p.max_distance_km:
            return out, f"places {km:.0f} km apart"
        if km <= p.same_place_km:
            out.append(Reason("place", p.w_city, f"same place ({km:.0f} km)"))
        else:
            out.append(Reason("place", p.w_province, f"nearby ({km:.0f} km)"))
        return out, None
    ca, cb = (la.city or "").casefold(), (lb.city or "").casefold()
    same_prov = (
        bool(la.province) and (la.province or "").casefold() == (lb.province or "").casefold()
    )
    if ca and cb:
        if ca == cb:
            out.append(Reason("place", p.w_city, f"same city {la.city}"))
        elif same_prov:
            out.append(Reason("place", 0.0, f"cities {la.city}/{lb.city}, same province"))
        else:
            out.append(Reason("place", p.w_city_conflict, f"cities differ {la.city}/{lb.city}"))
    elif same_prov:
        out.append(Reason("place", p.w_province, f"same province {la.province}"))
    return out, None


def _date(a: LinkItem, b: LinkItem, p: MergeParams) -> tuple[list[Reason], str | None]:
    a_lo = a.lo - (p.undated_lookback_days if a.dated == "published" else 0)
    b_lo = b.lo - (p.undated_lookback_days if b.dated == "published" else 0)
    gap = max(0, max(a_lo, b_lo) - min(a.hi, b.hi))
    if gap > p.date_window_days:
        return [], f"dates {gap} days apart"
    if "open" in (a.dated, b.dated):
        return [Reason("date", p.w_date_open, "undated background report")], None
    frac = 1.0 - gap / (p.date_window_days + 1)
    if a.dated == "day" and b.dated == "day":
        detail = "same day" if gap == 0 else f"{gap} days apart"
        return [Reason("date", p.w_date - p.w_date_gap * gap, detail)], None
    if "published" in (a.dated, b.dated):
        return [
            Reason("date", p.w_date_undated * frac, f"undated, published {gap} days apart")
        ], None
    return [Reason("date", p.w_date_imprecise, "imprecise dates overlap")], None


def _counts(a: IncidentReport, b: IncidentReport, p: MergeParams) -> list[Reason]:
    out = []
    for name, w_ok, w_bad in (
        ("killed", p.w_killed, p.w_killed_conflict),
        ("wounded", p.w_wounded, p.w_wounded_conflict),
        ("arrested", p.w_arrested, p.w_arrested_conflict),
    ):
        ca, cb = getattr(a, name), getattr(b, name)
        if ca is None or cb is None or ca.value is None or cb.value is None:
            continue
        agree = counts_agree(ca, cb, p)
        verdict = "agree" if agree else "differ"
        points = w_ok * agree if agree else w_bad
        out.append(Reason(name, points, f"{name} {ca.value} vs {cb.value} {verdict}"))
    return out


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def score_pair(a: LinkItem, b: LinkItem, p: MergeParams | None = None) -> PairDecision:
    """Blocking and score of one pair of reports (symmetric, deterministic)."""
    p = p or MergeParams()
    ca, cb = a.country, b.country
    if ca and cb and ca != cb:
        return PairDecision(0.0, blocked=f"countries differ {ca}/{cb}")
    same_article = a.article_id == b.article_id
    rel = type_relation(a, b, same_article)
    if rel is None:
        return PairDecision(0.0, blocked=f"types incompatible {a.report.type}/{b.report.type}")
    if same_article and rel in ("exact", "family"):
        return PairDecision(0.0, blocked="two reports of one article")
    reasons: list[Reason] = []
    date_reasons, veto = _date(a, b, p)
    if veto:
        return PairDecision(0.0, blocked=veto)
    reasons += date_reasons
    place_reasons, veto = _place(a, b, p)
    if veto:
        return PairDecision(0.0, blocked=veto)
    reasons += place_reasons
    w_type = {
        "exact": p.w_type_exact,
        "family": p.w_type_family,
        "claim": p.w_type_claim,
    }[rel]
    reasons.append(Reason("type", w_type, f"types {rel} {a.report.type}/{b.report.type}"))
    if a.groups and b.groups:
        shared = sorted(a.groups & b.groups)
        if shared:
            reasons.append(Reason("groups", p.w_group, "shared group " + ", ".join(shared)))
        else:
            reasons.append(Reason("groups", p.w_group_conflict, "groups differ"))
    reasons += _counts(a.report, b.report, p)
    tag_sim = jaccard(a.tags, b.tags)
    if tag_sim:
        reasons.append(Reason("tags", p.w_tags * tag_sim, f"targets/weapons overlap {tag_sim:.2f}"))
    text_sim = jaccard(a.grams, b.grams)
    if text_sim:
        reasons.append(
            Reason("text", p.w_text * text_sim, f"evidence text similarity {text_sim:.2f}")
        )
    if same_article:
        reasons.append(Reason("article", p.w_same_article, "same article"))
    return PairDecision(sum(r.points for r in reasons), tuple(reasons))
