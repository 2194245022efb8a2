"""Arabic character classes and normalisation tables (pure data)."""

from __future__ import annotations

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
DIACRITICS = (
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656"
    "\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670"
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4"
    "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
TATWEEL = "\u0640"
# Bidi controls, zero-width characters, BOM, soft hyphen.
INVISIBLES = (
    "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u00ad\u2060"
)

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ASCII_DIGITS = "0123456789"

# One character in, one character out: offsets stay aligned.
PUNCTUATION_MAP = {
    "،": ",",  # Arabic comma
    "؛": ";",  # Arabic semicolon
    "؟": "?",  # Arabic question mark
    "٪": "%",
    "٫": ".",  # Arabic decimal separator
    "٬": ",",  # Arabic thousands separator
    "۔": ".",  # Urdu full stop
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "\u00a0": " ",  # no-break space
    "\u202f": " ",
    "\u2009": " ",
}

ALEF_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"}
YA_FORMS = {"ى": "ي"}
PERSIAN_LETTERS = {
    "ک": "ك",
    "ی": "ي",
    "ۍ": "ي",
    "ې": "ي",
    "ے": "ي",
    "ۀ": "ه",
    "ہ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "گ": "ك",
    "پ": "ب",
    "چ": "ج",
    "ژ": "ز",
    "ڤ": "ف",
    "ڨ": "ق",
}
# Key level only (lookup keys, never shown).
TA_MARBUTA = {"ة": "ه"}
HAMZA_CARRIERS = {"ؤ": "و", "ئ": "ي"}

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
