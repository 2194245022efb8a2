"""The gold matcher and metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.errors import GoldFormatError
from rasd.evaluate.gold import GoldItem, load_gold
from rasd.evaluate.score import field_equal, match_item, score, types_compatible


def _inc(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "bombing",
        "status": "executed",
        "date": None,
        "country": "IQ",
        "city": None,
        "groups": [],
        "killed": None,
        "wounded": None,
    }
    base.update(kw)
    return base


def test_optional_incidents_neither_reward_nor_penalise() -> None:
    item = GoldItem("x", "d", "2015-01-01", "incident", [_inc(), _inc(type="arrest_raid")], 0, [1])
    res = match_item(item, [_inc(), _inc(type="arrest_raid")])
    assert (res.tp, res.fp, res.fn) == (1, 0, 0)
    res = match_item(item, [_inc()])
    assert (res.tp, res.fp, res.fn) == (1, 0, 0)


def test_country_must_agree() -> None:
    item = GoldItem("x", "d", None, "incident", [_inc()], 0)
    res = match_item(item, [_inc(country="SY")])
    assert (res.tp, res.fp, res.fn) == (0, 1, 1)
    assert res.main_found is False


def test_negative_item_false_positive() -> None:
    item = GoldItem("n", "d", None, "negative", [], None)
    res = match_item(item, [{**_inc(), "recency": "new"}])
    m = score([item], [res])
    assert m["false_positive_rate_negative_items"] == 1.0


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("bombing", "suicide_bombing", True),
        ("bombing", "arrest_raid", False),
        ("kidnapping", "hostage_taking", True),
    ],
)
def test_types_compatible(a: str, b: str, ok: bool) -> None:
    assert types_compatible(a, b) is ok


@pytest.mark.parametrize(
    ("g", "p", "ok"),
    [("Sevare", "Sévaré", True), ("al-Qudaih", "Qudaih", True), ("Kabul", "Kandahar", False)],
)
def test_city_folding(g: str, p: str, ok: bool) -> None:
    assert field_equal("city", {"city": g}, {"city": p}) is ok


def test_null_gold_date_is_not_scored() -> None:
    assert field_equal("date", {"date": None}, {"date": "2015-01-01"}) is None


def test_bad_gold_line_is_named(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text(
        json.dumps(
            {
                "id": "a",
                "doc": "x",
                "item_kind": "incident",
                "incidents": [{"type": "nope", "status": "executed"}],
            }
        )
        + "\n"
    )
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:1"):
        load_gold(p)
