"""Reading user input (files or standard input) with clear, coded errors."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from rasd.errors import EmptyInputError, EncodingError, InputError, InputTooLargeError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def read_bytes(source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file path, or standard input when ``source`` is ``"-"``."""
    if str(source) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file: {path}", hint="check the path")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a file", hint="give a file path or -")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(f"{path} is {size:,} bytes, over the limit of {max_bytes:,}")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError(
                f"cannot read {path}: {err.strerror}", hint="check permissions"
            ) from err
    if len(data) > max_bytes:
        raise InputTooLargeError(f"input is over the limit of {max_bytes:,} bytes")
    return data


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "input") -> str:
    """Decode bytes strictly; a UTF-8 BOM is dropped."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"{name} is not valid {encoding}: byte {err.start} ({data[err.start : err.start + 1]!r})"
        ) from err
    except LookupError as err:
        raise InputError(f"unknown encoding {encoding!r}", hint="use e.g. utf-8 or cp1256") from err
    return text.removeprefix("\ufeff")


def read_text(
    source: str | Path,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_empty: bool = False,
) -> str:
    """Read and decode text; empty or whitespace-only input raises unless allowed."""
    data = read_bytes(source, max_bytes=max_bytes)
    name = "standard input" if str(source) == "-" else str(source)
    text = decode(data, encoding=encoding, name=name)
    if not allow_empty and not text.strip():
        raise EmptyInputError(f"{name} is empty or only whitespace")
    return text


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date given as ``YYYY-MM-DD`` (or a date); a bad string is an input error."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as err:
        raise InputError(f"bad publication date {value!r}", hint="use YYYY-MM-DD") from err
