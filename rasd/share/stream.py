"""Pull-style exports for web servers: :func:`iter_export` yields the output as
byte chunks while the exporter runs in a worker thread, so an API can answer
with a streaming response (e.g. FastAPI ``StreamingResponse``) and memory stays
flat. A bounded queue makes the exporter wait for a slow client; a client that
goes away (the generator is closed) stops the export.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Generator, Iterable
from typing import Any, cast

from rasd.model import Incident
from rasd.share.base import ExportStats, Registry, default_registry, export

_DONE = object()
_POLL_SECONDS = 0.1


class _Cancelled(Exception):
    """Raised inside the worker when the consumer stopped reading."""


class _QueueSink(io.RawIOBase):
    def __init__(self, chunks: queue.Queue[object], cancelled: threading.Event) -> None:
        super().__init__()
        self._chunks = chunks
        self._cancelled = cancelled
        self._aborted = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        while True:
            if self._cancelled.is_set():
                if self._aborted:  # later writes (e.g. a flush at garbage collection) are dropped
                    return len(chunk)
                self._aborted = True
                raise _Cancelled
            try:
                self._chunks.put(chunk, timeout=_POLL_SECONDS)
                return len(chunk)
            except queue.Full:
                continue


def iter_export(
    incidents: Iterable[Incident],
    fmt: str,
    *,
    chunk_size: int = 64 * 1024,
    max_chunks: int = 16,
    registry: Registry | None = None,
    on_done: Callable[[ExportStats], None] | None = None,
    **options: Any,
) -> Generator[bytes, None, None]:
    """Yield the export of ``incidents`` in format ``fmt`` as byte chunks.

    Unknown formats and bad options raise before anything is yielded. At most
    ``max_chunks`` chunks of about ``chunk_size`` bytes wait in memory.
    ``on_done`` receives the stats when the export finishes. An error in the
    export is raised from the generator.
    """
    reg = registry or default_registry()
    reg.get(fmt).check_options(options)  # fail before streaming starts
    return _run(incidents, fmt, chunk_size, max_chunks, reg, on_done, options)


def _run(
    incidents: Iterable[Incident],
    fmt: str,
    chunk_size: int,
    max_chunks: int,
    registry: Registry,
    on_done: Callable[[ExportStats], None] | None,
    options: dict[str, Any],
) -> Generator[bytes, None, None]:
    chunks: queue.Queue[object] = queue.Queue(maxsize=max_chunks)
    cancelled = threading.Event()
    sink = io.BufferedWriter(_QueueSink(chunks, cancelled), buffer_size=chunk_size)

    def work() -> None:
        try:
            stats = export(incidents, fmt, sink, registry=registry, **options)
            sink.flush()
            if on_done is not None:
                on_done(stats)
            end: object = _DONE
        except _Cancelled:
            return
        except BaseException as err:  # handed to the consumer
            end = err
        while not cancelled.is_set():
            try:
                chunks.put(end, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    worker = threading.Thread(target=work, name=f"rasd-export-{fmt}", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield cast(bytes, item)
    finally:
        cancelled.set()
        worker.join(timeout=5)
