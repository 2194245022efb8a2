"""CoNLL reading and writing, label mapping, the held-out split."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.errors import EmptyInputError, GoldFormatError, InputError
from rasd.ner import conll

TEXT = "زار B-PER\nخالد I-PER\nمدينة O\nحلب B-LOC\n\nوصل O\nالوفد O\n"


def test_parse_maps_labels() -> None:
    sents = conll.parse(TEXT)
    assert [s.words for s in sents] == [("زار", "خالد", "مدينة", "حلب"), ("وصل", "الوفد")]
    assert sents[0].tags == ("B-PERS", "I-PERS", "O", "B-LOC")


@pytest.mark.parametrize(
    ("tag", "mapped"),
    [("B-MIS", "B-MISC"), ("I-PER", "I-PERS"), ("B-ORG", "B-ORG"), ("O", "O"), ("B-DATE", "O")],
)
def test_map_tag(tag: str, mapped: str) -> None:
    assert conll.map_tag(tag) == mapped


def test_extra_columns_ignored_last_is_tag() -> None:
    sents = conll.parse("بيروت NNP x B-LOC\n")
    assert sents[0].words == ("بيروت",) and sents[0].tags == ("B-LOC",)


def test_untagged_tokens() -> None:
    sents = conll.parse("قال\nالوزير\n\nانتهى\n", tagged=False)
    assert [s.words for s in sents] == [("قال", "الوزير"), ("انتهى",)]
    assert sents[0].tags == ()


def test_missing_tag_is_a_coded_error() -> None:
    with pytest.raises(GoldFormatError, match=":2:"):
        conll.parse("قال O\nالوزير\n")


def test_round_trip() -> None:
    sents = conll.parse(TEXT)
    text = conll.format_sentences((s.words, s.tags) for s in sents)
    assert conll.parse(text) == sents


def test_read_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        conll.read(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        conll.read(empty)


def test_split_is_the_last_tenth() -> None:
    sents = [conll.Sentence((str(i),), ("O",)) for i in range(20)]
    train, held = conll.split(sents, 0.1)
    assert [s.words[0] for s in held] == ["18", "19"]
    assert len(train) == 18
