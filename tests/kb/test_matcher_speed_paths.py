"""The phrase matcher's fast paths give the matches of a plain scan over every token.

``PhraseMatcher.find`` works from the document's token offsets (no Token objects),
visits only tokens whose key starts some phrase, and looks later words up by length;
these tests hold it to a direct, unoptimised reading of the matching rules.
Sentences are written for these tests.
"""

from __future__ import annotations

import pickle
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.doc import Doc, Token
from rasd.extract.analysis import analyse
from rasd.kb.base import KnowledgeBase
from rasd.kb.matcher import PhraseMatcher, bare, release
from rasd.text.clitics import lookup_keys, prefix_keys
from rasd.text.normalize import key

Found = tuple[int, int, Any, str, int, int, int]


def _entries(m: PhraseMatcher[Any]) -> list[tuple[tuple[str, ...], tuple[str, ...], Any]]:
    """Every phrase of ``m`` in the order added: (words, article-less later words, payload)."""
    rows = [
        (order, words, tuple(bare(w) for w in words[1:]), payload)
        for by_len in m._firsts.values()
        for group in by_len.values()
        for entries in group.values()
        for order, words, payload in entries
    ]
    return [(w, r, p) for _, w, r, p in sorted(rows, key=lambda row: row[0])]


def reference_find(
    m: PhraseMatcher[Any], doc: Doc, *, stems: bool = True, max_looseness: int = 99
) -> list[Found]:
    """The matching rules read literally: every token, every phrase, Token objects."""
    toks: list[Token] = list(doc.tokens)
    phrases = _entries(m)
    out: list[Found] = []
    next_free = 0
    for i, tok in enumerate(toks):
        if i < next_free or tok.kind not in ("word", "latin", "num"):
            continue
        keys = lookup_keys(tok.norm) if stems else prefix_keys(tok.norm)
        cands = []
        for loose, k in enumerate(keys):
            for words, rest, payload in phrases:
                if words[0] != k or loose > max_looseness:
                    continue
                last = i + len(rest)
                if last < len(toks) and all(
                    bare(key(toks[i + 1 + n].norm)) == w for n, w in enumerate(rest)
                ):
                    cands.append((last, loose, words, payload))
        if not cands:
            continue
        best_last = max(c[0] for c in cands)
        best_loose = min(c[1] for c in cands if c[0] == best_last)
        for last, loose, words, payload in cands:
            if (last, loose) == (best_last, best_loose):
                span = doc.span(toks[i].norm_start, toks[last].norm_end)
                out.append((i, last, payload, " ".join(words), loose, span.start, span.end))
        next_free = best_last + 1
    return out


def fast_find(
    m: PhraseMatcher[Any], doc: Doc, *, stems: bool = True, max_looseness: int = 99
) -> list[Found]:
    return [
        (x.first, x.last, x.payload, x.phrase, x.looseness, x.span.start, x.span.end)
        for x in m.find(doc, stems=stems, max_looseness=max_looseness)
    ]


PHRASES = [
    ("الموصل", "mosul"),
    ("داعش", "isis"),
    ("هجوم انتحاري", "suicide-attack"),
    ("هجوم", "attack"),
    ("سيارة مفخخة", "vbied"),
    ("عبوة ناسفة", "ied"),
    ("عبوة", "container"),
    ("قوات الأمن", "security"),
    ("قوات", "forces"),
    ("مسلح", "gunman"),
    ("حي الزهراء الجديد", "district"),
    ("حي الزهراء", "district-short"),
    ("al-Qaida", "aq"),
    ("2024", "year"),
]
SENTENCES = [
    "وبالموصل نفذ مسلحون هجوما انتحاريا بسيارة مفخخة قرب قوات الأمن",
    "انفجرت عبوة ناسفة في حي الزهراء الجديد، وأعلن تنظيم داعش مسؤوليته",
    "قال al-Qaida إن الهجوم الانتحاري وقع عام 2024 في حي الزهراء",
    "لداعش وللقوات والمسلحين هجوم هجوم عبوة",
    "",
    "، . !",
]


def _matcher(phrases: list[tuple[str, str]]) -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    m.add_many(phrases)
    return m


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("stems", [True, False])
@pytest.mark.parametrize("max_looseness", [0, 1, 99])
def test_find_equals_plain_scan(text: str, stems: bool, max_looseness: int) -> None:
    m = _matcher(PHRASES)
    got = fast_find(m, Doc.from_text(text), stems=stems, max_looseness=max_looseness)
    want = reference_find(m, Doc.from_text(text), stems=stems, max_looseness=max_looseness)
    assert got == want


def test_find_makes_no_token_objects() -> None:
    doc = Doc.from_text(SENTENCES[0])
    found = _matcher(PHRASES).find(doc)
    assert [x.payload for x in found] == ["mosul", "gunman", "vbied", "security"]
    assert all(t is None for t in doc.tokens._items)


def test_ties_come_out_in_the_order_added() -> None:
    m = _matcher([("عبوة ناسفة", "b"), ("عبوة", "x"), ("العبوة الناسفة", "a"), ("عبوة ناسفة", "c")])
    found = m.find(Doc.from_text("انفجرت عبوة ناسفة"))
    assert [x.payload for x in found] == ["b", "c"]


