"""`rasd watch`: poll the registered feeds on schedule and ingest what is new.

A :class:`Watcher` keeps ONE :class:`~rasd.ingest.pipeline.Ingester` for its
whole life, so the knowledge base and the near-duplicate index are loaded once
and every new item is stored, extracted and merged into incidents as soon as
its feed is polled. :meth:`Watcher.poll_once` polls every ``feed`` source whose
``next_poll`` has come (oldest first); :meth:`Watcher.run` loops, sleeping until
the next source is due, and stops after the current poll when ``stop_event``
is set (``install_signal_handlers`` sets it on SIGINT/SIGTERM).

Latency: with the default 30 s interval a new feed item is stored and merged
at most about 30 s plus one poll after it appears (``bench/feed_latency.py``
measures it); failing feeds back off exponentially up to 6 hours.

Each poll that yields items (or fails) is one ingest run (``command`` =
``watch NAME``): its stats and errors show in ``rasd status``. A failed fetch
is recorded as an item error of that run and on the source row. One bad feed
never stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import FrameType
from typing import TYPE_CHECKING, Any

from rasd.ingest.item import ItemError
from rasd.ingest.pipeline import Ingester
from rasd.ingest.registry import Registry, SourceSettings
from rasd.ingest.sources.feeds import DEFAULT_INTERVAL, MAX_BACKOFF, MIN_TEXT, FeedPoll, poll_feed
from rasd.ingest.sources.net import FetchPolicy

if TYPE_CHECKING:
    from rasd.store.records import SourceRow
    from rasd.store.repo import Store

MAX_SLEEP = 5.0
WARM_UP_TEXT = "قتل شرطي وأصيب اثنان في انفجار عبوة ناسفة قرب مدينة الموصل يوم الأحد."  # re-read the sources at least this often (new sources, edits)


@dataclass
class PollReport:
    """One feed polled by the watcher."""

    source: str
    status: str  # ok | not_modified | error
    entries: int = 0
    new_items: int = 0
    skipped_known: int = 0
    stored: int = 0
    reports: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    failed: int = 0
    error: str | None = None
    run_id: int | None = None
    next_poll: str | None = None
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _parse_stamp(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


class Watcher:
    """Polls due feed sources of ``store`` and ingests their new items."""

    def __init__(
        self,
        store: Store,
        *,
        policy: FetchPolicy | None = None,
        interval_default: float = DEFAULT_INTERVAL,
        ingester: Ingester | None = None,
        fetch_pages: bool = True,
        min_text: int = MIN_TEXT,
        max_backoff: float = MAX_BACKOFF,
        settings_file: str | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.policy = policy or FetchPolicy()
        self.interval_default = float(interval_default)
        self.ingester = ingester or Ingester(store)
        self.fetch_pages = fetch_pages
        self.min_text = min_text
        self.max_backoff = max_backoff
        self.registry = Registry(store, settings_file)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- scheduling ----------------------------------------------------------------
    def feeds(self) -> list[SourceRow]:
        return [s for s in self.store.list_sources() if s.kind == "feed" and s.url]

    def due(self, now: dt.datetime | None = None) -> list[SourceRow]:
        """Feed sources whose next poll has come, the longest-waiting first."""
        now = now or self.clock()
        out = [s for s in self.feeds() if s.next_poll is None or _parse_stamp(s.next_poll) <= now]
        return sorted(out, key=lambda s: (s.next_poll or "", s.name))

    def seconds_to_next(self, now: dt.datetime | None = None) -> float | None:
        """Seconds until the next feed is due (0 if one is due; ``None`` if no feeds)."""
        now = now or self.clock()
        waits = [
            0.0 if s.next_poll is None else (_parse_stamp(s.next_poll) - now).total_seconds()
            for s in self.feeds()
        ]
        return max(0.0, min(waits)) if waits else None

    # -- polling -----------------------------------------------------------------
    def poll_once(self, now: dt.datetime | None = None) -> list[PollReport]:
        """Poll every due feed once and ingest its new items."""
        now = now or self.clock()
        try:
            settings = self.registry.settings()
        except Exception:  # a broken settings file must not stop watching
            settings = {}
        reports = []
        for source in self.due(now):
            reports.append(self.poll_source(source, settings.get(source.name), now=now))
        return reports

    def poll_source(
        self,
        source: SourceRow,
        settings: SourceSettings | None = None,
        *,
        now: dt.datetime | None = None,
    ) -> PollReport:
        """Poll one feed and ingest its items; never raises for a bad feed."""
        t0 = time.perf_counter()
        now = now or self.clock()
        s = settings or SourceSettings()
        policy = self.policy
        if s.allow_private is not None and s.allow_private != policy.allow_private:
            policy = replace(policy, allow_private=s.allow_private)
        interval = s.interval or self.interval_default
        fetch_pages = self.fetch_pages if s.fetch_pages is None else s.fetch_pages
        try:
            poll = poll_feed(
                self.store,
                source,
                policy,
                interval=interval,
                fetch_pages=fetch_pages,
                min_text=self.min_text,
                max_backoff=self.max_backoff,
                now=now,
            )
        except Exception as err:  # e.g. the database went away: report, go on
            return PollReport(
                source=source.name,
                status="error",
                error=f"[RASD700] {type(err).__name__}: {err}",
                seconds=time.perf_counter() - t0,
            )
        return self._ingest(source, poll, t0)

    def _ingest(self, source: SourceRow, poll: FeedPoll, t0: float) -> PollReport:
        rep = PollReport(
            source=source.name,
            status=poll.status,
            entries=poll.entries,
            new_items=sum(1 for i in poll.items if not isinstance(i, ItemError)),
            skipped_known=poll.skipped_known,
            next_poll=poll.next_poll,
        )
        items = list(poll.items)
        if poll.error is not None:
            rep.error = f"[{poll.error.code}] {poll.error.message}"
            items.append(
                ItemError(poll.error.code, poll.error.message, ref=source.url, source=source.name)
            )
        if items:
            try:
                res = self.ingester.run(items, command=f"watch {source.name}")
            except Exception as err:
                rep.error = rep.error or f"[RASD700] {type(err).__name__}: {err}"
            else:
                rep.run_id = res.run_id
                rep.stored = res.stored
                rep.reports = res.reports
                rep.incidents_created = res.incidents_created
                rep.incidents_updated = res.incidents_updated
                rep.failed = res.failed
                rep.errors = res.errors[:20]
        rep.seconds = round(time.perf_counter() - t0, 3)
        return rep

    def warm_up(self) -> None:
        """Load the knowledge base, its lazy indexes and the near-duplicate index now,
        so the first new item is not delayed by them."""
        from rasd.extract import extract

        _ = self.ingester.near
        try:
            extract(WARM_UP_TEXT, published="2024-01-01", kb=self.ingester.kb)
        except Exception:  # a warm-up failure shows again, recorded, on the first item
            pass

    def run(
        self,
        stop_event: threading.Event | None = None,
        max_polls: int | None = None,
        on_poll: Callable[[list[PollReport]], None] | None = None,
        max_sleep: float = MAX_SLEEP,
    ) -> int:
        """Poll until ``stop_event`` is set (or ``max_polls`` cycles ran); return the cycles.

        Sleeps until the next source is due (at most ``max_sleep``, so new
        sources are picked up). A set ``stop_event`` ends the loop after the
        poll in progress.
        """
        stop = stop_event or threading.Event()
        self.warm_up()
        cycles = 0
        while not stop.is_set():
            reports = self.poll_once()
            cycles += 1
            if on_poll is not None and reports:
                on_poll(reports)
            if max_polls is not None and cycles >= max_polls:
                break
            wait = self.seconds_to_next()
            stop.wait(max_sleep if wait is None else min(max(wait, 0.05), max_sleep))
        return cycles


def install_signal_handlers(stop_event: threading.Event) -> Callable[[], None]:
    """Set ``stop_event`` on SIGINT/SIGTERM; return a function restoring the old handlers.

    Only works in the main thread (a no-op elsewhere).
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: FrameType | None) -> None:
        stop_event.set()

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, h in old.items():
            signal.signal(sig, h)

    return restore


def status(store: Store, *, runs: int = 10, settings_file: str | None = None) -> dict[str, Any]:
    """What ``rasd status`` shows: counts, the latest runs and every source's state."""
    try:
        settings = Registry(store, settings_file).settings()
    except Exception:  # status must show even with a broken settings file
        settings = {}
    return {
        "counts": store.counts(),
        "runs": [dataclasses.asdict(r) for r in store.runs(limit=runs)],
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "url": s.url,
                "language": s.language,
                "reliability": s.reliability,
                "last_polled": s.last_polled,
                "next_poll": s.next_poll,
                "failures": s.failures,
                "last_error": s.last_error,
                "settings": settings.get(s.name, SourceSettings()).to_dict(),
            }
            for s in store.list_sources()
        ],
    }
