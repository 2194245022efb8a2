"""The CLI on good and bad input: clear errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd import __version__
from rasd.cli.main import app

runner = CliRunner()


def test_version() -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output


@pytest.mark.parametrize(
    "cmd",
    [
        ["text", "normalize"],
        ["text", "sentences"],
        ["text", "tokens"],
        ["text", "numbers"],
        ["text", "dates"],
        ["extract"],
    ],
)
@pytest.mark.parametrize(
    ("data", "code"), [(b"", "RASD102"), (b"   \n\t", "RASD102"), (b"\xff\xfe\x00bad", "RASD101")]
)
def test_bad_input_is_a_coded_error(cmd: list[str], data: bytes, code: str) -> None:
    r = runner.invoke(app, [*cmd, "-"], input=data)
    assert r.exit_code == 2
    assert code in r.output
    assert "Traceback" not in r.output


def test_missing_file(tmp_path: Path) -> None:
    r = runner.invoke(app, ["text", "tokens", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2 and "RASD100" in r.output


def test_mixed_scripts_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("قتل ١٢ شخصاً in Kabul، و۳ آخرون 2015.", encoding="utf-8")
    r = runner.invoke(app, ["text", "numbers", str(f), "--json"])
    assert r.exit_code == 0
    values = [q["value"] for q in json.loads(r.output)]
    assert 12 in values and 3 in values


def test_large_file(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("انفجار في بغداد. " * 200_000, encoding="utf-8")  # about 3 MB
    r = runner.invoke(app, ["text", "normalize", str(f), "--json"])
    assert r.exit_code == 0


def test_extract_gold_format() -> None:
    r = runner.invoke(
        app,
        ["extract", "-", "--format", "gold", "--published", "2015-08-07"],
        input="بغداد - رصد:\nقتل 3 أشخاص في انفجار عبوة ناسفة في بغداد أمس.".encode(),
    )
    assert r.exit_code == 0
    out = json.loads(r.output)
    assert out and out[0]["country"] == "IQ"


def test_demo_runs(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    r = runner.invoke(app, ["demo", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    first = json.loads(r.output)
    assert first["articles"] == first["stored"] >= 30
    assert 0 < first["incidents"] < first["reports"]  # several outlets per incident merged
    assert first["multi_report_incidents"] >= 10
    assert first["by_country"]["SA"] >= 3
    again = json.loads(runner.invoke(app, ["demo", "--db", str(db), "--json"]).output)
    assert again["stored"] == 0  # nothing twice
    assert again["incidents"] == first["incidents"]
    text = runner.invoke(app, ["demo", "--db", str(db)]).output
    assert "rasd serve" in text and "http://127.0.0.1:8765/" in text
