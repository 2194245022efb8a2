"""The exporter interface, the registry of formats, and :func:`export`.

Every output format — built-in or from a plugin — is an :class:`Exporter`
subclass registered in a :class:`Registry`. Built-ins are registered through the
same path as plugins: the default registry imports each ``"module:Class"`` in
:data:`BUILTIN_EXPORTERS`, then every entry point in the ``rasd.exporters``
group, the first time it is used (never at import time).

Writing a plugin::

    class MyExporter(Exporter):
        name = "my-format"
        description = "One line shown by `rasd export --list`."
        media_type = "text/plain"
        suffix = ".txt"
        options = {"flavour": "plain"}        # accepted options and defaults

        def write(self, incidents, out, stats, **options):
            for inc in each_converted(incidents, stats, lambda i: i.id):
                out.write(inc + "\\n")

and declare it in ``pyproject.toml``::

    [project.entry-points."rasd.exporters"]
    my-format = "my_package.exporters:MyExporter"

Exporters stream: they take any iterable of incidents and write as they go,
so memory stays flat however many incidents there are.

Error codes (all :class:`~rasd.errors.ExportError`):

- ``RASD601`` unknown format
- ``RASD602`` an option the format does not accept, or a bad option value
- ``RASD603`` an optional dependency is missing (``pip install 'rasd[share]'``)
- ``RASD604`` an input line is not an incident (recorded and skipped by readers)
- ``RASD605`` the output stream cannot take this format (e.g. binary to a text stream)
- ``RASD606`` an exporter plugin failed to load
"""

from __future__ import annotations

import importlib
import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import IO, Any, ClassVar, TypeVar

from rasd.errors import ExportError
from rasd.model import Incident

T = TypeVar("T")

ENTRY_POINT_GROUP = "rasd.exporters"

BUILTIN_EXPORTERS: tuple[str, ...] = (
    "rasd.share.stix:StixExporter",
    "rasd.share.misp:MispExporter",
    "rasd.share.gtd:GtdCsvExporter",
    "rasd.share.acled:AcledCsvExporter",
    "rasd.share.plover:PloverExporter",
    "rasd.share.geojson:GeoJsonExporter",
    "rasd.share.parquet:ParquetExporter",
    "rasd.share.jsonl:JsonlExporter",
)

TLP_LEVELS: tuple[str, ...] = ("white", "green", "amber", "red")

MAX_RECORDED_FAILURES = 1000


