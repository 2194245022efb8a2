"""Entity-level scoring: exact span and type."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.ner.evaluation import format_report, score


def test_score_exact_span_and_type() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    m = score(zip(gold, pred, strict=True))
    # correct: LOC, ORG; predicted 4 (PERS partial, LOC, ORG, MISC); gold 3
    assert (m["correct"], m["predicted"], m["gold"]) == (2, 4, 3)
    assert m["precision"] == 50.0
    assert m["recall"] == pytest.approx(66.67)
    assert m["f1"] == pytest.approx(57.14)
    assert m["per_type"]["LOC"]["f1"] == 100.0
    assert m["per_type"]["PERS"]["f1"] == 0.0
    assert m["per_type"]["MISC"]["precision"] == 0.0
    assert "all" in format_report(m)


def test_perfect_and_empty() -> None:
    tags = [["B-LOC", "I-LOC", "O"]]
    assert score(zip(tags, tags, strict=True))["f1"] == 100.0
    assert score([(["O"], ["O"])])["f1"] == 0.0


def test_length_mismatch_raises() -> None:
    with pytest.raises(ValueError):
        score([(["O", "O"], ["O"])])


def test_evaluate_file_with_model(tmp_path: Path) -> None:
    from rasd.ner import evaluate, load_model

    gold = tmp_path / "gold.txt"
    gold.write_text("سافر O\nالوزير O\nإلى O\nبغداد B-LOC\n. O\n", encoding="utf-8")
    m = evaluate(load_model(), gold)
    assert m["tokens"] == 5 and m["gold"] == 1
    assert m["per_type"]["LOC"]["recall"] == 100.0
