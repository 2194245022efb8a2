"""Parquet with an explicit, typed schema (:func:`schema`), written in row groups
of ``batch_size`` incidents so memory stays flat.

One row per incident. Scalar fields are flat columns (counts split into value,
``_at_least``, ``_approx``, ``_low``, ``_high``); perpetrators, targets, weapons,
sources and evidence are ``list<struct>`` columns. Evidence rows name the field
they support and keep raw character offsets into their source article
(``report`` is the index of the source report, ``doc_id``/``url`` its article).
Needs ``pyarrow`` (``pip install 'rasd[share]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any, ClassVar

from rasd.errors import ExportError
from rasd.model import Count, Incident
from rasd.share.base import Exporter, ExportStats, each_converted, require
from rasd.share.fields import articles, core_fields, iter_evidence, source_reports

SCHEMA_VERSION = "1"
DEFAULT_BATCH = 2000
COMPRESSIONS = ("zstd", "snappy", "gzip", "none")


def schema() -> Any:
    """The ``pyarrow.Schema`` of the export (imports pyarrow on call)."""
    pa = require("pyarrow", "Parquet export")
    s = pa.string()
    i32 = pa.int32()
    count_fields = []
    for name in ("killed", "wounded", "arrested"):
        count_fields += [
            pa.field(name, i32),
            pa.field(f"{name}_at_least", pa.bool_()),
            pa.field(f"{name}_approx", pa.bool_()),
            pa.field(f"{name}_low", i32),
            pa.field(f"{name}_high", i32),
        ]
    actor = pa.struct([("name", s), ("role", s), ("name_ar", s), ("surface", s), ("kb_id", s)])
    tag = pa.struct([("name", s), ("gtd_code", pa.int16()), ("surface", s)])
    source = pa.struct(
        [("doc_id", s), ("url", s), ("title", s), ("published", s), ("source", s), ("language", s)]
    )
    evidence = pa.struct(
        [
            ("report", pa.int32()),
            ("doc_id", s),
            ("url", s),
            ("field", s),
            ("text", s),
            ("start", i32),
            ("end", i32),
            ("sentence", s),
            ("sentence_start", i32),
            ("sentence_end", i32),
        ]
    )
    fields = [
        pa.field("id", s, nullable=False),
        pa.field("type", s, nullable=False),
        pa.field("status", s, nullable=False),
        pa.field("date", s),
        pa.field("date_precision", s),
        pa.field("country", s),
        pa.field("province", s),
        pa.field("city", s),
        pa.field("name_ar", s),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("location_precision", s),
        pa.field("perpetrators", pa.list_(actor)),
        pa.field("targets", pa.list_(tag)),
        pa.field("weapons", pa.list_(tag)),
        *count_fields,
        pa.field("suicide", pa.bool_()),
        pa.field("recency", s),
        pa.field("confidence", pa.float32()),
        pa.field("created_at", s),
        pa.field("updated_at", s),
        pa.field("n_reports", i32),
        pa.field("sources", pa.list_(source)),
        pa.field("evidence", pa.list_(evidence)),
    ]
    return pa.schema(
        fields, metadata={"rasd.schema_version": SCHEMA_VERSION, "rasd.record": "incident"}
    )


def _count(prefix: str, c: Count | None) -> dict[str, Any]:
    if c is None:
        return {
            prefix: None,
            f"{prefix}_at_least": None,
            f"{prefix}_approx": None,
            f"{prefix}_low": None,
            f"{prefix}_high": None,
        }
    return {
        prefix: c.value,
        f"{prefix}_at_least": c.at_least,
        f"{prefix}_approx": c.approx,
        f"{prefix}_low": c.low,
        f"{prefix}_high": c.high,
    }


def row(incident: Incident) -> dict[str, Any]:
    """One incident as a dict matching :func:`schema`."""
    s = incident.summary
    loc = s.location
    evidence = []
    for i, report in enumerate(source_reports(incident)):
        for item in iter_evidence(report):
            e = item.evidence
            evidence.append(
                {
                    "report": i,
                    "doc_id": report.article.doc_id,
                    "url": report.article.url,
                    "field": item.field,
                    "text": e.text,
                    "start": e.start,
                    "end": e.end,
                    "sentence": e.sentence or None,
                    "sentence_start": e.sentence_start,
                    "sentence_end": e.sentence_end,
                }
            )
    return {
        "id": incident.id,
        **core_fields(s),
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "perpetrators": [
            {
                "name": a.name,
                "role": a.role,
                "name_ar": a.name_ar,
                "surface": a.surface,
                "kb_id": a.kb_id,
            }
            for a in s.perpetrators
        ],
        "targets": [
            {"name": t.name, "gtd_code": t.gtd_code, "surface": t.surface} for t in s.targets
        ],
        "weapons": [
            {"name": t.name, "gtd_code": t.gtd_code, "surface": t.surface} for t in s.weapons
        ],
        **_count("killed", s.killed),
        **_count("wounded", s.wounded),
        **_count("arrested", s.arrested),
        "suicide": s.suicide,
        "recency": s.recency,
        "confidence": s.confidence,
        "created_at": incident.created_at or None,
        "updated_at": incident.updated_at or None,
        "n_reports": len(incident.reports),
        "sources": [
            {
                "doc_id": a.doc_id,
                "url": a.url,
                "title": a.title,
                "published": a.published,
                "source": a.source,
                "language": a.language,
            }
            for a in articles(incident)
        ],
        "evidence": evidence,
    }


class ParquetExporter(Exporter):
    """Parquet with a typed schema (see module docs)."""

    name = "parquet"
    description = "Apache Parquet with a typed schema; nested evidence as list<struct>"
    media_type = "application/vnd.apache.parquet"
    suffix = ".parquet"
    binary = True
    options: ClassVar[Mapping[str, Any]] = {"batch_size": DEFAULT_BATCH, "compression": "zstd"}

    def check_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        merged = super().check_options(options)
        size = merged["batch_size"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ExportError(
                f"batch_size must be a positive integer, got {size!r}",
                code="RASD602",
                hint="e.g. 2000",
            )
        if merged["compression"] not in COMPRESSIONS:
            raise ExportError(
                f"unknown compression {merged['compression']!r}",
                code="RASD602",
                hint=f"use one of {', '.join(COMPRESSIONS)}",
            )
        return merged

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        pa = require("pyarrow", "Parquet export")
        pq = require("pyarrow.parquet", "Parquet export")
        batch_size = int(options["batch_size"])
        sch = schema()
        with pq.ParquetWriter(out, sch, compression=options["compression"]) as writer:
            batch: list[dict[str, Any]] = []
            for r in each_converted(incidents, stats, row):
                batch.append(r)
                if len(batch) >= batch_size:
                    writer.write_table(
                        pa.Table.from_pylist(batch, schema=sch), row_group_size=batch_size
                    )
                    stats.written += len(batch)
                    batch = []
            if batch or stats.written == 0:
                writer.write_table(
                    pa.Table.from_pylist(batch, schema=sch), row_group_size=batch_size
                )
                stats.written += len(batch)
