"""The dashboard (placeholder until the dashboard work lands)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def mount_ui(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return "<!doctype html><html lang=ar dir=rtl><title>rasd</title><p>rasd</p></html>"
