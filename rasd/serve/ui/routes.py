"""The dashboard pages (server-rendered; chart/map data in JSON blocks)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from rasd.errors import RasdError
from rasd.serve.ui import analysis_views as av
from rasd.serve.ui import data, i18n, views
from rasd.serve.ui.render import lang_of, render
from rasd.store.records import IncidentFilter

MAX_ID = 200


def _store(request: Request) -> Any:
    return request.app.state.store


def not_found(request: Request) -> HTMLResponse:
    return render(request, "404.html", {"title": i18n.t(lang_of(request), "not_found")}, status=404)


def bad_request(request: Request, message: str) -> HTMLResponse:
    lang = lang_of(request)
    ctx = {"title": i18n.t(lang, "bad_request"), "message": message}
    return render(request, "error.html", ctx, status=400)


def build_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        latest, _ = store.list_incidents(None, "-date", None, 10)
        ctx = {
            "title": i18n.t(lang, "overview"),
            "counts": data.counts(store),
            "latest": latest,
            "trend": data.trend(store, lang),
            "candidates": store.candidate_groups(10),
        }
        return render(request, "overview.html", ctx)

    @router.get("/map", response_class=HTMLResponse)
    def map_page(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        rows = data.all_rows(store, query.filters)
        ctx = {
            "title": i18n.t(lang, "map"),
            "map_data": data.map_data(rows, lang),
            "legend": data.legend(rows, lang),
            "n_rows": len(rows),
        }
        return render(request, "map.html", ctx)

    @router.get("/timeline", response_class=HTMLResponse)
    def timeline(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        rows = data.all_rows(store, query.filters)
        ctx = {
            "title": i18n.t(lang, "timeline"),
            "months": data.by_month(rows),
            "trend": data.trend(store, lang, query.filters),
        }
        return render(request, "timeline.html", ctx)

    @router.get("/incidents", response_class=HTMLResponse)
    def incidents(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        status = 400 if query.errors else 200
        try:
            rows, next_cursor = store.list_incidents(
                query.filters, query.sort, query.cursor, data.PAGE
            )
        except RasdError:
            query.errors.append("cursor")
            status = 400
            rows, next_cursor = store.list_incidents(query.filters, query.sort, None, data.PAGE)
        options = data.filter_options(store)
        ctx = {
            "title": i18n.t(lang, "incidents"),
            "rows": rows,
            "query": query,
            "next_cursor": next_cursor,
            "countries": [(c, data.country_name(c, lang)) for c in options["countries"]],
            "groups": [(g, data.group_label(g, lang)) for g in options["groups"]],
            "types": [(k, i18n.type_label(k, lang)) for k in i18n.TYPES],
            "statuses": [(k, i18n.status_label(k, lang)) for k in i18n.STATUSES],
        }
        return render(request, "incidents.html", ctx, status=status)

    @router.get("/incidents/{incident_id}", response_class=HTMLResponse)
    def incident(request: Request, incident_id: str) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        if len(incident_id) > MAX_ID or store.resolve_incident_id(incident_id) is None:
            return not_found(request)
        inc = store.get_incident(incident_id)
        summary = inc.summary
        ctx = {
            "title": f"{i18n.t(lang, 'incident')}: {i18n.type_label(summary.type, lang)}",
            "inc": inc,
            "summary": summary,
            "fields": views.field_rows(summary, lang),
            "articles": views.incident_articles(store, inc),
            "country": data.country_name(
                summary.location.country if summary.location else None, lang
            ),
        }
        return render(request, "incident.html", ctx)

    @router.get("/groups/{name:path}", response_class=HTMLResponse)
    def group(request: Request, name: str) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        if not name or len(name) > MAX_ID:
            return not_found(request)
        profile = views.group_profile(store, name, lang)
        if profile is None:
            return not_found(request)
        title = profile["group"].name_ar if lang == "ar" and profile["group"] else profile["name"]
        ctx = {
            **profile,
            "title": title,
            "kind_label": lambda k: i18n.kind_label(k, lang),
        }
        return render(request, "group.html", ctx)

    @router.get("/sources", response_class=HTMLResponse)
    def sources(request: Request) -> HTMLResponse:
        lang = lang_of(request)
        ctx = {"title": i18n.t(lang, "sources"), "sources": _store(request).list_sources()}
        return render(request, "sources.html", ctx)

    @router.get("/sources/{name:path}", response_class=HTMLResponse)
    def source(request: Request, name: str) -> HTMLResponse:
        store = _store(request)
        row = store.get_source(name) if 0 < len(name) <= MAX_ID else None
        if row is None:
            return not_found(request)
        ids = _source_incidents(store, row.id)
        rows = data.all_rows(store, IncidentFilter(ids=ids)) if ids else []
        ctx = {
            "title": row.name,
            "source": row,
            "articles": views.source_articles(store, row),
            "rows": rows,
        }
        return render(request, "source.html", ctx)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(request: Request, article_id: str) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        view = views.article_view(store, article_id) if len(article_id) <= MAX_ID else None
        if view is None:
            return not_found(request)
        ctx = {"title": view.row.title or i18n.t(lang, "article"), "article": view}
        return render(request, "article.html", ctx)

    add_analysis_routes(router)
    return router


def _options(store: Any, lang: str) -> dict[str, Any]:
    """The choices of the filter form of the analysis pages."""
    options = data.filter_options(store)
    return {
        "countries": [(c, data.country_name(c, lang)) for c in options["countries"]],
        "groups": [(g, data.group_label(g, lang)) for g in options["groups"]],
        "types": [(k, i18n.type_label(k, lang)) for k in i18n.TYPES],
    }


def _int_param(raw: str | None, low: int, high: int, default: int, errors: list[str]) -> int:
    value = (raw or "").strip()
    if not value:
        return default
    if value.isdigit() and low <= int(value) <= high:
        return int(value)
    errors.append("min_weight")
    return default


def add_analysis_routes(router: APIRouter) -> None:
    """``/trends``, ``/network``, ``/spikes`` and ``/alerts``."""

    @router.get("/trends", response_class=HTMLResponse)
    def trends(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        period = av.check_period(request.query_params.get("period"), av.PERIODS, query.errors)
        ctx = {
            "title": i18n.t(lang, "trends"),
            "query": query,
            "action": "/trends",
            "period": period,
            "periods": [(p, i18n.t(lang, "period_" + p)) for p in av.PERIODS],
            **_options(store, lang),
            **av.trends(store, query.filters, period, lang),
        }
        return render(request, "trends.html", ctx, status=400 if query.errors else 200)

    @router.get("/network", response_class=HTMLResponse)
    def network(request: Request) -> HTMLResponse:
        from rasd.analysis.trends import network as build_network

        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        min_weight = _int_param(request.query_params.get("min_weight"), 1, 10_000, 1, query.errors)
        graph = build_network(store, query.filters, min_weight)
        ctx = {
            "title": i18n.t(lang, "network"),
            "query": query,
            "action": "/network",
            "min_weight": min_weight,
            **_options(store, lang),
            **av.network_view(graph, lang),
        }
        return render(request, "network.html", ctx, status=400 if query.errors else 200)

    @router.get("/spikes", response_class=HTMLResponse)
    def spikes(request: Request) -> HTMLResponse:
        store, lang = _store(request), lang_of(request)
        query = data.parse_query(request.query_params)
        since = (request.query_params.get("since") or "").strip()
        if since and not av.valid_day(since):
            query.errors.append("since")
            since = ""
        period = av.check_period(
            request.query_params.get("period"), ("", "day", "week"), query.errors
        )
        periods = (period,) if period else ("day", "week")
        ctx = {
            "title": i18n.t(lang, "spikes"),
            "query": query,
            "action": "/spikes",
            "since": since,
            "period": period,
            "periods": [("", i18n.t(lang, "any_period"))]
            + [(p, i18n.t(lang, "period_" + p)) for p in ("day", "week")],
            **_options(store, lang),
            **av.spikes_view(store, query.filters, since or None, periods, lang),
        }
        return render(request, "spikes.html", ctx, status=400 if query.errors else 200)

    @router.get("/alerts", response_class=HTMLResponse)
    def alerts(request: Request) -> HTMLResponse:
        from rasd.analysis.alerts import list_alerts
        from rasd.analysis.watchlists import list_watchlists

        store, lang = _store(request), lang_of(request)
        ctx = {
            "title": i18n.t(lang, "alerts"),
            "alerts": av.alert_rows(list_alerts(store, limit=av.ALERT_CAP), lang),
            "watchlists": av.watchlist_rows(list_watchlists(store), lang),
        }
        return render(request, "alerts.html", ctx)


def _source_incidents(store: Any, source_id: int) -> list[str]:
    from sqlalchemy import select

    from rasd.store import models as m

    a, r, ir = m.articles, m.reports, m.incident_reports
    q = (
        select(ir.c.incident_id)
        .join(r, r.c.id == ir.c.report_id)
        .join(a, a.c.id == r.c.article_id)
        .where(a.c.source_id == source_id)
        .distinct()
    )
    with store.reading() as conn:
        return sorted(str(x[0]) for x in conn.execute(q))
