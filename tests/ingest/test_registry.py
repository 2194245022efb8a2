"""The source registry: validation, the settings file, and the `rasd sources` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli.main import app
from rasd.errors import InputError
from rasd.ingest.registry import Registry, SourceSettings, load_settings, settings_path
from rasd.store.repo import Store


@pytest.fixture
def reg(db_url: str, tmp_path: Path) -> Iterator[Registry]:
    with Store.open(db_url) as store:
        yield Registry(store, tmp_path / "sources.yaml")


def test_add_and_list_with_settings(reg: Registry) -> None:
    row = reg.add(
        "okaz-feed",
        "https://www.okaz.com.sa/rss",
        kind="feed",
        language="AR",
        reliability="b",
        licence="all rights reserved",
        interval=300,
        allow_private=True,
    )
    assert (row.name, row.kind, row.language, row.reliability) == ("okaz-feed", "feed", "ar", "B")
    reg.add("archive", "/data/archive.jsonl", kind="file")
    listed = {r.name: s for r, s in reg.list()}
    assert listed == {
        "archive": SourceSettings(),
        "okaz-feed": SourceSettings(interval=300.0, allow_private=True),
    }
    assert load_settings(reg.path)["okaz-feed"].interval == 300.0
    assert "archive" not in reg.path.read_text(encoding="utf-8")  # no overrides, not written


@pytest.mark.parametrize(
    ("args", "kwargs", "code"),
    [
        (("x", "ftp://example.org/feed"), {"kind": "feed"}, "RASD130"),
        (("x", "example.org/feed"), {"kind": "web"}, "RASD130"),
        (("x", "http://example.org:99999/"), {"kind": "feed"}, "RASD130"),
        (("x", ""), {"kind": "file"}, "RASD130"),
        (("x", "https://example.org/feed"), {"reliability": "G"}, "RASD131"),
        (("bad name", "https://example.org/feed"), {}, "RASD133"),
        (("x", "https://example.org/feed"), {"kind": "tv"}, "RASD133"),
        (("x", "https://example.org/feed"), {"language": "arabic"}, "RASD133"),
        (("x", "https://example.org/feed"), {"interval": 1}, "RASD133"),
    ],
)
def test_validation(reg: Registry, args: tuple[str, str], kwargs: dict, code: str) -> None:
    with pytest.raises(InputError) as err:
        reg.add(*args, **kwargs)
    assert err.value.code == code
    assert reg.list() == []


def test_duplicate_name_and_remove(reg: Registry) -> None:
    reg.add("a", "https://example.org/feed", interval=60)
    with pytest.raises(InputError) as err:
        reg.add("a", "https://example.org/other")
    assert err.value.code == "RASD132"
    reg.store.add_article("نص خبر مخزن", source="a")
    with pytest.raises(InputError) as err:
        reg.remove("a")
    assert err.value.code == "RASD136"
    reg.add("b", "https://example.org/b", interval=60)
    run = reg.store.start_run("test")
    reg.store.record_error(run, "RASD503", "HTTP 500", source="b")
    reg.remove("b")
    assert reg.store.get_source("b") is None
    assert "b" not in load_settings(reg.path)
    assert reg.store.errors(run)[0].source_id is None
    with pytest.raises(InputError) as err:
        reg.remove("b")
    assert err.value.code == "RASD134"


@pytest.mark.parametrize(
    "text",
    [
        "sources: [1, 2]",
        "sources:\n  a: {interval: fast}",
        "sources:\n  a: {colour: red}",
        "sources:\n  a: {allow_private: 'yes'}",
        "sources:\n  a: {interval: 1}",
        "sources: {a: [",
    ],
)
def test_bad_settings_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_settings(path)
    assert err.value.code == "RASD135"


def test_settings_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASD_SOURCES_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    db = tmp_path / "rasd.sqlite"
    assert settings_path(f"sqlite:///{db}") == tmp_path / "rasd.sources.yaml"
    pg = settings_path("postgresql+psycopg://u:secret@h:5432/db")
    assert pg.parent == tmp_path / "cfg" / "rasd" and pg.name.startswith("sources-")
    assert pg == settings_path("postgresql+psycopg://u:other@h:5432/db")  # password ignored
    assert settings_path(f"sqlite:///{db}", tmp_path / "x.yaml") == tmp_path / "x.yaml"
    monkeypatch.setenv("RASD_SOURCES_FILE", str(tmp_path / "env.yaml"))
    assert settings_path(f"sqlite:///{db}") == tmp_path / "env.yaml"


def test_cli_sources_add_list_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASD_SOURCES_FILE", raising=False)
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "sources",
            "add",
            "feed1",
            "https://example.org/rss",
            "--language",
            "ar",
            "--reliability",
            "C",
            "--interval",
            "120",
            "--no-fetch-pages",
            "--db",
            db,
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["name"] == "feed1" and data["settings"] == {"interval": 120.0, "fetch_pages": False}
    assert (tmp_path / "cli.sources.yaml").exists()
    res = runner.invoke(app, ["sources", "add", "feed1", "https://example.org/x", "--db", db])
    assert res.exit_code == 2 and "RASD132" in res.output
    res = runner.invoke(
        app, ["sources", "add", "f2", "https://example.org/x", "--reliability", "Z", "--db", db]
    )
    assert res.exit_code == 2 and "RASD131" in res.output
    res = runner.invoke(app, ["sources", "list", "--db", db])
    assert res.exit_code == 0 and "feed1\tfeed\tar\tC\thttps://example.org/rss" in res.output
    res = runner.invoke(app, ["sources", "remove", "feed1", "--db", db])
    assert res.exit_code == 0
    res = runner.invoke(app, ["sources", "list", "--db", db, "--json"])
    assert json.loads(res.output) == []
