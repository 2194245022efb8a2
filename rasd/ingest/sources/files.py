"""Files and folders as an ingest source.

:func:`iter_path` reads one file or a whole folder (sorted walk, hidden files
skipped, so two runs read the same items in the same order):

* ``.txt`` — the whole file is the article text (UTF-8, else Windows-1256);
* ``.html`` / ``.htm`` — the page's main text, title, date and canonical URL;
* ``.json`` — one object or an array of objects (see :mod:`.mapping`);
* ``.jsonl`` / ``.ndjson`` (also ``.gz``), ``.zip``, ``.parquet`` — see :mod:`.archives`.

Every problem is an :class:`ItemError` with a code: ``RASD100`` unreadable,
``RASD101`` undecodable, ``RASD102`` empty, ``RASD103`` over ``max_bytes``
(only the size is looked at), ``RASD104`` an HTML page without an article,
``RASD105`` an unsupported file type, ``RASD106`` a record without text,
``RASD107`` a broken archive, ``RASD108`` invalid JSON.

A record's own outlet (``source`` field) names the article's source unless
``source`` is given; see :func:`rasd.ingest.sources.register_sources`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rasd.errors import RasdError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.mapping import DEFAULT_MAPPING, FieldMapping

Item = SourceItem | ItemError
DEFAULT_MAX_BYTES = 50_000_000
_KINDS = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".zip", "zip"),
    (".parquet", "parquet"),
)


def kind_of(name: str) -> str | None:
    """The reader for a file name (``txt``, ``html``, ``json``, ``jsonl``, ``zip``,
    ``parquet``), ``None`` when unsupported."""
    low = name.lower()
    for suffix, kind in _KINDS:
        if low.endswith(suffix):
            return kind
    return None


def text_item(data: bytes, kind: str, *, ref: str, source: str | None = None) -> Item:
    """One article from the bytes of a ``txt`` or ``html`` file."""
    from rasd.ingest.sources.html import decode_bytes, parse_html

    try:
        if kind == "html":
            item = parse_html(data, source=source)
            return SourceItem(
                text=item.text,
                title=item.title,
                url=item.meta.get("canonical_url"),
                published=item.published,
                source=source,
                ref=ref,
                meta=item.meta,
            )
        text = decode_bytes(data).strip()
    except RasdError as err:
        return ItemError(err.code, err.message, ref, source)
    if not text:
        return ItemError("RASD102", "the file is empty or only whitespace", ref, source)
    return SourceItem(text=text, source=source, ref=ref)


def iter_path(
    path: str | Path,
    *,
    source: str | None = None,
    mapping: FieldMapping | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    recursive: bool = True,
) -> Iterator[Item]:
    """Articles from a file or a folder; never raises for a bad file (see the module doc)."""
    p = Path(path)
    fmap = mapping or DEFAULT_MAPPING
    if p.is_dir():
        for f in _walk(p, recursive):
            yield from iter_file(f, source=source, mapping=fmap, max_bytes=max_bytes)
    elif p.exists():
        yield from iter_file(p, source=source, mapping=fmap, max_bytes=max_bytes)
    else:
        yield ItemError("RASD100", f"no such file or folder: {p}", str(p), source)


def _walk(folder: Path, recursive: bool) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if recursive and not entry.is_symlink():
                yield from _walk(entry, recursive)
        elif entry.is_file():
            yield entry


def iter_file(
    path: Path,
    *,
    source: str | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Articles from one file, chosen by its extension."""
    from rasd.ingest.sources import archives

    ref = str(path)
    kind = kind_of(path.name)
    if kind is None:
        yield ItemError(
            "RASD105",
            f"unsupported file type {path.suffix or path.name!r}",
            ref,
            source,
        )
        return
    try:
        size = path.stat().st_size
    except OSError as err:
        yield ItemError("RASD100", f"cannot read the file: {err.strerror}", ref, source)
        return
    if size > max_bytes:
        yield ItemError(
            "RASD103",
            f"the file is {size:,} bytes, over the limit of {max_bytes:,} (raise --max-bytes)",
            ref,
            source,
        )
        return
    if kind == "jsonl":
        yield from archives.iter_jsonl(path, source=source, mapping=mapping, max_bytes=max_bytes)
        return
    if kind == "zip":
        yield from archives.iter_zip(path, source=source, mapping=mapping, max_bytes=max_bytes)
        return
    if kind == "parquet":
        try:
            yield from archives.iter_parquet(path, source=source, mapping=mapping)
        except RasdError as err:  # pyarrow missing
            yield ItemError(err.code, f"{err.message} — {err.hint}", ref, source)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield ItemError("RASD100", f"cannot read the file: {err.strerror}", ref, source)
        return
    if kind == "json":
        yield from archives.json_records(data, ref=ref, source=source, mapping=mapping)
    else:
        yield text_item(data, kind, ref=ref, source=source)
