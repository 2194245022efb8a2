"""Where batch results go: Parquet files per partition, or a rasd database.

* ``parquet:DIR`` — :class:`ParquetSink`: ``articles-<part>.parquet``,
  ``reports-<part>.parquet`` and ``errors-<part>.parquet`` per partition
  (explicit schemas, so empty partitions still write readable files), named
  from the partition key so a re-run overwrites the same files; files are
  written to a temporary name and renamed, so a killed run leaves no torn file.
  The files are written by the worker that ran the partition
  (:class:`ParquetPartWriter`), which sends back only counts and file names;
  the driver writes ``_manifest.json`` (the partitions of the last run). The
  folder must be writable by the workers (shared storage on a real cluster).
* a database URL or path — :class:`StoreSink`: the driver is the single writer;
  each article goes through :meth:`Store.add_article` and :meth:`Store.add_reports`
  (both idempotent), and :meth:`close` merges the new reports into incidents in
  sorted report-id order, so the incidents do not depend on the order in which
  partitions finished.
* ``null:`` — :class:`NullSink`: counts only (benchmarks); its workers discard
  the records (:class:`DiscardWriter`), so nothing big is shipped either.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rasd.batch.errors import BatchError
from rasd.errors import RasdError

if TYPE_CHECKING:
    from rasd.batch.process import PartitionResult
    from rasd.store.repo import Store

MERGE_CHUNK = 500

ARTICLE_COLUMNS = (
    ("id", "string"),
    ("ref", "string"),
    ("title", "string"),
    ("url", "string"),
    ("canonical_url", "string"),
    ("published", "string"),
    ("source", "string"),
    ("language", "string"),
    ("text", "string"),
    ("reports", "int32"),
)
REPORT_COLUMNS = (
    ("id", "string"),
    ("article_id", "string"),
    ("idx", "int32"),
    ("type", "string"),
    ("status", "string"),
    ("is_main", "bool_"),
    ("published", "string"),
    ("data", "string"),
)
ERROR_COLUMNS = (
    ("partition", "string"),
    ("ref", "string"),
    ("code", "string"),
    ("message", "string"),
)


@dataclass
class SinkSummary:
    """What a sink wrote."""

    partitions: int = 0
    articles: int = 0
    articles_new: int = 0
    reports: int = 0
    errors: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    incidents_merged: int = 0
    reports_linked: int = 0
    files: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Sink(Protocol):
    """Receives partition results on the driver, one at a time, in plan order.

    A sink may also offer ``worker_writer() -> PartWriter | None``: a small
    picklable writer that the engine sends with each task, so workers write
    their partition's records themselves and return slim results."""

    def write(self, result: PartitionResult) -> None: ...

    def close(self) -> SinkSummary: ...


class DiscardWriter:
    """A part writer that writes nothing (the records are only counted)."""

    def write(self, result: PartitionResult) -> list[str]:
        return []


class NullSink:
    """Counts what it is given and stores nothing."""

    def __init__(self) -> None:
        self.summary = SinkSummary()

    def worker_writer(self) -> Any:
        return DiscardWriter()

    def write(self, result: PartitionResult) -> None:
        s = self.summary
        s.partitions += 1
        s.articles += result.article_count
        s.reports += result.report_count
        s.errors += result.error_count

    def close(self) -> SinkSummary:
        return self.summary


