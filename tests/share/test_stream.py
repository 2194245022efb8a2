"""iter_export: pull-style chunks for streaming HTTP responses."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator
from typing import IO, Any, ClassVar

import pytest

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share import Exporter, ExportStats, Registry, export
from rasd.share.stream import iter_export

from .factories import bombing, sample


def many(n: int) -> Iterator[Incident]:
    for i in range(n):
        inc = bombing()
        inc.id = f"inc-{i:05d}"
        yield inc


@pytest.mark.parametrize("fmt", ["stix", "parquet", "gtd-csv"])
def test_chunks_join_to_the_same_bytes(fmt: str) -> None:
    expected = io.BytesIO()
    export(sample(), fmt, expected)
    done: list[ExportStats] = []
    chunks = list(iter_export(sample(), fmt, chunk_size=512, on_done=done.append))
    assert len(chunks) > 1
    assert b"".join(chunks) == expected.getvalue()
    assert done[0].written == (2 if fmt == "gtd-csv" else 4)


def test_bad_options_fail_before_streaming() -> None:
    with pytest.raises(ExportError) as err:
        iter_export(sample(), "stix", tlp="purple")
    assert err.value.code == "RASD602"


def test_closing_early_stops_the_worker() -> None:
    gen = iter_export(many(5000), "stix", chunk_size=1024, max_chunks=2)
    first = next(gen)
    assert first.startswith(b'{"type":"bundle"')
    gen.close()
    assert not [t for t in threading.enumerate() if t.name == "rasd-export-stix"]


class Broken(Exporter):
    name = "broken"
    description = "fails half way"
    media_type = "text/plain"
    suffix = ".txt"
    options: ClassVar[dict[str, Any]] = {}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        out.write("partial\n")
        raise ExportError("disk on fire", code="RASD699")


def test_errors_surface_in_the_consumer() -> None:
    reg = Registry()
    reg.register(Broken)
    with pytest.raises(ExportError, match="disk on fire"):
        b"".join(iter_export(sample(), "broken", registry=reg))
