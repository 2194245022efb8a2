"""ACLED-style CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from rasd.model import Incident
from rasd.share import export
from rasd.share.acled import COLUMNS

from .factories import sample


def rows(incidents: list[Incident], **options: Any) -> tuple[str, list[dict[str, str]]]:
    buf = io.StringIO(newline="")
    export(incidents, "acled-csv", buf, **options)
    text = buf.getvalue()
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_header_and_rows(incidents: list[Incident]) -> None:
    text, got = rows(incidents)
    assert tuple(text.splitlines()[0].split(",")) == COLUMNS
    assert [r["event_id_cnty"] for r in got] == [
        "IRQ-inc-2024-0001",
        "TUN-inc-2023-0420",
        "XXX-inc-bare",
    ]


def test_bombing(incidents: list[Incident]) -> None:
    _, got = rows(incidents)
    bomb = got[0]
    expected = {
        "event_date": "2024-03-05",
        "year": "2024",
        "time_precision": "1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "actor1": "Islamic State",
        "country": "Iraq",
        "admin1": "Nineveh",
        "location": "Mosul",
        "latitude": "36.34",
        "longitude": "43.13",
        "geo_precision": "1",
        "source": "news.example.org; daily.example.net",
        "fatalities": "5",
    }
    assert {k: bomb[k] for k in expected} == expected
    assert "انفجرت" in bomb["notes"]


def test_foiled_plot_is_a_strategic_development(incidents: list[Incident]) -> None:
    _, got = rows(incidents)
    plot = got[1]
    assert (plot["event_type"], plot["sub_event_type"]) == (
        "Strategic developments",
        "Disrupted weapons use",
    )
    assert (plot["actor1"], plot["actor2"]) == ("Security Forces of Tunisia", "Unknown cell")
    assert (plot["event_date"], plot["time_precision"], plot["geo_precision"]) == (
        "2023-11-01",
        "3",
        "3",
    )
    assert plot["fatalities"] == "0"


def test_claims_are_skipped_and_counted(incidents: list[Incident]) -> None:
    stats = export(incidents, "acled-csv", io.StringIO())
    assert (stats.written, stats.skipped) == (3, 1)


def test_bom_and_determinism(incidents: list[Incident]) -> None:
    text, _ = rows(incidents, bom=True)
    assert text.startswith("\ufeffevent_id_cnty,")
    assert text == rows(sample(), bom=True)[0]
