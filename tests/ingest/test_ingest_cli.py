"""`rasd ingest` (rasd.cli.ingest)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from ingest_corpus import article, write_jsonl
from typer.testing import CliRunner

from rasd.cli.main import app
from rasd.ingest.item import SourceItem
from rasd.store.repo import Store

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    r = runner.invoke(app, ["ingest", *args])
    return r.exit_code, r.output


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "a.jsonl", range(8))


def test_summary_and_rerun(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    code, out = run(str(corpus), "--db", db, "--source", "wire", "--reliability", "b")
    assert code == 0, out
    assert "seen 8, stored 8, duplicates 0" in out and "articles/s" in out
    assert "incidents created" in out
    code, out = run(str(corpus), "--db", db, "--source", "wire", "--json")
    assert code == 0
    res = json.loads(out)
    assert (res["seen"], res["stored"], res["duplicates"], res["failed"]) == (8, 0, 8, 0)
    with Store.open(db) as store:
        src = store.get_source("wire")
        assert src is not None and (src.kind, src.reliability) == ("archive", "B")
        assert store.counts()["articles"] == 8
        assert store.runs()[0].command == f"rasd ingest {corpus}"


def test_item_errors_do_not_fail_the_run(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff\xfe\x81 not text")
    code, out = run(str(corpus), str(tmp_path / "bad.txt"), "--db", str(tmp_path / "r.sqlite"))
    assert code == 0
    assert "failed 1" in out and "[RASD101]" in out and "first errors (1 of 1)" in out


def test_every_item_failing_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("[{nope")
    code, out = run(str(tmp_path / "bad.json"), "--db", str(tmp_path / "r.sqlite"))
    assert code == 1 and "RASD108" in out


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--mapping", "color=x"], "RASD100"),
        (["--reliability", "Z", "--source", "s"], "RASD100"),
        (["--reliability", "A"], "needs --source"),
        (["--batch", "0"], "--batch"),
        (["--language", "arabic"], "bad language"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, corpus: Path, extra: list[str], needle: str) -> None:
    code, out = run(str(corpus), "--db", str(tmp_path / "r.sqlite"), *extra)
    assert code == 2 and needle in out


def test_limit_mapping_language_and_no_merge(tmp_path: Path) -> None:
    rows = [{"story": article(i)["text"], "h": f"t{i}"} for i in range(0, 12, 4)]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "r.sqlite")
    code, out = run(
        str(path),
        "--db",
        db,
        "--mapping",
        "text=story,title=h",
        "--limit",
        "2",
        "--language",
        "ar",
        "--no-merge",
        "--json",
    )
    assert code == 0, out
    res = json.loads(out)
    assert (res["seen"], res["stored"], res["languages"]) == (2, 2, {"ar": 2})
    assert res["reports"] >= 2 and res["incidents_created"] == 0
    with Store.open(db) as store:
        assert store.counts()["unlinked_reports"] == res["reports"]


def test_urls_go_to_the_web_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    web = pytest.importorskip("rasd.ingest.sources.web")
    seen: list[str] = []

    def fake(urls: Iterable[str], **kw: object) -> Iterator[SourceItem]:
        for url in urls:
            seen.append(url)
            yield SourceItem(text=article(4)["text"], url=url, ref=url, source=kw.get("source"))  # type: ignore[arg-type]

    monkeypatch.setattr(web, "page_items", fake)
    code, out = run(
        "https://news.example/4", "--db", str(tmp_path / "r.sqlite"), "--source", "site"
    )
    assert code == 0, out
    assert seen == ["https://news.example/4"] and "stored 1" in out
    with Store.open(str(tmp_path / "r.sqlite")) as store:
        src = store.get_source("site")
        assert src is not None and src.kind == "web"
