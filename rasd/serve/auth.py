"""API tokens: ``Authorization: Bearer <token>`` (or ``X-API-Token``).

Writes always need a configured token; reads need one only when
``Settings.read_requires_token``. Tokens compare in constant time.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from rasd.serve.errors import ApiError
from rasd.serve.settings import Settings


def _presented(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-api-token") or None


def _valid(token: str | None, settings: Settings) -> bool:
    if not token:
        return False
    return any(hmac.compare_digest(token.encode(), t.encode()) for t in settings.tokens)


def require_write(request: Request) -> None:
    """Dependency for write endpoints."""
    settings: Settings = request.app.state.settings
    if not settings.tokens:
        raise ApiError(
            403, "RASD803", "writes are disabled on this server", "start it with RASD_API_TOKENS"
        )
    if not _valid(_presented(request), settings):
        raise ApiError(
            401, "RASD802", "a valid API token is required", "send Authorization: Bearer"
        )


def require_read(request: Request) -> None:
    """Dependency for read endpoints (a no-op unless reads are protected)."""
    settings: Settings = request.app.state.settings
    if settings.read_requires_token and not _valid(_presented(request), settings):
        raise ApiError(
            401, "RASD802", "a valid API token is required", "send Authorization: Bearer"
        )
