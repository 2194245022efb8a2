"""CSV writing shared by the table formats: spreadsheet-safe quoting, optional
UTF-8 byte-order mark (so Excel opens Arabic correctly), formula neutralising."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

BOM = "\ufeff"

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str | None) -> str:
    """Free text made safe for spreadsheets: ``None`` → ``""``; a leading formula
    character gets a ``'`` in front (OWASP CSV-injection advice)."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def cell(value: Any) -> Any:
    """A number/flag cell: ``None`` → empty, booleans → 1/0, others unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value


def write_csv(
    out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> int:
    """Write a header and rows with minimal quoting and CRLF line ends; return the row count."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n
