"""The `rasd` command."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd import __version__
from rasd.cli import analysis as analysis_cli
from rasd.cli import export, extract, incidents, kb, ner, serve, text
from rasd.cli import ingest as ingest_cli
from rasd.cli import watch as watch_cli
from rasd.cli.batch import batch_cmd
from rasd.cli.common import emit_json, handle_errors

app = typer.Typer(
    name="rasd",
    help="rasd (رصد): Arabic-first monitor of terrorism and political violence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(text.app, name="text")
app.add_typer(export.app, name="export")
app.add_typer(ner.app, name="ner")
app.add_typer(incidents.app, name="incidents")
app.add_typer(kb.app, name="kb")
app.command("extract")(extract.extract_cmd)
app.command("eval")(extract.eval_cmd)
app.command("serve")(serve.serve_cmd)
app.command("stats")(analysis_cli.stats_cmd)
app.command("profile")(analysis_cli.profile_cmd)
app.command("spikes")(analysis_cli.spikes_cmd)
app.command("digest")(analysis_cli.digest_cmd)
app.add_typer(analysis_cli.watchlist_app, name="watchlist")
app.add_typer(analysis_cli.alerts_app, name="alerts")
app.command("batch")(batch_cmd)
app.command("ingest")(ingest_cli.ingest_cmd)
app.command("watch")(watch_cli.watch_cmd)
app.command("status")(watch_cli.status_cmd)
app.add_typer(watch_cli.sources_app, name="sources")


@app.command()
@handle_errors
def demo(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database URL or SQLite path (default: $RASD_DB or the user data file)."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest the bundled demo corpus (extract, store, merge) and print a summary."""
    from rasd.demo_run import run_demo

    s = run_demo(db)
    if json_out:
        emit_json(s.to_dict())
        return
    typer.echo(f"database: {s.db}")
    typer.echo(
        f"demo corpus: {s.articles} articles ({s.stored} new) -> {s.reports} incident reports "
        f"-> {s.incidents} incidents ({s.multi_report_incidents} merged from "
        f"{s.reports_merged} reports)"
    )
    for title, counter in (
        ("by type", s.by_type),
        ("by country", s.by_country),
        ("by group", s.by_group),
    ):
        typer.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
    if s.errors:
        typer.echo(f"{len(s.errors)} article(s) failed: " + "; ".join(s.errors[:5]))
    db_opt = f" --db {s.db}" if db else ""
    typer.echo(f"next: `rasd serve{db_opt}` then open http://127.0.0.1:8765/ (dashboard)")
    typer.echo("      `rasd incidents list` lists them; `rasd export --format stix` shares them")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rasd {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """rasd (رصد): Arabic-first monitor of terrorism and political violence."""
