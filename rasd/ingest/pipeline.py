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
only while a group is written.

Nothing lost, nothing twice: an article is only marked processed together with
its reports, so a run killed at any point and started again re-extracts what
an older run or another writer stored but did not process, merges what was stored but not linked (at the
start of every run), and skips everything else. One bad item is recorded on
the run (and its source) with its error code and never stops the batch.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from rasd.errors import RasdError
from rasd.ingest.gates import ACCEPTED_LANGUAGES, NearDuplicates, detect_language
from rasd.ingest.item import ItemError, SourceItem

if TYPE_CHECKING:
    from rasd.kb.base import KnowledgeBase
    from rasd.link.score import MergeParams
    from rasd.store.bulk import NewArticle
    from rasd.store.repo import Store

DEFAULT_BATCH = 100
NEAR_DUP_PRELOAD = 5000


@dataclass(frozen=True)
class _Gated:
    """An item past the language gate: its id, normalised text, language, canonical URL."""

    id: str
    norm: str
    lang: str
    canonical: str | None


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
            group: list[SourceItem | ItemError] = []
            for item in items:
                group.append(item)
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
            self._fail(res, "RASD700", f"{type(err).__name__}: {err}", item.ref, item.source)
        return None

    def _group(
        self,
        group: list[SourceItem | ItemError],
        res: IngestResult,
        pending: list[str],
        progress: Callable[[IngestResult], None] | None,
    ) -> None:
        """Gate and extract a group of items, then store them in one transaction
        (each article together with its reports) and merge when enough are pending."""
        gated: list[tuple[SourceItem, _Gated]] = []
        for item in group:
            res.seen += 1
            if isinstance(item, ItemError):
                self._fail(res, item.code, item.message, item.ref, item.source)
            else:
                g = self._guarded(res, item, partial(self._gate, item, res))
                if g is not None:
                    gated.append((item, g))
            if progress is not None and res.seen % 50 == 0:
                progress(res)
        if not gated:
            return
        found = self.store.find_articles(
            [g.id for _, g in gated], [g.canonical for _, g in gated if g.canonical]
        )
        batch: list[tuple[SourceItem, NewArticle]] = []
        for item, g in gated:
            art = self._guarded(res, item, partial(self._prepare, item, g, found))
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

    def _gate(self, item: SourceItem, res: IngestResult) -> _Gated | None:
        """The language gate and the article's identity (``None``: skipped)."""
        from rasd.errors import InputError
        from rasd.link.ids import article_id_of_normalized
        from rasd.text.normalize import normalize

        text = item.text
        if not text or not text.strip():
            raise InputError("the article has no text", code="RASD102")
        lang = item.language or detect_language(text)
        if lang is None or lang not in self.languages:
            res.skipped_language += 1
            res.languages[lang or "unknown"] += 1
            return None
        res.languages[lang] += 1
        norm = normalize(text, "search")
        aid = article_id_of_normalized(norm)
        canon = canonical_url(item.url) if item.url else None
        return _Gated(aid, norm, lang, canon)

    def _prepare(
        self, item: SourceItem, g: _Gated, found: dict[str, tuple[str, bool]]
    ) -> NewArticle:
        """Near-duplicate check and extraction of one gated article (none when it is
        already stored and processed: the store then counts it as a duplicate)."""
        from rasd.extract import extract
        from rasd.store.bulk import NewArticle

        art = NewArticle(
            id=g.id,
            text=item.text,
            text_norm=g.norm,
            reports=[],
            title=item.title,
            url=item.url,
            canonical_url=g.canonical,
            published=item.published,
            source=item.source,
            language=g.lang,
            meta=item.meta or None,
        )
        hit = found.get(g.id) or (found.get(g.canonical) if g.canonical else None)
        text, title, url, published = item.text, item.title, item.url, item.published
        if hit is not None and hit[1]:
            return art  # stored and processed: the store counts it as a duplicate
        if hit is not None:  # stored by a run killed before extracting it: use what is stored
            row = self.store.get_article(hit[0])
            assert row is not None
            text, title, url, published = row.text, row.title, row.url, row.published
        else:
            near, sig = self.near.check(text, norm=g.norm)
            art.near_duplicate_of = near
            if near is None:
                self.near.add(g.id, text, sig)
        if g.lang == "ar":  # English extraction is not built yet: stored and searchable only
            art.reports = extract(
                text,
                published=published,
                title=title,
                url=url,
                doc_id=hit[0] if hit else g.id,
                source=item.source,
                kb=self.kb,
            )
        # later copies in this group are duplicates of this one
        found[g.id] = (hit[0] if hit else g.id, True)
        if g.canonical:
            found[g.canonical] = found[g.id]
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
