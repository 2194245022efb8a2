"""GTD-compatible CSV: GTD names and codes, attacks only by default, spreadsheet-safe."""

from __future__ import annotations

import csv
import io
from typing import Any

from rasd.model import Incident
from rasd.share import export
from rasd.share.gtd import COLUMNS, GTD_COLUMNS

from .factories import bombing, sample


def rows(incidents: list[Incident], **options: Any) -> tuple[str, list[dict[str, str]]]:
    buf = io.StringIO(newline="")
    export(incidents, "gtd-csv", buf, **options)
    text = buf.getvalue()
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_header_has_the_gtd_variables_in_order(incidents: list[Incident]) -> None:
    text, _ = rows(incidents)
    header = text.splitlines()[0].split(",")
    assert tuple(header[: len(GTD_COLUMNS)]) == GTD_COLUMNS
    assert tuple(header) == COLUMNS


def test_bombing_row_values() -> None:
    _, (row,) = rows([bombing()])
    expected = {
        "eventid": "inc-2024-0001",
        "iyear": "2024",
        "imonth": "3",
        "iday": "5",
        "approxdate": "",
        "country_txt": "Iraq",
        "region": "10",
        "region_txt": "Middle East & North Africa",
        "provstate": "Nineveh",
        "city": "Mosul",
        "latitude": "36.34",
        "longitude": "43.13",
        "specificity": "1",
        "attacktype1": "3",
        "attacktype1_txt": "Bombing/Explosion",
        "targtype1": "14",
        "targtype1_txt": "Private Citizens & Property",
        "weaptype1": "6",
        "weaptype1_txt": "Explosives",
        "gname": "Islamic State",
        "guncertain1": "0",
        "claimed": "1",
        "nkill": "5",
        "nwound": "10",
        "suicide": "0",
        "success": "1",
        "rasd_type": "bombing",
        "rasd_status": "executed",
        "rasd_confidence": "0.80",
    }
    assert {k: row[k] for k in expected} == expected
    assert row["scite1"].startswith('"انفجار عبوة ناسفة في سوق بالموصل,"')
    assert 'ارتفاع حصيلة "تفجير الموصل"، خمسة قتلى, حسب مصادر' in row["scite2"]
    assert row["scite3"] == ""


def test_non_attacks_are_left_out_unless_asked(incidents: list[Incident]) -> None:
    buf = io.StringIO()
    stats = export(incidents, "gtd-csv", buf)
    assert (stats.written, stats.skipped) == (2, 2)
    _, got = rows(incidents, include_non_attacks=True)
    plot = next(r for r in got if r["eventid"] == "inc-2023-0420")
    assert (
        plot["attacktype1"] == "" and plot["success"] == "0" and plot["rasd_type"] == "plot_foiled"
    )
    assert (plot["imonth"], plot["iday"], plot["approxdate"]) == ("11", "0", "November 2023")
    assert (plot["guncertain1"], plot["specificity"]) == ("1", "4")
    assert len(got) == 4


def test_bom_and_crlf_for_spreadsheets() -> None:
    buf = io.BytesIO()
    export([bombing()], "gtd-csv", buf, bom=True)
    data = buf.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert "انفجار عبوة ناسفة".encode() in data


def test_formula_like_text_is_neutralised() -> None:
    inc = bombing()
    inc.summary.perpetrators[0].name = "=HYPERLINK(1)"
    _, (row,) = rows([inc])
    assert row["gname"] == "'=HYPERLINK(1)"


def test_deterministic(incidents: list[Incident]) -> None:
    assert rows(incidents)[0] == rows(sample())[0]
