"""`rasd kb build|info`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli.main import app

runner = CliRunner()


def test_build_validates_and_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    r = runner.invoke(app, ["kb", "build", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["cache_dir"] == str(tmp_path)
    assert out["sizes"]["groups"] > 150 * 3 and out["sizes"]["places"] > 10_000
    assert list(tmp_path.glob(f"kb-{out['data_hash']}-*.pickle"))
    again = json.loads(runner.invoke(app, ["kb", "build", "--json"]).output)
    assert again["removed_stale_entries"] >= 1 and again["sizes"] == out["sizes"]


def test_info_lists_sizes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    r = runner.invoke(app, ["kb", "info"])
    assert r.exit_code == 0 and "triggers" in r.output and "places" in r.output
