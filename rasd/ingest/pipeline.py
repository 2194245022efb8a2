"""The ingest pipeline: gate, store, extract, merge — and record the run.

:func:`ingest` takes any iterable of :class:`SourceItem` (or :class:`ItemError`
for items a source could not read) and, for each article:

1. checks the language gate (declared language, else detected; ``ar``/``en``);
2. stores the article once (identity: content hash and canonical URL), marking
   near-duplicates of stored copies;
3. extracts incident reports and stores them with their evidence, in one
   transaction that also marks the article processed;
4. every ``batch`` articles, merges the new reports into incidents.

Nothing lost, nothing twice: an article is only marked processed together with
its reports, so a run killed at any point and started again re-extracts what
was stored but not processed, merges what was stored but not linked (at the
start of every run), and skips everything else. One bad item is recorded on
the run (and its source) with its error code and never stops the batch.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rasd.errors import RasdError
from rasd.ingest.gates import ACCEPTED_LANGUAGES, NearDuplicates, detect_language
from rasd.ingest.item import ItemError, SourceItem

if TYPE_CHECKING:
    from rasd.kb.base import KnowledgeBase
    from rasd.link.score import MergeParams
    from rasd.store.repo import Store

DEFAULT_BATCH = 100
NEAR_DUP_PRELOAD = 5000


@dataclass
class IngestResult:
    """What one :func:`ingest` call did."""

    run_id: int | None = None
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped_language: int = 0
    failed: int = 0
    reports: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    incidents_merged: int = 0
    reports_linked: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    article_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("article_ids", "languages")}
        d["languages"] = dict(sorted(self.languages.items()))
        d["errors"] = self.errors[:50]
        d["articles_per_second"] = round(self.seen / self.seconds, 1) if self.seconds else None
        return d


class Ingester:
    """Holds the knowledge base, the near-duplicate index and merge settings
    across calls (``rasd watch`` keeps one for its whole life).

    ``resume`` (default): the first run merges any stored reports a killed run
    left unlinked; later runs of the same Ingester skip that scan, so a
    long-lived caller (``rasd watch``, the API server) stays cheap per call.
    """

    def __init__(
        self,
        store: Store,
        *,
        kb: KnowledgeBase | None = None,
        languages: Iterable[str] = ACCEPTED_LANGUAGES,
        merge: bool = True,
        merge_params: MergeParams | None = None,
        batch: int = DEFAULT_BATCH,
        near_dup_preload: int = NEAR_DUP_PRELOAD,
        resume: bool = True,
    ) -> None:
        self.store = store
        self._kb = kb
        self.languages = tuple(languages)
        self.merge = merge
        self.merge_params = merge_params
        self.batch = max(1, batch)
        self._near: NearDuplicates | None = None
        self._near_preload = near_dup_preload
        self.resume = resume
        self._resumed = False

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from rasd.extract import warm_up

            self._kb = warm_up()
        return self._kb

    @property
    def near(self) -> NearDuplicates:
        if self._near is None:
            self._near = NearDuplicates()
            if self._near_preload:
                self._near.add_many(self.store.recent_article_texts(self._near_preload))
        return self._near

    # -------------------------------------------------------------------------
    def run(
        self,
        items: Iterable[SourceItem | ItemError],
        *,
        command: str | None = None,
        progress: Callable[[IngestResult], None] | None = None,
    ) -> IngestResult:
        """Ingest ``items``; see the module docstring."""
        res = IngestResult()
        t0 = time.perf_counter()
        res.run_id = self.store.start_run(command)
        pending: list[str] = []
        status = "ok"
        try:
            if self.merge and self.resume and not self._resumed:
                # finish what a killed run left unlinked (once per Ingester)
                self._merge(self.store.unlinked_reports(), res)
                self._resumed = True
            for item in items:
                res.seen += 1
                if isinstance(item, ItemError):
                    self._fail(res, item.code, item.message, item.ref, item.source)
                    continue
                try:
                    pending.extend(self._one(item, res))
                except RasdError as err:
                    self._fail(res, err.code, err.message, item.ref or item.url, item.source)
                except Exception as err:  # one bad item never stops a batch
                    self._fail(
                        res, "RASD700", f"{type(err).__name__}: {err}", item.ref, item.source
                    )
                if self.merge and len(pending) >= self.batch:
                    self._merge(pending, res)
                    pending = []
                if progress is not None and res.seen % 50 == 0:
                    progress(res)
            if self.merge and pending:
                self._merge(pending, res)
        except BaseException:
            status = "interrupted"
            raise
        finally:
            res.seconds = time.perf_counter() - t0
            if res.failed and status == "ok":
                status = "partial"
            try:
                self.store.finish_run(res.run_id, status, res.to_dict())
            except RasdError:
                pass
        return res

    def _fail(
        self, res: IngestResult, code: str, message: str, ref: str | None, source: str | None
    ) -> None:
        res.failed += 1
        res.errors.append(f"{ref or '?'}: [{code}] {message}")
        assert res.run_id is not None
        try:
            self.store.record_error(res.run_id, code, message, source=source, item_ref=ref)
        except RasdError:  # e.g. an unregistered source name: record without it
            self.store.record_error(res.run_id, code, message, item_ref=ref)

    def _one(self, item: SourceItem, res: IngestResult) -> list[str]:
        from rasd.errors import InputError
        from rasd.extract import extract

        text = item.text
        if not text or not text.strip():
            raise InputError("the article has no text", code="RASD102")
        lang = item.language or detect_language(text)
        if lang is None or lang not in self.languages:
            res.skipped_language += 1
            res.languages[lang or "unknown"] += 1
            return []
        res.languages[lang] += 1
        near, minhash = self.near.check(text)
        aid, created = self.store.add_article(
            text,
            title=item.title,
            url=item.url,
            canonical_url=canonical_url(item.url) if item.url else None,
            published=item.published,
            source=item.source,
            language=lang,
            near_duplicate_of=near,
            meta=item.meta or None,
        )
        res.article_ids.append(aid)
        if created:
            res.stored += 1
            if near:
                res.near_duplicates += 1
            else:
                self.near.add(aid, text, minhash)
            text, title, url, published = text, item.title, item.url, item.published
        elif self.store.is_processed(aid):
            res.duplicates += 1
            return []
        else:  # stored by a run that was killed before extracting it: use what is stored
            art = self.store.get_article(aid)
            assert art is not None
            text, title, url, published = art.text, art.title, art.url, art.published
        if lang != "ar":
            reports = []  # English extraction is not built yet: stored and searchable only
        else:
            reports = extract(
                text,
                published=published,
                title=title,
                url=url,
                doc_id=aid,
                source=item.source,
                kb=self.kb,
            )
        ids = self.store.add_reports(aid, reports)
        res.reports += len(ids)
        return ids

    def _merge(self, report_ids: list[str], res: IngestResult) -> None:
        if not report_ids:
            return
        from rasd.link.merge import merge_new_reports

        out = merge_new_reports(self.store, report_ids, self.merge_params)
        res.incidents_created += len(out.created)
        res.incidents_updated += len(out.updated)
        res.incidents_merged += len(out.merged)
        res.reports_linked += len(out.links)


def canonical_url(url: str) -> str:
    """The URL an article is known by: lower-case scheme and host, no fragment,
    no tracking parameters (``utm_*``, ``fbclid``, ``gclid``), no trailing slash."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in ("fbclid", "gclid", "ref")
    ]
    path = parts.path.rstrip("/") or "/"
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


def ingest(
    store: Store,
    items: Iterable[SourceItem | ItemError],
    *,
    command: str | None = None,
    **options: Any,
) -> IngestResult:
    """Ingest ``items`` into ``store`` (see :class:`Ingester` for ``options``)."""
    return Ingester(store, **options).run(items, command=command)
