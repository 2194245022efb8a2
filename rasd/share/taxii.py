"""A read-only TAXII 2.1 server as a FastAPI router, to mount at ``/taxii2``::

    app.include_router(make_taxii_router(source, countries=list_countries), prefix="/taxii2")

Endpoints (TAXII 2.1 §4–5): discovery ``/taxii2/``, API root ``/taxii2/rasd/``,
collections ``/taxii2/rasd/collections/`` (one with every incident, one per
country), a collection, its objects (``added_after``, ``match[type]``,
``match[id]``, ``match[version]``, ``match[spec_version]``, ``limit``/``next``
pagination and the ``X-TAXII-Date-Added-First/Last`` headers), an object, its
versions, and the manifest. Media type ``application/taxii+json;version=2.1``.

The objects of a collection are the STIX objects of its incidents
(:func:`rasd.share.stix.incident_objects`), preceded by the TLP marking, the rasd
identity and the rasd extension definition. An object's ``date_added`` is its
incident's ``updated_at`` (``created_at`` when missing).

Data come from ``get_incidents(query)``, a callable the host supplies (database,
API, JSONL file alike). It must yield incidents **ordered by
(date added, incident id)**, lazily; it should honour ``query.country``,
``query.added_after`` and ``query.after`` as optimisations — the router checks
all three again, so returning more is harmless. :func:`memory_source` wraps a
plain list. Pages hold at most ``limit`` objects; shared objects (groups,
places) are sent once per page and may reappear on later pages.
Looking up one object scans the collection (fine for small collections).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share.base import TLP_LEVELS
from rasd.share.fields import added_timestamp, stable_uuid, stix_timestamp
from rasd.share.regions import country_name
from rasd.share.stix import SHARED_TIME, incident_objects, preamble_objects

TAXII_MEDIA = "application/taxii+json;version=2.1"
STIX_MEDIA = "application/stix+json;version=2.1"
API_ROOT = "rasd"
ALL_COLLECTION = stable_uuid("taxii-collection", "all")


@dataclass(frozen=True)
class TaxiiQuery:
    """What the router needs from the data source.

    ``country``: ISO alpha-2, or ``None`` for every incident. ``added_after``: a
    STIX timestamp; only incidents added (updated) strictly later. ``after``: a
    resume key ``(date_added, incident id)``; only incidents with a key at or
    after it.
    """

    country: str | None = None
    added_after: str | None = None
    after: tuple[str, str] | None = None


IncidentSource = Callable[[TaxiiQuery], Iterable[Incident]]


def incident_key(incident: Incident) -> tuple[str, str]:
    """The order the source must follow: (date added as STIX timestamp, id)."""
    return added_timestamp(incident), incident.id


def incident_country(incident: Incident) -> str | None:
    loc = incident.summary.location
    return loc.country.upper() if loc and loc.country else None


def memory_source(incidents: Iterable[Incident]) -> IncidentSource:
    """A source over incidents held in memory (tests, small JSONL files)."""
    ordered = sorted(incidents, key=incident_key)

    def source(query: TaxiiQuery) -> Iterator[Incident]:
        for inc in ordered:
            key = incident_key(inc)
            if query.after and key < query.after:
                continue
            if query.added_after and key[0] <= query.added_after:
                continue
            if query.country and incident_country(inc) != query.country:
                continue
            yield inc

    return source


def collection_id(country: str | None) -> str:
    """Stable id of the all-incidents collection (``None``) or of a country's."""
    return ALL_COLLECTION if country is None else stable_uuid("taxii-collection", country.upper())


class TaxiiError(Exception):
    """An error answered in the TAXII error format."""

    def __init__(self, status: int, title: str, description: str = "") -> None:
        super().__init__(title)
        self.status, self.title, self.description = status, title, description

    def response(self) -> Response:
        body = {
            "title": self.title,
            "description": self.description,
            "http_status": str(self.status),
        }
        return Response(json.dumps(body), status_code=self.status, media_type=TAXII_MEDIA)


@dataclass(frozen=True)
class _Filters:
    types: frozenset[str] | None
    ids: frozenset[str] | None
    versions: frozenset[str] | None
    spec_ok: bool

    def __call__(self, obj: dict[str, Any]) -> bool:
        if not self.spec_ok:
            return False
        if self.types is not None and obj["type"] not in self.types:
            return False
        if self.ids is not None and obj["id"] not in self.ids:
            return False
        if self.versions is not None and not self.versions & {"last", "first", "all"}:
            return _version(obj) in self.versions
        return True


def _version(obj: dict[str, Any]) -> str:
    return str(obj.get("modified") or obj.get("created") or SHARED_TIME)


def _split(value: str | None) -> frozenset[str] | None:
    return frozenset(v.strip() for v in value.split(",") if v.strip()) if value else None


