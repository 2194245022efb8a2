"""``/incidents`` (list, detail, corrections, merge, split) and ``/geojson``."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request

from rasd.errors import StorageError
from rasd.serve.api import queries
from rasd.serve.api.params import Sort, decode_cursor, encode_cursor, incident_filter, page_size
from rasd.serve.api.responses import GeoJsonResponse
from rasd.serve.api.schemas import (
    EditResult,
    IncidentCorrection,
    IncidentDetail,
    IncidentPage,
    MergeIn,
    SplitIn,
)
from rasd.serve.auth import _presented, require_write
from rasd.serve.errors import ApiError
from rasd.store.records import IncidentFilter, IncidentRow
from rasd.store.repo import Store

ID_PATTERN = r"^[A-Za-z0-9._:#-]{1,64}$"
GEOJSON_DEFAULT = 1000
GEOJSON_MAX = 5000
STORE_PAGE = 1000  # the store's largest page

IncidentId = Annotated[str, Path(pattern=ID_PATTERN, description="incident id or alias")]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def actor_of(request: Request, editor: str | None) -> str:
    """Who made an edit: the editor name given, and a fingerprint of the token used."""
    token = _presented(request) or ""
    fp = hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]
    name = (editor or "api").strip() or "api"
    return f"{name[:40]}#{fp}"


def _edit_error(err: StorageError) -> ApiError:
    status = 404 if err.message.startswith("no incident") else 400
    return ApiError(status, "RASD801" if status == 404 else err.code, err.message, err.hint)


def list_page(
    store: Store, filters: IncidentFilter, sort: str, cursor: str | None, limit: int
) -> tuple[list[IncidentRow], str | None]:
    """A page of up to ``limit`` rows (several store pages if needed) and the API cursor."""
    inner = decode_cursor(sort, cursor)
    rows: list[IncidentRow] = []
    while True:
        try:
            page, inner = store.list_incidents(
                filters, sort=sort, cursor=inner, limit=min(STORE_PAGE, limit - len(rows))
            )
        except StorageError as err:
            if "cursor" in err.message:
                raise ApiError(400, "RASD800", err.message, err.hint) from err
            raise
        rows += page
        if inner is None or len(rows) >= limit:
            return rows, encode_cursor(sort, inner)


def incident_detail(store: Store, incident_id: str) -> dict[str, Any]:
    """Every field of an incident: summary, reports with their articles, aliases, log."""
    try:
        inc = store.get_incident(incident_id)
    except StorageError as err:
        if err.message.startswith("no incident"):
            raise ApiError(
                404, "RASD801", err.message, "list incidents with GET /incidents"
            ) from err
        raise
    extras = queries.incident_extras(store, inc.id, inc.report_ids)
    return {
        "id": inc.id,
        "requested_id": incident_id,
        "summary": inc.summary.to_dict(),
        "reports": [
            {"id": rid, "article_id": extras.article_ids.get(rid), "report": rep.to_dict()}
            for rid, rep in zip(inc.report_ids, inc.reports, strict=True)
        ],
        "aliases": extras.aliases,
        "merge_log": inc.merge_log,
        "created_at": inc.created_at,
        "updated_at": inc.updated_at,
        "version": extras.version,
        "n_reports": extras.n_reports,
        "n_sources": extras.n_sources,
    }


def _feature(row: IncidentRow) -> dict[str, Any]:
    geometry = None
    if row.lat is not None and row.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(row.lon, 6), round(row.lat, 6)]}
    props = asdict(row)
    for k in ("id", "lat", "lon"):
        props.pop(k)
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def build_router() -> APIRouter:
    router = APIRouter(tags=["incidents"])

    @router.get("/incidents", response_model=IncidentPage, summary="List incidents")
    def list_incidents(
        request: Request,
        filters: Annotated[IncidentFilter, Depends(incident_filter)],
        sort: Sort = "-date",
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> dict[str, Any]:
        """Incident summaries, filtered and sorted, one page at a time (keyset cursor)."""
        size = page_size(request, limit)
        rows, nxt = list_page(_store(request), filters, sort, cursor, size)
        return {"items": [asdict(r) for r in rows], "next_cursor": nxt, "limit": size, "sort": sort}

    @router.get("/incidents/{incident_id}", response_model=IncidentDetail, summary="One incident")
    def get_incident(request: Request, incident_id: IncidentId) -> dict[str, Any]:
        """Every field with its evidence, every report and source article, merge history."""
        return incident_detail(_store(request), incident_id)

    @router.patch(
        "/incidents/{incident_id}",
        response_model=IncidentDetail,
        dependencies=[Depends(require_write)],
        summary="Correct fields of an incident",
    )
    def correct(
        request: Request, incident_id: IncidentId, body: Annotated[IncidentCorrection, Body()]
    ) -> dict[str, Any]:
        """Set fields by hand; audited (merge log, change feed) and kept across re-merging."""
        from rasd.store.corrections import correct_incident

        fields = {k: getattr(body, k) for k in body.model_fields_set if k not in ("editor", "note")}
        store = _store(request)
        try:
            current = correct_incident(
                store,
                incident_id,
                fields,
                actor=actor_of(request, body.editor),
                note=body.note or "",
            )
        except StorageError as err:
            raise _edit_error(err) from err
        return incident_detail(store, current)

    @router.post(
        "/incidents/merge",
        response_model=EditResult,
        dependencies=[Depends(require_write)],
        summary="Merge incidents by hand",
    )
    def merge(request: Request, body: MergeIn) -> dict[str, Any]:
        """The earliest-created incident survives; the others become its aliases."""
        try:
            survivor = _store(request).incident_merge(
                body.ids, actor=actor_of(request, body.editor), note=body.note or ""
            )
        except StorageError as err:
            raise _edit_error(err) from err
        return {"id": survivor, "from_ids": list(body.ids)}

    @router.post(
        "/incidents/{incident_id}/split",
        response_model=EditResult,
        status_code=201,
        dependencies=[Depends(require_write)],
        summary="Split reports out of an incident",
    )
    def split(request: Request, incident_id: IncidentId, body: SplitIn) -> dict[str, Any]:
        """Move ``report_ids`` to a new incident; they are never merged back automatically."""
        try:
            new_id = _store(request).incident_split(
                incident_id,
                body.report_ids,
                actor=actor_of(request, body.editor),
                note=body.note or "",
            )
        except StorageError as err:
            raise _edit_error(err) from err
        return {"id": new_id, "from_ids": [incident_id]}

    @router.get(
        "/geojson",
        tags=["incidents"],
        summary="Incidents as GeoJSON",
        response_class=GeoJsonResponse,
        responses={200: {"content": {"application/geo+json": {}}}},
    )
    def geojson(
        request: Request,
        filters: Annotated[IncidentFilter, Depends(incident_filter)],
        sort: Sort = "-date",
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
        limit: Annotated[int, Query(ge=1, le=GEOJSON_MAX)] = GEOJSON_DEFAULT,
        located_only: bool = False,
    ) -> Any:
        """An RFC 7946 FeatureCollection of incident points (summary fields as properties).

        ``next_cursor`` (a foreign member) continues the collection; the full export
        with evidence and sources is ``GET /export?format=geojson``.
        """
        if located_only and filters.bbox is None:
            filters.bbox = (-180.0, -90.0, 180.0, 90.0)
        rows, nxt = list_page(_store(request), filters, sort, cursor, limit)
        body = {"type": "FeatureCollection", "features": [_feature(r) for r in rows]}
        return GeoJsonResponse({**body, "next_cursor": nxt})

    return router
