"""`rasd incidents list|show|merge|split|candidates`: read and curate stored incidents."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import emit_json, handle_errors
from rasd.errors import InputError

if TYPE_CHECKING:
    from rasd.store.repo import Store

app = typer.Typer(help="List, show, merge and split stored incidents.", no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _open(db: str | None) -> Store:
    from rasd.store.repo import Store

    return Store.open(db)


@app.command("list")
@handle_errors
def list_cmd(
    db: DbOpt = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="ISO country code (repeatable).")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Perpetrator group (English name).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Incident type.")] = None,
    status: Annotated[str | None, typer.Option(help="executed, failed, foiled, …")] = None,
    query: Annotated[
        str | None, typer.Option("--q", help="Full-text query (Arabic or English).")
    ] = None,
    sort: Annotated[str, typer.Option(help="Sort key, '-' for descending.")] = "-date",
    limit: Annotated[int, typer.Option(help="Page size (1–500).")] = 50,
    cursor: Annotated[str | None, typer.Option(help="Cursor from the previous page.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List incidents (newest first), with filters and cursor paging."""
    from rasd.store.records import IncidentFilter

    if not 1 <= limit <= 500:
        raise InputError(f"--limit must be 1–500, got {limit}")
    f = IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        country=[c.upper() for c in country] if country else None,
        group=group,
        type=type_,
        status=status,
        query=query,
    )
    with _open(db) as store:
        rows, next_cursor = store.list_incidents(f, sort=sort, cursor=cursor, limit=limit)
    if json_out:
        emit_json({"incidents": [dataclasses.asdict(r) for r in rows], "next": next_cursor})
        return
    for r in rows:
        place = ", ".join(x for x in (r.city, r.province, r.country) if x) or "?"
        killed = "" if r.killed is None else f" killed {r.killed}"
        groups = f" [{', '.join(r.groups)}]" if r.groups else ""
        typer.echo(
            f"{r.id}  {r.date or '????-??-??':10}  {r.type:16} {r.status:9} {place}{killed}"
            f"{groups}  ({r.n_reports} reports, {r.n_sources} sources)"
        )
    if next_cursor:
        typer.echo(f"more: --cursor {next_cursor}")


@app.command("show")
@handle_errors
def show_cmd(incident_id: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """Show one incident: every field with its evidence, and every report."""
    from rasd.store.convert import evidence_items

    with _open(db) as store:
        inc = store.get_incident(incident_id)
    if json_out:
        emit_json(inc.to_dict())
        return
    s = inc.summary
    typer.echo(f"{inc.id}: {s.type} ({s.status}), {len(inc.reports)} reports")
    d = s.to_gold()
    for key in ("date", "country", "city", "groups", "killed", "wounded", "targets", "weapons"):
        if d.get(key) not in (None, [], ""):
            typer.echo(f"  {key}: {d[key]}")
    typer.echo("evidence:")
    for name, ev in evidence_items(s):
        typer.echo(f"  {name}: «{ev.text}» [{ev.start}:{ev.end}]")
    typer.echo("sources:")
    for ref in inc.sources:
        typer.echo(
            f"  {ref.published or '?'}  {ref.source or '?'}  {ref.title or ref.url or ref.doc_id}"
        )
    if inc.merge_log:
        typer.echo("merge history:")
    for e in inc.merge_log:
        why = "; ".join(r.get("detail", "") for r in e.get("reasons", []))
        score = f" score {e['score']}" if e.get("score") is not None else ""
        typer.echo(
            f"  {e.get('at', '')} {e.get('action')} by {e.get('actor')}{score}"
            f" reports {', '.join(e.get('report_ids') or []) or '-'}" + (f" ({why})" if why else "")
        )


@app.command("merge")
@handle_errors
def merge_cmd(
    incident_ids: Annotated[list[str], typer.Argument(help="Two or more incident ids.")],
    db: DbOpt = None,
    note: Annotated[str, typer.Option(help="Why (kept in the audit log).")] = "",
) -> None:
    """Merge incidents by hand (audited; the earliest-created id survives)."""
    if len(incident_ids) < 2:
        raise InputError("give at least two incident ids to merge")
    with _open(db) as store:
        survivor = store.incident_merge(incident_ids, actor="cli", note=note)
    typer.echo(f"merged into {survivor}")


@app.command("split")
@handle_errors
def split_cmd(
    incident_id: str,
    report_ids: Annotated[list[str], typer.Argument(help="Report ids to move out.")],
    db: DbOpt = None,
    note: Annotated[str, typer.Option(help="Why (kept in the audit log).")] = "",
) -> None:
    """Move reports out of an incident into a new one (never merged back automatically)."""
    with _open(db) as store:
        new_id = store.incident_split(incident_id, report_ids, actor="cli", note=note)
    typer.echo(f"split off {new_id}")


@app.command("candidates")
@handle_errors
def candidates_cmd(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(help="At most this many (1–1000).")] = 100,
    json_out: JsonOpt = False,
) -> None:
    """Candidate groups for review: organisations the knowledge base does not know,
    named beside attack or claim language (never counted as perpetrators)."""
    if not 1 <= limit <= 1000:
        raise InputError("--limit must be between 1 and 1000")
    with _open(db) as store:
        rows = store.candidate_groups(limit)
    if json_out:
        emit_json(rows)
        return
    if not rows:
        typer.echo("no candidate groups")
    for r in rows:
        typer.echo(
            f"{r['reports']:>5}  {r['first_seen'] or '?'} … {r['last_seen'] or '?'}  {r['name']}"
        )
