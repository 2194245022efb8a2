"""The source registry: named sources in the database, plus a small settings file.

A source (``rasd sources add NAME URL --kind feed``) is a row of the ``sources``
table: name, URL, kind, language, Admiralty reliability grade A–F, licence and
whether its text may be redistributed; the feed state (etag, last poll, next
poll, failures, last error) lives on the same row.

Per-source settings that have no column — ``interval`` (seconds between polls),
``allow_private`` (may fetch private/loopback addresses) and ``fetch_pages``
(fetch the linked page of short feed entries) — live in a YAML file beside the
database, read on every watch cycle and written only by this module::

    # rasd.sources.yaml
    sources:
      okaz-feed: {interval: 300, allow_private: false, fetch_pages: true}

Where the file is: ``$RASD_SOURCES_FILE`` if set; for a SQLite database
``PATH.sqlite`` → ``PATH.sources.yaml`` beside it; for any other database
``$XDG_CONFIG_HOME/rasd/sources-<hash of the database URL>.yaml``. A source
without an entry uses the global defaults (``rasd watch`` options). Only
non-default values are written.

Errors (``InputError``): RASD130 bad URL, RASD131 bad reliability grade,
RASD132 duplicate name, RASD133 bad name/kind/language/interval, RASD134 unknown
source, RASD135 unreadable settings file, RASD136 source still referenced.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rasd.errors import InputError
from rasd.store.records import RELIABILITY, SOURCE_KINDS

if TYPE_CHECKING:
    from rasd.store.records import SourceRow
    from rasd.store.repo import Store

ENV_SOURCES_FILE = "RASD_SOURCES_FILE"
MIN_INTERVAL = 5.0
MAX_INTERVAL = 7 * 86400.0
_NAME = re.compile(r"^[^\W][\w.\-]{0,99}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SETTING_KEYS = ("interval", "allow_private", "fetch_pages")


@dataclass(frozen=True)
class SourceSettings:
    """Per-source overrides; ``None`` means the global default."""

    interval: float | None = None
    allow_private: bool | None = None
    fetch_pages: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


# -- validation ----------------------------------------------------------------------
def validate_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise InputError(
            f"bad source name {name!r}",
            code="RASD133",
            hint="use letters, digits, '.', '-' or '_' (at most 100), starting with a letter or digit",
        )
    return name


def validate_url(url: str, kind: str) -> str:
    url = (url or "").strip()
    if kind in ("feed", "web"):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(
                f"bad URL {url!r} for a {kind} source",
                code="RASD130",
                hint="give an absolute http:// or https:// URL",
            )
        try:
            _ = parts.port
        except ValueError as err:
            raise InputError(f"bad port in URL {url!r}", code="RASD130") from err
    elif not url:
        raise InputError("empty location", code="RASD130", hint="give a path or URL")
    return url


def validate_kind(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise InputError(
            f"unknown source kind {kind!r}",
            code="RASD133",
            hint=f"use one of {', '.join(SOURCE_KINDS)}",
        )
    return kind


def validate_reliability(grade: str | None) -> str | None:
    if grade is None:
        return None
    g = grade.strip().upper()
    if g not in RELIABILITY:
        raise InputError(
            f"reliability must be an Admiralty grade A–F, got {grade!r}",
            code="RASD131",
            hint="A completely reliable … E unreliable, F cannot be judged",
        )
    return g


def validate_language(language: str | None) -> str | None:
    if language is None:
        return None
    lang = language.strip().lower()
    if not _LANGUAGE.match(lang):
        raise InputError(
            f"bad language code {language!r}", code="RASD133", hint="use an ISO 639 code: ar, en"
        )
    return lang


def validate_interval(interval: float | None) -> float | None:
    if interval is None:
        return None
    if not MIN_INTERVAL <= float(interval) <= MAX_INTERVAL:
        raise InputError(
            f"interval must be {MIN_INTERVAL:g}–{MAX_INTERVAL:g} seconds, got {interval}",
            code="RASD133",
        )
    return float(interval)


# -- the settings file -------------------------------------------------------------
def settings_path(db_url: str, explicit: str | Path | None = None) -> Path:
    """Where the per-source settings of the database at ``db_url`` live."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_SOURCES_FILE)
    if env:
        return Path(env).expanduser()
    from sqlalchemy.engine import make_url

    u = make_url(db_url)
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
        db = Path(str(u.database))
        return db.with_name(db.stem + ".sources.yaml")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "rasd"
    safe = u.set(password=None).render_as_string(hide_password=True)
    digest = hashlib.sha256(safe.encode()).hexdigest()[:12]
    return base / f"sources-{digest}.yaml"


