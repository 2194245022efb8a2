"""Exports read from the database (``rasd.store.stream`` and ``rasd export --db``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from rasd.cli import export as export_cli
from rasd.demo_run import run_demo
from rasd.store.records import IncidentFilter
from rasd.store.repo import Store
from rasd.store.stream import iter_incidents, iter_incidents_added

from .test_stix import assert_valid

root = typer.Typer()
root.add_typer(export_cli.app, name="export")


@root.callback()
def _root() -> None:
    """Stand-in for the rasd root command."""


runner = CliRunner()
FORMATS = ["stix", "misp", "gtd-csv", "acled-csv", "plover", "geojson", "parquet", "jsonl"]


@pytest.fixture(scope="module")
def demo_db(module_db_url: str) -> str:
    run_demo(module_db_url)
    return module_db_url


def ids_in_db(url: str) -> list[str]:
    with Store.open(url) as store:
        rows, cursor = store.list_incidents(limit=1000)
        assert cursor is None
        return [r.id for r in rows]


def test_stream_matches_get_incident(demo_db: str) -> None:
    with Store.open(demo_db) as store:
        streamed = list(iter_incidents(store, batch=7))
        assert sorted(i.id for i in streamed) == sorted(ids_in_db(demo_db))
        assert [i.id for i in iter_incidents(store, batch=500)] == [i.id for i in streamed]
        for inc in streamed:
            assert inc.to_dict() == store.get_incident(inc.id).to_dict()


def test_stream_filters_and_taxii_order(demo_db: str) -> None:
    with Store.open(demo_db) as store:
        sa = list(iter_incidents(store, IncidentFilter(country="SA"), batch=3))
        assert sa and {i.summary.location.country for i in sa if i.summary.location} == {"SA"}
        rows, _ = store.list_incidents(IncidentFilter(country="SA"), limit=1000)
        assert sorted(i.id for i in sa) == sorted(r.id for r in rows)
        added = list(iter_incidents_added(store, batch=4))
        keys = [(i.updated_at[:23], i.id) for i in added]
        assert keys == sorted(keys) and len(keys) == len(ids_in_db(demo_db))


def export(args: list[str], out: Path) -> bytes:
    result = runner.invoke(root, ["export", *args, "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["failed"] == 0
    return out.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_database_is_deterministic(
    demo_db: str, tmp_path: Path, fmt: str
) -> None:
    one = export(["--db", demo_db, "--format", fmt], tmp_path / "one")
    two = export(["--db", demo_db, "--format", fmt], tmp_path / "two")
    assert one == two and one
    n = len(ids_in_db(demo_db))
    if fmt == "stix":
        text = one.decode("utf-8")
        assert_valid(text)
        incidents = [o for o in json.loads(text)["objects"] if o["type"] in ("incident", "note")]
        assert len(incidents) >= n // 2
    elif fmt == "jsonl":
        lines = one.decode("utf-8").splitlines()
        assert sorted(json.loads(x)["id"] for x in lines) == sorted(ids_in_db(demo_db))
    elif fmt == "geojson":
        fc = json.loads(one)
        assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n
    elif fmt == "parquet":
        assert pq.read_table(tmp_path / "one").num_rows == n
    elif fmt in ("gtd-csv", "acled-csv"):
        rows = list(csv.DictReader(io.StringIO(one.decode("utf-8"), newline="")))
        assert 0 < len(rows) <= n
    else:  # misp and plover: one JSON record per line
        records = [json.loads(x) for x in one.decode("utf-8").splitlines()]
        assert 0 < len(records) <= n


def test_filters_on_the_command_line(demo_db: str, tmp_path: Path) -> None:
    out = export(
        ["--db", demo_db, "-f", "jsonl", "--country", "sa", "--date-from", "2015"],
        tmp_path / "sa.jsonl",
    )
    got = [json.loads(x) for x in out.decode("utf-8").splitlines()]
    assert got and all(g["summary"]["location"]["country"] == "SA" for g in got)
    q = export(["--db", demo_db, "-f", "jsonl", "--q", "القطيف"], tmp_path / "q.jsonl")
    assert 0 < len(q.decode("utf-8").splitlines()) < len(ids_in_db(demo_db))


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--date-from", "2015-13"], "RASD100"),
        (["--country", "Saudi"], "RASD100"),
        (["--type", "picnic"], "RASD100"),
        (["--input", "-", "--country", "SA"], "RASD100"),
    ],
)
def test_bad_database_options(demo_db: str, args: list[str], code: str) -> None:
    result = runner.invoke(root, ["export", "--db", demo_db, *args], input="")
    assert result.exit_code == 2
    assert code in result.stderr
