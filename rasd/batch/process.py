"""The unit of batch work: one partition in, article + report records out.

:func:`process_partition` is a pure, engine-free function — it imports no Dask
and touches no database — so any engine can run it:

* rasd's own engines (:mod:`rasd.batch.engine`: in-process or Dask);
* Spark: ``rdd.map(lambda d: process_partition(d, opts).to_dict())`` over a
  list of descriptors from :func:`rasd.batch.partitions.plan_partitions`
  (parallelised with one descriptor per slice), or ``mapPartitions`` calling
  it once per descriptor;
* Ray: ``ray.remote(process_partition).remote(desc, opts)``.

A descriptor and :class:`BatchOptions` are small and picklable; the knowledge
base is loaded once per worker process (a module-level lazy cache) and reused
by every later partition in that process. For each record: the language gate
(declared language, else detected), the article id (content hash), then
:func:`rasd.extract.extract`. A document that fails is recorded with its error
code and never fails the partition. Output is deterministic: records come out
in input order and the ids depend on the text only.

Given a :class:`PartWriter` (Parquet part files, or nothing for counting runs),
the partition's records are written by the process that made them and only a
slim result (counts, file names, the first errors) is returned — so an engine
ships a few hundred bytes per partition instead of every article and report.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rasd.batch.errors import DOCUMENT_FAILED, RecordError
from rasd.errors import RasdError

if TYPE_CHECKING:
    from rasd.batch.partitions import Partition
    from rasd.batch.records import RawDoc
    from rasd.kb.base import KnowledgeBase

ACCEPTED_LANGUAGES = ("ar", "en")
EXTRACT_LANGUAGES = ("ar",)
ERRORS_KEPT = 20  # error records a slim result still carries (the count is exact)

_KB: KnowledgeBase | None = None


def worker_kb() -> KnowledgeBase:
    """The knowledge base of this process: built (or loaded from the disk cache)
    and warmed on first use, then reused by every partition."""
    global _KB
    if _KB is None:
        from rasd.extract import warm_up
        from rasd.kb.base import KnowledgeBase

        _KB = warm_up(KnowledgeBase.default())
    return _KB


@dataclass(frozen=True)
class BatchOptions:
    """What :func:`process_partition` does with each document."""

    languages: tuple[str, ...] = ACCEPTED_LANGUAGES
    extract_languages: tuple[str, ...] = EXTRACT_LANGUAGES
    keep_text: bool = True
    max_chars: int = 200_000


@dataclass
class PartitionResult:
    """Records produced from one partition (plain dicts, ready for any sink).

    A result whose records were already written where it ran (see
    :class:`PartWriter`) is *slim*: its record lists are emptied (``errors`` keeps
    the first :data:`ERRORS_KEPT`), ``files`` names what was written and the
    ``n_*`` counts stay exact — so only a few hundred bytes go back to the driver.
    """

    key: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seen: int = 0
    skipped_language: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker_pid: int = 0
    failed: bool = False
    n_articles: int = 0
    n_reports: int = 0
    n_errors: int = 0
    files: list[str] = field(default_factory=list)
    slim: bool = False

    @property
    def article_count(self) -> int:
        return max(self.n_articles, len(self.articles))

    @property
    def report_count(self) -> int:
        return max(self.n_reports, len(self.reports))

    @property
    def error_count(self) -> int:
        return max(self.n_errors, len(self.errors))

    def make_slim(self, files: list[str]) -> PartitionResult:
        """Keep the counts, drop the records (they were written as ``files``)."""
        self.n_articles, self.n_reports = self.article_count, self.report_count
        self.n_errors = self.error_count
        self.articles, self.reports = [], []
        self.errors = self.errors[:ERRORS_KEPT]
        self.files = list(files)
        self.slim = True
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PartitionResult:
        return cls(**d)


class PartWriter(Protocol):
    """Writes one partition's records where the partition ran (on the worker) and
    returns the paths written; must be small and picklable (it travels with each
    task). Sinks that can be written this way offer one (``worker_writer()``)."""

    def write(self, result: PartitionResult) -> list[str]: ...


def _article_record(doc: RawDoc, aid: str, lang: str, keep_text: bool) -> dict[str, Any]:
    from rasd.ingest.pipeline import canonical_url

    return {
        "id": aid,
        "ref": doc.ref,
        "title": doc.title,
        "url": doc.url,
        "canonical_url": canonical_url(doc.url) if doc.url else None,
        "published": doc.published,
        "source": doc.source,
        "language": lang,
        "text": doc.text if keep_text else None,
        "reports": 0,
    }


def process_document(
    doc: RawDoc, options: BatchOptions, kb: KnowledgeBase
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """One document → ``(article record or None if gated out, report records)``.
    Raises :class:`RasdError` (or anything) for a document that cannot be processed."""
    from rasd.errors import InputError
    from rasd.extract import extract
    from rasd.ingest.gates import detect_language
    from rasd.link.ids import article_id, report_id

    text = doc.text
    if not text or not text.strip():
        raise InputError("the article has no text", code="RASD102")
    if len(text) > options.max_chars:
        raise InputError(
            f"the article has {len(text)} characters (limit {options.max_chars})", code="RASD103"
        )
    lang = doc.language or detect_language(text)
    if lang is None or lang not in options.languages:
        return None, []
    aid = article_id(text)
    article = _article_record(doc, aid, lang, options.keep_text)
    if lang not in options.extract_languages:
        return article, []
    found = extract(
        text,
        published=doc.published,
        title=doc.title,
        url=doc.url,
        doc_id=aid,
        source=doc.source,
        kb=kb,
    )
    reports = []
    for idx, rep in enumerate(found):
        data = rep.to_dict()
        reports.append(
            {
                "id": report_id(aid, idx),
                "article_id": aid,
                "idx": idx,
                "type": rep.type,
                "status": rep.status,
                "is_main": rep.is_main,
                "published": doc.published,
                "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            }
        )
    article["reports"] = len(reports)
    return article, reports


def _error(key: str, ref: str | None, code: str, message: str) -> dict[str, Any]:
    return {"partition": key, "ref": ref, "code": code, "message": message}


def process_partition(
    desc: Partition,
    options: BatchOptions | None = None,
    key: str | None = None,
    writer: PartWriter | None = None,
) -> PartitionResult:
    """Read ``desc`` and process every document in it; see the module docstring.

    ``key`` names the partition in the result (default: ``desc.label``). With a
    ``writer`` the records are written here (on the worker) and a slim result
    comes back (counts, file names, the first errors). Reading errors that end
    the partition early (a missing file) propagate, so the engine can retry the
    whole partition; document errors never do.
    """
    opts = options or BatchOptions()
    t0, c0 = time.perf_counter(), time.process_time()
    res = PartitionResult(key=key or desc.label, worker_pid=os.getpid())
    kb = worker_kb()
    for rec in desc.records():
        res.seen += 1
        if isinstance(rec, RecordError):
            ref = rec.message.split(": ", 1)[0]
            res.errors.append(_error(res.key, ref, rec.code, rec.message))
            continue
        try:
            article, reports = process_document(rec, opts, kb)
        except RasdError as err:
            res.errors.append(_error(res.key, rec.ref, err.code, err.message))
            continue
        except Exception as err:  # one bad document never fails the partition
            msg = f"{type(err).__name__}: {err}"
            res.errors.append(_error(res.key, rec.ref, DOCUMENT_FAILED, msg))
            continue
        if article is None:
            res.skipped_language += 1
            continue
        res.articles.append(article)
        res.reports.extend(reports)
    res.n_articles, res.n_reports, res.n_errors = (
        len(res.articles),
        len(res.reports),
        len(res.errors),
    )
    if writer is not None:
        res.make_slim(writer.write(res))
    res.seconds = time.perf_counter() - t0
    res.cpu_seconds = time.process_time() - c0
    return res
