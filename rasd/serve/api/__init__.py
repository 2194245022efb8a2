"""The ``/api/v1`` REST API (placeholder: health only, filled in by the API work)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request


def build_api_router() -> APIRouter:
    router = APIRouter()

    @router.get("/health", tags=["meta"])
    def health(request: Request) -> dict[str, Any]:
        return {"status": "ok", "counts": request.app.state.store.counts()}

    return router


def mount_extras(app: FastAPI) -> None:
    """Mount what lives outside ``/api/v1`` (TAXII 2.1)."""
