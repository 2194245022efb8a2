"""`rasd export`: write incidents as STIX, MISP, GTD/ACLED CSV, PLOVER, GeoJSON,
Parquet or JSONL. A thin layer over :func:`rasd.share.export`.

Incidents are read, lazily, from the database (``--db``, else ``$RASD_DB`` or
the default file), filtered by ``--date-from``/``--date-to``/``--country``/
``--group``/``--type``/``--status``/``--min-confidence``/``--q`` and streamed
page by page (:func:`rasd.store.stream.iter_incidents`); or from a JSON Lines
file of ``Incident.to_dict()`` records (``--input FILE``, ``--input -`` for
standard input), where a bad line is reported and skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from rasd.cli.common import handle_errors
from rasd.errors import ExportError, InputError
from rasd.model import Incident
from rasd.share.base import ExportStats, default_registry, export
from rasd.share.jsonl import read_incidents
from rasd.store.records import IncidentFilter

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
    default_registry().get(fmt).check_options(options)
    errors: list[ExportError] = []
    with ExitStack() as stack:
        incidents = _read(source, errors, stack)
        stats = write_export(incidents, fmt, output, options)
    return stats, errors


def run_db_export(
    fmt: str,
    db: str | None,
    filters: IncidentFilter | None,
    output: str | None,
    options: dict[str, Any],
) -> ExportStats:
    """Export the incidents of database ``db`` (``None``: the default one) matching
    ``filters`` to ``output`` (see :func:`run_export`)."""
    from rasd.store.repo import Store
    from rasd.store.stream import iter_incidents

    default_registry().get(fmt).check_options(options)
    with Store.open(db) as store:
        return write_export(iter_incidents(store, filters), fmt, output, options)


def write_export(
    incidents: Iterable[Incident], fmt: str, output: str | None, options: dict[str, Any]
) -> ExportStats:
    """Export ``incidents`` to the file ``output`` (written whole or not at all) or stdout."""
    exporter = default_registry().get(fmt)
    if output is None or output == "-":
        if exporter.binary and sys.stdout.isatty():
            raise ExportError(
                f"{fmt} is binary; refusing to write it to a terminal",
                code="RASD605",
                hint="use -o FILE or redirect standard output",
            )
        stats = export(incidents, fmt, sys.stdout.buffer, **options)
        sys.stdout.buffer.flush()
        return stats
    target = Path(output)
    partial = target.with_name(target.name + ".part")
    with ExitStack() as stack:
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
    return stats


def _filters(
    date_from: str | None,
    date_to: str | None,
    country: list[str] | None,
    group: list[str] | None,
    types: list[str] | None,
    status: list[str] | None,
    min_confidence: float | None,
    query: str | None,
) -> IncidentFilter:
    from rasd.store.stream import day_bounds
    from rasd.taxonomy import INCIDENT_TYPES, STATUSES

    lo_range = day_bounds(date_from) if date_from else None
    hi_range = day_bounds(date_to) if date_to else None
    lo = lo_range[0] if lo_range else None
    hi = hi_range[1] if hi_range else None
    if (date_from and lo is None) or (date_to and hi is None):
        raise InputError("dates must be YYYY, YYYY-MM or YYYY-MM-DD")
    countries = [c.strip().upper() for c in country or []]
    for c in countries:
        if len(c) != 2 or not c.isalpha():
            raise InputError(f"{c!r} is not an ISO 3166-1 alpha-2 country code")
    for t in types or []:
        if t not in INCIDENT_TYPES:
            raise InputError(f"unknown type {t!r}", hint=f"use {', '.join(INCIDENT_TYPES)}")
    for st in status or []:
        if st not in STATUSES:
            raise InputError(f"unknown status {st!r}", hint=f"use {', '.join(STATUSES)}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise InputError("--min-confidence must be within 0..1")
    return IncidentFilter(
        date_from=lo,
        date_to=hi,
        country=countries or None,
        group=list(group) if group else None,
        type=list(types) if types else None,
        status=list(status) if status else None,
        min_confidence=min_confidence,
        query=query if query and query.strip() else None,
    )


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
        str | None,
        typer.Option(
            "--input", "-i", help="JSON Lines of incidents; - for standard input (default: --db)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL or SQLite path (default: $RASD_DB or user data)."),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--date-from", help="Database: from YYYY[-MM[-DD]].")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--date-to", help="Database: to YYYY[-MM[-DD]], inclusive.")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Database: ISO alpha-2 (repeatable).")
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", help="Database: group name (repeatable).")
    ] = None,
    types: Annotated[
        list[str] | None, typer.Option("--type", help="Database: incident type (repeatable).")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Database: status (repeatable).")
    ] = None,
    min_confidence: Annotated[
        float | None, typer.Option("--min-confidence", help="Database: confidence 0..1.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--q", help="Database: full-text query (Arabic or English).")
    ] = None,
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
    """Export incidents (from the database, or JSON Lines with --input) in a sharing format."""
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
    filters = _filters(date_from, date_to, country, group, types, status, min_confidence, query)
    if input_path is not None:
        if db is not None or filters != IncidentFilter():
            raise InputError(
                "--db and the filters read the database; they cannot be used with --input",
                hint="leave out --input to export from the database",
            )
        stats, errors = run_export(fmt, input_path, output, options)
    else:
        stats, errors = run_db_export(fmt, db, filters, output, options), []
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
