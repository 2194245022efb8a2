"""PLOVER JSON Lines."""

from __future__ import annotations

import io
import json
from typing import Any

from rasd.model import Incident
from rasd.share import export

from .factories import sample


def records(incidents: list[Incident]) -> tuple[str, list[dict[str, Any]]]:
    buf = io.StringIO()
    export(incidents, "plover", buf)
    text = buf.getvalue()
    return text, [json.loads(line) for line in text.splitlines()]


def test_event_mode_context(incidents: list[Incident]) -> None:
    _, recs = records(incidents)
    by_id = {r["id"]: r for r in recs}
    assert set(by_id) == {
        "inc-2024-0001",
        "inc-2023-0420",
        "inc-bare",
    }  # the claim has no PLOVER event
    bomb = by_id["inc-2024-0001"]
    assert (bomb["event"], bomb["mode"], bomb["context"]) == (
        "ASSAULT",
        "explosives",
        ["terrorism"],
    )
    assert (bomb["actor"], bomb["actor_role"]) == ("Islamic State", "claimed")
    assert bomb["recipient"] == "Private Citizens & Property"
    assert bomb["magnitude"] == {
        "dead": 5,
        "injured": 10,
        "arrested": None,
        "dead_at_least": False,
        "injured_at_least": False,
    }
    assert bomb["location"]["name_ar"] == "الموصل"
    assert "انفجرت" in bomb["text"]
    assert bomb["actors"][0]["name_ar"] == "الدولة الإسلامية"
    plot = by_id["inc-2023-0420"]
    assert (plot["event"], plot["mode"]) == ("COERCE", "seize")
    assert (plot["actor"], plot["recipient"]) == ("Security Forces of Tunisia", "Unknown cell")
    assert plot["magnitude"]["arrested"] == 4


def test_arabic_is_written_as_text_and_output_is_deterministic(incidents: list[Incident]) -> None:
    text, _ = records(incidents)
    assert "الموصل" in text and "\\u0627" not in text
    assert text == records(sample())[0]
