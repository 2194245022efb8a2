"""The `rasd` command."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd import __version__
from rasd.cli import export, extract, ner, serve, text
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
app.command("extract")(extract.extract_cmd)
app.command("eval")(extract.eval_cmd)
app.command("serve")(serve.serve_cmd)


@app.command()
@handle_errors
def demo(
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run the main job on the bundled demo corpus and print a summary."""
    from rasd.demo_run import run_demo

    s = run_demo()
    if json_out:
        emit_json(s.to_dict())
        return
    typer.echo(f"demo corpus: {s.articles} articles -> {len(s.reports)} new incident reports")
    for title, counter in (
        ("by type", s.by_type),
        ("by country", s.by_country),
        ("by group", s.by_group),
    ):
        typer.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
    if s.errors:
        typer.echo(f"{len(s.errors)} article(s) failed: " + "; ".join(s.errors))
    typer.echo("next: `rasd extract FILE --format json` shows every field with its evidence")


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
