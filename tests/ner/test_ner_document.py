"""Document-level clues: other mentions of a word lend their context."""

from __future__ import annotations

import numpy as np

from rasd.ner import document as D
from rasd.ner.featurizer import Featurizer


def test_evidence_comes_from_the_other_mentions() -> None:
    stems = [["رئيس", "نادر", "وصل"], ["قال", "نادر", "امس"]]
    cues = [["title", "", ""], ["", "", ""]]
    gz = [["", "", ""], ["", "", ""]]
    ld = [["O5", "", "O5"], ["O5", "", "O5"]]
    ev = D.evidence(stems, cues, gz, ld)
    # the bare second mention borrows the title before the first one
    assert ev[1][1] == ("+", "q-title")
    # the first mention has the clue itself, so the other mention adds none
    assert ev[0][1] == ("+",)
    assert ev[0][0] == () and ev[1][2] == ()  # words met once


def test_skip_and_short_words_take_no_part() -> None:
    stems = [["في", "نادر"], ["في", "نادر"]]
    cues = [["", ""], ["", ""]]
    gz = [["", "B-LOC"], ["", ""]]
    ev = D.evidence(stems, cues, gz, [None, None], skip=[[False, True], [False, False]])
    assert ev[0][0] == () and ev[1][0] == ()  # too short
    assert ev[1][1] == ()  # its only other mention is skipped


def test_windows_cover_the_range() -> None:
    assert D.windows(5, 2) == [(0, 2), (2, 4), (4, 5)]
    assert D.windows(0, 3) == []


def test_document_features_only_with_a_window() -> None:
    sents = [["وصل", "نادر", "امس"], ["غادر", "نادر"]]
    with_doc = Featurizer(doc_window=16, grow=True)
    plain = Featurizer(grow=True)
    a = with_doc.document(sents)
    b = plain.document(sents)
    assert [len(x) for x in a] == [len(x) for x in b] == [3, 2]
    names = with_doc.feature_names()
    assert "dc=+" in names and "dc=+" not in plain.feature_names()
    # one sentence alone has no repeated words: the same features as without documents
    solo = Featurizer(doc_window=16, grow=True)
    one = solo.document([sents[1]])[0]
    ref = Featurizer(grow=True).sentence(sents[1])
    assert np.array_equal(one.offsets, ref.offsets) and len(one.ids) == len(ref.ids)
