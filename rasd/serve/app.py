"""The FastAPI application behind `rasd serve`.

>>> app = create_app(Settings(db="/tmp/rasd.sqlite"))      # or create_app(store=store)

Routers: ``/api/v1`` (:func:`rasd.serve.api.build_api_router`), ``/taxii2``
(mounted by the API package) and the dashboard (:func:`rasd.serve.ui.mount_ui`).
Every response carries a strict Content-Security-Policy (no inline script, no
third-party origin) and the usual hardening headers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response

from rasd import __version__
from rasd.serve import errors
from rasd.serve.settings import Settings

if TYPE_CHECKING:
    from rasd.store.repo import Store

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the application. ``store`` (if given) is used as is and not closed."""
    settings = settings or Settings.from_env()
    own_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if own_store and getattr(app.state, "store", None) is not None:
            app.state.store.close()

    app = FastAPI(
        title="rasd",
        version=__version__,
        description="Arabic-first monitor of terrorism and political violence: incidents "
        "with field-level evidence.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    if store is None:
        from rasd.store.repo import Store

        store = Store.open(settings.db)
    app.state.settings = settings
    app.state.store = store
    errors.install(app)

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    from rasd.serve.api import build_api_router, mount_extras
    from rasd.serve.ui import mount_ui

    app.include_router(build_api_router(), prefix="/api/v1")
    mount_extras(app)
    mount_ui(app)
    return app


def app_factory() -> FastAPI:
    """Entry for ``uvicorn --factory rasd.serve.app:app_factory`` (settings from the environment)."""
    return create_app()
