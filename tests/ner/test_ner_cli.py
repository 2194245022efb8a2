"""`rasd ner` sub-commands, run through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli.ner import app

runner = CliRunner()
TEXT = "وصل وفد من وزارة الخارجية إلى بغداد صباح اليوم."


def test_tag_json_offsets() -> None:
    res = runner.invoke(app, ["tag", "-", "--json"], input=TEXT)
    assert res.exit_code == 0, res.output
    ents = json.loads(res.output)
    assert any(e["label"] == "LOC" and e["text"] == "بغداد" for e in ents)
    for e in ents:
        assert TEXT[e["start"] : e["end"]] == e["text"]


def test_tag_plain(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(app, ["tag", str(f)])
    assert res.exit_code == 0
    assert any(line.split("\t")[2] == "LOC" for line in res.output.splitlines())


def test_conll_round_trip() -> None:
    tokens = "وصل O\nالوفد O\nإلى O\nبغداد B-LOC\n\nغادر x O\nدمشق y B-LOC\n"
    res = runner.invoke(app, ["conll", "-"], input=tokens)
    assert res.exit_code == 0, res.output
    lines = res.output.split("\n")
    assert lines[:4] == ["وصل O", "الوفد O", "إلى O", "بغداد B-LOC"]
    assert lines[4] == ""
    assert [ln.split(" ")[0] for ln in lines[5:7]] == ["غادر", "دمشق"]


def test_eval_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("وصل O\nالوفد O\nإلى O\nبغداد B-LOC\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["per_type"]["LOC"]["f1"] == 100.0
    res = runner.invoke(app, ["eval", str(gold)])
    assert "LOC" in res.output and "all" in res.output


def test_errors_are_coded_not_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa bad")
    cases = [
        ["tag", str(tmp_path / "missing.txt")],
        ["tag", "-"],
        ["tag", str(bad)],
        ["conll", str(bad)],
        ["eval", str(tmp_path / "missing.txt")],
        ["tag", "-", "--model", str(tmp_path / "nope.bin.gz")],
    ]
    for args in cases:
        res = runner.invoke(app, args, input="   ")
        assert res.exit_code == 2, (args, res.output)
        assert "error: [RASD" in res.output, (args, res.output)
        assert res.exception is None or isinstance(res.exception, SystemExit)


def test_eval_rejects_untagged_file(tmp_path: Path) -> None:
    f = tmp_path / "tokens.txt"
    f.write_text("قال\nالوزير\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(f)])
    assert res.exit_code == 2 and "RASD300" in res.output


def test_train_reports_missing_data(tmp_path: Path) -> None:
    res = runner.invoke(app, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "m.gz")])
    assert res.exit_code == 2 and "anercorp_train.txt" in res.output


def test_train_rejects_unknown_method(tmp_path: Path) -> None:
    res = runner.invoke(app, ["train", "--data", str(tmp_path), "--method", "svm"])
    assert res.exit_code == 2 and "unknown --method 'svm'" in res.output