def _filters(request: Request, object_id: str | None = None) -> _Filters:
    q = request.query_params
    ids = frozenset({object_id}) if object_id else _split(q.get("match[id]"))
    versions = _split(q.get("match[version]"))
    if versions:
        versions = frozenset(
            v if v in ("last", "first", "all") else stix_timestamp(v) or v for v in versions
        )
    spec = _split(q.get("match[spec_version]"))
    return _Filters(_split(q.get("match[type]")), ids, versions, spec is None or "2.1" in spec)


@dataclass(frozen=True)
class _Cursor:
    key: tuple[str, str]
    skip: int

    def encode(self) -> str:
        raw = json.dumps([self.key[0], self.key[1], self.skip], ensure_ascii=False).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str) -> _Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            added, rid, skip = json.loads(raw)
            return cls((str(added), str(rid)), int(skip))
        except (binascii.Error, ValueError, TypeError) as err:
            raise TaxiiError(
                400, "Bad next parameter", "use the next value of the previous page"
            ) from err


class _Collections:
    def __init__(self, countries: Callable[[], Iterable[str]] | None) -> None:
        self.countries = countries

    def all(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {ALL_COLLECTION: None}
        for code in sorted({c.upper() for c in (self.countries() if self.countries else []) if c}):
            found[collection_id(code)] = code
        return found

    def resource(self, cid: str, country: str | None) -> dict[str, Any]:
        if country is None:
            title, desc = "All incidents", "Every incident rasd has recorded."
        else:
            title, desc = (
                f"Incidents in {country_name(country)} ({country})",
                f"Incidents located in {country}.",
            )
        return {
            "id": cid,
            "title": title,
            "description": desc,
            "can_read": True,
            "can_write": False,
            "media_types": [STIX_MEDIA],
        }

    def country_of(self, cid: str) -> str | None:
        found = self.all()
        if cid not in found:
            raise TaxiiError(404, "Collection not found", f"no collection {cid}")
        return found[cid]


def _walk(
    source: IncidentSource,
    country: str | None,
    added_after: str | None,
    start: _Cursor | None,
    keep: _Filters,
    tlp: str,
) -> Iterator[tuple[_Cursor, str, dict[str, Any]]]:
    """(cursor after the object, date added, object) for the collection, in order."""
    query = TaxiiQuery(country, added_after, start.key if start else None)

    def groups() -> Iterator[tuple[tuple[str, str], str, list[dict[str, Any]]]]:
        if added_after is None or SHARED_TIME > added_after:
            yield ("", ""), SHARED_TIME, preamble_objects(tlp)
        previous = ("", "")
        for inc in source(query):
            key = incident_key(inc)
            if key < previous:
                raise ExportError(
                    "the TAXII incident source is not ordered by (date added, id)",
                    code="RASD607",
                    hint="sort the source by updated_at, then id",
                )
            previous = key
            if (country and incident_country(inc) != country) or (
                added_after and key[0] <= added_after
            ):
                continue
            yield key, key[0], incident_objects(inc, tlp)

    for key, added, objects in groups():
        if start and key < start.key:
            continue
        skip = start.skip if start and key == start.key else 0
        n = 0
        for obj in objects:
            if keep(obj):
                n += 1
                if n > skip:
                    yield _Cursor(key, n), added, obj


def _page(
    walk: Iterator[tuple[_Cursor, str, dict[str, Any]]], limit: int
) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
    items: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    last: _Cursor | None = None
    for cursor, added, obj in walk:
        if len(items) >= limit:
            return items, last.encode() if last else None
        last = cursor
        if obj["id"] in seen:
            continue
        seen.add(obj["id"])
        items.append((added, obj))
    return items, None


def _taxii(body: dict[str, Any], items: list[tuple[str, dict[str, Any]]] | None = None) -> Response:
    headers = {}
    if items:
        added = [a for a, _ in items]
        headers = {"X-TAXII-Date-Added-First": min(added), "X-TAXII-Date-Added-Last": max(added)}
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content, media_type=TAXII_MEDIA, headers=headers)


def _check_accept(request: Request) -> None:
    accept = request.headers.get("accept", "")
    if accept and not any(m in accept for m in ("application/taxii+json", "*/*", "application/*")):
        raise TaxiiError(406, "Not acceptable", f"this server answers {TAXII_MEDIA}")


