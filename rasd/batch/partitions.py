"""Split batch inputs into partitions: small picklable descriptors read inside the task.

A partition names a slice of one input and knows how many records it holds;
nothing is read until :meth:`records` runs (on a worker), and then it streams.

* JSON lines (``.jsonl``, ``.ndjson``): byte ranges aligned to line starts,
  found by one streaming pass over the file (:class:`JsonlRange`);
* JSON (``.json``): a top-level array is split into element ranges; a single
  object is one article (:class:`JsonRange`);
* Parquet: groups of whole row groups (:class:`ParquetRange`);
* zip archives: each ``.json``/``.jsonl`` member split into record ranges
  (:class:`JsonRange`), ``.txt`` members grouped into file lists;
* folders: walked in sorted order; containers are split as above, single-article
  files (``.txt``, ``.md``, a ``.json`` object) grouped into file lists
  (:class:`TextFiles`).

Partitions are planned in a fixed order (inputs as given, folder entries and
zip members sorted by name), so the same inputs give the same partitions.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from rasd.batch.errors import BatchError, RecordError
from rasd.batch.records import (
    RawDoc,
    decode_line,
    decode_record,
    iter_json_offsets,
    skip_chars,
)
from rasd.batch.textcache import TextView, cached_text

DEFAULT_PARTITION_SIZE = 200  # ~1-2 s of extraction: small tails, negligible task overhead
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".md")
PARQUET_TEXT_COLUMNS = (
    "content",
    "text",
    "body",
    "article",
    "title",
    "headline",
    "url",
    "link",
    "published",
    "date",
    "date_published",
    "pubDate",
    "date_extracted",
    "source",
    "language",
    "lang",
)
_SLUG = re.compile(r"[^0-9A-Za-z._-]+")

Record = RawDoc | RecordError


@runtime_checkable
class Partition(Protocol):
    """What the engine needs of a partition: a readable ``label``, a record
    ``count`` (for progress and ``--limit``) and the records, streamed."""

    @property
    def label(self) -> str: ...

    @property
    def count(self) -> int: ...

    def records(self) -> Iterator[Record]: ...


def slug(text: str) -> str:
    """A file-name-safe form of ``text`` (for partition keys)."""
    return _SLUG.sub("_", text).strip("_")[:80] or "part"


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


@contextmanager
def _open_text(path: str, member: str | None) -> Iterator[IO[str]]:
    if member is None:
        with open(path, encoding="utf-8", errors="replace") as fh:
            yield fh
    else:
        with zipfile.ZipFile(path) as zf, zf.open(member) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace")


# -- descriptors -------------------------------------------------------------------


@dataclass(frozen=True)
class JsonlRange:
    """Lines of a JSON-lines file in bytes ``[start, end)``; ``first_line`` is 1-based."""

    path: str
    start: int
    end: int
    first_line: int
    count: int

    @property
    def label(self) -> str:
        return f"{Path(self.path).name}-l{self.first_line}"

    def records(self) -> Iterator[Record]:
        with open(self.path, "rb") as fh:
            fh.seek(self.start)
            pos, line_no = self.start, self.first_line
            for line in fh:
                if pos >= self.end:
                    break
                pos += len(line)
                if line.strip():
                    ref = f"{self.path}:{line_no}"
                    try:
                        yield decode_line(line, ref)
                    except RecordError as err:
                        yield err
                line_no += 1


@dataclass(frozen=True)
class JsonRange:
    """Records ``[start, stop)`` of a JSON (array) or JSON-lines file, or of such a
    member of a zip archive (``member``). ``offset``, when known from planning,
    is where record ``start`` begins (characters into the decoded text): reading
    skips there without parsing the records before it."""

    path: str
    member: str | None
    start: int
    stop: int
    lines: bool = False
    offset: int | None = None

    @property
    def count(self) -> int:
        return self.stop - self.start

    @property
    def label(self) -> str:
        name = Path(self.path).name + (f"-{Path(self.member).name}" if self.member else "")
        return f"{name}-r{self.start}"

    def _ref(self, index: int) -> str:
        return f"{self.path}#{self.member}#{index}" if self.member else f"{self.path}#{index}"

    def _values(self, fh: IO[str] | TextView) -> tuple[Iterable[object], int]:
        """The values of the stream from record ``start`` when ``offset`` is known
        (and the index of the first), else from record 0."""
        if self.offset is None:
            if self.lines:
                return fh, 0
            return (v for _, v in iter_json_offsets(fh, self._ref(0))), 0
        if self.lines:
            skip_chars(fh, self.offset)
            return fh, self.start
        it = iter_json_offsets(fh, self._ref(0), resume=self.offset, index=self.start)
        return (v for _, v in it), self.start

    def records(self) -> Iterator[Record]:
        view = cached_text(self.path, self.member)
        with nullcontext(view) if view is not None else _open_text(self.path, self.member) as fh:
            values, index = self._values(fh)
            for value in values:
                if self.lines and not str(value).strip():
                    continue
                if index >= self.stop:
                    break
                if index >= self.start:
                    ref = self._ref(index)
                    if isinstance(value, RecordError):
                        yield value
                    elif self.lines:
                        try:
                            yield decode_line(str(value), ref)
                        except RecordError as err:
                            yield err
                    else:
                        try:
                            yield decode_record(value, ref)
                        except RecordError as err:
                            yield err
                index += 1


@dataclass(frozen=True)
class ParquetRange:
    """Whole row groups of a Parquet file, at most ``take`` rows of them."""

    path: str
    row_groups: tuple[int, ...]
    first_row: int
    count: int

    @property
    def label(self) -> str:
        return f"{Path(self.path).name}-g{self.row_groups[0]}"

    def records(self) -> Iterator[Record]:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(self.path)
        columns = [c for c in pf.schema_arrow.names if c in PARQUET_TEXT_COLUMNS]
        row = self.first_row
        left = self.count
        for batch in pf.iter_batches(
            batch_size=256, row_groups=list(self.row_groups), columns=columns
        ):
            for obj in batch.to_pylist():
                if left <= 0:
                    return
                left -= 1
                clean = {k: (str(v) if v is not None else None) for k, v in obj.items()}
                try:
                    yield decode_record(clean, f"{self.path}#{row}")
                except RecordError as err:
                    yield err
                row += 1


@dataclass(frozen=True)
class TextFiles:
    """Single-article files (``.txt``/``.md`` text, ``.json`` object), on disk or
    members of the zip ``archive``."""

    paths: tuple[str, ...]
    archive: str | None = None

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def label(self) -> str:
        return Path(self.archive or self.paths[0]).name + f"-f{Path(self.paths[0]).stem}"

    def _read(self, zf: zipfile.ZipFile | None, name: str) -> str:
        if zf is not None:
            return zf.read(name).decode("utf-8", errors="replace")
        return Path(name).read_text(encoding="utf-8", errors="replace")

    def records(self) -> Iterator[Record]:
        zf = zipfile.ZipFile(self.archive) if self.archive else None
        try:
            for name in self.paths:
                ref = f"{self.archive}#{name}" if self.archive else name
                try:
                    raw = self._read(zf, name)
                except (OSError, KeyError) as err:
                    yield RecordError(f"{ref}: cannot read ({err})")
                    continue
                if _suffix(name) == ".json":
                    try:
                        yield decode_line(raw, ref)
                    except RecordError as err:
                        yield err
                else:
                    yield RawDoc(ref=ref, text=raw)
        finally:
            if zf is not None:
                zf.close()


# -- planning ------------------------------------------------------------------------


def _ranges(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def _plan_jsonl(path: str, size: int) -> Iterator[JsonlRange]:
    with open(path, "rb") as fh:
        pos = start = 0
        line_no = first = 1
        n = 0
        for line in fh:
            if n == 0:
                start, first = pos, line_no
            pos += len(line)
            line_no += 1
            if line.strip():
                n += 1
            if n == size:
                yield JsonlRange(path, start, pos, first, n)
                n = 0
        if n:
            yield JsonlRange(path, start, pos, first, n)


def _first_char(fh: IO[str]) -> str:
    while True:
        ch = fh.read(1)
        if not ch or ch not in " \t\r\n\ufeff":
            return ch


def _plan_json(path: str, member: str | None, size: int) -> Iterator[JsonRange]:
    offsets: list[int | None] = []  # where each partition's first element starts
    total = 0
    with _open_text(path, member) as fh:
        for offset, _ in iter_json_offsets(fh, f"{path}#{member}" if member else path):
            if total % size == 0:
                offsets.append(offset if offset >= 0 else None)
            total += 1
    for (start, stop), first in zip(_ranges(total, size), offsets, strict=True):
        yield JsonRange(path, member, start, stop, offset=first)


def _plan_lines(path: str, member: str, size: int) -> Iterator[JsonRange]:
    offsets: list[int | None] = []
    total = pos = 0
    with _open_text(path, member) as fh:
        for line in fh:
            if line.strip():
                if total % size == 0:
                    offsets.append(pos)
                total += 1
            pos += len(line)
    for (start, stop), offset in zip(_ranges(total, size), offsets, strict=True):
        yield JsonRange(path, member, start, stop, lines=True, offset=offset)


def _plan_parquet(path: str, size: int) -> Iterator[ParquetRange]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as err:
        raise BatchError(f"{path}: not a readable Parquet file ({err})") from err
    groups: list[int] = []
    rows = first = 0
    for g in range(meta.num_row_groups):
        if not groups:
            first_row = first
        groups.append(g)
        n = meta.row_group(g).num_rows
        rows += n
        first += n
        if rows >= size:
            yield ParquetRange(path, tuple(groups), first_row, rows)
            groups, rows = [], 0
    if groups:
        yield ParquetRange(path, tuple(groups), first_row, rows)


def _plan_zip(path: str, size: int) -> Iterator[Partition]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
    except (OSError, zipfile.BadZipFile) as err:
        raise BatchError(f"{path}: not a readable zip archive ({err})") from err
    texts = [n for n in names if _suffix(n) in TEXT_SUFFIXES]
    for name in names:
        suf = _suffix(name)
        if suf == ".json":
            yield from _plan_json(path, name, size)
        elif suf in JSONL_SUFFIXES:
            yield from _plan_lines(path, name, size)
    for start, stop in _ranges(len(texts), size):
        yield TextFiles(tuple(texts[start:stop]), archive=path)


def _plan_folder(path: Path, size: int) -> Iterator[Partition]:
    singles: list[str] = []
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        suf = f.suffix.lower()
        if suf in TEXT_SUFFIXES:
            singles.append(str(f))
        elif suf == ".json":
            with open(f, encoding="utf-8", errors="replace") as fh:
                is_array = _first_char(fh) == "["
            if is_array:
                yield from _plan_json(str(f), None, size)
            else:
                singles.append(str(f))
        elif suf in (*JSONL_SUFFIXES, ".parquet", ".zip"):
            yield from _plan_file(f, size)
    for start, stop in _ranges(len(singles), size):
        yield TextFiles(tuple(singles[start:stop]))


def _plan_file(path: Path, size: int) -> Iterator[Partition]:
    suf = path.suffix.lower()
    p = str(path)
    if suf in JSONL_SUFFIXES:
        yield from _plan_jsonl(p, size)
    elif suf == ".json":
        yield from _plan_json(p, None, size)
    elif suf == ".parquet":
        yield from _plan_parquet(p, size)
    elif suf == ".zip":
        yield from _plan_zip(p, size)
    elif suf in TEXT_SUFFIXES:
        yield TextFiles((p,))
    else:
        raise BatchError(
            f"{p}: unknown input kind {suf or '(no suffix)'!r}",
            hint="give .jsonl/.ndjson, .json, .parquet, .zip, .txt files or a folder",
        )


def truncate(part: Partition, keep: int) -> Partition:
    """``part`` cut to its first ``keep`` records (for ``--limit``)."""
    if keep >= part.count:
        return part
    if isinstance(part, JsonRange):
        return JsonRange(
            part.path, part.member, part.start, part.start + keep, part.lines, part.offset
        )
    if isinstance(part, TextFiles):
        return TextFiles(part.paths[:keep], part.archive)
    if isinstance(part, ParquetRange):
        return ParquetRange(part.path, part.row_groups, part.first_row, keep)
    if isinstance(part, JsonlRange):
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            pos, n = part.start, 0
            for line in fh:
                pos += len(line)
                n += bool(line.strip())
                if n == keep:
                    break
        return JsonlRange(part.path, part.start, pos, part.first_line, keep)
    raise BatchError(f"cannot apply --limit to a {type(part).__name__} partition")


def iter_partitions(
    inputs: Sequence[str | Path], size: int = DEFAULT_PARTITION_SIZE, limit: int | None = None
) -> Iterator[Partition]:
    """Partitions of ``inputs`` (files or folders), each at most ``size`` records,
    covering the first ``limit`` records overall (all when ``None``). Lazy: a
    huge input is planned while the first partitions already run."""
    if size < 1:
        raise BatchError(f"partition size must be >= 1, got {size}")
    if limit is not None and limit < 0:
        raise BatchError(f"limit must be >= 0, got {limit}")
    paths = [Path(p) for p in inputs]
    for p in paths:
        if not p.exists():
            raise BatchError(f"{p}: no such file or folder", hint="check the input path")
    left = limit
    for p in paths:
        parts = _plan_folder(p, size) if p.is_dir() else _plan_file(p, size)
        for part in parts:
            if left is not None:
                if left <= 0:
                    return
                part = truncate(part, left)
                left -= part.count
            if part.count:
                yield part


def plan_partitions(
    inputs: Sequence[str | Path], size: int = DEFAULT_PARTITION_SIZE, limit: int | None = None
) -> list[Partition]:
    """All partitions of ``inputs`` as a list (see :func:`iter_partitions`)."""
    return list(iter_partitions(inputs, size, limit))
