"""Partition planning and streamed reading for every input kind."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path

import pytest
from batch_corpus import write_jsonl

from rasd.batch.errors import BatchError, RecordError
from rasd.batch.partitions import (
    JsonlRange,
    JsonRange,
    ParquetRange,
    TextFiles,
    plan_partitions,
)
from rasd.batch.records import RawDoc, iter_json_values, published_date


def _docs(parts: list) -> list[RawDoc]:
    return [r for p in parts for r in p.records() if isinstance(r, RawDoc)]


def test_jsonl_byte_ranges_cover_every_line_once(corpus_jsonl: Path, articles: list) -> None:
    parts = plan_partitions([corpus_jsonl], size=4)
    assert [type(p) for p in parts] == [JsonlRange, JsonlRange]
    assert [p.count for p in parts] == [4, 2]
    assert parts[0].end == parts[1].start
    docs = _docs(parts)
    assert [d.title for d in docs] == [a["title"] for a in articles]
    assert docs[0].published == "2015-07-21"
    assert docs[0].ref.endswith("corpus.jsonl:1")
    assert docs[5].ref.endswith("corpus.jsonl:6")


def test_limit_truncates_the_last_partition(corpus_jsonl: Path, articles: list) -> None:
    parts = plan_partitions([corpus_jsonl], size=4, limit=5)
    assert [p.count for p in parts] == [4, 1]
    assert [d.title for d in _docs(parts)] == [a["title"] for a in articles[:5]]
    assert plan_partitions([corpus_jsonl], size=4, limit=0) == []


def test_json_array_and_zip_members(tmp_path: Path, articles: list) -> None:
    arr = tmp_path / "day.json"
    arr.write_text(json.dumps(articles, ensure_ascii=False, indent=1), encoding="utf-8")
    zpath = tmp_path / "days.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("b/day.json", json.dumps(articles[:3], ensure_ascii=False))
        zf.writestr("a/lines.jsonl", "\n".join(json.dumps(a) for a in articles[3:]) + "\n")
        zf.writestr("c/one.txt", articles[0]["content"])
    parts = plan_partitions([arr, zpath], size=2)
    kinds = [(type(p).__name__, p.count) for p in parts]
    assert kinds == [("JsonRange", 2)] * 3 + [
        ("JsonRange", 2),
        ("JsonRange", 1),
        ("JsonRange", 2),
        ("JsonRange", 1),
        ("TextFiles", 1),
    ]
    docs = _docs(parts)
    assert [d.title for d in docs[:6]] == [a["title"] for a in articles]
    # zip members in name order: a/lines.jsonl, b/day.json, then text members
    assert [d.title for d in docs[6:12]] == [a["title"] for a in articles[3:] + articles[:3]]
    assert docs[-1].text == articles[0]["content"] and docs[-1].ref.endswith("#c/one.txt")


def test_parquet_row_groups(tmp_path: Path, articles: list) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist(articles), path, row_group_size=2)
    parts = plan_partitions([path], size=3)
    assert [(p.row_groups, p.count) for p in parts if isinstance(p, ParquetRange)] == [
        ((0, 1), 4),
        ((2,), 2),
    ]
    assert [d.url for d in _docs(parts)] == [a["url"] for a in articles]
    cut = plan_partitions([path], size=3, limit=3)
    assert [d.url for d in _docs(cut)] == [a["url"] for a in articles[:3]]


def test_folder_groups_single_files(tmp_path: Path, articles: list) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i, a in enumerate(articles[:3]):
        (folder / f"{i}.txt").write_text(a["content"], encoding="utf-8")
    (folder / "sub" / "x.json").write_text(json.dumps(articles[3]), encoding="utf-8")
    write_jsonl(folder / "sub" / "more.jsonl", articles[4:])
    parts = plan_partitions([folder], size=2)
    assert [type(p) for p in parts] == [JsonlRange, TextFiles, TextFiles]
    texts = [d.text for d in _docs(parts)]
    assert texts == [a["content"] for a in articles[4:] + articles[:4]]


def test_bad_records_are_yielded_not_raised(tmp_path: Path, articles: list) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl", [articles[0], {"title": "no text"}, 7], bad_lines={1: "{oops"}
    )
    recs = [r for p in plan_partitions([path], size=10) for r in p.records()]
    assert [type(r).__name__ for r in recs] == ["RawDoc"] + ["RecordError"] * 3
    assert all(r.code == "RASD903" for r in recs[1:])
    assert "bad.jsonl:2" in recs[1].message


def test_descriptors_pickle(corpus_jsonl: Path) -> None:
    for p in plan_partitions([corpus_jsonl], size=2):
        assert pickle.loads(pickle.dumps(p)) == p


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_streamed_json_array_matches_json_loads(chunk: int, articles: list) -> None:
    values = [*articles, 12345, "x", None, [1, 2], {"k": 1.5e3}]
    text = json.dumps(values, ensure_ascii=False, indent=2)
    assert list(iter_json_values(io.StringIO(text), "t", chunk=chunk)) == values


def test_truncated_json_array_ends_with_an_error() -> None:
    out = list(iter_json_values(io.StringIO('[{"a": 1}, {"b": '), "t", chunk=4))
    assert out[0] == {"a": 1}
    assert isinstance(out[1], RecordError) and out[1].code == "RASD903"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-21 02:51:32", "2015-07-21"),
        ("2015-07-21T02:51:32Z", "2015-07-21"),
        ("2015-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_published_date(value: str | None, expected: str | None) -> None:
    assert published_date(value) == expected


def test_bad_inputs_are_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="no such file"):
        plan_partitions([tmp_path / "missing.jsonl"])
    odd = tmp_path / "x.csv"
    odd.write_text("a,b\n")
    with pytest.raises(BatchError, match="unknown input kind"):
        plan_partitions([odd])
    with pytest.raises(BatchError, match="partition size"):
        plan_partitions([odd], size=0)
    bad_zip = tmp_path / "x.zip"
    bad_zip.write_bytes(b"not a zip")
    with pytest.raises(BatchError) as err:
        plan_partitions([bad_zip])
    assert err.value.code == "RASD900"


def test_json_range_label_and_count() -> None:
    r = JsonRange("/d/2015.zip", "2015.json", 500, 1000)
    assert r.count == 500 and r.label == "2015.zip-2015.json-r500"
