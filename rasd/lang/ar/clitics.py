"""Arabic clitics used to build lookup keys (key-normalised forms: ة→ه, أ→ا)."""

from __future__ import annotations

# Conjunctions that attach to the next word.
CONJUNCTIONS = ("و", "ف")
# Prepositions / particles that attach to the next word.
PREPOSITIONS = ("ب", "ل", "ك", "س")
# The definite article.
ARTICLE = "ال"
# Suffixes: plural and dual endings, feminine ending, possessive pronouns, nisba.
# Longest first; only stripped when at least MIN_STEM letters remain.
SUFFIXES = (
    "هما",
    "كما",
    "ين",
    "ون",
    "ات",
    "ان",
    "يه",
    "ها",
    "هم",
    "هن",
    "كم",
    "نا",
    "ه",
    "ي",
    "و",
)
MIN_STEM = 2
