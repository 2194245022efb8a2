"""Clitic-aware lookup keys: "وبالموصل" finds "الموصل", "لداعش" finds "داعش"."""

from __future__ import annotations

from functools import lru_cache

from rasd.lang.ar import clitics as C
from rasd.text.normalize import key


def _strip_prefixes(word: str) -> list[str]:
    """Forms of ``word`` with attached conjunction/preposition/article removed, in order."""
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
                # ل + ال contracts to لل: "للجيش" = ل + الجيش
                bases.append("ا" + rest)
    for base in bases:
        add(base)
    for base in list(out):
        if base.startswith(C.ARTICLE) and len(base) > 3:
            add(base[2:])
    return out


@lru_cache(maxsize=200_000)
def prefix_keys(token: str) -> tuple[str, ...]:
    """Keys of ``token`` with proclitics stripped only (no suffix stripping)."""
    word = key(token)
    if not word:
        return ()
    if not ("\u0621" <= word[0] <= "\u064a"):
        return (word,)
    return tuple(_strip_prefixes(word))


@lru_cache(maxsize=200_000)
def lookup_keys(token: str) -> tuple[str, ...]:
    """Candidate lookup keys for one token, most specific first.

    The first key is the token itself (key-normalised); then forms without
    proclitics (with and without the article); then those forms without one
    common suffix.
    """
    word = key(token)
    if not word:
        return ()
    if not ("\u0621" <= word[0] <= "\u064a"):
        return (word,)
    forms = _strip_prefixes(word)
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


def matches(token: str, entry: str) -> bool:
    """True if ``entry`` (any form) is one of the lookup keys of ``token``."""
    return key(entry) in lookup_keys(token)
