"""`rasd export`: write incidents as STIX, MISP, GTD/ACLED CSV, PLOVER, GeoJSON,
Parquet or JSONL. A thin layer over :func:`rasd.share.export`.

Incidents are read, lazily, from a JSON Lines file of ``Incident.to_dict()``
records (``--input``) or standard input. A bad line is reported and skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from rasd.cli.common import handle_errors
from rasd.errors import ExportError, InputError
from rasd.model import Incident
from rasd.share.base import ExportStats, default_registry, export
from rasd.share.jsonl import read_incidents

app = typer.Typer(help="Export incidents in sharing formats.", invoke_without_command=True)

MAX_SHOWN_ERRORS = 20


def _read(path: str, errors: list[ExportError], stack: ExitStack) -> Iterator[Incident]:
    if path == "-":
        stream: IO[bytes] = sys.stdin.buffer
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(
                f"no such file: {p}", hint="give a JSON Lines file of incidents, or - for stdin"
            )
        stream = stack.enter_context(p.open("rb"))
    return read_incidents(stream, on_error=errors.append)


def run_export(
    fmt: str, source: str, output: str | None, options: dict[str, Any]
) -> tuple[ExportStats, list[ExportError]]:
    """Read incidents from ``source`` (path or ``-``) and export them to ``output``
    (path, or standard output when ``None`` or ``-``); return the stats and the
    skipped input lines. A file output appears complete or not at all."""
    exporter = default_registry().get(fmt)
    exporter.check_options(options)
    errors: list[ExportError] = []
    with ExitStack() as stack:
        incidents = _read(source, errors, stack)
        if output is None or output == "-":
            if exporter.binary and sys.stdout.isatty():
                raise ExportError(
                    f"{fmt} is binary; refusing to write it to a terminal",
                    code="RASD605",
                    hint="use -o FILE or redirect standard output",
                )
            stats = export(incidents, fmt, sys.stdout.buffer, **options)
            sys.stdout.buffer.flush()
            return stats, errors
        target = Path(output)
        partial = target.with_name(target.name + ".part")
        try:
            out = stack.enter_context(partial.open("wb"))
        except OSError as err:
            raise ExportError(
                f"cannot write {output}: {err.strerror}", code="RASD605", hint="check the path"
            ) from err
        stack.callback(partial.unlink, missing_ok=True)  # only left if the export failed
        stats = export(incidents, fmt, out, **options)
        out.close()
        partial.replace(target)
    return stats, errors


def _list_formats(value: bool) -> None:
    if value:
        for exp in default_registry():
            typer.echo(f"{exp.name:<10} {exp.suffix:<9} {exp.description}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
@handle_errors
def main(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="stix, misp, gtd-csv, acled-csv, plover, geojson, parquet or jsonl.",
        ),
    ] = "jsonl",
    input_path: Annotated[
        str, typer.Option("--input", "-i", help="JSON Lines of incidents; - for standard input.")
    ] = "-",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output file (default: standard output).")
    ] = None,
    tlp: Annotated[
        str | None, typer.Option(help="TLP marking for stix and misp: white, green, amber or red.")
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start CSV with a UTF-8 byte-order mark (for Excel).")
    ] = False,
    include_non_attacks: Annotated[
        bool,
        typer.Option(
            "--include-non-attacks", help="gtd-csv: keep plots, arrests, claims, warnings."
        ),
    ] = False,
    per_export: Annotated[
        bool, typer.Option("--per-export", help="misp: one event for the whole export.")
    ] = False,
    located_only: Annotated[
        bool, typer.Option("--located-only", help="geojson: skip incidents without coordinates.")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the export summary as JSON on standard error.")
    ] = False,
    list_formats: Annotated[
        bool,
        typer.Option(
            "--list", callback=_list_formats, is_eager=True, help="List the formats and exit."
        ),
    ] = False,
) -> None:
    """Export incidents (JSON Lines from --input or standard input) in a sharing format."""
    options: dict[str, Any] = {}
    for key, value in (
        ("tlp", tlp),
        ("bom", bom),
        ("include_non_attacks", include_non_attacks),
        ("per_export", per_export),
        ("located_only", located_only),
    ):
        if value:  # only options the user gave: a format refuses ones it does not know
            options[key] = value
    stats, errors = run_export(fmt, input_path, output, options)
    for err in errors[:MAX_SHOWN_ERRORS]:
        typer.echo(f"skipped input: {err}", err=True)
    for rid, message in stats.failures[:MAX_SHOWN_ERRORS]:
        typer.echo(f"failed incident {rid}: {message}", err=True)
    if json_out:
        summary = {**stats.to_dict(), "bad_input_lines": len(errors)}
        typer.echo(json.dumps(summary, ensure_ascii=False), err=True)
    else:
        typer.echo(
            f"exported {stats.written} incidents as {stats.format} "
            f"({stats.skipped} left out by the format, {stats.failed} failed, {len(errors)} bad input lines)",
            err=True,
        )
