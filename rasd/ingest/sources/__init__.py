"""Ingest sources: plain generators of :class:`~rasd.ingest.item.SourceItem` or
:class:`~rasd.ingest.item.ItemError`.

* :mod:`rasd.ingest.sources.html` — bytes → text (:func:`decode_bytes`) and an
  HTML page → one article (:func:`parse_html`);
* :mod:`rasd.ingest.sources.mapping` — JSON record → article (field mapping);
* :mod:`rasd.ingest.sources.files` — a file or a folder (:func:`iter_path`);
* :mod:`rasd.ingest.sources.archives` — JSONL(.gz), Parquet and zips of JSON arrays.

A source never raises for one bad item: it yields an :class:`ItemError` and goes
on. Import the submodules directly; this package does nothing at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rasd.ingest.item import ItemError, SourceItem

if TYPE_CHECKING:
    from rasd.store.repo import Store


def register_sources(
    store: Store, items: Iterable[SourceItem | ItemError], *, kind: str = "archive"
) -> Iterator[SourceItem | ItemError]:
    """Pass ``items`` through, registering each source name an article carries
    (e.g. a record's outlet) the first time it is seen, so the article can be
    stored under it."""
    known: set[str] = set()
    for item in items:
        name = item.source if isinstance(item, SourceItem) else None
        if name and name not in known:
            if store.get_source(name) is None:
                store.add_source(name, kind=kind)
            known.add(name)
        yield item
