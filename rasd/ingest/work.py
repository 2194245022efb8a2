"""The per-article work of ingestion that needs no database, inline or in worker processes.

:class:`Preparer` turns one :class:`SourceItem` into a :class:`Prepared`: the
language gate, the article's identity (search-normalised text, content-hash id,
canonical URL), its full-text search keys, its MinHash signature and its
incident reports. All of it is CPU-bound and depends on the item alone, so
:class:`WorkerPool` runs it in a pool of processes (each warms the knowledge
base and the NER model once, then ``gc.freeze``) and hands the results back
**in input order**, with a bounded number of chunks in flight. The parent
process alone checks identity against the store, marks near duplicates, writes
and merges (:mod:`rasd.ingest.pipeline`), so the output is the same with any
number of workers.

Workers ignore Ctrl-C (the parent stops them) and exit by themselves when the
parent process dies (even by SIGKILL), so a killed ``rasd ingest`` leaves no
orphans behind.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rasd.errors import InputError, RasdError
from rasd.ingest.gates import NearDuplicates, Signature, detect_language
from rasd.ingest.item import ItemError, SourceItem

if TYPE_CHECKING:
    from rasd.kb.base import KnowledgeBase
    from rasd.model import IncidentReport

CHUNK = 16  # items per task sent to a worker
CHUNKS_PER_WORKER = 4  # chunks in flight per worker (bounds memory)
MAX_DEFAULT_WORKERS = 4  # the single writer keeps up with about this many
PARENT_POLL_S = 0.5  # how often a worker checks that its parent is alive
# modules the forkserver imports once, so each worker only loads the knowledge base
PRELOAD = ["rasd.extract", "rasd.ingest.work", "rasd.store.bulk", "rasd.store.search"]

Item = SourceItem | ItemError


@dataclass
class Prepared:
    """What the database-free work found for one item.

    ``id`` is empty when the item was skipped by the language gate (``lang`` says
    why) or failed the gate (``error``). ``reports`` is ``None`` for languages
    extraction does not cover yet. An extraction error is kept in ``error`` with
    ``stage="extract"``: it only counts when the article is not already stored.
    """

    lang: str | None = None
    id: str = ""
    norm: str = ""
    canonical: str | None = None
    title_norm: str = ""
    search_keys: str = ""
    signature: Signature | None = None
    reports: list[IncidentReport] | None = None
    error: tuple[str, str] | None = None
    stage: str = ""


def default_workers() -> int:
    """Worker processes ``rasd ingest`` uses by default: one per core, at most
    :data:`MAX_DEFAULT_WORKERS` (beyond that the single writer is the bottleneck)."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def _error(err: BaseException) -> tuple[str, str]:
    if isinstance(err, RasdError):
        return err.code, err.message
    return "RASD700", f"{type(err).__name__}: {err}"


class Preparer:
    """Does the work of one item (see the module docstring); one per process."""

    def __init__(self, languages: Iterable[str], kb: KnowledgeBase | None = None) -> None:
        self.languages = tuple(languages)
        self._kb = kb
        self._hasher = NearDuplicates()  # signatures only: its index stays empty

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from rasd.extract import warm_up

            self._kb = warm_up()
        return self._kb

    def prepare(self, item: SourceItem, *, extract: bool = True) -> Prepared:
        """The work of ``item``; ``extract=False`` leaves ``reports`` to the caller
        (in-process, extraction waits until the article is known to be new)."""
        try:
            p = self._gate(item)
        except Exception as err:
            return Prepared(error=_error(err), stage="gate")
        if not p.id:
            return p
        try:
            self._index(item, p)
            if extract and p.lang == "ar":  # no English extraction yet: stored and searchable
                p.reports = self.extract(item, p.id)
        except Exception as err:
            p.error, p.stage = _error(err), "extract"
        return p

    def extract(
        self, item: SourceItem, doc_id: str, row: Any | None = None
    ) -> list[IncidentReport]:
        """Reports of ``item`` (or of the stored article ``row`` it is a copy of)."""
        from rasd.extract import extract

        src = row if row is not None else item
        return extract(
            src.text,
            published=src.published,
            title=src.title,
            url=src.url,
            doc_id=doc_id,
            source=item.source,
            kb=self.kb,
        )

    def _gate(self, item: SourceItem) -> Prepared:
        from rasd.ingest.pipeline import canonical_url
        from rasd.link.ids import article_id_of_normalized
        from rasd.text.normalize import normalize

        text = item.text
        if not text or not text.strip():
            raise InputError("the article has no text", code="RASD102")
        lang = item.language or detect_language(text)
        if lang is None or lang not in self.languages:
            return Prepared(lang=lang)
        norm = normalize(text, "search")
        canon = canonical_url(item.url) if item.url else None
        return Prepared(lang=lang, id=article_id_of_normalized(norm), norm=norm, canonical=canon)

    def _index(self, item: SourceItem, p: Prepared) -> None:
        from rasd.store.bulk import fts_title
        from rasd.store.search import search_keys

        p.title_norm = fts_title(item.title)
        p.search_keys = search_keys(p.norm + " " + p.title_norm)
        p.signature = self._hasher.signature(item.text, p.norm)

    def prepare_all(
        self, items: Iterable[Item], *, extract: bool = True
    ) -> Iterator[tuple[Item, Prepared | None]]:
        """Each item with its work (``None`` for an :class:`ItemError`), in this process."""
        for item in items:
            p = None if isinstance(item, ItemError) else self.prepare(item, extract=extract)
            yield item, p


