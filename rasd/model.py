"""The incident-report data model shared by extraction, storage, API and exports.

Every field that comes from text carries :class:`Evidence`: the quoted raw
sentence and the raw character offsets of the exact phrase in the article.
All classes convert to and from plain JSON-ready dicts (``to_dict``/``from_dict``)
with deterministic key order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from rasd.taxonomy import check_status, check_type

Precision = Literal["day", "month", "year"]
Role = Literal["claimed", "attributed", "suspected"]
Recency = Literal["new", "background"]


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the model's dataclasses without its deep copies of
    every leaf: the same dicts, lists and values, several times faster (storage
    serialises every report and every incident summary)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    names = _FIELDS.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {n: _plain(getattr(value, n)) for n in names}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return type(value)(_plain(v) for v in value)
    return copy.deepcopy(value)


_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Evidence:
    """Where a field came from: ``article[start:end] == text``; ``sentence`` holds the
    whole sentence (raw) with its own offsets ``sentence_start``/``sentence_end``."""

    text: str
    start: int
    end: int
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    part: str = "text"  # "text" (the article body) or "title"; offsets are into that part

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(**d)


@dataclass
class Count:
    """A victim/arrest count: ``value`` with flags; ``low``/``high`` for ranges
    and vague quantities ("dozens" → 24..99, value None)."""

    value: int | None
    at_least: bool = False
    approx: bool = False
    low: int | None = None
    high: int | None = None
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Count:
        d = dict(d)
        ev = d.pop("evidence", None)
        return cls(**d, evidence=Evidence.from_dict(ev) if ev else None)


@dataclass
class DateValue:
    """An ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with its precision."""

    value: str
    precision: Precision
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DateValue:
        d = dict(d)
        ev = d.pop("evidence", None)
        return cls(**d, evidence=Evidence.from_dict(ev) if ev else None)


@dataclass
class Location:
    country: str | None = None  # ISO 3166-1 alpha-2
    province: str | None = None
    city: str | None = None  # English name
    name_ar: str | None = None  # Arabic surface form as written
    lat: float | None = None
    lon: float | None = None
    precision: Literal["city", "province", "country"] | None = None
    gazetteer_id: str | None = None
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Location:
        d = dict(d)
        ev = d.pop("evidence", None)
        return cls(**d, evidence=Evidence.from_dict(ev) if ev else None)


@dataclass
class Actor:
    """A perpetrator group: canonical English name, Arabic name, role."""

    name: str
    role: Role = "attributed"
    name_ar: str | None = None
    surface: str | None = None
    kb_id: str | None = None
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        d = dict(d)
        ev = d.pop("evidence", None)
        return cls(**d, evidence=Evidence.from_dict(ev) if ev else None)


@dataclass
class Tag:
    """A target or weapon: English word, GTD code, Arabic surface form."""

    name: str
    gtd_code: int
    surface: str | None = None
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tag:
        d = dict(d)
        ev = d.pop("evidence", None)
        return cls(**d, evidence=Evidence.from_dict(ev) if ev else None)


@dataclass
class ArticleRef:
    """The article a report came from."""

    doc_id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    language: str = "ar"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleRef:
        return cls(**d)


@dataclass
class IncidentReport:
    """One incident as reported in one article."""

    type: str
    status: str = "unknown"
    date: DateValue | None = None
    location: Location | None = None
    perpetrators: list[Actor] = field(default_factory=list)
    targets: list[Tag] = field(default_factory=list)
    weapons: list[Tag] = field(default_factory=list)
    killed: Count | None = None
    wounded: Count | None = None
    arrested: Count | None = None
    suicide: bool = False
    recency: Recency = "new"
    confidence: float = 0.5
    is_main: bool = False
    evidence: dict[str, Evidence] = field(default_factory=dict)  # type, status, suicide, recency
    article: ArticleRef = field(default_factory=ArticleRef)
    # organisations the NER model found next to attack/claim language that the knowledge
    # base does not know: kept for review, never counted as perpetrators
    candidates: list[Actor] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_type(self.type)
        check_status(self.status)
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _plain(self)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IncidentReport:
        d = dict(d)

        def opt(key: str, typ: Any) -> Any:
            v = d.pop(key, None)
            return typ.from_dict(v) if v else None

        date = opt("date", DateValue)
        location = opt("location", Location)
        killed = opt("killed", Count)
        wounded = opt("wounded", Count)
        arrested = opt("arrested", Count)
        perps = [Actor.from_dict(a) for a in d.pop("perpetrators", [])]
        targets = [Tag.from_dict(a) for a in d.pop("targets", [])]
        weapons = [Tag.from_dict(a) for a in d.pop("weapons", [])]
        candidates = [Actor.from_dict(a) for a in d.pop("candidates", None) or []]
        evidence = {k: Evidence.from_dict(v) for k, v in d.pop("evidence", {}).items()}
        article = ArticleRef.from_dict(d.pop("article", {}) or {})
        return cls(
            **d,
            date=date,
            location=location,
            killed=killed,
            wounded=wounded,
            arrested=arrested,
            perpetrators=perps,
            targets=targets,
            weapons=weapons,
            evidence=evidence,
            article=article,
            candidates=candidates,
        )

    def to_gold(self) -> dict[str, Any]:
        """This report in the gold schema of shared/eval (one incident object)."""
        loc = self.location or Location()
        return {
            "type": self.type,
            "status": self.status,
            "date": self.date.value if self.date else None,
            "country": loc.country,
            "city": loc.city,
            "groups": sorted({a.name for a in self.perpetrators}),
            "killed": self.killed.value if self.killed else None,
            "wounded": self.wounded.value if self.wounded else None,
            "killed_is_minimum": bool(self.killed and self.killed.at_least),
            "arrested": self.arrested.value if self.arrested else None,
            "targets": [t.name for t in self.targets],
            "weapons": [w.name for w in self.weapons],
        }


@dataclass
class Incident:
    """A real-world incident: one or more reports merged.

    ``summary`` holds the best-supported value of every field (each with the
    evidence of the report it was taken from); ``reports`` keeps every report
    and therefore every source article. ``id`` is stable across re-merges.
    """

    id: str
    summary: IncidentReport
    reports: list[IncidentReport] = field(default_factory=list)
    report_ids: list[str] = field(default_factory=list)
    created_at: str = ""  # ISO 8601 UTC
    updated_at: str = ""
    merge_log: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[ArticleRef]:
        seen: dict[tuple[str | None, str | None], ArticleRef] = {}
        for r in self.reports:
            seen.setdefault((r.article.doc_id, r.article.url), r.article)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "summary": self.summary.to_dict(),
            "reports": [r.to_dict() for r in self.reports],
            "report_ids": list(self.report_ids),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "merge_log": list(self.merge_log),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        return cls(
            id=d["id"],
            summary=IncidentReport.from_dict(d["summary"]),
            reports=[IncidentReport.from_dict(r) for r in d.get("reports", [])],
            report_ids=list(d.get("report_ids", [])),
            created_at=d.get("created_at", ""),
            updated_at=d.get("updated_at", ""),
            merge_log=list(d.get("merge_log", [])),
        )
