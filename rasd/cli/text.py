"""`rasd text ...`: the Arabic text layer from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from rasd import api
from rasd.cli.common import emit_json, handle_errors
from rasd.io import read_text
from rasd.text.normalize import Level

app = typer.Typer(
    help="Arabic text layer: normalise, split, tokenise, numbers, dates.", no_args_is_help=True
)

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
def sentences(
    source: SourceArg = "-", json_out: JsonOpt = False, encoding: EncOpt = "utf-8"
) -> None:
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


@app.command()
@handle_errors
def numbers(source: SourceArg = "-", json_out: JsonOpt = False, encoding: EncOpt = "utf-8") -> None:
    """Find counts and quantities: digits of every script, number words, hedges, vague counts."""
    text = read_text(source, encoding=encoding)
    found = api.numbers(text)
    if json_out:
        emit_json(found)
    else:
        for q in found:
            flags = [f for f in ("at_least", "approx", "at_most", "ordinal", "vague") if q[f]]
            rng = f"{q['low']}..{q['high']}" if q["low"] != q["high"] else ""
            typer.echo(
                f"{q['start']}\t{q['end']}\t{q['text']}\t{q['value']}\t{rng}\t{','.join(flags)}"
            )


@app.command()
@handle_errors
def dates(
    source: SourceArg = "-",
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD; without it relative dates stay unresolved."
        ),
    ] = None,
    json_out: JsonOpt = False,
    encoding: EncOpt = "utf-8",
) -> None:
    """Find dates: Gregorian (all month-name families), numeric, Hijri, relative expressions."""
    text = read_text(source, encoding=encoding)
    found = api.dates(text, published=published)
    if json_out:
        emit_json(found)
    else:
        for d in found:
            typer.echo(
                f"{d['start']}\t{d['end']}\t{d['text']}\t{d['value'] or '(unresolved)'}\t{d['precision'] or ''}\t{d['kind']}"
            )