def test_phrases_added_after_a_search_are_found_on_the_same_doc() -> None:
    doc = Doc.from_text("اشتباكات في بلدة تل أبيض شمال سوريا")
    m = _matcher([("سوريا", "sy")])
    assert [x.payload for x in m.find(doc, stems=False)] == ["sy"]
    m.add("تل أبيض", "tal-abyad")
    assert [x.payload for x in m.find(doc, stems=False)] == ["tal-abyad", "sy"]
    other = _matcher([("اشتباكات", "clash")])  # a second matcher widens the shared key set
    assert [x.payload for x in other.find(doc)] == ["clash"]
    assert fast_find(m, doc, stems=False) == reference_find(m, doc, stems=False)


def test_released_doc_is_searched_again_alike() -> None:
    doc = Doc.from_text(SENTENCES[1])
    m = _matcher(PHRASES)
    before = fast_find(m, doc)
    assert hasattr(doc, "_rasd_token_keys")
    release(doc)
    assert not hasattr(doc, "_rasd_token_keys")
    release(doc)  # releasing twice is harmless
    assert fast_find(m, doc) == before == reference_find(m, doc)


def test_pickled_matcher_finds_the_same() -> None:
    m = _matcher(PHRASES)
    copy = pickle.loads(pickle.dumps(m))
    for text in SENTENCES:
        assert fast_find(copy, Doc.from_text(text)) == fast_find(m, Doc.from_text(text))
    assert "هجوم انتحاري" in copy and "هجوم كبير" not in copy and "" not in copy
    # the copy carries its phrase trie, and a phrase added to it later is found
    assert copy._trie_size == copy.size and copy._trie.keys() == copy._firsts.keys()
    copy.add("حي الزهراء الجديد الشرقي", "district-east")
    doc = Doc.from_text("انفجار في حي الزهراء الجديد الشرقي")
    assert [x.payload for x in copy.find(doc)] == ["district-east"]
    assert fast_find(copy, doc) == reference_find(copy, doc)


def test_candidates_on_a_token_list() -> None:
    m = _matcher(PHRASES)
    toks = list(Doc.from_text("الهجوم الانتحاري قرب حي الزهراء الجديد").tokens)
    assert [(last, loose, p) for last, loose, _, p in m.candidates(toks, 0)] == [
        (1, 1, "suicide-attack"),  # the order the phrases were added, not by length
        (0, 1, "attack"),
    ]
    assert [p for *_, p in m.candidates(toks, 3, stems=False)] == ["district", "district-short"]
    assert m.candidates(toks, 2) == []


WORDS = [w for phrase, _ in PHRASES for w in phrase.split()] + ["في", "قرب", "و", "،", "12"]
CLITICS = ["", "و", "ب", "وب", "لل", "فال", "ال"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(CLITICS), st.sampled_from(WORDS)), max_size=14),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
)
def test_random_texts_match_as_the_plain_scan(
    words: list[tuple[str, str]], stems: bool, max_looseness: int
) -> None:
    text = " ".join(c + w for c, w in words)
    m = _matcher(PHRASES)
    got = fast_find(m, Doc.from_text(text), stems=stems, max_looseness=max_looseness)
    assert got == reference_find(m, Doc.from_text(text), stems=stems, max_looseness=max_looseness)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


KB_TEXT = (
    "بغداد - قتل خمسة أشخاص وأصيب عشرة آخرون بانفجار سيارة مفخخة استهدف سوقا شعبيا "
    "في مدينة الموصل شمالي العراق، وتبنى تنظيم داعش الهجوم. وقالت الشرطة إن مسلحين "
    "هاجموا نقطة تفتيش للجيش في محافظة ديالى يوم الأحد."
)


@pytest.mark.parametrize(
    ("name", "stems"),
    [
        ("triggers", False),
        ("cue_matcher", True),
        ("casualty_matcher", True),
        ("group_matcher", False),
        ("country_matcher", False),
        ("place_matcher", False),
        ("weapon_matcher", True),
        ("target_matcher", True),
    ],
)
def test_packaged_matchers_equal_plain_scan(kb: KnowledgeBase, name: str, stems: bool) -> None:
    m = getattr(kb, name)
    words = KB_TEXT.split()
    rng = random.Random(7)
    shuffled = " ".join(rng.sample(words, len(words)))
    for text in (KB_TEXT, shuffled):
        got = fast_find(m, Doc.from_text(text), stems=stems)
        assert got == reference_find(m, Doc.from_text(text), stems=stems)
    assert fast_find(m, Doc.from_text(KB_TEXT), stems=stems) or name == "group_matcher"


def test_ner_words_from_offsets_equal_token_norms(kb: KnowledgeBase) -> None:
    article = analyse(KB_TEXT, kb=kb)
    assert len(article.sentences) == 2
    for s in article.sentences:
        toks = s.doc.tokens[s.first_token : s.last_token]
        assert s.norms() == [t.norm for t in toks]
        assert s.norms()
