"""The exporter registry, options, streams and failure handling."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterable
from typing import IO, Any, ClassVar

import pytest

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share import Exporter, ExportStats, Registry, default_registry, export
from rasd.share.base import each_converted

from .factories import sample

FORMATS = ["acled-csv", "geojson", "gtd-csv", "jsonl", "misp", "parquet", "plover", "stix"]


class IdsExporter(Exporter):
    name = "ids"
    description = "incident ids, one per line"
    media_type = "text/plain"
    suffix = ".txt"
    options: ClassVar[dict[str, Any]] = {"prefix": ""}

    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        for rid in each_converted(incidents, stats, lambda i: options["prefix"] + i.id):
            out.write(rid + "\n")
            stats.written += 1


def test_builtins_are_registered() -> None:
    assert default_registry().names() == FORMATS
    for exp in default_registry():
        assert exp.description and exp.media_type and exp.suffix.startswith(".")


def test_plugin_registers_through_the_same_interface() -> None:
    reg = Registry()
    reg.register(IdsExporter)
    buf = io.StringIO()
    stats = export(sample(), "ids", buf, registry=reg, prefix="#")
    assert buf.getvalue().splitlines() == [
        "#inc-2024-0001",
        "#inc-2023-0420",
        "#inc-2024-0002",
        "#inc-bare",
    ]
    assert stats.written == 4
    with pytest.raises(ExportError) as err:
        reg.register(IdsExporter)
    assert err.value.code == "RASD606"
    reg.register(IdsExporter, replace=True)


def test_loading_a_missing_plugin_is_a_coded_error() -> None:
    with pytest.raises(ExportError) as err:
        Registry().load("rasd.share.nothing_here:Nope")
    assert err.value.code == "RASD606"


@pytest.mark.parametrize(
    ("fmt", "options", "code"),
    [
        ("csv", {}, "RASD601"),
        ("gtd-csv", {"tlp": "white"}, "RASD602"),
        ("stix", {"tlp": "purple"}, "RASD602"),
        ("stix", {"bom": True}, "RASD602"),
    ],
)
def test_bad_format_or_option(fmt: str, options: dict[str, Any], code: str) -> None:
    with pytest.raises(ExportError) as err:
        export(sample(), fmt, io.StringIO(), **options)
    assert err.value.code == code
    assert err.value.hint


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_text_formats_write_utf8_to_binary_streams(fmt: str) -> None:
    text, data = io.StringIO(), io.BytesIO()
    export(sample(), fmt, text)
    export(sample(), fmt, data)
    assert data.getvalue().decode("utf-8") == text.getvalue()


def test_failures_are_recorded_not_fatal() -> None:
    stats = ExportStats()

    def convert(inc: Incident) -> str:
        if inc.id == "inc-2023-0420":
            raise ValueError("broken record")
        return inc.id

    assert list(each_converted(sample(), stats, convert)) == [
        "inc-2024-0001",
        "inc-2024-0002",
        "inc-bare",
    ]
    assert stats.failed == 1 and stats.failures == [("inc-2023-0420", "ValueError: broken record")]
    assert stats.to_dict()["failed"] == 1


def test_import_does_no_heavy_work() -> None:
    code = (
        "import sys, rasd.share, rasd.cli.export; from rasd.share import default_registry; default_registry();"
        "heavy = {'pyarrow', 'fastapi', 'stix2', 'pymisp'} & set(sys.modules); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
