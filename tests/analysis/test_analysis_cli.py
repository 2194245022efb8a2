"""The CLI commands: stats, profile, spikes, watchlist, alerts, digest."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli.main import app
from rasd.store import Store

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.output


def test_stats_and_profile(sqlite_filled: Store) -> None:
    db = sqlite_filled.url
    code, out = run("stats", "--by", "country", "--period", "month", "--json", "--db", db)
    assert code == 0
    rows = json.loads(out)["rows"]
    assert {"period": "2015-08-01", "key": "AF", "count": 1, "killed": 50, "wounded": 25} in rows
    code, out = run("stats", "--by", "group", "--country", "SA", "--db", db)
    assert code == 0 and "Islamic State" in out
    code, out = run("profile", "Taliban", "--json", "--db", db)
    assert code == 0 and json.loads(out)["incidents"] == 1
    code, out = run("profile", "Nobody", "--db", db)
    assert code == 2 and "RASD100" in out
    code, out = run("stats", "--by", "colour", "--db", db)
    assert code == 2 and "error:" in out


def test_spikes_command(sqlite_filled: Store) -> None:
    code, out = run(
        "spikes", "--min-count", "1", "--alpha", "0.05", "--json", "--db", sqlite_filled.url
    )
    assert code == 0 and json.loads(out)["alpha"] == 0.05


def test_watchlist_alerts_and_digest(sqlite_filled: Store, tmp_path: Path) -> None:
    db = sqlite_filled.url
    code, out = run(
        "watchlist",
        "add",
        "near abha",
        "--near",
        "18.2,42.5,40",
        "--keyword",
        "ابها",
        "--db",
        db,
    )
    assert code == 0, out
    code, out = run("watchlist", "add", "bad", "--near", "north", "--db", db)
    assert code == 2 and "LAT,LON,RADIUS_KM" in out
    code, out = run(
        "watchlist",
        "add",
        "hook",
        "--country",
        "AF",
        "--webhook",
        "https://h.example/x",
        "--db",
        db,
    )
    assert code == 2 and "--secret" in out
    code, out = run("watchlist", "list", "--json", "--db", db)
    assert [w["name"] for w in json.loads(out)] == ["near abha"]
    code, out = run("alerts", "run", "--once", "--db", db)
    assert code == 0 and "alerts 1" in out
    code, out = run("alerts", "list", "--json", "--db", db)
    [alert] = json.loads(out)
    assert "keyword ابها" in alert["reason"]
    target = tmp_path / "digest.html"
    code, out = run(
        "digest",
        "--since",
        "2015-08-01",
        "-o",
        str(target),
        "--base-url",
        "https://r.example",
        "--db",
        db,
    )
    assert code == 0 and target.exists()
    html = target.read_text(encoding="utf-8")
    assert "near abha" in html and "https://r.example/incidents/" in html
    code, out = run("watchlist", "remove", "near abha", "--db", db)
    assert code == 0
    code, out = run("watchlist", "list", "--db", db)
    assert "no watchlists" in out
