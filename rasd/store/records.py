"""Typed rows returned by the repository, and the incident filter.

Plain frozen dataclasses (JSON-ready through ``dataclasses.asdict``) so the CLI,
the REST API and exporters do not depend on SQLAlchemy row objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["file", "web", "feed", "archive"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
SOURCE_KINDS: tuple[str, ...] = ("file", "web", "feed", "archive")
RELIABILITY: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    url: str | None
    kind: str
    language: str | None
    reliability: str | None
    licence: str | None
    redistribute: bool
    etag: str | None
    last_modified: str | None
    last_polled: str | None
    next_poll: str | None
    failures: int
    last_error: str | None
    created_at: str


@dataclass(frozen=True)
class ArticleRow:
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


@dataclass(frozen=True)
class RunRow:
    id: int
    command: str | None
    status: str
    started_at: str
    finished_at: str | None
    stats: dict[str, Any]
    n_errors: int = 0


@dataclass(frozen=True)
class ErrorRow:
    id: int
    run_id: int
    source_id: int | None
    item_ref: str | None
    code: str
    message: str
    at: str


@dataclass(frozen=True)
class IncidentRow:
    """The summary of one incident as listed (no reports, no evidence)."""

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


@dataclass(frozen=True)
class ChangeRow:
    """One entry of the change feed; ``seq`` only grows."""

    seq: int
    incident_id: str
    kind: str  # created | updated | merged | split
    at: str
    data: dict[str, Any]


@dataclass(frozen=True)
class StatRow:
    period: str  # first day of the day/week/month, YYYY-MM-DD
    key: str | None  # the type, country or group
    count: int


@dataclass
class IncidentFilter:
    """Filters for :meth:`rasd.store.Store.list_incidents` and ``stats``; all optional.

    Dates are ISO days and compare with the incident's date range (an incident
    dated only to a month matches a day range that overlaps the month). ``bbox`` is
    ``(min_lon, min_lat, max_lon, max_lat)``. ``query`` is a full-text query over
    the incident's articles (see :mod:`rasd.store.search`).
    """

    date_from: str | None = None
    date_to: str | None = None
    country: str | list[str] | None = None
    province: str | None = None
    city: str | None = None
    group: str | list[str] | None = None
    type: str | list[str] | None = None
    status: str | list[str] | None = None
    recency: str | None = None
    min_confidence: float | None = None
    query: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    ids: list[str] = field(default_factory=list)
