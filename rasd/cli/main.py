"""The `rasd` command."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd import __version__
from rasd.cli import extract, text

app = typer.Typer(
    name="rasd",
    help="rasd (رصد): Arabic-first monitor of terrorism and political violence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(text.app, name="text")
app.command("extract")(extract.extract_cmd)
app.command("eval")(extract.eval_cmd)


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
