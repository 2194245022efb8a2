"""What a source yields: articles to ingest, or errors for items it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceItem:
    """One article from a source.

    ``ref`` names where it came from (``path``, ``archive.zip#12``, a URL) so an
    error can point at it. ``language`` is the language the source declares;
    the language gate checks it.
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    source: str | None = None
    ref: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemError:
    """An item a source could not read; recorded on the run and the source, never fatal."""

    code: str
    message: str
    ref: str | None = None
    source: str | None = None
