"""Partitions that start mid-file: planned offsets and the per-process text cache
give the same records as reading from the top."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import pytest

from rasd.batch import textcache
from rasd.batch.partitions import JsonRange, plan_partitions
from rasd.batch.records import RawDoc


def _zip(tmp_path: Path, articles: list) -> Path:
    rows = [dict(a, content=a["content"] + f"\r\nسطر {i}\r") for i, a in enumerate(articles * 3)]
    path = tmp_path / "days.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.json", "\ufeff" + json.dumps(rows, ensure_ascii=False, indent=2))
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
        zf.writestr("b.jsonl", "\r\n\r\n".join(lines) + "\r\n")
    return path


def _read(parts: list) -> list[tuple[str, str]]:
    return [(r.ref, r.text) for p in parts for r in p.records() if isinstance(r, RawDoc)]


@pytest.mark.parametrize("size", [1, 4, 7, 100])
def test_offsets_and_cache_read_what_a_full_scan_reads(
    tmp_path: Path, articles: list, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [p for p in plan_partitions([_zip(tmp_path, articles)], size=size)]
    ranges = [p for p in parts if isinstance(p, JsonRange) and p.offset is not None]
    assert len(ranges) == len(parts) > 1
    scan = [dataclasses.replace(p, offset=None) for p in ranges]
    textcache.clear()
    monkeypatch.setattr(textcache, "CACHE_MAX_BYTES", 0)  # streamed: skip by decoding
    streamed = _read(parts)
    full = _read(scan)
    monkeypatch.setattr(textcache, "CACHE_MAX_BYTES", 1 << 20)
    cached = _read(parts)
    textcache.clear()
    assert streamed == full == cached
    assert len(full) == 2 * 3 * len(articles)
    refs = [ref for ref, _ in full]
    assert len(set(refs)) == len(refs) and refs[-1].endswith("b.jsonl#17")
    assert full[1][1].endswith("سطر 1\r")  # escaped CRs inside JSON strings are kept


def test_cache_notices_a_changed_file(tmp_path: Path, articles: list) -> None:
    path = tmp_path / "day.json"
    path.write_text(json.dumps(articles[:2], ensure_ascii=False), encoding="utf-8")
    [part] = plan_partitions([path], size=10)
    assert _read([part])[0][1] == articles[0]["content"]
    path.write_text(json.dumps(articles[2:4], ensure_ascii=False) + "\n", encoding="utf-8")
    [part] = plan_partitions([path], size=10)
    assert _read([part])[0][1] == articles[2]["content"]
    textcache.clear()
