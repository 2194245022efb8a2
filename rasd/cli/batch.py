"""`rasd batch`: process many articles in partitions, in-process or on Dask."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.batch.partitions import DEFAULT_PARTITION_SIZE
from rasd.cli.common import emit_json, handle_errors

if TYPE_CHECKING:
    from rasd.batch.engine import BatchResult
    from rasd.batch.engine import Progress as BatchProgress


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[BatchProgress], None] | None]:
    """A rich progress bar on stderr (records, articles/s, ETA); ``None`` if disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        refresh_per_second=2,  # the driver should sleep while the workers extract
    ) as bar:
        task = bar.add_task("batch", total=None, rate="-")

        def update(p: BatchProgress) -> None:
            rate = p.records_done / p.elapsed if p.elapsed else 0.0
            bar.update(
                task,
                total=p.records_total,
                completed=p.records_done,
                rate=f"{rate:.1f}",
                description=f"partitions {p.partitions_done}/{p.partitions_total or '?'}",
            )

        yield update


def summary_lines(res: BatchResult) -> list[str]:
    s = res.sink
    lines = [
        f"{res.seen} records in {res.partitions} partitions on {res.workers} worker(s) "
        f"({res.engine}) in {res.seconds:.1f}s: {res.articles_per_second:.1f} articles/s",
        f"articles {res.articles}, reports {res.reports}, skipped (language) "
        f"{res.skipped_language}, errors {res.errors}, failed partitions {res.partitions_failed}",
    ]
    if s.articles_new or s.reports_linked:
        lines.append(
            f"database: {s.articles_new} new articles; incidents created "
            f"{s.incidents_created}, updated {s.incidents_updated}, merged {s.incidents_merged}"
        )
    if s.files:
        lines.append(f"wrote {s.files} Parquet files")
    lines += [f"  {f}" for f in res.failures[:10]]
    return lines


@handle_errors
def batch_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files (.jsonl, .json, .parquet, .zip, .txt) or folders."),
    ],
    out: Annotated[
        str,
        typer.Option("--out", help="parquet:DIR, a database URL/path, or null: (count only)."),
    ],
    engine: Annotated[Engine, typer.Option(help="local (in-process) or dask.")] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes of the local Dask cluster.")
    ] = 2,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Records per partition.")
    ] = DEFAULT_PARTITION_SIZE,
    limit: Annotated[
        int | None, typer.Option(min=0, help="Process only the first N records.")
    ] = None,
    retries: Annotated[int, typer.Option(min=0, help="Retries of a failed partition.")] = 2,
    max_in_flight: Annotated[
        int | None,
        typer.Option(help="Partitions running or waiting to be written (default 2 × workers)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Extract incidents from many articles in partitions; write Parquet or a database."""
    from rasd.batch.engine import run_batch

    with progress_bar(sys.stderr.isatty()) as progress:
        res = run_batch(
            inputs,
            out,
            engine=engine.value,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            limit=limit,
            retries=retries,
            max_in_flight=max_in_flight,
            progress=progress,
        )
    if json_out:
        emit_json(res.to_dict())
    else:
        for line in summary_lines(res):
            typer.echo(line)
