"""`rasd stats|profile|spikes|digest`, `rasd watchlist add|list|remove`,
`rasd alerts run|list`: a thin layer over :mod:`rasd.analysis`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import emit_json, handle_errors
from rasd.errors import InputError

if TYPE_CHECKING:
    from rasd.store.records import IncidentFilter
    from rasd.store.repo import Store

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")]
CountryOpt = Annotated[list[str] | None, typer.Option("--country", help="ISO code (repeatable).")]
GroupOpt = Annotated[list[str] | None, typer.Option("--group", help="Group name (repeatable).")]
TypeOpt = Annotated[list[str] | None, typer.Option("--type", help="Incident type (repeatable).")]

watchlist_app = typer.Typer(help="Saved alert rules.", no_args_is_help=True)
alerts_app = typer.Typer(help="Evaluate watchlists and deliver alerts.", no_args_is_help=True)


def _open(db: str | None) -> Store:
    from rasd.store.repo import Store

    return Store.open(db)


def _filters(
    date_from: str | None,
    date_to: str | None,
    country: list[str] | None,
    group: list[str] | None,
    type_: list[str] | None,
    min_confidence: float | None = None,
) -> IncidentFilter:
    from rasd.analysis.records import parse_day
    from rasd.store.records import IncidentFilter

    for value, name in ((date_from, "--from"), (date_to, "--to")):
        if value:
            parse_day(value, name)
    return IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        country=country or None,
        group=group or None,
        type=type_ or None,
        min_confidence=min_confidence,
    )


@handle_errors
def stats_cmd(
    by: Annotated[str, typer.Option(help="country|province|group|type|target")] = "type",
    period: Annotated[str, typer.Option(help="day|week|month")] = "month",
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    group: GroupOpt = None,
    type_: TypeOpt = None,
    min_confidence: Annotated[float | None, typer.Option(help="Minimum confidence.")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Incident counts and casualties per period and key."""
    from rasd.analysis.trends import trend_table

    f = _filters(date_from, date_to, country, group, type_, min_confidence)
    with _open(db) as store:
        rows = trend_table(store, by=by, period=period, filters=f)
    if json_out:
        emit_json({"by": by, "period": period, "rows": [r.to_dict() for r in rows]})
        return
    if not rows:
        typer.echo("no dated incidents match")
        return
    typer.echo(f"{'period':<11} {by:<32} {'incidents':>9} {'killed':>7} {'wounded':>8}")
    for r in rows:
        typer.echo(
            f"{r.period:<11} {(r.key or '—')[:32]:<32} {r.count:>9} {r.killed:>7} {r.wounded:>8}"
        )


