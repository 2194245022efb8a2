"""`rasd extract` and `rasd eval`."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli.common import emit_json, handle_errors
from rasd.io import read_text


class Format(StrEnum):
    json = "json"
    table = "table"
    gold = "gold"


@handle_errors
def extract_cmd(
    source: Annotated[
        str, typer.Argument(help="Article text file, or - for standard input.")
    ] = "-",
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (resolves 'yesterday').")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Article URL.")] = None,
    title: Annotated[str | None, typer.Option(help="Article headline.")] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="json (full, with evidence), table, or gold schema.")
    ] = Format.table,
    encoding: Annotated[str, typer.Option(help="Input encoding.")] = "utf-8",
) -> None:
    """Extract incidents from one Arabic article, with evidence for every field."""
    from rasd.extract import extract

    text = read_text(source, encoding=encoding)
    reports = extract(text, published=published, url=url, title=title)
    if fmt is Format.json:
        emit_json([r.to_dict() for r in reports])
    elif fmt is Format.gold:
        emit_json([r.to_gold() for r in reports])
    else:
        table = Table(title=f"{len(reports)} incident(s)")
        for col in (
            "main",
            "type",
            "status",
            "date",
            "place",
            "groups",
            "killed",
            "wounded",
            "arrested",
            "recency",
        ):
            table.add_column(col)
        for r in reports:
            loc = r.location
            place = ", ".join(x for x in (loc.city, loc.province, loc.country) if x) if loc else ""
            table.add_row(
                "*" if r.is_main else "",
                r.type,
                r.status,
                r.date.value if r.date else "",
                place,
                ", ".join(a.name for a in r.perpetrators),
                *(
                    str(c.value) + ("+" if c.at_least else "") if c and c.value is not None else ""
                    for c in (r.killed, r.wounded, r.arrested)
                ),
                r.recency,
            )
        Console().print(table)


@handle_errors
def eval_cmd(
    gold: Annotated[str, typer.Option("--gold", help="Gold JSONL file (shared/eval format).")],
    docs: Annotated[
        str | None, typer.Option(help="Folder holding the documents named in `doc`.")
    ] = None,
    corpus: Annotated[
        str | None, typer.Option(help="Folder of SaudiNewsNet-style zips for `stem#index` ids.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
    details: Annotated[
        str | None, typer.Option(help="Write per-item predictions and matches to this JSONL file.")
    ] = None,
) -> None:
    """Score the extractor against gold: incident P/R/F1, main recall, field accuracy."""
    from rasd.evaluate.run import run_eval

    metrics, results = run_eval(gold, docs=docs, corpus=corpus)
    if details:
        with open(details, "w", encoding="utf-8") as fh:
            for r in results:
                fh.write(
                    json.dumps(
                        {
                            "id": r.id,
                            "pairs": r.pairs,
                            "tp": r.tp,
                            "fp": r.fp,
                            "fn": r.fn,
                            "main_found": r.main_found,
                            "predictions": r.predictions,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    if json_out:
        emit_json(metrics)
        return
    inc = metrics["incidents"]
    typer.echo(f"items: {metrics['items']}")
    typer.echo(
        f"incidents: P={inc['precision']:.3f} R={inc['recall']:.3f} F1={inc['f1']:.3f} (tp={inc['tp']} fp={inc['fp']} fn={inc['fn']})"
    )
    typer.echo(f"main-incident recall: {metrics['main_incident_recall']}")
    for f, v in metrics["field_accuracy"].items():
        typer.echo(f"  {f:8s} {v if v is not None else '-'} (n={metrics['field_support'][f]})")
    typer.echo(
        f"false-positive rate on negative items: {metrics['false_positive_rate_negative_items']}"
    )
    typer.echo(f"groups named where gold has none: {metrics['groups_named_where_gold_has_none']}")