# --- worker processes ---------------------------------------------------------------

_WORKER: Preparer | None = None


_STORE: Any = None  # a read-only view of the parent's database, when it has a URL


def _init_worker(languages: tuple[str, ...], parent: int, db_url: str | None = None) -> None:
    import signal
    import threading

    global _WORKER, _STORE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop

    spawner = os.getppid()  # the forkserver, which exits when the parent does

    def watch() -> None:
        import time

        while True:
            time.sleep(PARENT_POLL_S)
            try:
                os.kill(parent, 0)
                alive = os.getppid() == spawner
            except ProcessLookupError:
                alive = False
            if not alive:
                os._exit(1)  # the parent died (SIGKILL): never linger as an orphan

    threading.Thread(target=watch, name="rasd-parent-watch", daemon=True).start()
    from rasd.extract import warm_up

    _WORKER = Preparer(languages, warm_up())
    if db_url and shared_database(db_url):
        from rasd.store.repo import Store

        try:
            _STORE = Store.open(db_url, migrate=False)
        except Exception:  # then every article is extracted, as without a URL
            _STORE = None


def shared_database(url: str) -> bool:
    """Whether other processes can open the database at ``url`` (not in memory)."""
    return url not in ("sqlite://", "sqlite:///:memory:") and ":memory:" not in url


def _ping() -> int:
    return os.getpid()


def _stored(prepared: list[Prepared]) -> set[str]:
    """Ids of the prepared articles the database has already (by id or canonical URL)."""
    if _STORE is None or not prepared:
        return set()
    try:
        found = _STORE.find_articles(
            [p.id for p in prepared], [p.canonical for p in prepared if p.canonical]
        )
    except Exception:  # the parent checks again: at worst the work is done twice
        return set()
    return {p.id for p in prepared if p.id in found or (p.canonical and p.canonical in found)}


def _prepare_chunk(items: list[SourceItem | None]) -> list[Prepared | None]:
    worker = _WORKER
    assert worker is not None
    out = [None if it is None else worker.prepare(it, extract=False) for it in items]
    ready = [p for p in out if p is not None and p.id and p.error is None and p.lang == "ar"]
    known = _stored(ready)
    todo = {id(p) for p in ready if p.id not in known}
    for item, p in zip(items, out, strict=True):
        if item is None or p is None or id(p) not in todo:
            continue  # a stored article: the parent uses what is stored
        try:
            p.reports = worker.extract(item, p.id)
        except Exception as err:
            p.error, p.stage = _error(err), "extract"
    return out


def _died(err: BaseException) -> RasdError:
    return RasdError(
        f"an ingest worker process died (out of memory or killed): {err}",
        code="RASD701",
        hint="run the same command again: what was stored is kept; --workers 1 extracts in "
        "this process (a script using workers needs an `if __name__ == '__main__':` guard)",
    )


class WorkerPool:
    """``workers`` processes doing :meth:`Preparer.prepare`; results in input order."""

    def __init__(
        self,
        workers: int,
        languages: Iterable[str],
        *,
        chunk: int = CHUNK,
        in_flight: int | None = None,
        db_url: str | None = None,
    ) -> None:
        self.workers = workers
        self.languages = tuple(languages)
        self.db_url = db_url  # workers skip extracting the articles stored there
        self.chunk = max(1, chunk)
        self.in_flight = in_flight or CHUNKS_PER_WORKER * workers
        self._ex: ProcessPoolExecutor | None = None

    def start(self) -> WorkerPool:
        """Start every worker and wait until each has loaded the knowledge base."""
        if self._ex is None:
            import multiprocessing as mp

            ctx = mp.get_context("forkserver")  # children start clean, not as parent copies
            ctx.set_forkserver_preload(PRELOAD)  # imported once, shared by every worker
            self._ex = ProcessPoolExecutor(
                self.workers,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(self.languages, os.getpid(), self.db_url),
            )
            try:
                for f in [self._ex.submit(_ping) for _ in range(self.workers)]:
                    f.result()
            except BrokenProcessPool as err:
                self.close()
                raise _died(err) from err
        return self

    def close(self) -> None:
        """Stop the workers (tasks not started are dropped)."""
        ex, self._ex = self._ex, None
        if ex is not None:
            ex.shutdown(wait=True, cancel_futures=True)

    def map(self, items: Iterable[Item]) -> Iterator[tuple[Item, Prepared | None]]:
        """Each item with its work, in input order; at most ``in_flight`` chunks
        are read ahead of the consumer."""
        ex = self.start()._ex
        assert ex is not None
        queue: deque[tuple[list[Item], Future[list[Prepared | None]]]] = deque()
        it = iter(items)
        done = False
        try:
            while True:
                while not done and len(queue) < self.in_flight:
                    chunk = [x for _, x in zip(range(self.chunk), it, strict=False)]
                    if not chunk:
                        done = True
                        break
                    args = [None if isinstance(x, ItemError) else x for x in chunk]
                    queue.append((chunk, ex.submit(_prepare_chunk, args)))
                if not queue:
                    return
                chunk, fut = queue.popleft()
                try:
                    done_chunk = fut.result()
                except BrokenProcessPool as err:
                    self._ex = None  # unusable: the next run starts fresh workers
                    ex.shutdown(wait=False, cancel_futures=True)
                    raise _died(err) from err
                yield from zip(chunk, done_chunk, strict=True)
        finally:
            for _, fut in queue:
                fut.cancel()