def make_taxii_router(
    get_incidents: IncidentSource,
    *,
    countries: Callable[[], Iterable[str]] | None = None,
    tlp: str = "white",
    title: str = "rasd TAXII 2.1",
    default_limit: int = 100,
    max_limit: int = 1000,
) -> APIRouter:
    """A read-only TAXII 2.1 router over ``get_incidents`` (see module docs).

    ``countries`` lists the ISO alpha-2 codes that get their own collection.
    """
    if tlp not in TLP_LEVELS:
        raise ExportError(
            f"unknown TLP level {tlp!r}", code="RASD602", hint=f"use one of {', '.join(TLP_LEVELS)}"
        )
    router = APIRouter()
    cols = _Collections(countries)

    def page_args(request: Request) -> tuple[int, str | None, _Cursor | None]:
        q = request.query_params
        try:
            limit = int(q.get("limit") or default_limit)
        except ValueError as err:
            raise TaxiiError(400, "Bad limit", "limit must be a positive integer") from err
        if limit < 1:
            raise TaxiiError(400, "Bad limit", "limit must be a positive integer")
        added_after = q.get("added_after")
        stamp = stix_timestamp(added_after) if added_after else None
        if added_after and stamp is None:
            raise TaxiiError(400, "Bad added_after", "use a timestamp such as 2024-03-05T00:00:00Z")
        nxt = q.get("next")
        return min(limit, max_limit), stamp, _Cursor.decode(nxt) if nxt else None

    def guarded(build: Callable[[], Response], request: Request) -> Response:
        try:
            _check_accept(request)
            return build()
        except TaxiiError as err:
            return err.response()
        except ExportError as err:
            return TaxiiError(500, "Server error", str(err)).response()

    @router.get("/", name="taxii_discovery")
    def discovery(request: Request) -> Response:
        def build() -> Response:
            root = str(request.url_for("taxii_api_root"))
            return _taxii(
                {
                    "title": title,
                    "description": "rasd incidents as STIX 2.1",
                    "default": root,
                    "api_roots": [root],
                }
            )

        return guarded(build, request)

    @router.get(f"/{API_ROOT}/", name="taxii_api_root")
    def api_root(request: Request) -> Response:
        body = {"title": title, "versions": [TAXII_MEDIA], "max_content_length": 0}
        return guarded(lambda: _taxii(body), request)

    @router.get(f"/{API_ROOT}/collections/")
    def collections(request: Request) -> Response:
        def build() -> Response:
            return _taxii({"collections": [cols.resource(cid, c) for cid, c in cols.all().items()]})

        return guarded(build, request)

    @router.get(f"/{API_ROOT}/collections/{{cid}}/")
    def collection(cid: str, request: Request) -> Response:
        return guarded(lambda: _taxii(cols.resource(cid, cols.country_of(cid))), request)

    def envelope(cid: str, request: Request, object_id: str | None = None) -> Response:
        country = cols.country_of(cid)
        limit, added_after, start = page_args(request)
        walk = _walk(get_incidents, country, added_after, start, _filters(request, object_id), tlp)
        items, nxt = _page(walk, limit)
        if object_id and not items and start is None:
            raise TaxiiError(404, "Object not found", f"no object {object_id} in collection {cid}")
        body: dict[str, Any] = {"more": nxt is not None}
        if nxt:
            body["next"] = nxt
        if items:
            body["objects"] = [obj for _, obj in items]
        return _taxii(body, items)

    @router.get(f"/{API_ROOT}/collections/{{cid}}/objects/")
    def objects(cid: str, request: Request) -> Response:
        return guarded(lambda: envelope(cid, request), request)

    @router.get(f"/{API_ROOT}/collections/{{cid}}/objects/{{object_id}}/")
    def get_object(cid: str, object_id: str, request: Request) -> Response:
        return guarded(lambda: envelope(cid, request, object_id), request)

    @router.get(f"/{API_ROOT}/collections/{{cid}}/objects/{{object_id}}/versions/")
    def versions(cid: str, object_id: str, request: Request) -> Response:
        def build() -> Response:
            country = cols.country_of(cid)
            limit, added_after, start = page_args(request)
            walk = _walk(
                get_incidents, country, added_after, start, _filters(request, object_id), tlp
            )
            items, nxt = _page(walk, limit)
            if not items and start is None:
                raise TaxiiError(
                    404, "Object not found", f"no object {object_id} in collection {cid}"
                )
            body: dict[str, Any] = {
                "more": nxt is not None,
                "versions": sorted({_version(o) for _, o in items}),
            }
            if nxt:
                body["next"] = nxt
            return _taxii(body, items)

        return guarded(build, request)

    @router.get(f"/{API_ROOT}/collections/{{cid}}/manifest/")
    def manifest(cid: str, request: Request) -> Response:
        def build() -> Response:
            country = cols.country_of(cid)
            limit, added_after, start = page_args(request)
            walk = _walk(get_incidents, country, added_after, start, _filters(request), tlp)
            items, nxt = _page(walk, limit)
            body: dict[str, Any] = {"more": nxt is not None}
            if nxt:
                body["next"] = nxt
            if items:
                body["objects"] = [
                    {
                        "id": o["id"],
                        "date_added": added,
                        "version": _version(o),
                        "media_type": STIX_MEDIA,
                    }
                    for added, o in items
                ]
            return _taxii(body, items)

        return guarded(build, request)

    return router
