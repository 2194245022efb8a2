"""Sharing: exporters to STIX 2.1, MISP, GTD/ACLED CSV, PLOVER, GeoJSON, Parquet, JSONL,
and a read-only TAXII 2.1 router (:mod:`rasd.share.taxii`, needs FastAPI).

Use :func:`export` (push to a stream), :func:`iter_export` (pull byte chunks, for
HTTP responses) or ``rasd export``. Formats register through :class:`Registry`.
"""

from rasd.share.base import Exporter, ExportStats, Registry, default_registry, export, get_exporter
from rasd.share.jsonl import read_incidents
from rasd.share.stream import iter_export

__all__ = [
    "ExportStats",
    "Exporter",
    "Registry",
    "default_registry",
    "export",
    "get_exporter",
    "iter_export",
    "read_incidents",
]
