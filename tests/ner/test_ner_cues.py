"""Cue word lists: given names, titles, organisation and place head words."""

from __future__ import annotations

from rasd.ner.cues import cue
from rasd.ner.features import context_features, word_features


def test_cue_lists_by_type() -> None:
    assert cue("أحمد") == "fn"
    assert cue("احمد") == "fn"  # key-normalised: hamza forms fold together
    assert cue("الرئيس") == "ttl"
    assert cue("وزارة") == "org"
    assert cue("محافظة") == "loc"
    assert cue("كتب") == ""
    assert cue("") == ""


def test_cue_after_clitics() -> None:
    assert cue("والرئيس") == "ttl"
    assert cue("لمحمد") == "fn"
    assert cue("وجامعة") == "org"


def test_cue_features_on_word_and_neighbours() -> None:
    assert "cue=org" in word_features("جامعة")
    assert not any(f.startswith("cue=") for f in word_features("كتب"))
    assert "q-1=ttl" in context_features("الوزير", -1)
    assert "q+1=fn" in context_features("خالد", 1)
