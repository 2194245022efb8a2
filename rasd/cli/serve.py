"""`rasd serve`: the API, TAXII and the dashboard on one port."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd.cli.common import handle_errors
from rasd.errors import InputError


@handle_errors
def serve_cmd(
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")] = None,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    token: Annotated[
        list[str] | None, typer.Option("--token", help="API token allowed to write (repeatable).")
    ] = None,
    read_token: Annotated[
        bool, typer.Option("--read-token", help="Require a token for reads too.")
    ] = False,
    tlp: Annotated[str | None, typer.Option(help="TLP marking for STIX/TAXII output.")] = None,
) -> None:
    """Serve the REST API (/api/v1), TAXII 2.1 (/taxii2) and the dashboard (/)."""
    try:
        import uvicorn
    except ImportError as err:
        raise InputError(
            "rasd serve needs FastAPI and uvicorn", hint="pip install 'rasd[share]'"
        ) from err
    from rasd.serve.app import create_app
    from rasd.serve.settings import Settings

    if not 0 < port < 65536:
        raise InputError(f"port must be 1–65535, got {port}")
    settings = Settings.from_env(
        db=db,
        tokens=tuple(token) if token else None,
        read_requires_token=read_token or None,
        tlp=tlp,
    )
    app = create_app(settings)
    typer.echo(f"rasd: dashboard at http://{host}:{port}/  API at http://{host}:{port}/api/v1/docs")
    uvicorn.run(app, host=host, port=port, log_level="warning")
