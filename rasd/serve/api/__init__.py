"""The ``/api/v1`` REST API and the TAXII 2.1 mount.

* :mod:`~rasd.serve.api.incidents` — ``/incidents`` (list, detail, corrections,
  merge, split) and ``/geojson``;
* :mod:`~rasd.serve.api.catalog` — ``/groups``, ``/places``, ``/articles``,
  ``/stats``, ``/changes``, ``/health``;
* :mod:`~rasd.serve.api.exports` — ``/export`` (every sharing format, streamed);
* :mod:`~rasd.serve.api.taxii` — TAXII 2.1 at ``/taxii2/``;
* :mod:`~rasd.serve.api.params`, :mod:`~rasd.serve.api.schemas`,
  :mod:`~rasd.serve.api.queries`, :mod:`~rasd.serve.api.responses` — shared parts.

Reads need a token only when the server protects reads (``/health`` never does);
writes always need one. Every JSON body escapes ``< > &``. The analysis router
(``rasd.analysis.routes.build_analysis_router``) is included when installed.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from rasd.serve.auth import require_read


def build_api_router() -> APIRouter:
    """Every ``/api/v1`` route (mount with ``prefix="/api/v1"``)."""
    from rasd.serve.api import catalog, exports, incidents
    from rasd.serve.api.responses import SafeJSONResponse

    router = APIRouter(default_response_class=SafeJSONResponse)
    router.include_router(catalog.build_health_router())
    protected = APIRouter(dependencies=[Depends(require_read)])
    protected.include_router(incidents.build_router())
    protected.include_router(catalog.build_router())
    protected.include_router(exports.build_router())
    try:
        from rasd.analysis.routes import build_analysis_router
    except ImportError:
        pass
    else:
        protected.include_router(build_analysis_router())
    router.include_router(protected)
    return router


def mount_extras(app: FastAPI) -> None:
    """Mount what lives outside ``/api/v1`` (TAXII 2.1 at ``/taxii2/``)."""
    from rasd.serve.api.taxii import mount_taxii

    mount_taxii(app)
