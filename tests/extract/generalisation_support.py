"""Shared checks of the team-written generalisation sets (tests/data/generalisation*):
the gold records are well formed and name existing documents, groups and countries."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from rasd.taxonomy import INCIDENT_TYPES, STATUSES

DATA = Path(__file__).resolve().parents[1] / "data"
KB_DATA = Path(__file__).resolve().parents[2] / "rasd" / "kb" / "data"

INCIDENT_KEYS = {
    "event_key",
    "type",
    "status",
    "date",
    "country",
    "city",
    "groups",
    "killed",
    "wounded",
    "killed_is_minimum",
    "arrested",
    "targets",
    "weapons",
}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def records(gold: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]


def kb_group_names() -> set[str]:
    data = yaml.safe_load((KB_DATA / "groups.yaml").read_text(encoding="utf-8"))
    return {g["name"] for g in data["groups"]}


def country_codes() -> set[str]:
    data = yaml.safe_load((KB_DATA / "places" / "countries.yaml").read_text(encoding="utf-8"))
    return {c["iso2"] for c in data["countries"]}


def check_document(docs: Path, rec: dict[str, Any]) -> None:
    """The document exists: a title line, a blank line, then a body of 80–250 words."""
    path = docs / rec["doc"]
    assert path.is_file()
    title, blank, *body = path.read_text(encoding="utf-8").split("\n")
    assert title.strip() and not blank.strip()
    words = len(" ".join(body).split())
    assert 80 <= words <= 250, words


def check_record(rec: dict[str, Any]) -> None:
    """The record follows the gold format of ../shared/eval."""
    groups, countries = kb_group_names(), country_codes()
    assert DATE.match(rec["published"]) and len(rec["published"]) == 10
    assert rec["notes"].strip()
    incs = rec["incidents"]
    main, optional = rec["main_incident_index"], rec["optional_incident_indices"]
    if rec["item_kind"] == "negative":
        assert incs == [] and main is None and optional == []
    else:
        assert incs and main is not None and 0 <= main < len(incs)
        assert main not in optional
    assert len(set(optional)) == len(optional)
    assert all(0 <= i < len(incs) for i in optional)
    for inc in incs:
        assert set(inc) == INCIDENT_KEYS
        assert inc["type"] in INCIDENT_TYPES and inc["status"] in STATUSES
        assert inc["date"] is None or DATE.match(inc["date"])
        assert inc["date"] is None or inc["date"] <= rec["published"]
        assert inc["country"] in countries
        assert set(inc["groups"]) <= groups, set(inc["groups"]) - groups
        for k in ("killed", "wounded", "arrested"):
            assert inc[k] is None or (isinstance(inc[k], int) and inc[k] >= 0)
        assert isinstance(inc["killed_is_minimum"], bool)
        assert all(isinstance(x, str) and x for x in inc["targets"] + inc["weapons"])


def check_event_keys(recs: list[dict[str, Any]]) -> None:
    """An event key names one incident: the same country and type everywhere."""
    seen: dict[str, tuple[str, str]] = {}
    for rec in recs:
        for inc in rec["incidents"]:
            country_type = (inc["country"], inc["type"])
            assert seen.setdefault(inc["event_key"], country_type) == country_type


def required_count(recs: list[dict[str, Any]]) -> int:
    return sum(len(r["incidents"]) - len(r["optional_incident_indices"]) for r in recs)