@dataclass
class ExportStats:
    """What an export did: incidents written, skipped by the format's rules
    (e.g. arrests in a GTD table), and failed (recorded, never fatal)."""

    format: str = ""
    written: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (incident id, message)

    def fail(self, incident_id: str, error: BaseException) -> None:
        """Record one incident that could not be converted; the export goes on."""
        self.failed += 1
        if len(self.failures) < MAX_RECORDED_FAILURES:
            self.failures.append((incident_id, f"{type(error).__name__}: {error}"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "written": self.written,
            "skipped": self.skipped,
            "failed": self.failed,
            "failures": [list(f) for f in self.failures],
        }


class Exporter(ABC):
    """One output format.

    Class attributes describe the format; ``options`` lists the keyword options
    :meth:`write` accepts with their defaults (anything else is refused with
    ``RASD602`` before writing starts). Text formats (``binary = False``) get a
    text stream that writes UTF-8 without newline translation; binary formats get
    a binary stream.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    media_type: ClassVar[str]
    suffix: ClassVar[str]
    binary: ClassVar[bool] = False
    options: ClassVar[Mapping[str, Any]] = {}

    @abstractmethod
    def write(
        self, incidents: Iterable[Incident], out: IO[Any], stats: ExportStats, **options: Any
    ) -> None:
        """Write ``incidents`` to ``out``; count into ``stats``; record failures there."""

    def check_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Merge ``options`` over the defaults; refuse unknown names and bad TLP values."""
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            valid = ", ".join(sorted(self.options)) or "none"
            raise ExportError(
                f"format {self.name!r} does not accept option(s) {', '.join(unknown)}",
                code="RASD602",
                hint=f"options for {self.name}: {valid}",
            )
        merged = {**self.options, **options}
        if "tlp" in merged and merged["tlp"] not in TLP_LEVELS:
            raise ExportError(
                f"unknown TLP level {merged['tlp']!r}",
                code="RASD602",
                hint=f"use one of {', '.join(TLP_LEVELS)}",
            )
        return merged


ExporterFactory = Callable[[], Exporter]


class Registry:
    """Formats by name. ``register`` is the one way in, for built-ins and plugins alike."""

    def __init__(self) -> None:
        self._exporters: dict[str, Exporter] = {}

    def register(self, exporter: Exporter | type[Exporter], *, replace: bool = False) -> Exporter:
        """Add an exporter (instance or class). A name already taken is refused unless ``replace``."""
        instance = exporter() if isinstance(exporter, type) else exporter
        if not isinstance(instance, Exporter):
            raise ExportError(
                f"{exporter!r} is not an Exporter",
                code="RASD606",
                hint="subclass rasd.share.base.Exporter",
            )
        if instance.name in self._exporters and not replace:
            raise ExportError(
                f"export format {instance.name!r} is registered twice",
                code="RASD606",
                hint="rename the plugin's format or uninstall one of the plugins",
            )
        self._exporters[instance.name] = instance
        return instance

    def load(self, target: str) -> Exporter:
        """Import ``"package.module:Class"`` and register it."""
        module_name, _, attr = target.partition(":")
        try:
            obj = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as err:
            raise ExportError(
                f"cannot load exporter {target!r}: {err}",
                code="RASD606",
                hint="check the plugin is installed and its entry point names a class",
            ) from err
        return self.register(obj)

    def get(self, name: str) -> Exporter:
        """The exporter for ``name``, or ``RASD601`` listing the known names."""
        try:
            return self._exporters[name]
        except KeyError:
            raise ExportError(
                f"unknown export format {name!r}",
                code="RASD601",
                hint=f"use one of {', '.join(self.names())}",
            ) from None

    def names(self) -> list[str]:
        return sorted(self._exporters)

    def __iter__(self) -> Iterator[Exporter]:
        return iter([self._exporters[n] for n in self.names()])


@cache
def default_registry() -> Registry:
    """The registry of built-in formats plus installed ``rasd.exporters`` plugins (built once)."""
    reg = Registry()
    for target in BUILTIN_EXPORTERS:
        reg.load(target)
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        reg.load(ep.value)
    return reg


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name`` in the default registry."""
    return default_registry().get(name)


def export(
    incidents: Iterable[Incident],
    fmt: str,
    out: IO[Any],
    *,
    registry: Registry | None = None,
    **options: Any,
) -> ExportStats:
    """Stream ``incidents`` to ``out`` in format ``fmt``; return what was written.

    ``out`` may be a text or a binary stream: text formats written to a binary
    stream are encoded as UTF-8; a binary format (Parquet) needs a binary stream
    (``RASD605`` otherwise). Options are format-specific (see each exporter's
    ``options``); an option the format does not know is an error (``RASD602``).
    """
    exporter = (registry or default_registry()).get(fmt)
    opts = exporter.check_options(options)
    stats = ExportStats(format=exporter.name)
    if exporter.binary:
        exporter.write(incidents, _binary_stream(out, exporter.name), stats, **opts)
        return stats
    if isinstance(out, io.TextIOBase) or not _is_binary(out):
        exporter.write(incidents, out, stats, **opts)
        return stats
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        exporter.write(incidents, wrapper, stats, **opts)
        wrapper.flush()
    finally:
        wrapper.detach()
    return stats


def _is_binary(out: IO[Any]) -> bool:
    if isinstance(out, io.TextIOBase):
        return False
    if isinstance(out, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(out, "mode", ""))


def _binary_stream(out: IO[Any], name: str) -> IO[bytes]:
    if _is_binary(out):
        return out
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        return buffer
    raise ExportError(
        f"format {name!r} is binary and needs a binary output stream",
        code="RASD605",
        hint="write to a file with -o FILE, or open the stream in binary mode",
    )


def each_converted(
    incidents: Iterable[Incident], stats: ExportStats, convert: Callable[[Incident], T | None]
) -> Iterator[T]:
    """Yield ``convert(incident)`` for each incident, in order.

    ``None`` from ``convert`` means the format leaves the incident out (counted as
    skipped). An exception is recorded in ``stats`` and the incident skipped: one
    bad record never kills an export. Written counts are the caller's job.
    """
    for incident in incidents:
        try:
            item = convert(incident)
        except Exception as err:  # one bad incident is recorded and skipped
            stats.fail(getattr(incident, "id", "?"), err)
            continue
        if item is None:
            stats.skipped += 1
            continue
        yield item


def require(module: str, feature: str) -> Any:
    """Import an optional dependency or raise ``RASD603`` saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ExportError(
            f"{feature} needs the Python package {module.split('.')[0]!r}",
            code="RASD603",
            hint="pip install 'rasd[share]'",
        ) from err