def _table(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> Any:
    import pyarrow as pa

    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    data = {name: [r.get(name) for r in rows] for name, _ in columns}
    return pa.Table.from_pydict(data, schema=schema)


@dataclass(frozen=True)
class ParquetPartWriter:
    """Writes one partition's three Parquet files (on whichever process runs it)."""

    directory: str
    compression: str = "zstd"

    def _write_table(self, name: str, table: Any) -> str:
        import pyarrow.parquet as pq

        path = Path(self.directory) / name
        tmp = Path(self.directory) / f".{name}.{os.getpid()}.tmp"
        pq.write_table(table, tmp, compression=self.compression)
        os.replace(tmp, path)
        return str(path)

    def write(self, result: PartitionResult) -> list[str]:
        key = result.key
        return [
            self._write_table(f"articles-{key}.parquet", _table(result.articles, ARTICLE_COLUMNS)),
            self._write_table(f"reports-{key}.parquet", _table(result.reports, REPORT_COLUMNS)),
            self._write_table(f"errors-{key}.parquet", _table(result.errors, ERROR_COLUMNS)),
        ]


class ParquetSink(NullSink):
    """One Parquet file per partition and table, overwritten on re-runs."""

    def __init__(self, directory: str | Path, compression: str = "zstd") -> None:
        super().__init__()
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError as err:
            raise BatchError(
                "the parquet sink needs pyarrow", hint="pip install 'rasd[share]'"
            ) from err
        self.dir = Path(directory)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise BatchError(f"{self.dir}: cannot create the output folder ({err})") from err
        self.writer = ParquetPartWriter(str(self.dir.resolve()), compression)
        self.keys: list[str] = []

    def worker_writer(self) -> ParquetPartWriter:
        return self.writer

    def write(self, result: PartitionResult) -> None:
        files = result.files if result.slim else self.writer.write(result)
        super().write(result)
        self.summary.files += len(files)
        self.keys.append(result.key)

    def close(self) -> SinkSummary:
        manifest = {"partitions": self.keys, "summary": self.summary.to_dict()}
        tmp = self.dir / "._manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.dir / "_manifest.json")
        return self.summary


class StoreSink(NullSink):
    """Writes into a rasd database from the driver (the single writer), then merges."""

    def __init__(self, store: Store, *, merge: bool = True, own: bool = False) -> None:
        super().__init__()
        self.store = store
        self.merge = merge
        self.own = own
        self.new_reports: set[str] = set()
        self.failures: list[str] = []

    def worker_writer(self) -> None:
        return None  # the driver is the single database writer: records come back

    def write(self, result: PartitionResult) -> None:
        super().write(result)
        if result.articles and result.articles[0].get("text") is None:
            raise BatchError(
                "the database sink needs article texts", hint="run without keep_text=False"
            )
        by_article: dict[str, list[dict[str, Any]]] = {}
        for rep in result.reports:
            by_article.setdefault(rep["article_id"], []).append(rep)
        with self.store.transaction():  # one partition, one write transaction
            for art in result.articles:
                try:
                    self._article(art, by_article.get(art["id"], []))
                except RasdError as err:
                    self.summary.errors += 1
                    self.failures.append(f"{art.get('ref')}: {err}")

    def _article(self, art: dict[str, Any], reports: list[dict[str, Any]]) -> None:
        from rasd.model import IncidentReport

        meta = {k: art[k] for k in ("source", "ref") if art.get(k)}
        aid, created = self.store.add_article(
            art["text"],
            title=art["title"],
            url=art["url"],
            canonical_url=art["canonical_url"],
            published=art["published"],
            language=art["language"],
            meta=meta or None,
        )
        self.summary.articles_new += created
        reps = sorted(reports, key=lambda r: r["idx"])
        objs = [IncidentReport.from_dict(json.loads(r["data"])) for r in reps]
        self.new_reports.update(self.store.add_reports(aid, objs))

    def close(self) -> SinkSummary:
        from rasd.link.merge import merge_new_reports

        try:
            if self.merge:
                ids = sorted(self.new_reports)
                for i in range(0, len(ids), MERGE_CHUNK):
                    out = merge_new_reports(self.store, ids[i : i + MERGE_CHUNK])
                    self.summary.incidents_created += len(out.created)
                    self.summary.incidents_updated += len(out.updated)
                    self.summary.incidents_merged += len(out.merged)
                    self.summary.reports_linked += len(out.links)
        finally:
            if self.own:
                self.store.close()
        return self.summary


def open_sink(spec: str) -> Sink:
    """``parquet:DIR``, ``null:`` or a database URL/path (see :meth:`Store.open`)."""
    if not spec or not spec.strip():
        raise BatchError("--out is empty", hint="give parquet:DIR or a database URL")
    if spec.startswith("parquet:"):
        directory = spec[len("parquet:") :]
        if not directory:
            raise BatchError("parquet: needs a folder, e.g. parquet:out/")
        return ParquetSink(directory)
    if spec in ("null:", "null"):
        return NullSink()
    from rasd.store.repo import Store

    return StoreSink(Store.open(spec), own=True)