def load_settings(path: Path) -> dict[str, SourceSettings]:
    """The per-source settings in ``path`` (an absent file means none)."""
    import yaml

    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise InputError(f"cannot read {path}: {err}", code="RASD135") from err
    sources = data.get("sources", {}) if isinstance(data, dict) else None
    if not isinstance(sources, dict):
        raise InputError(f"{path}: expected a 'sources:' mapping", code="RASD135")
    out: dict[str, SourceSettings] = {}
    for name, entry in sources.items():
        if not isinstance(entry, dict) or set(entry) - set(_SETTING_KEYS):
            raise InputError(
                f"{path}: bad entry for source {name!r}",
                code="RASD135",
                hint=f"allowed keys: {', '.join(_SETTING_KEYS)}",
            )
        for key in ("allow_private", "fetch_pages"):
            if key in entry and not isinstance(entry[key], bool):
                raise InputError(f"{path}: {name}.{key} must be true or false", code="RASD135")
        interval = entry.get("interval")
        if interval is not None and (
            isinstance(interval, bool) or not isinstance(interval, int | float)
        ):
            raise InputError(f"{path}: {name}.interval must be a number", code="RASD135")
        try:
            interval = validate_interval(interval)
        except InputError as err:
            raise InputError(f"{path}: {name}: {err.message}", code="RASD135") from err
        out[str(name)] = SourceSettings(
            interval=interval,
            allow_private=entry.get("allow_private"),
            fetch_pages=entry.get("fetch_pages"),
        )
    return out


def save_settings(path: Path, settings: dict[str, SourceSettings]) -> None:
    """Write ``settings`` to ``path`` atomically (only sources with overrides)."""
    import yaml

    body = {"sources": {name: s.to_dict() for name, s in sorted(settings.items()) if s.to_dict()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    header = "# rasd per-source settings (written by `rasd sources`; see rasd.ingest.registry)\n"
    tmp.write_text(
        header + yaml.safe_dump(body, allow_unicode=True, sort_keys=True), encoding="utf-8"
    )
    os.replace(tmp, path)


# -- the registry ------------------------------------------------------------------
class Registry:
    """The sources of one database and their settings file."""

    def __init__(self, store: Store, settings_file: str | Path | None = None) -> None:
        self.store = store
        self.path = settings_path(store.url, settings_file)

    def settings(self) -> dict[str, SourceSettings]:
        return load_settings(self.path)

    def settings_for(self, name: str) -> SourceSettings:
        return self.settings().get(name, SourceSettings())

    def add(
        self,
        name: str,
        url: str,
        *,
        kind: str = "feed",
        language: str | None = None,
        reliability: str | None = None,
        licence: str | None = None,
        redistribute: bool = False,
        interval: float | None = None,
        allow_private: bool | None = None,
        fetch_pages: bool | None = None,
    ) -> SourceRow:
        """Register a new source; raises RASD13x for bad input or a duplicate name."""
        name = validate_name(name)
        kind = validate_kind(kind)
        url = validate_url(url, kind)
        reliability = validate_reliability(reliability)
        language = validate_language(language)
        interval = validate_interval(interval)
        if self.store.get_source(name) is not None:
            raise InputError(
                f"a source named {name!r} exists",
                code="RASD132",
                hint="choose another name, or `rasd sources remove` it first",
            )
        current = self.settings()  # fail on a bad file before writing anything
        self.store.add_source(
            name,
            url=url,
            kind=kind,
            language=language,
            reliability=reliability,
            licence=licence,
            redistribute=redistribute,
        )
        extra = SourceSettings(interval, allow_private, fetch_pages)
        if extra.to_dict() or name in current:
            current[name] = extra
            save_settings(self.path, current)
        row = self.store.get_source(name)
        assert row is not None
        return row

    def list(self) -> list[tuple[SourceRow, SourceSettings]]:
        settings = self.settings()
        return [(r, settings.get(r.name, SourceSettings())) for r in self.store.list_sources()]

    def get(self, name: str) -> SourceRow:
        row = self.store.get_source(name)
        if row is None:
            raise InputError(
                f"no source named {name!r}", code="RASD134", hint="see `rasd sources list`"
            )
        return row

    def remove(self, name: str) -> None:
        """Remove a source that no stored article refers to (its error rows are kept)."""
        from sqlalchemy import delete, func, select, update

        from rasd.store import models as m

        row = self.get(name)
        with self.store.transaction() as conn:
            n = conn.execute(
                select(func.count()).select_from(m.articles).where(m.articles.c.source_id == row.id)
            ).scalar_one()
            if n:
                raise InputError(
                    f"source {name!r} has {n} stored article(s)",
                    code="RASD136",
                    hint="keep it (stop watching it by giving it a very long --interval)",
                )
            conn.execute(
                update(m.ingest_errors)
                .where(m.ingest_errors.c.source_id == row.id)
                .values(source_id=None)
            )
            conn.execute(delete(m.sources).where(m.sources.c.id == row.id))
        settings = self.settings()
        if name in settings:
            del settings[name]
            save_settings(self.path, settings)
