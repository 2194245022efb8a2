"""REST routes of the analysis layer, for the API to mount under ``/api/v1``::

    app.include_router(build_analysis_router(), prefix="/api/v1")

``GET /trends``, ``GET /groups/{name}/profile``, ``GET /network``,
``GET /spikes``, ``GET /watchlists``, ``POST /watchlists`` and
``DELETE /watchlists/{id}`` (writes need the API token), ``GET /alerts``.
The store is ``request.app.state.store``; errors use the common API shape.
Webhook secrets are never returned.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from rasd.analysis.alerts import list_alerts
from rasd.analysis.spikes import detect_spikes
from rasd.analysis.trends import group_profile, network, trend_table
from rasd.analysis.watchlists import (
    Rule,
    add_watchlist,
    list_watchlists,
    make_channels,
    remove_watchlist,
)
from rasd.errors import RasdError
from rasd.serve.auth import require_read, require_write
from rasd.serve.errors import ApiError
from rasd.store.records import IncidentFilter


class NearIn(BaseModel):
    lat: float
    lon: float
    radius_km: float


class WatchlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    groups: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    near: NearIn | None = None
    targets: list[str] = Field(default_factory=list)
    types: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    min_casualties: int | None = None
    min_confidence: float | None = None
    webhooks: list[str] = Field(default_factory=list)
    secret: str | None = None
    emails: list[str] = Field(default_factory=list)


def _bad(err: RasdError) -> ApiError:
    return ApiError(400, err.code, err.message, err.hint)


def _filters(
    date_from: str | None,
    date_to: str | None,
    country: list[str] | None,
    group: list[str] | None,
    type_: list[str] | None,
    min_confidence: float | None,
) -> IncidentFilter:
    return IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        country=country or None,
        group=group or None,
        type=type_ or None,
        min_confidence=min_confidence,
    )


def build_analysis_router() -> APIRouter:
    router = APIRouter(tags=["analysis"], dependencies=[Depends(require_read)])

    @router.get("/trends")
    def trends(
        request: Request,
        by: str = "type",
        period: str = "month",
        date_from: str | None = None,
        date_to: str | None = None,
        country: Annotated[list[str] | None, Query()] = None,
        group: Annotated[list[str] | None, Query()] = None,
        type: Annotated[list[str] | None, Query()] = None,
        min_confidence: float | None = None,
    ) -> dict[str, Any]:
        f = _filters(date_from, date_to, country, group, type, min_confidence)
        try:
            rows = trend_table(request.app.state.store, by=by, period=period, filters=f)
        except RasdError as err:
            raise _bad(err) from err
        return {"by": by, "period": period, "rows": [r.to_dict() for r in rows]}

    @router.get("/groups/{name}/profile")
    def profile(request: Request, name: str, as_of: str | None = None) -> dict[str, Any]:
        try:
            p = group_profile(request.app.state.store, name, as_of=as_of)
        except RasdError as err:
            if "no incidents for group" in err.message:
                raise ApiError(404, "RASD801", err.message, err.hint) from err
            raise _bad(err) from err
        return p.to_dict()

    @router.get("/network")
    def graph(
        request: Request,
        date_from: str | None = None,
        date_to: str | None = None,
        country: Annotated[list[str] | None, Query()] = None,
        min_weight: Annotated[int, Query(ge=1)] = 1,
    ) -> dict[str, Any]:
        f = _filters(date_from, date_to, country, None, None, None)
        return network(request.app.state.store, f, min_weight)

    @router.get("/spikes")
    def spikes(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        by: Annotated[list[str] | None, Query()] = None,
        period: Annotated[list[str] | None, Query()] = None,
        alpha: Annotated[float, Query(gt=0, lt=1)] = 0.01,
        min_count: Annotated[int, Query(ge=0)] = 3,
    ) -> dict[str, Any]:
        try:
            found = detect_spikes(
                request.app.state.store,
                by=tuple(by or ("country", "group", "target")),
                periods=tuple(period or ("day", "week")),
                since=since,
                until=until,
                alpha=alpha,
                min_count=min_count,
            )
        except RasdError as err:
            raise _bad(err) from err
        return {"alpha": alpha, "min_count": min_count, "spikes": [s.to_dict() for s in found]}

    @router.get("/watchlists")
    def watchlists(request: Request) -> dict[str, Any]:
        return {"watchlists": [w.to_dict() for w in list_watchlists(request.app.state.store)]}

    @router.post("/watchlists", status_code=201, dependencies=[Depends(require_write)])
    def create(request: Request, body: WatchlistIn) -> dict[str, Any]:
        try:
            rule = Rule.build(
                groups=body.groups,
                countries=body.countries,
                near=(body.near.lat, body.near.lon, body.near.radius_km) if body.near else None,
                targets=body.targets,
                types=body.types,
                keywords=body.keywords,
                min_casualties=body.min_casualties,
                min_confidence=body.min_confidence,
            )
            channels = make_channels(body.webhooks, body.secret, body.emails)
            w = add_watchlist(request.app.state.store, body.name, rule, channels)
        except RasdError as err:
            raise _bad(err) from err
        return w.to_dict()

    @router.delete("/watchlists/{watchlist_id}", dependencies=[Depends(require_write)])
    def delete(request: Request, watchlist_id: int) -> dict[str, Any]:
        try:
            w = remove_watchlist(request.app.state.store, watchlist_id)
        except RasdError as err:
            raise ApiError(404, "RASD801", err.message, err.hint) from err
        return w.to_dict()

    @router.get("/alerts")
    def alerts(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        watchlist: int | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        rows = list_alerts(
            request.app.state.store, since=since, until=until, watchlist=watchlist, limit=limit
        )
        return {"alerts": [a.to_dict() for a in rows]}

    return router
