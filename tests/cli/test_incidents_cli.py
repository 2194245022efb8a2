"""`rasd incidents list|show|merge|split` on a database filled by `rasd demo`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli.main import app
from rasd.demo_run import run_demo

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("inc") / "demo.sqlite")
    run_demo(db)
    return db


def _list(db: str, *args: str) -> dict:
    r = runner.invoke(app, ["incidents", "list", "--db", db, "--json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_list_filters_and_pages(demo_db: str) -> None:
    sa = _list(demo_db, "--country", "sa", "--limit", "500")["incidents"]
    assert sa and all(i["country"] == "SA" for i in sa)
    first = _list(demo_db, "--limit", "3")
    assert len(first["incidents"]) == 3 and first["next"]
    second = _list(demo_db, "--limit", "3", "--cursor", first["next"])
    ids1 = {i["id"] for i in first["incidents"]}
    assert not ids1 & {i["id"] for i in second["incidents"]}


def test_list_text_and_bad_limit(demo_db: str) -> None:
    out = runner.invoke(app, ["incidents", "list", "--db", demo_db, "--limit", "3"]).output
    assert out.count("inc-") >= 3 and "more: --cursor" in out
    bad = runner.invoke(app, ["incidents", "list", "--db", demo_db, "--limit", "0"])
    assert bad.exit_code == 2 and "RASD100" in bad.output


def test_show_has_evidence_and_sources(demo_db: str) -> None:
    rows = _list(demo_db, "--limit", "500")["incidents"]
    multi = next(i for i in rows if i["n_reports"] > 1)
    out = runner.invoke(app, ["incidents", "show", multi["id"], "--db", demo_db]).output
    assert multi["id"] in out and "evidence:" in out and "«" in out
    assert "merge history:" in out
    data = json.loads(
        runner.invoke(app, ["incidents", "show", multi["id"], "--db", demo_db, "--json"]).output
    )
    assert len(data["reports"]) == multi["n_reports"]


def test_show_unknown_is_a_coded_error(demo_db: str) -> None:
    r = runner.invoke(app, ["incidents", "show", "inc-0000000000000000", "--db", demo_db])
    assert r.exit_code == 2 and "RASD4" in r.output


def test_split_then_merge_back(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    run_demo(db)
    rows = _list(db, "--limit", "500")["incidents"]
    multi = next(i for i in rows if i["n_reports"] > 1)
    shown = json.loads(
        runner.invoke(app, ["incidents", "show", multi["id"], "--db", db, "--json"]).output
    )
    moved = shown["report_ids"][-1]
    r = runner.invoke(app, ["incidents", "split", multi["id"], moved, "--db", db, "--note", "test"])
    assert r.exit_code == 0, r.output
    new_id = r.output.strip().split()[-1]
    assert new_id != multi["id"]
    r = runner.invoke(app, ["incidents", "merge", multi["id"], new_id, "--db", db])
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith(multi["id"])  # the earliest-created id survives
    one = runner.invoke(app, ["incidents", "merge", multi["id"], "--db", db])
    assert one.exit_code == 2
