"""Jinja2 environment (autoescape on), page context and safe JSON data blocks.

Pages get their chart/map data in ``<script type="application/json">`` blocks that
the static JS reads; :func:`json_block` escapes ``<``, ``>``, ``&`` and the line
separators so no data can close the block or run as script.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from rasd.serve.ui import data, i18n

HERE = Path(__file__).parent
LANG_COOKIE = "rasd_lang"
NAV: tuple[tuple[str, str], ...] = (
    ("overview", "/"),
    ("map", "/map"),
    ("timeline", "/timeline"),
    ("incidents", "/incidents"),
    ("sources", "/sources"),
)


def json_block(data: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``."""
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        raw = raw.replace(ch, esc)
    raw = raw.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(raw)  # escaped above: JSON text that cannot leave the block


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else ``None`` (no ``javascript:`` links)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"], default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_block"] = json_block
    env.globals["safe_url"] = safe_url
    return env


def lang_of(request: Request) -> str:
    return i18n.pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def url_with(request: Request, **changes: str | None) -> str:
    """The current path with query parameters changed (``None`` removes one)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: v for k, v in changes.items() if v is not None})
    query = urlencode(sorted(params.items()))
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """Render a page with the common context; an explicit ``?lang=`` sets the cookie."""
    lang = lang_of(request)
    other = "en" if lang == "ar" else "ar"

    def tr(key: str) -> str:
        return i18n.t(lang, key)

    def num(value: float | int | None) -> str:
        return i18n.fmt_number(value, lang)

    def day(value: str | None) -> str:
        return i18n.fmt_date(value, lang)

    base = {
        "lang": lang,
        "dir": i18n.DIRECTION[lang],
        "t": tr,
        "num": num,
        "day": day,
        "type_label": lambda v: i18n.type_label(v, lang),
        "status_label": lambda v: i18n.status_label(v, lang),
        "field_label": lambda v: i18n.field_label(v, lang),
        "type_colour": lambda v: data.TYPE_COLOURS.get(v, "#5f5f5f"),
        "place": lambda r: data.place_label(r, lang),
        "group_label": lambda g: data.group_label(g, lang),
        "sep": "، " if lang == "ar" else ", ",
        "switch_url": url_with(request, lang=other, cursor=None),
        "path": request.url.path,
        "nav": NAV,
        "url_with": lambda **kw: url_with(request, **kw),
    }
    html = environment().get_template(template).render({**base, **context})
    response = HTMLResponse(html, status_code=status)
    asked = request.query_params.get("lang")
    if asked in i18n.LANGS:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax")
    return response
