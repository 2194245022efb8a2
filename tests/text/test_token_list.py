"""The fast paths of the text layer give what the plain definitions give.

``Doc.tokens`` keeps token boundaries and builds :class:`Token` objects on access;
normalisation replaces only the characters present; sentence boundaries come from one
regex. Each is checked against the straightforward version it replaces.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.doc import Doc, Token, Tokens
from rasd.lang.ar.abbreviations import ABBREVIATIONS
from rasd.text.normalize import Level, _table, normalize, normalize_with_map
from rasd.text.sentences import _is_abbreviation, iter_sentences
from rasd.text.tokens import iter_tokens, token_bounds, token_kind

ALPHABET = list("ابتسقلمنهوي أإآىة ٠١٢3.،؟!?\n\t\"')]\u064e\u0640\u200f\u00a0aZé_-/,:؛۱x\u2009")
TEXTS = st.lists(st.sampled_from([*ALPHABET, "د", "كم", "Dr", "U.S", "2024"]), max_size=80).map(
    "".join
)


def test_tokens_behave_as_a_list() -> None:
    doc = Doc.from_text("قُتِلَ ١٢ شخصاً في «الموصل»، أمس.")
    toks = doc.tokens
    assert isinstance(toks, Tokens)
    as_list = list(toks)
    texts = ["قُتِلَ", "١٢", "شخصاً", "في", "«", "الموصل", "»", "،", "أمس", "."]
    assert len(toks) == len(as_list) == len(texts)
    assert [t.text for t in toks] == texts
    assert [t.kind for t in toks][:3] == ["word", "num", "word"]
    assert toks[0] is toks[0] is as_list[0]
    assert toks[-1] is as_list[-1]
    assert toks[2:5] == as_list[2:5]
    assert toks[::-3] == as_list[::-3]
    assert toks == as_list
    assert toks != as_list[:-1]
    assert as_list[3] in toks
    assert toks.index(as_list[3]) == 3
    with pytest.raises(IndexError):
        toks[len(toks)]
    with pytest.raises(TypeError):
        hash(toks)


def test_tokens_are_built_on_access_only() -> None:
    doc = Doc.from_text("هجوم في بغداد")
    toks = doc.tokens
    assert toks._items == [None, None, None]
    middle = toks[1]
    assert isinstance(middle, Token)
    assert toks._items[0] is None and toks._items[1] is middle and toks._items[2] is None
    assert (middle.start, middle.end, middle.kind, middle.text) == (5, 7, "word", "في")


def test_token_index_and_tokens_in() -> None:
    doc = Doc.from_text("قتل 3. وأصيب 5 آخرون.")
    toks = list(doc.tokens)
    for offset in range(-1, len(doc.norm) + 2):
        expected = next((i for i, t in enumerate(toks) if t.norm_end > offset), len(toks))
        assert doc.token_index(offset) == expected
    for sent in doc.sentences:
        inside = [
            t for t in toks if t.norm_start >= sent.norm_start and t.norm_end <= sent.norm_end
        ]
        assert doc.tokens_in(sent) == inside


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_token_bounds_and_kinds_match_the_token_regex(text: str) -> None:
    norm = normalize(text)
    expected = list(iter_tokens(norm))
    starts, ends = token_bounds(norm)
    assert list(zip(starts, ends, strict=True)) == [(s, e) for s, e, _ in expected]
    assert [token_kind(norm, s) for s in starts] == [k for _, _, k in expected]
    doc = Doc.from_text(text)
    assert [(t.norm_start, t.norm_end, t.kind) for t in doc.tokens] == expected
    # the token texts made with the offsets are the slices of the normalised text
    assert Doc.from_text(text).tokens.norm_texts == [norm[s:e] for s, e, _ in expected]


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_normalize_matches_the_translate_table(text: str) -> None:
    for level in Level:
        assert normalize(text, level) == text.translate(_table(level))
        norm, offsets = normalize_with_map(text, level)
        assert norm == text.translate(_table(level))
        assert offsets.norm_length == len(norm)


_WORD_BEFORE = re.compile(r"([^\s.]+)$")
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n+")


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence splitter written plainly (the definition the fast one follows)."""

    def abbreviation(stop: int) -> bool:
        m = _WORD_BEFORE.search(text, max(0, stop - 12), stop)
        return bool(m) and (len(m.group(1)) == 1 or m.group(1) in ABBREVIATIONS)

    out, start = [], 0
    bounds = [(m.start(), m.end(), m.group()) for m in _BOUNDARY.finditer(text)]
    for stop, after, g in [*bounds, (len(text), len(text), "")]:
        if g.startswith(".") and abbreviation(stop):
            continue
        end = stop if g.startswith("\n") else after
        piece = text[start:end]
        if piece.strip():
            first = start + len(piece) - len(piece.lstrip())
            out.append((first, first + len(piece.strip())))
        start = after
    return out


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentences_match_the_plain_splitter(text: str) -> None:
    norm = normalize(text)
    assert list(iter_sentences(norm)) == _plain_sentences(norm)


@pytest.mark.parametrize(
    ("text", "stop", "expected"),
    [
        ("قال د. أحمد", 5, True),
        ("بلغ 5 كم. ثم", 8, True),
        ("وقع الانفجار. ثم", 12, False),
        ("abc\n.", 4, False),  # a line break right before the stop: the word before it counts
        ("الخ\n.", 4, True),
        ("a.b.", 3, True),
        ("مرحبا .", 6, False),
        (".", 0, False),
    ],
)
def test_abbreviation_before_a_full_stop(text: str, stop: int, expected: bool) -> None:
    assert text[stop] == "."
    assert _is_abbreviation(text, stop) is expected
