"""`rasd text ...`: the Arabic text layer from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd import api
from rasd.cli.common import emit_json, handle_errors
from rasd.io import read_text
from rasd.text.normalize import Level

app = typer.Typer(help="Arabic text layer: normalise, split, tokenise, numbers, dates.", no_args_is_help=True)

SourceArg = Annotated[str, typer.Argument(help="File to read, or - for standard input.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
EncOpt = Annotated[str, typer.Option("--encoding", help="Input encoding.")]


@app.command()
@handle_errors
def normalize(
    source: SourceArg = "-",
    level: Annotated[Level, typer.Option(help="Normalisation level.")] = Level.SEARCH,
    json_out: JsonOpt = False,
    encoding: EncOpt = "utf-8",
) -> None:
    """Print the text normalised for matching."""
    text = read_text(source, encoding=encoding)
    result = api.normalize(text, level)
    if json_out:
        emit_json({"level": level.value, "text": result})
    else:
        typer.echo(result)


@app.command()
@handle_errors
def sentences(source: SourceArg = "-", json_out: JsonOpt = False, encoding: EncOpt = "utf-8") -> None:
    """Split text into sentences (one per line, or JSON spans with raw offsets)."""
    text = read_text(source, encoding=encoding)
    spans = api.sentences(text)
    if json_out:
        emit_json([s.to_dict() for s in spans])
    else:
        for s in spans:
            typer.echo(f"{s.start}\t{s.end}\t{s.text}")


@app.command()
@handle_errors
def tokens(source: SourceArg = "-", json_out: JsonOpt = False, encoding: EncOpt = "utf-8") -> None:
    """Split text into tokens with kinds and clitic-aware lookup keys."""
    text = read_text(source, encoding=encoding)
    toks = api.tokens(text)
    if json_out:
        emit_json([{**t.to_dict(), "keys": list(t.keys)} for t in toks])
    else:
        for t in toks:
            typer.echo(f"{t.start}\t{t.end}\t{t.kind}\t{t.text}\t{' '.join(t.keys)}")
