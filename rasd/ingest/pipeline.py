"""The ingest pipeline: gate, store, extract, merge — and record the run.

:func:`ingest` takes any iterable of :class:`SourceItem` (or :class:`ItemError`
for items a source could not read) and, for each article:

1. checks the language gate (declared language, else detected; ``ar``/``en``);
2. computes the article's identity (content hash, canonical URL) and skips
   articles already stored and processed; marks near-duplicates of stored copies;
3. extracts incident reports;
4. stores a group of ``batch`` articles with their reports and evidence in one
   transaction, each article marked processed in the same statement that stores
   it (:meth:`rasd.store.repo.Store.add_processed_articles`);
5. when ``batch`` new reports are pending, merges them into incidents.

Extraction runs outside the write transaction, so the single writer is held
only while a group is written. With ``workers > 1`` the database-free work of
steps 1–3 (gate, identity, search keys, MinHash signature, extraction) runs in
worker processes (:mod:`rasd.ingest.work`) and this process alone checks
identity, writes and merges, in input order: the result is the same as with one.

Nothing lost, nothing twice: an article is only marked processed together with
its reports, so a run killed at any point and started again re-extracts what
an older run or another writer stored but did not process, merges what was stored but not linked (at the
start of every run), and skips everything else. One bad item is recorded on
the run (and its source) with its error code and never stops the batch.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from rasd.errors import InputError, RasdError
from rasd.ingest.gates import ACCEPTED_LANGUAGES, NearDuplicates
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.work import Prepared, Preparer, WorkerPool

if TYPE_CHECKING:
    from rasd.kb.base import KnowledgeBase
    from rasd.link.score import MergeParams
    from rasd.store.bulk import NewArticle
    from rasd.store.repo import Store

DEFAULT_BATCH = 100
NEAR_DUP_PRELOAD = 5000
SMALL_INPUT = 400  # inputs this short are done in-process: starting workers costs more

Pair = tuple[SourceItem | ItemError, Prepared | None]


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

    ``workers > 1``: gate, identity and extraction run in that many worker
    processes (inputs of more than :data:`SMALL_INPUT` items); used as a context
    manager, the workers live until it exits, else for one :meth:`run`.
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
        workers: int = 1,
    ) -> None:
        if workers < 1:
            raise InputError(f"workers must be at least 1, got {workers}")
        self.store = store
        self.languages = tuple(languages)
        self._local = Preparer(self.languages, kb)
        self.workers = workers
        self._pool: WorkerPool | None = None
        self._keep_pool = False
        self.merge = merge
        self.merge_params = merge_params
        self.batch = max(1, batch)
        self._near: NearDuplicates | None = None
        self._near_preload = near_dup_preload
        self.resume = resume
        self._resumed = False

    @property
    def kb(self) -> KnowledgeBase:
        return self._local.kb

    def __enter__(self) -> Ingester:
        self._keep_pool = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start_workers(self) -> None:
        """Start the worker processes now (they load the knowledge base) and keep
        them until :meth:`close`; nothing with one worker."""
        if self.workers > 1:
            self._keep_pool = True
            self._workers().start()

    def close(self) -> None:
        """Stop the worker processes, if any."""
        self._keep_pool = False
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def _workers(self) -> WorkerPool:
        if self._pool is None:
            self._pool = WorkerPool(self.workers, self.languages, db_url=self.store.url)
        return self._pool

    def _prepared(self, items: Iterable[SourceItem | ItemError]) -> Iterator[Pair]:
        """Items with their database-free work done, in input order."""
        if self.workers == 1:  # extraction waits until the article is known to be new
            return self._local.prepare_all(items, extract=False)
        it = iter(items)
        head = list(itertools.islice(it, SMALL_INPUT + 1))
        if len(head) <= SMALL_INPUT and self._pool is None:
            return self._local.prepare_all(head, extract=False)
        return self._workers().map(itertools.chain(head, it))

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
        stream: Iterator[Pair] | None = None
        try:
            if self.merge and self.resume and not self._resumed:
                # finish what a killed run left unlinked (once per Ingester)
                self._merge(self.store.unlinked_reports(), res)
                self._resumed = True
            stream = self._prepared(items)
            group: list[Pair] = []
            for pair in stream:
                group.append(pair)
                if len(group) >= self.batch:
                    self._group(group, res, pending, progress)
                    group = []
            if group:
                self._group(group, res, pending, progress)
            if self.merge and pending:
                self._merge(pending, res)
        except BaseException:
            status = "interrupted"
            raise
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()  # cancel the work still queued
            if not self._keep_pool:
                self.close()
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

    def _guarded(self, res: IngestResult, item: SourceItem, fn: Callable[[], Any]) -> Any:
        """``fn()``, or ``None`` with the error recorded on the run: one bad item
        never stops a batch."""
        try:
            return fn()
        except RasdError as err:
            self._fail(res, err.code, err.message, item.ref or item.url, item.source)
        except Exception as err:
            msg = f"{type(err).__name__}: {err}"
            self._fail(res, "RASD700", msg, item.ref or item.url, item.source)
        return None

    def _group(
        self,
        group: list[Pair],
        res: IngestResult,
        pending: list[str],
        progress: Callable[[IngestResult], None] | None,
    ) -> None:
        """Check a group of prepared items against the store, then store them in one
        transaction (each article together with its reports) and merge when enough
        are pending."""
        gated: list[tuple[SourceItem, Prepared]] = []
        for item, p in group:
            res.seen += 1
            if isinstance(item, ItemError):
                self._fail(res, item.code, item.message, item.ref, item.source)
            elif p is not None and p.error is not None and p.stage == "gate":
                self._fail_item(res, item, *p.error)
            elif p is not None and not p.id:
                res.skipped_language += 1
                res.languages[p.lang or "unknown"] += 1
            elif p is not None:
                res.languages[p.lang or "unknown"] += 1
                gated.append((item, p))
            if progress is not None and res.seen % 50 == 0:
                progress(res)
        if not gated:
            return
        found = self.store.find_articles(
            [p.id for _, p in gated], [p.canonical for _, p in gated if p.canonical]
        )
        batch: list[tuple[SourceItem, NewArticle]] = []
        for item, p in gated:
            art = self._guarded(res, item, partial(self._prepare, item, p, found))
            if art is not None:
                batch.append((item, art))
        if not batch:
            return
        arts = [art for _, art in batch]
        try:
            pairs = list(zip(arts, self.store.add_processed_articles(arts), strict=True))
        except Exception:  # find the bad article: store them one by one
            pairs = []
            for item, art in batch:
                one = self._guarded(res, item, partial(self.store.add_processed_articles, [art]))
                if one:
                    pairs.append((art, one[0]))
        for art, st in pairs:
            res.article_ids.append(st.id)
            if st.status == "duplicate":
                res.duplicates += 1
                continue
            if st.status == "created":
                res.stored += 1
                res.near_duplicates += art.near_duplicate_of is not None
            res.reports += len(st.report_ids)
            pending.extend(st.report_ids)
        if self.merge and len(pending) >= self.batch:
            self._merge(pending, res)
            pending.clear()

    def _fail_item(self, res: IngestResult, item: SourceItem, code: str, message: str) -> None:
        self._fail(res, code, message, item.ref or item.url, item.source)

    def _prepare(
        self, item: SourceItem, p: Prepared, found: dict[str, tuple[str, bool]]
    ) -> NewArticle:
        """Near-duplicate check of one prepared article, with its reports (none when
        it is already stored and processed: the store then counts it as a duplicate)."""
        from rasd.store.bulk import NewArticle

        art = NewArticle(
            id=p.id,
            text=item.text,
            text_norm=p.norm,
            reports=[],
            title=item.title,
            url=item.url,
            canonical_url=p.canonical,
            published=item.published,
            source=item.source,
            language=p.lang,
            meta=item.meta or None,
            title_norm=p.title_norm,
            search_keys=p.search_keys,
        )
        hit = found.get(p.id) or (found.get(p.canonical) if p.canonical else None)
        if hit is not None and hit[1]:
            return art  # stored and processed: the store counts it as a duplicate
        if hit is not None:  # stored by a run killed before extracting it: use what is stored
            row = self.store.get_article(hit[0])
            assert row is not None
            if p.lang == "ar":
                art.reports = self._local.extract(item, hit[0], row)
        else:
            if p.error is not None:
                raise RasdError(p.error[1], code=p.error[0])
            if p.reports is None and p.lang == "ar":  # not extracted in a worker
                p.reports = self._local.extract(item, p.id)
            near = self.near.check_signature(p.signature)
            art.near_duplicate_of = near
            if near is None and p.signature is not None:
                self.near.add(p.id, item.text, p.signature)
            art.reports = p.reports or []
        # later copies in this group are duplicates of this one
        found[p.id] = (hit[0] if hit else p.id, True)
        if p.canonical:
            found[p.canonical] = found[p.id]
        return art

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
