"""Pairwise P/R/F1 against gold event_key clusters, and reports built from gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.errors import GoldFormatError
from rasd.link.calibrate import evaluate, gold_items, pairwise_prf, sweep

DEV_GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "saudinewsnet_dev_gold.jsonl"


def test_pairwise_prf_counts_pairs() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pred = {"a": 1, "b": 1, "c": 2, "d": 2}
    prf = pairwise_prf({k: str(v) for k, v in pred.items()}, gold)
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 2)
    assert prf.precision == 0.5 and prf.recall == pytest.approx(1 / 3)
    assert prf.f1 == pytest.approx(0.4)


def test_pairwise_prf_perfect_and_empty() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert pairwise_prf(gold, gold).f1 == 1.0
    singletons = pairwise_prf({"a": "1", "b": "2", "c": "3"}, gold)
    assert (singletons.tp, singletons.fn, singletons.recall) == (0, 1, 0.0)


def _incident(
    key: str, city: str, killed: int, date: str | None = "2015-08-06"
) -> dict[str, object]:
    return {
        "event_key": key,
        "type": "suicide_bombing",
        "status": "executed",
        "date": date,
        "country": "SA",
        "city": city,
        "groups": [],
        "killed": killed,
        "wounded": None,
        "killed_is_minimum": False,
        "arrested": None,
        "targets": ["mosque"],
        "weapons": [],
    }


def write_gold(path: Path) -> Path:
    recs = [
        {
            "id": "g1",
            "doc": "d#1",
            "published": "2015-08-06",
            "item_kind": "incident",
            "incidents": [_incident("abha", "Abha", 15)],
            "main_incident_index": 0,
            "optional_incident_indices": [],
        },
        {
            "id": "g2",
            "doc": "d#2",
            "published": "2015-08-07",
            "item_kind": "incident",
            "incidents": [
                _incident("abha", "Abha", 13, None),
                _incident("dammam", "Dammam", 4, "2015-05-29"),
            ],
            "main_incident_index": 0,
            "optional_incident_indices": [1],
        },
        {
            "id": "g3",
            "doc": "d#3",
            "published": "2015-08-07",
            "item_kind": "negative",
            "incidents": [],
            "main_incident_index": None,
            "optional_incident_indices": [],
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    return path


def test_gold_items(tmp_path: Path) -> None:
    items = gold_items(write_gold(tmp_path / "gold.jsonl"))
    assert [(x.item.id, x.event_key, x.required) for x in items] == [
        ("d#1.0", "abha", True),
        ("d#2.0", "abha", True),
        ("d#2.1", "dammam", False),
    ]
    by_id = {x.item.id: x.item.report for x in items}
    assert by_id["d#2.1"].recency == "background"  # dated months before publication
    assert by_id["d#2.0"].recency == "new" and by_id["d#2.0"].date is None
    assert len(gold_items(tmp_path / "gold.jsonl", required_only=True)) == 2
    assert evaluate(items).f1 == 1.0


def test_gold_format_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        gold_items(bad)
    bad.write_text(
        json.dumps({"incidents": [{"event_key": "k", "type": "picnic"}]}) + "\n", encoding="utf-8"
    )
    with pytest.raises(GoldFormatError):
        gold_items(bad)


def test_sweep_is_ordered(tmp_path: Path) -> None:
    items = gold_items(write_gold(tmp_path / "gold.jsonl"))
    res = sweep(items, [1.0, 100.0])
    assert [t for t, _ in res] == [1.0, 100.0]
    assert res[1][1].tp == 0  # nothing merges at an absurd threshold


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared/eval is not beside the repository")
def test_dev_gold_merge_f1() -> None:
    # Reports built from the gold incidents themselves (perfect extraction): the merger
    # alone must reach the target.
    assert evaluate(gold_items(DEV_GOLD)).f1 >= 0.90
    assert evaluate(gold_items(DEV_GOLD, required_only=True)).f1 >= 0.90
