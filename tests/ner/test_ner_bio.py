"""BIO decoding, repair and strict-BIO transitions."""

from __future__ import annotations

import pytest

from rasd.ner.bio import allowed, from_spans, repair, spans, split_tag


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "O"], []),
        (["B-LOC"], [(0, 1, "LOC")]),
        (["B-PERS", "I-PERS", "O", "B-LOC"], [(0, 2, "PERS"), (3, 4, "LOC")]),
        (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        # an I- after O starts an entity (conlleval behaviour)
        (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),
        # an I- of another type ends the running entity and starts a new one
        (["B-ORG", "I-LOC"], [(0, 1, "ORG"), (1, 2, "LOC")]),
        (["I-MISC"], [(0, 1, "MISC")]),
        (["B-LOC", "I-LOC", "I-LOC"], [(0, 3, "LOC")]),
    ],
)
def test_spans(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert spans(tags) == expected


def test_repair_turns_orphan_inside_into_begin() -> None:
    assert repair(["O", "I-ORG", "I-ORG", "I-LOC"]) == ["O", "B-ORG", "I-ORG", "B-LOC"]


def test_repair_keeps_spans() -> None:
    tags = ["I-PERS", "O", "B-LOC", "I-LOC", "I-ORG"]
    assert spans(repair(tags)) == spans(tags)


def test_from_spans_round_trip() -> None:
    tags = ["B-PERS", "I-PERS", "O", "B-LOC", "B-LOC", "O"]
    assert from_spans(len(tags), spans(tags)) == tags


@pytest.mark.parametrize(
    ("prev", "tag", "ok"),
    [
        ("", "B-LOC", True),
        ("", "I-LOC", False),
        ("O", "I-LOC", False),
        ("B-LOC", "I-LOC", True),
        ("I-LOC", "I-LOC", True),
        ("B-ORG", "I-LOC", False),
        ("B-ORG", "O", True),
    ],
)
def test_allowed(prev: str, tag: str, ok: bool) -> None:
    assert allowed(prev, tag) is ok


def test_split_tag_malformed_is_outside() -> None:
    assert split_tag("X-LOC") == ("O", "")
    assert split_tag("B-LOC") == ("B", "LOC")
