"""JSONL, gzip, Parquet and zip archives (rasd.ingest.sources.archives)."""

from __future__ import annotations

import gzip
import json
import sys
import zipfile
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources import archives
from rasd.ingest.sources.files import iter_path

ARTICLES = [
    {
        "source": "spa",
        "url": f"http://spa.example/{i}",
        "date_extracted": "2015-08-06 01:00:00",
        "title": f"خبر {i}",
        "author": "واس",
        "content": f"أعلن المتحدث الأمني في البيان رقم {i} القبض على مطلوب.",
    }
    for i in range(4)
]


def codes(items: list[SourceItem | ItemError]) -> list[str]:
    return ["ok" if isinstance(i, SourceItem) else i.code for i in items]


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def dump(rows: list[dict[str, str]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def test_jsonl_bad_line_is_one_error_and_the_rest_continues(tmp_path: Path) -> None:
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES[:2]]
    body = lines[0] + "\n{broken\n\n" + '"a string"\n' + lines[1] + "\n"
    path = tmp_path / "a.jsonl"
    path.write_text(body, encoding="utf-8")
    got = list(iter_path(path))
    assert codes(got) == ["ok", "RASD108", "RASD106", "ok"]
    assert [i.ref for i in got] == [f"{path}#{n}" for n in (1, 2, 4, 5)]
    assert got[0].source == "spa" and got[0].published == "2015-08-06"  # type: ignore[union-attr]


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    long = json.dumps({"text": "نص " * 200}, ensure_ascii=False)
    short = json.dumps(ARTICLES[0], ensure_ascii=False)
    path.write_text(long + "\n" + short + "\n", encoding="utf-8")
    with path.open("rb") as fh:
        got = list(archives.jsonl_records(fh, ref="a", max_bytes=300))
    assert codes(got) == ["RASD103", "ok"] and got[1].ref == "a#2"


def test_jsonl_gz_and_a_broken_gzip(tmp_path: Path) -> None:
    good = tmp_path / "a.jsonl.gz"
    with gzip.open(good, "wt", encoding="utf-8") as fh:
        for a in ARTICLES:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    assert codes(list(iter_path(good))) == ["ok"] * 4
    data = good.read_bytes()
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(data[: len(data) // 2])
    got = list(iter_path(bad))
    assert got[-1].code == "RASD107"  # type: ignore[union-attr]
    assert all(isinstance(i, SourceItem) for i in got[:-1])
    (notgz,) = iter_path(_write(tmp_path / "c.jsonl.gz", b"plain text"))
    assert isinstance(notgz, ItemError) and notgz.code == "RASD107"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_saudinewsnet_style_zip(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "2015-08-06.zip", {"2015-08-06.json": dump(ARTICLES)})
    got = list(iter_path(path))
    assert codes(got) == ["ok"] * 4
    assert [i.ref for i in got] == [f"{path}#{n}" for n in range(4)]
    first = got[0]
    assert isinstance(first, SourceItem)
    assert (first.title, first.source, first.url) == ("خبر 0", "spa", "http://spa.example/0")
    assert first.meta["author"] == "واس"


def test_corrupt_zip_is_one_error_and_the_next_file_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.zip", b"PK\x03\x04 this is not really a zip")
    write_zip(tmp_path / "b.zip", {"b.json": dump(ARTICLES[:1])})
    got = list(iter_path(tmp_path))
    assert codes(got) == ["RASD107", "ok"]
    assert got[0].ref == str(tmp_path / "a.zip")


def test_corrupt_member_is_skipped(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "m.zip",
        {
            "a.json": dump(ARTICLES[:2]),
            "b.json": dump(ARTICLES[2:]),
            "c.txt": ARTICLES[0]["content"].encode(),
        },
        method=zipfile.ZIP_STORED,
    )
    raw = bytearray(path.read_bytes())
    at = raw.index("خبر 0".encode())
    raw[at : at + 4] = b"XXXX"  # breaks a.json's CRC
    path.write_bytes(bytes(raw))
    got = list(iter_path(path))
    assert codes(got) == ["RASD107", "ok", "ok", "ok"]
    assert got[0].ref == f"{path}!a.json"
    assert [i.ref for i in got[1:]] == [f"{path}!b.json#0", f"{path}!b.json#1", f"{path}!c.txt"]


def test_zip_member_limits_and_types(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "m.zip",
        {
            "big.json": dump(ARTICLES * 50),
            "notes.pdf": b"%PDF",
            "dir/.hidden.json": b"[]",
            "x.jsonl": (json.dumps(ARTICLES[0], ensure_ascii=False) + "\n").encode(),
        },
    )
    assert path.stat().st_size < 3000  # the zip is small, its big member is not
    got = list(iter_path(path, max_bytes=3000))
    assert codes(got) == ["RASD103", "RASD105", "ok"]


def test_parquet_in_batches(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")  # pyarrow is a declared test dependency
    import pyarrow.parquet as pq

    rows = [
        {"content": a["content"], "title": a["title"], "date": "2015-08-0" + str(i + 1)}
        for i, a in enumerate(ARTICLES)
    ]
    rows.append({"content": None, "title": "بلا نص", "date": None})
    path = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    got = list(archives.iter_parquet(path, batch_size=2))
    assert codes(got) == ["ok"] * 4 + ["RASD106"]
    assert [i.ref for i in got] == [f"{path}#{n}" for n in range(5)]
    assert got[3].published == "2015-08-04"  # type: ignore[union-attr]
    _write(tmp_path / "bad.parquet", b"PAR1 not parquet")
    (err,) = iter_path(tmp_path / "bad.parquet")
    assert isinstance(err, ItemError) and err.code == "RASD107"


def test_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    path = _write(tmp_path / "a.parquet", b"PAR1")
    with pytest.raises(InputError) as exc:
        list(archives.iter_parquet(path))
    assert "rasd[share]" in exc.value.hint
    (err,) = iter_path(path)  # through iter_path: an item error carrying the hint
    assert isinstance(err, ItemError) and "rasd[share]" in err.message
