"""Fast paths of the text layer give the same answers as the plain definitions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.lang.ar import clitics as C
from rasd.text import normalize as N
from rasd.text.clitics import _strip_prefixes, lookup_keys, prefix_keys
from rasd.text.normalize import Level, key

# Arabic letters (with the clitic letters over-represented), alef/hamza/ta marbuta
# forms, diacritics, tatweel, Latin and digits, and spaces.
_CHARS = st.sampled_from(
    list("وفبلكسال" * 4)
    + [chr(c) for c in range(0x0621, 0x064B)]
    + list("أإآىةؤئ\u064e\u0650\u0651\u0640")
    + list("AbZ9٣ -")
)
_WORDS = st.text(_CHARS, max_size=12)


def _plain_key(text: str) -> str:
    return " ".join(text.translate(N._table(Level.KEY)).split())


def _plain_strip(word: str) -> list[str]:
    out = [word]
    seen = {word}

    def add(form: str) -> None:
        if len(form) >= C.MIN_STEM and form not in seen:
            seen.add(form)
            out.append(form)

    bases = [word]
    if word[:1] in C.CONJUNCTIONS and len(word) > 3:
        bases.append(word[1:])
    for base in list(bases):
        if base[:1] in C.PREPOSITIONS and len(base) > 3:
            rest = base[1:]
            bases.append(rest)
            if base[0] == "ل" and rest.startswith("ل") and len(rest) > 2:
                bases.append("ا" + rest)
    for base in bases:
        add(base)
    for base in list(out):
        if base.startswith(C.ARTICLE) and len(base) > 3:
            add(base[2:])
    return out


def _plain_lookup(token: str) -> tuple[str, ...]:
    word = _plain_key(token)
    if not word:
        return ()
    if not ("\u0621" <= word[0] <= "\u064a"):
        return (word,)
    forms = _plain_strip(word)
    out = list(forms)
    seen = set(out)
    for form in forms:
        for suffix in C.SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= C.MIN_STEM + 1:
                stem = form[: -len(suffix)]
                if stem not in seen:
                    seen.add(stem)
                    out.append(stem)
                break
    return tuple(out)


def _plain_prefix(token: str) -> tuple[str, ...]:
    word = _plain_key(token)
    if not word:
        return ()
    if not ("\u0621" <= word[0] <= "\u064a"):
        return (word,)
    return tuple(_plain_strip(word))


@settings(max_examples=400)
@given(_WORDS)
def test_key_cached_equals_plain(text: str) -> None:
    assert key(text) == _plain_key(text)
    assert key(text) == _plain_key(text)  # second call: from the cache


@settings(max_examples=400)
@given(_WORDS)
def test_clitic_keys_equal_plain(token: str) -> None:
    # either order of first use (the two share one cached analysis)
    assert prefix_keys(token) == _plain_prefix(token)
    assert lookup_keys(token) == _plain_lookup(token)
    assert lookup_keys(token + "ه") == _plain_lookup(token + "ه")
    assert prefix_keys(token + "ه") == _plain_prefix(token + "ه")
    word = _plain_key(token)
    assert _strip_prefixes(word) == _plain_strip(word)


def test_key_cache_is_bounded() -> None:
    N._KEY_CACHE.clear()
    for i in range(N._KEY_CACHE_LIMIT + 5):
        key(f"w{i}")
    assert len(N._KEY_CACHE) <= N._KEY_CACHE_LIMIT
    long_text = "كلمة " * 40
    assert key(long_text) == _plain_key(long_text)
    assert long_text not in N._KEY_CACHE
