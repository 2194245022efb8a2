"""`rasd ingest`: files, folders, archives and web pages into the database."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import emit_json, handle_errors
from rasd.errors import InputError
from rasd.ingest.item import ItemError, SourceItem

if TYPE_CHECKING:
    from rasd.ingest.pipeline import Ingester, IngestResult
    from rasd.ingest.sources.mapping import FieldMapping

Item = SourceItem | ItemError
EXIT_ALL_FAILED = 1
SHOW_ERRORS = 10


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def web_items(urls: list[str], *, source: str | None, language: str | None) -> Iterator[Item]:
    """Pages fetched by :mod:`rasd.ingest.sources.web` (an error item when it is missing)."""
    try:
        from rasd.ingest.sources.web import page_items
    except ImportError as err:
        for url in urls:
            yield ItemError("RASD500", f"web pages cannot be fetched here: {err}", url, source)
        return
    yield from page_items(urls, source=source, language=language)


def path_items(
    paths: Iterable[str],
    *,
    source: str | None = None,
    language: str | None = None,
    mapping: FieldMapping | None = None,
    max_bytes: int,
) -> Iterator[Item]:
    """Items from every argument in order: URLs, files and folders."""
    from dataclasses import replace

    from rasd.ingest.sources.files import iter_path

    for arg in paths:
        if is_url(arg):
            yield from web_items([arg], source=source, language=language)
            continue
        for item in iter_path(arg, source=source, mapping=mapping, max_bytes=max_bytes):
            if language and isinstance(item, SourceItem) and not item.language:
                item = replace(item, language=language)
            yield item


def source_kind(paths: list[str]) -> str:
    """The kind a named source is registered as: web, archive or file."""
    from rasd.ingest.sources.files import kind_of

    if paths and all(is_url(p) for p in paths):
        return "web"
    if any(kind_of(p) in ("zip", "parquet", "jsonl") for p in paths):
        return "archive"
    return "file"


def summary_lines(res: IngestResult) -> list[str]:
    rate = f"{res.seen / res.seconds:.1f}" if res.seconds else "-"
    lines = [
        f"seen {res.seen}, stored {res.stored}, duplicates {res.duplicates}, "
        f"near-duplicates {res.near_duplicates}, skipped (language) {res.skipped_language}, "
        f"failed {res.failed}",
        f"reports {res.reports}; incidents created {res.incidents_created}, "
        f"updated {res.incidents_updated}, merged {res.incidents_merged}",
        f"{res.seconds:.1f} s, {rate} articles/s (run {res.run_id})",
    ]
    if res.errors:
        lines.append(f"first errors ({min(len(res.errors), SHOW_ERRORS)} of {res.failed}):")
        lines.extend(f"  {e}" for e in res.errors[:SHOW_ERRORS])
    return lines


@handle_errors
def ingest_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (.txt .html .json .jsonl[.gz] .zip .parquet) or http(s) URLs."
        ),
    ],
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Register and file every article under it.")
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(help="Language of the articles (ISO 639-1), when the input does not say."),
    ] = None,
    reliability: Annotated[
        str | None, typer.Option(help="Admiralty reliability of --source, A–F.")
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(help="JSON field mapping, e.g. text=body,title=headline,published=meta.date"),
    ] = None,
    batch: Annotated[int, typer.Option(help="Merge new reports every N articles.")] = 100,
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Store and extract, but do not merge incidents.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="Stop after this many items (errors included).")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the run summary as JSON.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Skip files larger than this.")
    ] = 50_000_000,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes that gate and extract (default: one per core, at most 4); "
            "this process alone writes and merges."
        ),
    ] = None,
) -> None:
    """Ingest articles: store each once, extract incidents, merge them, record the run."""
    from rasd.ingest.pipeline import Ingester
    from rasd.ingest.sources import register_sources
    from rasd.ingest.sources.mapping import FieldMapping
    from rasd.ingest.work import default_workers
    from rasd.store.repo import Store

    if batch < 1:
        raise InputError(f"--batch must be at least 1, got {batch}")
    if limit is not None and limit < 0:
        raise InputError(f"--limit must not be negative, got {limit}")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    if max_bytes < 1:
        raise InputError(f"--max-bytes must be positive, got {max_bytes}")
    if language is not None:
        language = language.strip().lower()
        if not (len(language) == 2 and language.isalpha()):
            raise InputError(f"bad language {language!r}", hint="use an ISO 639-1 code like ar")
    if reliability is not None:
        reliability = reliability.strip().upper()
        if reliability not in ("A", "B", "C", "D", "E", "F"):
            raise InputError(f"bad reliability {reliability!r}", hint="use an Admiralty grade A–F")
        if source is None:
            raise InputError("--reliability needs --source", hint="name the source it grades")
    fmap = FieldMapping.parse(mapping)
    with Store.open(db) as store:
        if source:
            store.add_source(
                source, kind=source_kind(paths), language=language, reliability=reliability
            )
        items: Iterable[Item] = path_items(
            paths, source=source, language=language, mapping=fmap, max_bytes=max_bytes
        )
        items = register_sources(store, items)
        if limit is not None:
            items = itertools.islice(items, limit)
        command = "rasd ingest " + " ".join(paths)
        n = workers or default_workers()
        with Ingester(store, merge=not no_merge, batch=batch, workers=n) as ingester:
            res = _run(ingester, items, command)
    if json_out:
        emit_json(res.to_dict())
    else:
        for line in summary_lines(res):
            typer.echo(line)
    if res.seen and res.failed == res.seen:
        raise typer.Exit(EXIT_ALL_FAILED)


def _run(ingester: Ingester, items: Iterable[Item], command: str) -> IngestResult:
    if not sys.stderr.isatty():
        return ingester.run(items, command=command)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(res: IngestResult) -> None:
            bar.update(
                task,
                description=f"seen {res.seen}, stored {res.stored}, reports {res.reports}, "
                f"failed {res.failed}",
            )

        return ingester.run(items, command=command, progress=progress)
