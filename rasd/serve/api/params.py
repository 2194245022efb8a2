"""Query parameters shared by the incident endpoints: filters, page size, cursor, sort."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Literal

from fastapi import Query, Request

from rasd.serve.errors import ApiError
from rasd.serve.settings import Settings
from rasd.store.records import IncidentFilter
from rasd.store.stream import day_bounds
from rasd.taxonomy import INCIDENT_TYPES, STATUSES

Sort = Literal[
    "date", "-date", "updated", "-updated", "created", "-created", "killed", "-killed",
    "confidence", "-confidence",
]  # fmt: skip
NUMERIC_SORTS = ("killed", "confidence")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_QUERY = 500


def _invalid(loc: str, msg: str) -> ApiError:
    return ApiError(
        422, "RASD800", "invalid request", "see details", [{"loc": ["query", loc], "msg": msg}]
    )


def _bbox(raw: str) -> tuple[float, float, float, float]:
    parts = raw.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or any(v != v for v in values):  # NaN
        raise _invalid("bbox", "bbox is minlon,minlat,maxlon,maxlat (four numbers)")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _invalid("bbox", "bbox corners out of range or min > max")
    return min_lon, min_lat, max_lon, max_lat


def incident_filter(
    date_from: Annotated[
        str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]], inclusive")
    ] = None,
    date_to: Annotated[
        str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]], inclusive")
    ] = None,
    country: Annotated[
        list[str] | None,
        Query(description="ISO 3166-1 alpha-2; repeat for several", max_length=50),
    ] = None,
    province: Annotated[str | None, Query(max_length=200)] = None,
    city: Annotated[str | None, Query(max_length=200, description="English city name")] = None,
    group: Annotated[
        list[str] | None, Query(description="canonical group name; repeatable", max_length=50)
    ] = None,
    type: Annotated[
        list[str] | None, Query(description="incident type; repeatable", max_length=50)
    ] = None,
    status: Annotated[list[str] | None, Query(description="repeatable", max_length=20)] = None,
    recency: Annotated[Literal["new", "background"] | None, Query()] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    q: Annotated[
        str | None,
        Query(max_length=MAX_QUERY, description="full text (Arabic or English) over articles"),
    ] = None,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS 84)", max_length=200)
    ] = None,
) -> IncidentFilter:
    """The :class:`IncidentFilter` of a request (``422`` with details on a bad value)."""
    countries = [c.upper() for c in country or []]
    for c in countries:
        if len(c) != 2 or not c.isascii() or not c.isalpha():
            raise _invalid("country", f"{c!r} is not an ISO 3166-1 alpha-2 code")
    for t in type or []:
        if t not in INCIDENT_TYPES:
            raise _invalid("type", f"unknown type {t!r}; use {', '.join(INCIDENT_TYPES)}")
    for s in status or []:
        if s not in STATUSES:
            raise _invalid("status", f"unknown status {s!r}; use {', '.join(STATUSES)}")
    lo_range = day_bounds(date_from) if date_from else None
    hi_range = day_bounds(date_to) if date_to else None
    if date_from and lo_range is None:
        raise _invalid("date_from", "not a real date")
    if date_to and hi_range is None:
        raise _invalid("date_to", "not a real date")
    lo = lo_range[0] if lo_range else None
    hi = hi_range[1] if hi_range else None
    if lo and hi and lo > hi:
        raise _invalid("date_to", "date_to is before date_from")
    return IncidentFilter(
        date_from=lo,
        date_to=hi,
        country=countries or None,
        province=province or None,
        city=city or None,
        group=list(group) if group else None,
        type=list(type) if type else None,
        status=list(status) if status else None,
        recency=recency,
        min_confidence=min_confidence,
        query=q if q is not None and q.strip() else None,
        bbox=_bbox(bbox) if bbox else None,
    )


def page_size(request: Request, limit: int | None, default: int | None = None) -> int:
    """``limit`` checked against ``settings.max_page`` (``RASD804`` above it)."""
    settings: Settings = request.app.state.settings
    if limit is None:
        return min(default or settings.default_page, settings.max_page)
    if limit > settings.max_page:
        raise ApiError(
            400,
            "RASD804",
            f"limit {limit} is over the largest page size {settings.max_page}",
            f"ask for at most {settings.max_page} and follow next_cursor",
        )
    return limit


# -- cursors: the store's keyset cursor, tagged with the sort it belongs to ------------


def encode_cursor(sort: str, store_cursor: str | None) -> str | None:
    if store_cursor is None:
        return None
    return f"{sort.lstrip('+')}.{store_cursor}"


def decode_cursor(sort: str, cursor: str | None) -> str | None:
    """The store cursor inside an API cursor; ``400 RASD800`` if it is not for ``sort``."""
    if not cursor:
        return None
    tag, _, inner = cursor.partition(".")
    bad = ApiError(
        400, "RASD800", "invalid cursor", "pass the next_cursor of the previous page, same sort"
    )
    if tag != sort.lstrip("+") or not inner:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(inner + "=" * (-len(inner) % 4))
        value, last_id = json.loads(raw)
    except (ValueError, binascii.Error, TypeError) as err:
        raise bad from err
    name = sort.lstrip("-+")
    ok: Any = (int, float) if name in NUMERIC_SORTS else str
    if not isinstance(last_id, str) or isinstance(value, bool) or not isinstance(value, ok):
        raise bad
    return inner
