"""``/groups``, ``/candidates``, ``/places``, ``/articles``, ``/stats``, ``/changes`` and ``/health``."""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from rasd import __version__
from rasd.serve.api import queries
from rasd.serve.api.params import incident_filter, page_size
from rasd.serve.api.schemas import (
    ArticleIn,
    ArticleList,
    ArticleOut,
    ArticleSubmitted,
    CandidateList,
    ChangeList,
    GroupList,
    GroupOut,
    HealthOut,
    PlaceList,
    StatsOut,
)
from rasd.serve.auth import require_write
from rasd.serve.errors import ApiError
from rasd.share.regions import country_name
from rasd.store.records import IncidentFilter
from rasd.store.repo import Store

if TYPE_CHECKING:
    from rasd.ingest.pipeline import Ingester
    from rasd.kb.groups import Group, GroupRegistry

_INGEST_LOCK = threading.Lock()


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _registry() -> GroupRegistry:
    from rasd.kb.base import KnowledgeBase

    return KnowledgeBase.default().groups


def _group_out(
    name: str, group: Group | None, use: queries.GroupUse | None, reg: GroupRegistry | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    if group is not None and reg is not None:
        parent = reg.by_id.get(group.parent) if group.parent else None
        out.update(
            kb_id=group.id,
            name_ar=group.name_ar,
            aliases_ar=list(group.aliases_ar),
            aliases_en=list(group.aliases_en),
            parent=parent.name if parent else group.parent,
            kind=group.kind,
            countries=list(group.countries),
        )
    if use is not None:
        out.update(incidents=use.incidents, first_seen=use.first_seen, last_seen=use.last_seen)
    return out


def _ingester(request: Request) -> Ingester:
    """One ingester per app (it keeps the knowledge base and near-duplicate index)."""
    from rasd.ingest.pipeline import Ingester

    found: Ingester | None = getattr(request.app.state, "rasd_ingester", None)
    if found is None:
        found = Ingester(_store(request), batch=1)
        request.app.state.rasd_ingester = found
    return found


def build_router() -> APIRouter:
    router = APIRouter()

    # -- groups ---------------------------------------------------------------------
    @router.get("/groups", response_model=GroupList, tags=["groups"], summary="Armed groups")
    def groups(
        request: Request,
        with_incidents: Annotated[
            bool, Query(description="only groups with at least one incident")
        ] = False,
    ) -> dict[str, Any]:
        """Knowledge-base groups (Arabic/English aliases, parent) with incident counts and
        first/last seen days; groups found on incidents but not in the knowledge base too."""
        reg = _registry()
        usage = queries.group_usage(_store(request))
        items = []
        for g in reg:
            use = usage.pop(g.name, None)
            if use or not with_incidents:
                items.append(_group_out(g.name, g, use, reg))
        items += [_group_out(n, None, u, None) for n, u in usage.items()]
        items.sort(key=lambda x: (-x.get("incidents", 0), x["name"]))
        return {"items": items}

    @router.get(
        "/groups/{name}", response_model=GroupOut, tags=["groups"], summary="One armed group"
    )
    def group(request: Request, name: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        """A group by canonical name, knowledge-base id or any Arabic/English alias."""
        reg = _registry()
        g = reg.by_id.get(name) or next((x for x in reg if x.name == name), None)
        g = g or reg.resolve(name)
        stored_name = g.name if g else name
        use = queries.group_usage(_store(request), [stored_name]).get(stored_name)
        if g is None and use is None:
            raise ApiError(404, "RASD801", f"no group {name!r}", "list groups with GET /groups")
        return _group_out(stored_name, g, use, reg)

    @router.get(
        "/candidates",
        response_model=CandidateList,
        tags=["groups"],
        summary="Candidate groups for review",
    )
    def candidates(
        request: Request,
        limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 100,
    ) -> dict[str, Any]:
        """Organisations the knowledge base does not know, found by the NER model beside
        attack or claim language: recorded for an analyst to review (and add to the
        knowledge base), never counted as perpetrators. Most reported first."""
        return {"items": _store(request).candidate_groups(limit)}

    # -- places ---------------------------------------------------------------------
    @router.get("/places", response_model=PlaceList, tags=["places"], summary="Places")
    def places(
        request: Request,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    ) -> dict[str, Any]:
        """Countries, provinces and cities that have incidents, with counts."""
        rows = queries.place_counts(_store(request), country.upper() if country else None)
        tree: dict[str, dict[str | None, list[tuple[Any, ...]]]] = {}
        for row in rows:
            tree.setdefault(row[0], {}).setdefault(row[1], []).append(row)
        items: list[dict[str, Any]] = []
        for code, provinces in tree.items():
            prov_out: list[dict[str, Any]] = []
            for prov, cities in provinces.items():
                prov_out.append(
                    {
                        "province": prov,
                        "count": sum(int(r[3]) for r in cities),
                        "cities": [
                            {"city": r[2], "count": int(r[3]), "lat": r[4], "lon": r[5]}
                            for r in cities
                            if r[2]
                        ],
                    }
                )
            items.append(
                {
                    "country": code,
                    "name": country_name(code),
                    "count": sum(p["count"] for p in prov_out),
                    "provinces": prov_out,
                }
            )
        items.sort(key=lambda x: (-x["count"], x["country"]))
        return {"items": items}

    # -- articles -------------------------------------------------------------------
    @router.get("/articles", response_model=ArticleList, tags=["articles"], summary="Articles")
    def articles(
        request: Request,
        q: Annotated[
            str | None, Query(max_length=500, description="full text, Arabic or English")
        ] = None,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> dict[str, Any]:
        """Full-text search over articles (best first); without ``q`` the latest articles."""
        size = page_size(request, limit, default=20)
        store = _store(request)
        if q is not None and q.strip():
            return {"items": [asdict(h) for h in store.search_articles(q, limit=size)]}
        return {"items": queries.recent_articles(store, size)}

    @router.get(
        "/articles/{article_id}", response_model=ArticleOut, tags=["articles"], summary="An article"
    )
    def article(
        request: Request, article_id: Annotated[str, Path(pattern=r"^[0-9a-f]{8,64}$")]
    ) -> dict[str, Any]:
        """The stored article (text verbatim), its report ids and their incidents."""
        store = _store(request)
        row = store.get_article(article_id)
        if row is None:
            raise ApiError(404, "RASD801", f"no article {article_id!r}", "search GET /articles?q=")
        reports, incidents = queries.article_links(store, article_id)
        return {**asdict(row), "report_ids": reports, "incident_ids": incidents}

    @router.post(
        "/articles",
        response_model=ArticleSubmitted,
        status_code=201,
        tags=["articles"],
        dependencies=[Depends(require_write)],
        summary="Submit an article",
    )
    def submit(request: Request, body: ArticleIn) -> dict[str, Any]:
        """Store an article and run it through the pipeline (extract, merge)."""
        from rasd.ingest.item import SourceItem

        store = _store(request)
        if body.source and store.get_source(body.source) is None:
            raise ApiError(
                422,
                "RASD800",
                f"unknown source {body.source!r}",
                "register the source first, or leave it out",
            )
        item = SourceItem(
            text=body.text,
            title=body.title,
            url=body.url,
            published=body.published,
            language=body.language,
            source=body.source,
            ref="api",
        )
        with _INGEST_LOCK:
            result = _ingester(request).run([item], command="api POST /articles")
        if result.failed:
            raise ApiError(422, "RASD800", "the article could not be ingested", result.errors[0])
        if result.skipped_language or not result.article_ids:
            raise ApiError(
                422,
                "RASD800",
                "the article is not in an accepted language",
                "send Arabic or English",
            )
        aid = result.article_ids[0]
        reports, incidents = queries.article_links(store, aid)
        return {
            "article_id": aid,
            "created": bool(result.stored),
            "report_ids": reports,
            "incident_ids": incidents,
        }

    # -- stats and changes ----------------------------------------------------------
    @router.get("/stats", response_model=StatsOut, tags=["stats"], summary="Counts over time")
    def stats(
        request: Request,
        filters: Annotated[IncidentFilter, Depends(incident_filter)],
        period: Literal["day", "week", "month"] = "month",
        by: Literal["type", "country", "group", "status"] = "type",
    ) -> dict[str, Any]:
        """Incident counts per period start day and key (undated incidents left out)."""
        rows = _store(request).stats(by=by, period=period, filters=filters)
        return {"period": period, "by": by, "items": [asdict(r) for r in rows]}

    @router.get("/changes", response_model=ChangeList, tags=["changes"], summary="Change feed")
    def changes(
        request: Request,
        since: Annotated[int, Query(ge=0, description="last seq seen (exclusive)")] = 0,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> dict[str, Any]:
        """Incidents created, updated, merged, split or corrected after ``since``, oldest first."""
        size = page_size(request, limit, default=100)
        rows = _store(request).changes(since, size)
        return {
            "items": [asdict(r) for r in rows],
            "next_since": rows[-1].seq if rows else since,
        }

    return router


def build_health_router() -> APIRouter:
    router = APIRouter(tags=["meta"])

    @router.get("/health", response_model=HealthOut, summary="Liveness and row counts")
    def health(request: Request) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "counts": _store(request).counts()}

    return router
