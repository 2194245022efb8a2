"""`rasd watch`, `rasd status` and `rasd sources add|list|remove`."""

from __future__ import annotations

import dataclasses
import threading
from typing import Annotated, Any

import typer

from rasd.cli.common import emit_json, handle_errors
from rasd.errors import InputError

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")]
SettingsOpt = Annotated[
    str | None,
    typer.Option(
        "--settings",
        help="Per-source settings file (default: beside the database; $RASD_SOURCES_FILE).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]

sources_app = typer.Typer(help="Register and list sources (feeds, web pages, files).")


@handle_errors
def watch_cmd(
    db: DbOpt = None,
    once: Annotated[bool, typer.Option("--once", help="Poll the due feeds once and exit.")] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between polls of a feed (unless set per source).")
    ] = 30.0,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow private and loopback addresses.")
    ] = False,
    fetch_pages: Annotated[
        bool,
        typer.Option("--fetch-pages/--no-fetch-pages", help="Fetch the page of short entries."),
    ] = True,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per fetch.")] = 15.0,
    settings: SettingsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Poll the registered feeds on schedule; store, extract and merge what is new."""
    from rasd.ingest.registry import validate_interval
    from rasd.ingest.sources.net import FetchPolicy
    from rasd.ingest.watch import PollReport, Watcher, install_signal_handlers
    from rasd.store.repo import Store

    validate_interval(interval)
    if not 0 < timeout <= 600:
        raise InputError(f"timeout must be in (0, 600] seconds, got {timeout}")
    policy = FetchPolicy(timeout=timeout, allow_private=allow_private)

    def show(reports: list[PollReport]) -> None:
        for r in reports:
            if json_out:
                typer.echo(_dumps(r.to_dict()))
            else:
                typer.echo(_poll_line(r))

    with Store.open(db) as store:
        watcher = Watcher(
            store,
            policy=policy,
            interval_default=interval,
            fetch_pages=fetch_pages,
            settings_file=settings,
        )
        if not watcher.feeds():
            raise InputError(
                "no feed sources to watch", hint="add one: rasd sources add NAME URL --kind feed"
            )
        if once:
            show(watcher.poll_once())
            return
        stop = threading.Event()
        restore = install_signal_handlers(stop)
        try:
            if not json_out:
                typer.echo(f"watching {len(watcher.feeds())} feed(s); Ctrl-C stops", err=True)
            watcher.run(stop, on_poll=show)
        finally:
            restore()


def _dumps(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def _poll_line(r: Any) -> str:
    if r.status == "error":
        return f"{r.source}: error {r.error} (next poll {r.next_poll})"
    if r.status == "not_modified":
        return f"{r.source}: not modified"
    return (
        f"{r.source}: {r.entries} entries, {r.new_items} new, {r.stored} stored, "
        f"{r.reports} reports, {r.incidents_created} new incidents, "
        f"{r.incidents_updated} updated, {r.failed} failed"
    )


@handle_errors
def status_cmd(
    db: DbOpt = None,
    settings: SettingsOpt = None,
    runs: Annotated[int, typer.Option(help="How many recent runs to show.")] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Counts, the latest ingest runs and the state of every source."""
    from rasd.ingest.watch import status

    if not 1 <= runs <= 1000:
        raise InputError(f"--runs must be 1–1000, got {runs}")
    from rasd.store.repo import Store

    with Store.open(db) as store:
        s = status(store, runs=runs, settings_file=settings)
    if json_out:
        emit_json(s)
        return
    typer.echo("counts: " + ", ".join(f"{k} {v}" for k, v in s["counts"].items()))
    typer.echo("runs:")
    for r in s["runs"]:
        st = r["stats"]
        typer.echo(
            f"  #{r['id']} {r['status']:<11} {r['started_at']} {r['command'] or ''}: "
            f"seen {st.get('seen', 0)}, stored {st.get('stored', 0)}, "
            f"reports {st.get('reports', 0)}, errors {r['n_errors']}"
        )
    typer.echo("sources:")
    for src in s["sources"]:
        typer.echo(
            f"  {src['name']} ({src['kind']}) last polled {src['last_polled'] or '-'}, "
            f"next {src['next_poll'] or '-'}, failures {src['failures']}"
            + (f", last error {src['last_error']}" if src["last_error"] else "")
        )


@sources_app.command("add")
@handle_errors
def sources_add(
    name: Annotated[str, typer.Argument(help="A short unique name.")],
    url: Annotated[str, typer.Argument(help="Feed or page URL (a path for --kind file).")],
    kind: Annotated[str, typer.Option(help="feed, web, file or archive.")] = "feed",
    language: Annotated[str | None, typer.Option(help="Declared language (ar, en).")] = None,
    reliability: Annotated[str | None, typer.Option(help="Admiralty source grade A–F.")] = None,
    licence: Annotated[str | None, typer.Option(help="Licence of the content.")] = None,
    redistribute: Annotated[
        bool, typer.Option("--redistribute", help="The text may be redistributed.")
    ] = False,
    interval: Annotated[
        float | None, typer.Option(help="Seconds between polls (default: rasd watch --interval).")
    ] = None,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private/--no-allow-private", help="May fetch private addresses."),
    ] = None,
    fetch_pages: Annotated[
        bool | None,
        typer.Option("--fetch-pages/--no-fetch-pages", help="Fetch the page of short entries."),
    ] = None,
    db: DbOpt = None,
    settings: SettingsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Register a source."""
    from rasd.ingest.registry import Registry
    from rasd.store.repo import Store

    with Store.open(db) as store:
        reg = Registry(store, settings)
        row = reg.add(
            name,
            url,
            kind=kind,
            language=language,
            reliability=reliability,
            licence=licence,
            redistribute=redistribute,
            interval=interval,
            allow_private=allow_private,
            fetch_pages=fetch_pages,
        )
        extra = reg.settings_for(row.name).to_dict()
    if json_out:
        emit_json({**dataclasses.asdict(row), "settings": extra})
    else:
        typer.echo(f"added source {row.name} ({row.kind}) {row.url}")


@sources_app.command("list")
@handle_errors
def sources_list(db: DbOpt = None, settings: SettingsOpt = None, json_out: JsonOpt = False) -> None:
    """List the registered sources."""
    from rasd.ingest.registry import Registry
    from rasd.store.repo import Store

    with Store.open(db) as store:
        rows = Registry(store, settings).list()
    if json_out:
        emit_json([{**dataclasses.asdict(r), "settings": s.to_dict()} for r, s in rows])
        return
    if not rows:
        typer.echo("no sources; add one: rasd sources add NAME URL --kind feed")
    for r, s in rows:
        extra = " ".join(f"{k}={v}" for k, v in s.to_dict().items())
        typer.echo(
            f"{r.name}\t{r.kind}\t{r.language or '-'}\t{r.reliability or '-'}\t{r.url or ''}"
            + (f"\t{extra}" if extra else "")
        )


@sources_app.command("remove")
@handle_errors
def sources_remove(
    name: Annotated[str, typer.Argument(help="The source to remove.")],
    db: DbOpt = None,
    settings: SettingsOpt = None,
) -> None:
    """Remove a source that has no stored articles."""
    from rasd.ingest.registry import Registry
    from rasd.store.repo import Store

    with Store.open(db) as store:
        Registry(store, settings).remove(name)
    typer.echo(f"removed source {name}")
