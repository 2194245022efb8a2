"""Record archives: JSONL (also gzipped), Parquet, and zips of JSON files.

All readers stream: JSONL line by line, Parquet in record batches, a zip member
by member (SaudiNewsNet ships one JSON array of articles per zip). A bad line,
row or member becomes an :class:`ItemError` and the reader goes on; a zip or
gzip that cannot be opened at all is one ``RASD107`` error.

``ref`` is ``PATH#N``: the line number (from 1) in a JSONL file, the row
(from 0) in a Parquet file, and the index (from 0) in a zip member's array —
``PATH!MEMBER#N`` when the zip holds more than one member.
"""

from __future__ import annotations

import gzip
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from rasd.errors import EncodingError, InputError, RasdError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.html import decode_bytes
from rasd.ingest.sources.mapping import DEFAULT_MAPPING, FieldMapping

Item = SourceItem | ItemError
PARQUET_BATCH = 512
CORRUPT = "RASD107"
BAD_JSON = "RASD108"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return decode_bytes(data)


# -- JSON ------------------------------------------------------------------------------
def json_records(
    data: bytes,
    *,
    ref: str,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
) -> Iterator[Item]:
    """Articles from a JSON document: one object, or an array of objects (``ref#N``)."""
    try:
        doc = json.loads(_decode(data))
    except EncodingError as err:
        yield ItemError(err.code, err.message, ref, source)
        return
    except ValueError as err:
        yield ItemError(BAD_JSON, f"not valid JSON: {err}", ref, source)
        return
    if isinstance(doc, list):
        for n, record in enumerate(doc):
            yield mapping.to_item(record, ref=f"{ref}#{n}", source=source)
    else:
        yield mapping.to_item(doc, ref=ref, source=source)


def _lines(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)``; ``None`` for a line longer than ``max_bytes`` (skipped)."""
    n = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = fh.readline(1 << 20)
            yield n, None
            continue
        yield n, line


def jsonl_records(
    fh: IO[bytes],
    *,
    ref: str,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = 50_000_000,
) -> Iterator[Item]:
    """Articles from a JSONL stream, one per line (``ref#LINE``); a bad line is one error."""
    for n, line in _lines(fh, max_bytes):
        where = f"{ref}#{n}"
        if line is None:
            yield ItemError("RASD103", f"line over the limit of {max_bytes:,} bytes", where, source)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(_decode(line))
        except RasdError as err:
            yield ItemError(err.code, err.message, where, source)
            continue
        except ValueError as err:
            yield ItemError(BAD_JSON, f"line is not valid JSON: {err}", where, source)
            continue
        yield mapping.to_item(record, ref=where, source=source)


def iter_jsonl(
    path: Path,
    *,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = 50_000_000,
) -> Iterator[Item]:
    """A ``.jsonl`` or ``.jsonl.gz`` file; a broken gzip stops that file with ``RASD107``."""
    ref = str(path)
    gz = path.name.lower().endswith(".gz")
    try:
        fh = cast(IO[bytes], gzip.open(path, "rb") if gz else path.open("rb"))
    except OSError as err:
        yield ItemError("RASD100", f"cannot read the file: {err}", ref, source)
        return
    with fh:
        try:
            yield from jsonl_records(
                fh, ref=ref, source=source, mapping=mapping, max_bytes=max_bytes
            )
        except (OSError, EOFError, zlib.error) as err:
            yield ItemError(CORRUPT, f"the compressed file is broken: {err}", ref, source)


# -- zip -------------------------------------------------------------------------------
def iter_zip(
    path: Path,
    *,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = 50_000_000,
) -> Iterator[Item]:
    """A zip of JSON, JSONL, text or HTML files, member by member (sorted by name)."""
    from rasd.ingest.sources.files import kind_of, text_item

    ref = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        yield ItemError(CORRUPT, f"not a readable zip file: {err}", ref, source)
        return
    with zf:
        members = sorted(
            (i for i in zf.infolist() if not i.is_dir() and not _hidden(i.filename)),
            key=lambda i: i.filename,
        )
        for info in members:
            where = ref if len(members) == 1 else f"{ref}!{info.filename}"
            kind = kind_of(info.filename)
            if kind not in ("json", "jsonl", "txt", "html"):
                yield ItemError(
                    "RASD105", f"unsupported member type {info.filename!r}", where, source
                )
                continue
            if info.file_size > max_bytes:
                yield ItemError(
                    "RASD103",
                    f"member is {info.file_size:,} bytes, over the limit of {max_bytes:,}",
                    where,
                    source,
                )
                continue
            try:
                if kind == "jsonl":
                    with zf.open(info) as fh:
                        yield from jsonl_records(
                            fh, ref=where, source=source, mapping=mapping, max_bytes=max_bytes
                        )
                    continue
                data = zf.read(info)
            except _ZIP_ERRORS as err:
                yield ItemError(CORRUPT, f"cannot read the zip member: {err}", where, source)
                continue
            if kind == "json":
                yield from json_records(data, ref=where, source=source, mapping=mapping)
            else:
                yield text_item(data, kind, ref=where, source=source)


_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


# -- Parquet ---------------------------------------------------------------------------
def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise InputError(
            "reading Parquet needs pyarrow, which is not installed",
            hint="pip install 'rasd[share]'",
        ) from err
    return pq


def iter_parquet(
    path: Path,
    *,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    batch_size: int = PARQUET_BATCH,
) -> Iterator[Item]:
    """A Parquet file in record batches (``ref#ROW``).

    Raises :class:`~rasd.errors.InputError` when pyarrow is missing.
    """
    pq = _pyarrow_parquet()
    ref = str(path)
    try:
        pf = pq.ParquetFile(path)
        batches: Iterable[Any] = pf.iter_batches(batch_size=batch_size)
    except Exception as err:  # pyarrow raises ArrowInvalid/OSError for a broken file
        yield ItemError(CORRUPT, f"not a readable Parquet file: {err}", ref, source)
        return
    row = 0
    try:
        for batch in batches:
            for record in batch.to_pylist():
                yield mapping.to_item(record, ref=f"{ref}#{row}", source=source)
                row += 1
    except Exception as err:  # a corrupt row group: keep what was read
        yield ItemError(CORRUPT, f"Parquet file broken after row {row}: {err}", ref, source)
