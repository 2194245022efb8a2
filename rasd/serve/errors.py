"""The one JSON error shape of the API::

    {"error": {"code": "RASD801", "message": "…", "hint": "…", "status": 404,
               "details": [...]}}

``code`` is a stable rasd error code; ``details`` lists validation problems
(``loc``, ``msg``) when a request was malformed.

Codes: ``RASD800`` validation error, ``RASD801`` not found, ``RASD802``
authentication required or token refused, ``RASD803`` writes disabled (no token
configured), ``RASD804`` page size over the limit, ``RASD805`` internal error;
:class:`~rasd.errors.RasdError` raised by the store keeps its own code.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.errors import InputError, RasdError, StorageError

STATUS_CODES = {400: "RASD800", 401: "RASD802", 403: "RASD803", 404: "RASD801", 422: "RASD800"}


class ApiError(Exception):
    """Raise from a route to answer with the common error shape."""

    def __init__(
        self, status: int, code: str, message: str, hint: str = "", details: Any = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
        self.details = details


def error_body(
    status: int, code: str, message: str, hint: str = "", details: Any = None
) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message, "hint": hint, "status": status}
    if details:
        err["details"] = details
    return {"error": err}


def error_response(
    status: int, code: str, message: str, hint: str = "", details: Any = None
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, hint, details), status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the common shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.hint, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return error_response(422, "RASD800", "invalid request", "see details", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(exc.status_code, "RASD800")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RasdError)
    async def _rasd(_: Request, exc: RasdError) -> JSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        if isinstance(exc, StorageError) and "no " in exc.message[:4]:
            status = 404
        return error_response(status, exc.code, exc.message, exc.hint)

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "RASD805", "internal error", type(exc).__name__)
