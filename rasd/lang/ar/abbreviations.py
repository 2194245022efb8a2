"""Abbreviations that end with a full stop but do not end a sentence (search-normalised)."""

from __future__ import annotations

# Single letters followed by "." are abbreviations (د. = doctor, م. = engineer / AD,
# ه. = Hijri, ق.م. = BC); these multi-letter ones too.
ABBREVIATIONS = frozenset(
    {
        "د",
        "م",
        "ه",
        "هـ",
        "ق",
        "ص",
        "ت",
        "ج",
        "ع",
        "أ",
        "ا",
        "ش",
        "ط",
        "كم",
        "مم",
        "الخ",
        "إلخ",
        "اه",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "St",
        "No",
        "Gen",
        "Col",
        "Lt",
        "Maj",
        "Capt",
        "Sgt",
        "Jr",
        "Sr",
        "vs",
        "etc",
        "U.S",
        "U.N",
    }
)