@handle_errors
def profile_cmd(
    group: Annotated[str, typer.Argument(help="Group name, e.g. 'Islamic State'.")],
    as_of: Annotated[str | None, typer.Option(help="Anchor day of the 90-day trend.")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """A group's activity profile: where, what, against whom, how lethal, how often."""
    from rasd.analysis.records import parse_day
    from rasd.analysis.trends import group_profile

    if as_of:
        parse_day(as_of, "--as-of")
    with _open(db) as store:
        p = group_profile(store, group, as_of=as_of)
    if json_out:
        emit_json(p.to_dict())
        return
    typer.echo(f"{p.name}: {p.incidents} incidents, {p.killed} killed, {p.wounded} wounded")
    tempo = "—" if p.tempo_days is None else f"{p.tempo_days:g} days (median gap)"
    typer.echo(f"lethality {p.lethality} killed/incident; tempo {tempo}")
    typer.echo(f"seen {p.first_seen} – {p.last_seen}")
    typer.echo(
        f"last 90 days {p.last_90} vs previous 90 {p.previous_90} ({p.trend}, as of {p.as_of})"
    )
    for title, d in (
        ("countries", p.countries),
        ("types", p.types),
        ("targets", p.targets),
        ("weapons", p.weapons),
    ):
        typer.echo(f"{title}: " + (", ".join(f"{k} {v}" for k, v in d.items()) or "—"))


@handle_errors
def spikes_cmd(
    since: Annotated[str | None, typer.Option(help="Report spikes from this day.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day of the series.")] = None,
    by: Annotated[list[str] | None, typer.Option(help="country|group|target|type")] = None,
    period: Annotated[list[str] | None, typer.Option(help="day|week (repeatable)")] = None,
    alpha: Annotated[float, typer.Option(help="False-alarm rate per series-step.")] = 0.01,
    min_count: Annotated[int, typer.Option(help="Smallest count that can alarm.")] = 3,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Spikes in incident counts (negative-binomial/Poisson baseline, upper-tail test)."""
    from rasd.analysis.spikes import detect_spikes

    with _open(db) as store:
        found = detect_spikes(
            store,
            by=tuple(by or ("country", "group", "target")),
            periods=tuple(period or ("day", "week")),
            since=since,
            until=until,
            alpha=alpha,
            min_count=min_count,
        )
    if json_out:
        emit_json({"alpha": alpha, "min_count": min_count, "spikes": [s.to_dict() for s in found]})
        return
    if not found:
        typer.echo("no spikes")
        return
    for s in found:
        typer.echo(
            f"{s.start} {s.period:<4} {s.kind:<8} {s.by}={s.key}: {s.count} "
            f"(expected {s.expected:.2f}, P={s.pvalue:.2g}, {s.model})"
        )


@handle_errors
def digest_cmd(
    since: Annotated[str, typer.Option(help="First day (YYYY-MM-DD).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    until: Annotated[str | None, typer.Option(help="Last day (default: the latest).")] = None,
    period: Annotated[str, typer.Option(help="daily|weekly")] = "daily",
    base_url: Annotated[str, typer.Option(help="Prefix of the incident links.")] = "",
    db: DbOpt = None,
) -> None:
    """Write a self-contained offline HTML digest (charts and map inline, no assets)."""
    from rasd.analysis.digest import build_digest, render_html

    with _open(db) as store:
        d = build_digest(store, since, until, period=period, base_url=base_url)
    html = render_html(d)
    part = output.with_name(output.name + ".part")
    try:
        part.write_text(html, encoding="utf-8")
        part.replace(output)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {err.strerror}", hint="check the path") from err
    typer.echo(
        f"wrote {output}: {len(d.incidents)} incidents, {len(d.changed)} changes, "
        f"{len(d.alerts)} alerts, {len(d.spikes)} spikes"
    )


# -- watchlists ---------------------------------------------------------------------------------


@watchlist_app.command("add")
@handle_errors
def watchlist_add(
    name: Annotated[str, typer.Argument(help="A name for the watchlist.")],
    group: GroupOpt = None,
    country: CountryOpt = None,
    near: Annotated[
        str | None, typer.Option(help="LAT,LON,RADIUS_KM — incidents within the radius.")
    ] = None,
    target: Annotated[
        list[str] | None, typer.Option(help="GTD target type name or code (repeatable).")
    ] = None,
    type_: TypeOpt = None,
    keyword: Annotated[
        list[str] | None, typer.Option(help="Keyword, Arabic or English (repeatable).")
    ] = None,
    min_casualties: Annotated[int | None, typer.Option(help="Killed + wounded at least.")] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Confidence at least.")] = None,
    webhook: Annotated[list[str] | None, typer.Option(help="Webhook URL (repeatable).")] = None,
    secret: Annotated[str | None, typer.Option(help="HMAC secret of the webhooks.")] = None,
    email: Annotated[list[str] | None, typer.Option(help="E-mail address (repeatable).")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Save a watchlist: every criterion given must match (values of one option: any)."""
    from rasd.analysis.watchlists import Rule, add_watchlist, make_channels

    place = None
    if near:
        parts = near.split(",")
        try:
            lat, lon, radius = (float(x) for x in parts)
        except ValueError as err:
            raise InputError(
                f"--near must be LAT,LON,RADIUS_KM, got {near!r}", hint="e.g. --near 18.2,42.5,50"
            ) from err
        place = (lat, lon, radius)
    rule = Rule.build(
        groups=group,
        countries=country,
        near=place,
        targets=target,
        types=type_,
        keywords=keyword,
        min_casualties=min_casualties,
        min_confidence=min_confidence,
    )
    channels = make_channels(webhook or [], secret, email or [])
    with _open(db) as store:
        w = add_watchlist(store, name, rule, channels)
    if json_out:
        emit_json(w.to_dict())
        return
    typer.echo(f"watchlist {w.id} {w.name!r} saved ({len(channels)} channel(s))")


@watchlist_app.command("list")
@handle_errors
def watchlist_list(
    all_: Annotated[bool, typer.Option("--all", help="Include removed watchlists.")] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List watchlists (secrets hidden)."""
    from rasd.analysis.watchlists import list_watchlists

    with _open(db) as store:
        rows = list_watchlists(store, include_removed=all_)
    if json_out:
        emit_json([w.to_dict() for w in rows])
        return
    if not rows:
        typer.echo("no watchlists")
    for w in rows:
        rule = {k: v for k, v in w.rule.to_dict().items() if v not in (None, [], ())}
        chans = ", ".join(f"{c['channel']}:{c['target']}" for c in w.channels) or "no channel"
        state = "" if w.active else " (removed)"
        typer.echo(f"{w.id:>4} {w.name}{state}: {rule} -> {chans}")


@watchlist_app.command("remove")
@handle_errors
def watchlist_remove(
    ref: Annotated[str, typer.Argument(help="Watchlist id or name.")],
    db: DbOpt = None,
) -> None:
    """Remove a watchlist (its alerts are kept)."""
    from rasd.analysis.watchlists import remove_watchlist

    with _open(db) as store:
        w = remove_watchlist(store, ref)
    typer.echo(f"watchlist {w.id} {w.name!r} removed")


# -- alerts ---------------------------------------------------------------------------------------


@alerts_app.command("run")
@handle_errors
def alerts_run(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between passes.")] = 30.0,
    base_url: Annotated[str, typer.Option(help="Prefix of incident links in alerts.")] = "",
    max_attempts: Annotated[int, typer.Option(help="Give up after this many attempts.")] = 6,
    base_delay: Annotated[float, typer.Option(help="First retry delay (seconds).")] = 30.0,
    lease: Annotated[float, typer.Option(help="Seconds a claimed delivery is reserved.")] = 120.0,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Evaluate new changes against the watchlists and deliver due alerts
    (SMTP from RASD_SMTP_HOST/PORT/FROM/USER/PASSWORD/STARTTLS)."""
    from rasd.analysis.delivery import DeliveryConfig, SmtpConfig, WorkerPass, run_worker
    from rasd.analysis.digest import check_base_url

    config = DeliveryConfig(
        max_attempts=max_attempts, base_delay=base_delay, lease=lease, smtp=SmtpConfig.from_env()
    )

    def report(p: WorkerPass) -> None:
        if json_out:
            emit_json(p.to_dict())
            return
        ev, dl = p.evaluated, p.delivery
        typer.echo(
            f"changes {ev['changes']} -> alerts {ev['alerts']}; delivered {dl['delivered']}, "
            f"retrying {dl['retrying']}, gave up {dl['failed']}"
        )
        for e in dl["errors"]:
            typer.echo(f"  {e}", err=True)

    with _open(db) as store:
        try:
            run_worker(
                store,
                config,
                once=once,
                interval=interval,
                base_url=check_base_url(base_url),
                on_pass=report,
            )
        except KeyboardInterrupt:
            typer.echo("stopped")


@alerts_app.command("list")
@handle_errors
def alerts_list(
    since: Annotated[str | None, typer.Option(help="From this day or timestamp.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day or timestamp.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (1–1000).")] = 100,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Alerts that fired, newest first, with their delivery state."""
    from rasd.analysis.alerts import list_alerts

    with _open(db) as store:
        rows = list_alerts(store, since=since, until=until, limit=limit)
    if json_out:
        emit_json([a.to_dict() for a in rows])
        return
    if not rows:
        typer.echo("no alerts")
    for a in rows:
        typer.echo(
            f"{a.id:>5} {a.created_at[:19]} {a.watchlist}: {a.incident_id[:12]} v{a.incident_version}"
            f" — {a.reason} [delivered {a.delivered}, pending {a.pending}, failed {a.failed}]"
        )
