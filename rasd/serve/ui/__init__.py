"""The analyst dashboard: server-rendered, Arabic RTL by default, English with ``?lang=en``.

:func:`mount_ui` adds the pages (:mod:`rasd.serve.ui.routes`), the static files under
``/static`` (own CSS/JS and vendored Leaflet, ECharts, topojson-client, world-atlas
and Noto Sans Arabic — see ``static/vendor/README.md``) and an HTML 404 page for
every path outside ``/api`` and ``/taxii2`` (those keep the JSON error shape).
Nothing runs inline: every script is a static file, data travel in
``<script type="application/json">`` blocks, so the strict CSP of the app holds.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

STATIC_DIR = Path(__file__).parent / "static"
#: Path prefixes answered by the API (JSON errors), not the dashboard.
API_PREFIXES = ("/api/", "/api", "/taxii2")


def is_ui_path(path: str) -> bool:
    return not any(path == p or path.startswith(p.rstrip("/") + "/") for p in API_PREFIXES)


def mount_ui(app: FastAPI) -> None:
    """Add the dashboard pages, static files and the HTML 404 page to ``app``."""
    from rasd.serve.ui.routes import build_router, not_found

    app.include_router(build_router())
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    previous = app.exception_handlers.get(StarletteHTTPException)

    async def _http(request: Request, exc: Any) -> Any:
        if exc.status_code == 404 and is_ui_path(request.url.path):
            return not_found(request)
        if previous is not None:
            result = previous(request, exc)
            return await result if inspect.isawaitable(result) else result
        raise exc

    app.add_exception_handler(StarletteHTTPException, _http)
