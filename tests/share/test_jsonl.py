"""JSON Lines: the full record round-trips."""

from __future__ import annotations

import io

import pytest

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share import export
from rasd.share.jsonl import read_incidents

from .factories import sample


def jsonl(incidents: list[Incident]) -> str:
    buf = io.StringIO()
    export(incidents, "jsonl", buf)
    return buf.getvalue()


def test_round_trip_is_lossless(incidents: list[Incident]) -> None:
    text = jsonl(incidents)
    assert list(read_incidents(io.StringIO(text))) == incidents
    assert "مقتل ثلاثة مدنيين على الأقل" in text
    assert text == jsonl(sample())


def test_bytes_with_bom_and_blank_lines() -> None:
    data = ("\ufeff" + jsonl(sample()[:1]) + "\n\n").encode()
    assert [i.id for i in read_incidents(io.BytesIO(data))] == ["inc-2024-0001"]


def test_bad_lines_raise_or_are_skipped() -> None:
    lines = [jsonl(sample()[:1]), "not json\n", '{"id": "x"}\n', "[1]\n", jsonl(sample()[1:2])]
    with pytest.raises(ExportError) as err:
        list(read_incidents(lines))
    assert err.value.code == "RASD604" and "line 2" in str(err.value)
    errors: list[ExportError] = []
    got = list(read_incidents(lines, on_error=errors.append))
    assert [i.id for i in got] == ["inc-2024-0001", "inc-2023-0420"]
    assert len(errors) == 3
