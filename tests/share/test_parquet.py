"""Parquet with a typed schema, written in row groups."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share import export
from rasd.share.parquet import schema

from .factories import ARTICLE_1, sample


def parquet_bytes(incidents: list[Incident], **options: Any) -> bytes:
    buf = io.BytesIO()
    export(incidents, "parquet", buf, **options)
    return buf.getvalue()


def test_schema_and_values(incidents: list[Incident]) -> None:
    table = pq.read_table(io.BytesIO(parquet_bytes(incidents)))
    assert table.schema.equals(schema(), check_metadata=False)
    assert table.schema.metadata[b"rasd.schema_version"] == b"1"
    assert table.schema.field("evidence").type == pa.list_(
        schema().field("evidence").type.value_type
    )
    rows = {r["id"]: r for r in table.to_pylist()}
    bomb = rows["inc-2024-0001"]
    assert (bomb["type"], bomb["killed"], bomb["wounded"], bomb["latitude"]) == (
        "bombing",
        5,
        10,
        36.34,
    )
    assert bomb["perpetrators"][0] == {
        "name": "Islamic State",
        "role": "claimed",
        "name_ar": "الدولة الإسلامية",
        "surface": "تنظيم داعش",
        "kb_id": "grp-isis",
    }
    assert bomb["n_reports"] == 2 and len(bomb["sources"]) == 2
    quotes = [e for e in bomb["evidence"] if e["doc_id"] == "doc-001"]
    assert quotes
    for e in quotes:
        assert ARTICLE_1[e["start"] : e["end"]] == e["text"]
    plot = rows["inc-2023-0420"]
    assert (plot["date"], plot["date_precision"], plot["arrested"]) == ("2023-11", "month", 4)
    assert rows["inc-bare"]["evidence"] == []


def test_row_groups_follow_batch_size(incidents: list[Incident]) -> None:
    meta = pq.ParquetFile(io.BytesIO(parquet_bytes(incidents, batch_size=3))).metadata
    assert (meta.num_rows, meta.num_row_groups) == (4, 2)


def test_empty_export_has_the_schema() -> None:
    table = pq.read_table(io.BytesIO(parquet_bytes([])))
    assert table.num_rows == 0 and table.schema.equals(schema(), check_metadata=False)


def test_byte_for_byte_deterministic(incidents: list[Incident]) -> None:
    assert parquet_bytes(incidents) == parquet_bytes(sample())


def test_text_stream_is_refused() -> None:
    with pytest.raises(ExportError) as err:
        export(sample(), "parquet", io.StringIO())
    assert err.value.code == "RASD605"


def test_bad_batch_size_is_refused() -> None:
    with pytest.raises(ExportError) as err:
        export(sample(), "parquet", io.BytesIO(), batch_size=0)
    assert err.value.code == "RASD602"
