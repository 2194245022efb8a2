"""`rasd export` on the command line (mounted the way rasd.cli.main will mount it)."""

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
from rasd.share.jsonl import dumps

from .factories import sample

root = typer.Typer()
root.add_typer(export_cli.app, name="export")


@root.callback()
def _root() -> None:
    """Stand-in for the rasd root command."""


runner = CliRunner()


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Path:
    path = tmp_path / "incidents.jsonl"
    lines = [dumps(i) for i in sample()]
    lines.insert(2, "this line is broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gtd_csv_to_file_with_bom(jsonl_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gtd.csv"
    result = runner.invoke(
        root, ["export", "--format", "gtd-csv", "--input", str(jsonl_file), "-o", str(out), "--bom"]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["eventid"] for r in rows] == ["inc-2024-0001", "inc-bare"]
    assert "1 bad input lines" in result.stderr
    assert "skipped input: [RASD604] line 3" in result.stderr


def test_stix_from_stdin_to_stdout(jsonl_file: Path) -> None:
    result = runner.invoke(
        root,
        ["export", "-f", "stix", "-i", "-", "--tlp", "amber"],
        input=jsonl_file.read_text("utf-8"),
    )
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    assert bundle["type"] == "bundle"
    assert "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" in {
        o["id"] for o in bundle["objects"]
    }


def test_parquet_to_file_and_json_summary(jsonl_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    result = runner.invoke(
        root, ["export", "-f", "parquet", "-i", str(jsonl_file), "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 4
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert (summary["written"], summary["bad_input_lines"]) == (4, 1)


def test_per_export_misp_and_non_attacks(jsonl_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "misp.json"
    result = runner.invoke(
        root, ["export", "-f", "misp", "-i", str(jsonl_file), "-o", str(out), "--per-export"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["Event"]["info"].startswith(
        "rasd export: 4 incidents"
    )
    out2 = tmp_path / "gtd.csv"
    result = runner.invoke(
        root,
        [
            "export",
            "-f",
            "gtd-csv",
            "-i",
            str(jsonl_file),
            "-o",
            str(out2),
            "--include-non-attacks",
        ],
    )
    assert len(out2.read_text("utf-8").splitlines()) == 5


def test_list_formats() -> None:
    result = runner.invoke(root, ["export", "--list"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "acled-csv", "geojson", "gtd-csv", "jsonl", "misp", "parquet", "plover", "stix"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xlsx"], "RASD601"),
        (["-f", "stix", "--bom"], "RASD602"),
        (["-f", "stix", "--tlp", "purple"], "RASD602"),
        (["-f", "stix", "-i", "/no/such/file.jsonl"], "RASD100"),
    ],
)
def test_errors_exit_2_with_a_coded_message(args: list[str], message: str) -> None:
    result = runner.invoke(root, ["export", *args], input="")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_failed_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_cli, "export", boom)
    out = tmp_path / "out.json"
    with pytest.raises(OSError):
        export_cli.run_export("stix", "-", str(out), {})
    assert not out.exists() and not (tmp_path / "out.json.part").exists()
