"""JSON Lines: one ``Incident.to_dict()`` per line — the full record with every
report, source article and evidence span. Also the reader the CLI uses."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share.base import Exporter, ExportStats, each_converted


def dumps(incident: Incident) -> str:
    """One incident as a compact JSON line (Arabic kept as is, no trailing newline)."""
    return json.dumps(incident.to_dict(), ensure_ascii=False, separators=(",", ":"))


class JsonlExporter(Exporter):
    """Full records, one JSON object per line; reads back with :func:`read_incidents`."""

    name = "jsonl"
    description = "JSON Lines: the full incident record with reports and evidence"
    media_type = "application/x-ndjson"
    suffix = ".jsonl"
    options: ClassVar[Mapping[str, Any]] = {}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        for line in each_converted(incidents, stats, dumps):
            out.write(line + "\n")
            stats.written += 1


def read_incidents(
    lines: Iterable[str | bytes],
    *,
    on_error: Callable[[ExportError], None] | None = None,
) -> Iterator[Incident]:
    """Parse incidents from JSON Lines, lazily. Blank lines are ignored.

    A line that is not an incident raises ``RASD604`` naming the line — or, when
    ``on_error`` is given, is passed to it and skipped so the rest still loads.
    """
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise TypeError(f"expected a JSON object, got {type(data).__name__}")
            incident = Incident.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            error = ExportError(
                f"line {number} is not an incident: {type(err).__name__}: {err}",
                code="RASD604",
                hint="each line must be one Incident.to_dict() JSON object",
            )
            if on_error is None:
                raise error from err
            on_error(error)
            continue
        yield incident
