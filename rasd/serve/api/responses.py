"""The JSON response class of the API: compact UTF-8, HTML-safe.

Arabic stays readable (no ``\\uXXXX`` for letters), but ``<``, ``>`` and ``&``
are written as JSON escapes, so text stored verbatim (an article carrying
``<script>``) can never be read as markup even by a client that sniffs.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def dumps_safe(content: Any) -> str:
    """JSON text with ``< > &`` escaped (still valid JSON, same value when parsed)."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_HTML_SAFE)


class SafeJSONResponse(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps_safe(content).encode("utf-8")


class GeoJsonResponse(SafeJSONResponse):
    media_type = "application/geo+json"
