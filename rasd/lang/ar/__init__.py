"""Arabic language data: writing direction, character classes, abbreviations, clitics."""

from __future__ import annotations

LANG = "ar"
DIRECTION = "rtl"
