"""``/export``: a sharing format of the incidents matching the filters, streamed."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from rasd.errors import ExportError
from rasd.serve.api.params import incident_filter
from rasd.serve.errors import ApiError
from rasd.serve.settings import Settings
from rasd.store.records import IncidentFilter

Format = Literal["stix", "misp", "gtd-csv", "acled-csv", "plover", "geojson", "parquet", "jsonl"]

#: TLP 2.0 names → the TLP 1.0 markings STIX 2.1 defines (CLEAR is WHITE).
TLP_ALIASES = {"clear": "white"}


def stix_tlp(settings: Settings) -> str:
    """The server's TLP as a STIX marking name (``clear`` → ``white``)."""
    from rasd.share.base import TLP_LEVELS

    tlp = TLP_ALIASES.get(settings.tlp.lower(), settings.tlp.lower())
    if tlp not in TLP_LEVELS:
        raise ExportError(
            f"unknown TLP level {settings.tlp!r}",
            code="RASD602",
            hint="set RASD_TLP to clear, white, green, amber or red",
        )
    return tlp


def build_router() -> APIRouter:
    router = APIRouter(tags=["export"])

    @router.get(
        "/export",
        summary="Export incidents",
        response_class=StreamingResponse,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    def export(
        request: Request,
        filters: Annotated[IncidentFilter, Depends(incident_filter)],
        format: Format = "jsonl",
    ) -> Any:
        """The matching incidents (all of them, streamed from the database) in ``format``,
        with the exporter's media type; STIX and MISP carry the server's TLP marking."""
        from rasd.share.base import get_exporter
        from rasd.share.stream import iter_export
        from rasd.store.stream import iter_incidents

        settings: Settings = request.app.state.settings
        try:
            exporter = get_exporter(format)
            options: dict[str, Any] = {}
            if "tlp" in exporter.options:
                options["tlp"] = stix_tlp(settings)
            chunks = iter_export(
                iter_incidents(request.app.state.store, filters), format, **options
            )
        except ExportError as err:
            raise ApiError(400, err.code, err.message, err.hint) from err
        name = f"rasd-incidents{exporter.suffix}"
        return StreamingResponse(
            chunks,
            media_type=exporter.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
