"""Response and request models of ``/api/v1`` (they make the OpenAPI document).

The incident models mirror :mod:`rasd.model` field for field, so a detail
response carries every value with its evidence (quote, raw offsets, sentence).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# -- the incident model ---------------------------------------------------------------


class EvidenceOut(BaseModel):
    text: str = Field(description="the exact phrase: article[start:end]")
    start: int
    end: int
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    part: str = Field("text", description="'text' (body) or 'title': what offsets index")


class CountOut(BaseModel):
    value: int | None
    at_least: bool = False
    approx: bool = False
    low: int | None = None
    high: int | None = None
    evidence: EvidenceOut | None = None


class DateOut(BaseModel):
    value: str
    precision: str
    evidence: EvidenceOut | None = None


class LocationOut(BaseModel):
    country: str | None = None
    province: str | None = None
    city: str | None = None
    name_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    gazetteer_id: str | None = None
    evidence: EvidenceOut | None = None


class ActorOut(BaseModel):
    name: str
    role: str = "attributed"
    name_ar: str | None = None
    surface: str | None = None
    kb_id: str | None = None
    evidence: EvidenceOut | None = None


class TagOut(BaseModel):
    name: str
    gtd_code: int
    surface: str | None = None
    evidence: EvidenceOut | None = None


class ArticleRefOut(BaseModel):
    doc_id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    language: str = "ar"


class ReportOut(BaseModel):
    """One incident as reported by one article (or the merged summary)."""

    type: str
    status: str
    date: DateOut | None = None
    location: LocationOut | None = None
    perpetrators: list[ActorOut] = []
    targets: list[TagOut] = []
    weapons: list[TagOut] = []
    killed: CountOut | None = None
    wounded: CountOut | None = None
    arrested: CountOut | None = None
    suicide: bool = False
    recency: str = "new"
    confidence: float
    is_main: bool = False
    evidence: dict[str, EvidenceOut] = {}
    article: ArticleRefOut


class IncidentReportOut(BaseModel):
    id: str = Field(description="report id: <article id>.<index>")
    article_id: str | None = None
    report: ReportOut


class MergeLogEntry(BaseModel):
    action: str = Field(description="merge (automatic), manual, split or correct")
    actor: str
    incident_ids: list[str]
    report_ids: list[str]
    score: float | None = None
    reasons: list[dict[str, Any]]
    at: str


class IncidentSummaryOut(BaseModel):
    """An incident as listed (no reports, no evidence)."""

    id: str
    type: str
    status: str
    date: str | None
    date_precision: str | None
    country: str | None
    province: str | None
    city: str | None
    lat: float | None
    lon: float | None
    killed: int | None
    wounded: int | None
    arrested: int | None
    suicide: bool
    recency: str
    confidence: float
    groups: list[str]
    n_reports: int
    n_sources: int
    created_at: str
    updated_at: str
    version: int


class IncidentPage(BaseModel):
    items: list[IncidentSummaryOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null: last")
    limit: int
    sort: str


class IncidentDetail(BaseModel):
    id: str
    requested_id: str = Field(description="the id asked for (an alias of a merged incident)")
    summary: ReportOut
    reports: list[IncidentReportOut]
    aliases: list[str] = Field(description="ids of incidents merged into this one")
    merge_log: list[MergeLogEntry]
    created_at: str
    updated_at: str
    version: int
    n_reports: int
    n_sources: int


# -- other resources -------------------------------------------------------------------


class GroupOut(BaseModel):
    name: str = Field(description="canonical English name (as stored on incidents)")
    kb_id: str | None = None
    name_ar: str | None = None
    aliases_ar: list[str] = []
    aliases_en: list[str] = []
    parent: str | None = None
    kind: str | None = None
    countries: list[str] = []
    incidents: int = 0
    first_seen: str | None = None
    last_seen: str | None = None


class GroupList(BaseModel):
    items: list[GroupOut]


class CandidateOut(BaseModel):
    name: str = Field(description="the organisation's name as written in the article")
    reports: int = Field(description="reports that named it beside attack or claim language")
    first_seen: str | None = None
    last_seen: str | None = None


class CandidateList(BaseModel):
    items: list[CandidateOut]


class CityCount(BaseModel):
    city: str
    count: int
    lat: float | None = None
    lon: float | None = None


class ProvinceCount(BaseModel):
    province: str | None
    count: int
    cities: list[CityCount]


class CountryCount(BaseModel):
    country: str
    name: str
    count: int
    provinces: list[ProvinceCount]


class PlaceList(BaseModel):
    items: list[CountryCount]


class ArticleOut(BaseModel):
    id: str
    canonical_url: str | None
    url: str | None
    title: str | None
    published: str | None
    source_id: int | None
    language: str | None
    text: str
    near_duplicate_of: str | None
    fetched_at: str
    processed_at: str | None
    report_ids: list[str]
    incident_ids: list[str]


class ArticleHitOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: str | None
    rank: float | None = None


class ArticleList(BaseModel):
    items: list[ArticleHitOut]


class StatOut(BaseModel):
    period: str = Field(description="first day of the day/week/month")
    key: str | None
    count: int


class StatsOut(BaseModel):
    period: str
    by: str
    items: list[StatOut]


class ChangeOut(BaseModel):
    seq: int
    incident_id: str
    kind: str
    at: str
    data: dict[str, Any]


class ChangeList(BaseModel):
    items: list[ChangeOut]
    next_since: int = Field(description="pass as ?since= to continue")


class HealthOut(BaseModel):
    status: str
    version: str
    counts: dict[str, int]


# -- writes ----------------------------------------------------------------------------


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000, pattern=r"^https?://\S+$")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    source: str | None = Field(None, max_length=200, description="a registered source name")
    language: Literal["ar", "en"] | None = None


class ArticleSubmitted(BaseModel):
    article_id: str
    created: bool = Field(description="false when the same article was stored before")
    report_ids: list[str]
    incident_ids: list[str]


class IncidentCorrection(BaseModel):
    """Fields to set; a field sent as null clears it (not type/status)."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = None
    status: str | None = None
    date: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    province: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    killed: int | None = Field(None, ge=0, le=1_000_000)
    wounded: int | None = Field(None, ge=0, le=1_000_000)
    arrested: int | None = Field(None, ge=0, le=1_000_000)
    groups: list[str] | None = Field(None, max_length=20)
    editor: str | None = Field(None, max_length=40, description="who made the change")
    note: str | None = Field(None, max_length=1000)


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(min_length=2, max_length=100)
    note: str | None = Field(None, max_length=1000)
    editor: str | None = Field(None, max_length=40)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_ids: list[str] = Field(min_length=1, max_length=1000)
    note: str | None = Field(None, max_length=1000)
    editor: str | None = Field(None, max_length=40)


class EditResult(BaseModel):
    id: str = Field(description="the surviving (merge) or new (split) incident id")
    from_ids: list[str]
