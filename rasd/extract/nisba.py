"""A place name used as an adjective: "المساجد الإسماعيلية", "الطائفة الإسماعيلية".

A town whose name has the shape of a feminine nisba (الإسماعيلية، الإسكندرية،
اللاذقية) is an adjective when it follows a definite noun: a definite noun cannot be
the first term of a construct ("مدينة الإسماعيلية" has no article), so "الطائفة
الإسماعيلية" is "the Ismaili sect". A place noun or an adjective before the name
("العاصمة الرياض", "المدينة الساحلية اللاذقية") is an apposition and keeps the town.
"""

from __future__ import annotations

from typing import Any

from rasd.extract.analysis import Sentence
from rasd.kb.matcher import Match
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

# definite words that are no nouns (relative pronouns, prepositions, particles)
_FUNCTION_WORDS = frozenset(
    key(w) for w in ("إلى", "التي", "الذي", "الذين", "اللذين", "اللتين", "اللتان", "إلا", "الآن")
)
# place nouns in apposition before a name: "العاصمة الرياض"
_PLACE_NOUNS = frozenset(
    key(w)
    for w in (
        "العاصمة",
        "المدينة",
        "المحافظة",
        "البلدة",
        "القرية",
        "الولاية",
        "المنطقة",
        "الإقليم",
        "الحي",
        "الميناء",
        "الضاحية",
    )
)


def adjective_use(sentence: Sentence, m: Match[Any]) -> bool:
    """Whether the matched place name is an adjective of the definite noun before it."""
    name = key(m.span.norm.split()[0]) if m.span.norm.split() else ""
    if not (name.startswith("ال") and name.endswith("يه")) or len(m.span.norm.split()) > 1:
        return False
    prev = m.first - 1
    if prev < sentence.first_token:
        return False
    tok = sentence.doc.tokens[prev]
    if tok.kind != "word":
        return False
    forms = [f for f in prefix_keys(tok.norm) if f.startswith("ال") and len(f) > 3]
    if not forms or key(tok.norm) in _FUNCTION_WORDS:
        return False
    return not any(f in _PLACE_NOUNS or f.endswith("يه") or f in _FUNCTION_WORDS for f in forms)
