"""The decoded text of the last JSON input read in this process, kept for the next
partition of the same file or zip member.

A zip member cannot be entered in the middle: reaching a partition's first
record means inflating (and decoding) everything before it, so small partitions
of a big member cost time quadratic in its size. A worker usually takes several
partitions of one member in a row, so it keeps one decoded text (up to
:data:`CACHE_MAX_BYTES` of input) and serves later partitions from it — a seek
instead of a re-read. One entry only, so memory stays flat; keyed by path,
member, size and modification time, so a changed file is read again.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator

CACHE_MAX_BYTES = 64 * 2**20

_last: tuple[tuple[object, ...], str] | None = None


class TextView:
    """The read side of a text stream over a string: ``read``, ``seek``, lines.
    Newlines are already translated (as a text-mode file reads them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self, n: int = -1) -> str:
        end = len(self.text) if n is None or n < 0 else min(len(self.text), self.pos + n)
        out = self.text[self.pos : end]
        self.pos = end
        return out

    def seek(self, pos: int) -> int:
        self.pos = max(0, min(pos, len(self.text)))
        return self.pos

    def __iter__(self) -> Iterator[str]:
        text = self.text
        while self.pos < len(text):
            end = text.find("\n", self.pos)
            end = len(text) if end < 0 else end + 1
            line = text[self.pos : end]
            self.pos = end
            yield line


def _decode(raw: bytes) -> str:
    """Bytes as a text-mode file with ``errors="replace"`` reads them (universal
    newlines)."""
    return raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def cached_text(path: str, member: str | None, limit: int | None = None) -> TextView | None:
    """A view of the decoded text of ``path`` (or of its zip ``member``), or ``None``
    when it is bigger than ``limit`` bytes (default :data:`CACHE_MAX_BYTES`):
    read it as a stream then."""
    global _last
    cap = CACHE_MAX_BYTES if limit is None else limit
    st = os.stat(path)
    key: tuple[object, ...] = (path, member, st.st_size, st.st_mtime_ns)
    if _last is not None and _last[0] == key:
        return TextView(_last[1])
    _last = None  # drop the old text before reading the next
    if member is None:
        if st.st_size > cap:
            return None
        with open(path, "rb") as fh:
            text = _decode(fh.read())
    else:
        with zipfile.ZipFile(path) as zf:
            if zf.getinfo(member).file_size > cap:
                return None
            text = _decode(zf.read(member))
    _last = (key, text)
    return TextView(text)


def clear() -> None:
    """Forget the cached text."""
    global _last
    _last = None
