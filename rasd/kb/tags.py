"""Weapons and targets lexicons with GTD codes: loading, validation and matching.

The data live in ``rasd/kb/data/weapons.yaml`` and ``rasd/kb/data/targets.yaml``.
Each file has a ``meta`` block (provenance), an ``entries`` list and two optional
top-level lists of Arabic or English phrases:

``shared``
    phrases that may appear in more than one entry (otherwise an error);
``ignore``
    phrases that are matched and then dropped, so that a shorter phrase inside
    them does not fire ("وقف إطلاق النار", a ceasefire, hides "إطلاق النار").

Every entry carries a GTD code (``weaptype1`` for weapons, ``targtype1`` for
targets, see :mod:`rasd.taxonomy`). A bad file raises
:class:`~rasd.errors.KnowledgeBaseError` naming the file and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from rasd.doc import Doc, Span
from rasd.errors import KnowledgeBaseError
from rasd.kb.matcher import Match, PhraseMatcher, bare
from rasd.kb.yamlio import load_yaml
from rasd.taxonomy import GTD_TARGET_TYPES, GTD_WEAPON_TYPES
from rasd.text.normalize import key

Kind = Literal["weapons", "targets"]

GTD_TABLES: dict[str, dict[int, str]] = {
    "weapons": GTD_WEAPON_TYPES,
    "targets": GTD_TARGET_TYPES,
}

_REQUIRED_META = ("name", "version", "licence", "sources", "date")
_ENTRY_KEYS = frozenset({"id", "name", "gtd_code", "gtd_subtype", "suicide", "ar", "en"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ARABIC_RE = re.compile("[\u0621-\u064a]")
#: Payload of ``ignore`` phrases in ``matcher(with_ignore=True)``; never an entry id.
IGNORE = "<ignore>"


@dataclass(frozen=True, slots=True)
class TagEntry:
    """One weapon or target with its GTD code and the phrases that name it."""

    id: str
    name: str  # short English name used in exports ("car bomb", "mosque")
    gtd_code: int
    gtd_subtype: str | None
    suicide: bool  # weapons only: the phrase itself signals a suicide attack
    ar: tuple[str, ...]
    en: tuple[str, ...]


def phrase_key(phrase: str) -> str:
    """The key under which a phrase is indexed (words split as the matcher splits them)."""
    return " ".join(key(phrase).replace("-", " - ").split())


def overlap_key(phrase: str) -> str:
    """Phrases with the same overlap key match the same text (the article is optional).

    The matcher strips the article from the first token and compares later words
    without it, so "العبوة الناسفة" and "عبوة ناسفة" find the same words.
    """
    return " ".join(bare(w) for w in phrase_key(phrase).split())


class TagLexicon:
    """A validated weapons or targets lexicon and its phrase matcher."""

    def __init__(
        self,
        kind: Kind,
        entries: Mapping[str, TagEntry],
        *,
        ignore: Sequence[str] = (),
        meta: Mapping[str, Any] | None = None,
        source: str = "",
    ) -> None:
        self.kind: Kind = kind
        self.entries: dict[str, TagEntry] = dict(entries)
        self.ignore: tuple[str, ...] = tuple(ignore)
        self.meta: dict[str, Any] = dict(meta or {})
        self.source = source
        self._matcher: PhraseMatcher[str] | None = None
        self._full_matcher: PhraseMatcher[str] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def gtd_label(self, entry: TagEntry) -> str:
        """The GTD label of an entry's code ("Explosives", "Police" …)."""
        return GTD_TABLES[self.kind][entry.gtd_code]

    def matcher(self, *, with_ignore: bool = False) -> PhraseMatcher[str]:
        """Phrase matcher over all Arabic and English phrases; payload is the entry id.

        With ``with_ignore=True`` the ``ignore`` phrases are added too, with the
        payload :data:`IGNORE`; :meth:`matches` and :meth:`find` use that one.
        """
        if self._matcher is None:
            self._matcher = self._build(())
        if not with_ignore:
            return self._matcher
        if self._full_matcher is None:
            self._full_matcher = self._build(self.ignore)
        return self._full_matcher

    def _build(self, ignore: Sequence[str]) -> PhraseMatcher[str]:
        matcher: PhraseMatcher[str] = PhraseMatcher()
        for entry in self.entries.values():
            for phrase in (*entry.ar, *entry.en):
                matcher.add(phrase, entry.id)
        for phrase in ignore:
            matcher.add(phrase, IGNORE)
        return matcher

    def matches(self, doc: Doc) -> list[Match[str]]:
        """All matches over ``doc``, left to right, with ``ignore`` phrases applied.

        Same shape as ``matcher().find(doc)`` (payload = entry id). Matches never
        overlap: the longest phrase wins, then the form with fewer clitics
        stripped; a stretch of text won by an ``ignore`` phrase yields nothing.
        """
        return drop_ignored(self.matcher(with_ignore=True).find(doc))

    def find(self, doc: Doc, span: Span | None = None) -> list[tuple[TagEntry, Span]]:
        """Entries named in ``doc`` (or wholly inside ``span``), each once at its first match."""
        out: list[tuple[TagEntry, Span]] = []
        seen: set[str] = set()
        for m in self.matches(doc):
            if span is not None and not (
                span.norm_start <= m.span.norm_start and m.span.norm_end <= span.norm_end
            ):
                continue
            if m.payload not in seen:
                seen.add(m.payload)
                out.append((self.entries[m.payload], m.span))
        return out


def drop_ignored(found: Sequence[Match[str]]) -> list[Match[str]]:
    """Matches of a ``matcher(with_ignore=True)`` without those won by an ignore phrase."""
    ignored = {(m.first, m.last) for m in found if m.payload == IGNORE}
    return [m for m in found if (m.first, m.last) not in ignored]


# ---------------------------------------------------------------- loading and validation


def _fail(source: str, where: str, problem: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"{source}: {where}: {problem}")


def _phrases(value: Any, source: str, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise _fail(source, where, f"'{field}' must be a list of strings")
    phrases = tuple(p.strip() for p in value)
    for p in phrases:
        if not phrase_key(p):
            raise _fail(source, where, f"empty phrase in '{field}'")
    return phrases


def _parse_entry(raw: Any, index: int, kind: Kind, source: str) -> TagEntry:
    where = f"entry #{index}"
    if not isinstance(raw, dict):
        raise _fail(source, where, "an entry must be a mapping")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise _fail(source, where, f"bad id {entry_id!r} (lower-case letters, digits and '-')")
    where = f"entry {entry_id!r}"
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise _fail(source, where, f"unknown field(s) {', '.join(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, where, "missing 'name'")
    code = raw.get("gtd_code")
    table = GTD_TABLES[kind]
    if isinstance(code, bool) or not isinstance(code, int) or code not in table:
        raise _fail(source, where, f"gtd_code {code!r} is not a GTD {kind} code (1-{max(table)})")
    subtype = raw.get("gtd_subtype")
    if subtype is not None and (not isinstance(subtype, str) or not subtype.strip()):
        raise _fail(source, where, "'gtd_subtype' must be text")
    suicide = raw.get("suicide", False)
    if not isinstance(suicide, bool):
        raise _fail(source, where, "'suicide' must be true or false")
    if suicide and kind != "weapons":
        raise _fail(source, where, "'suicide' is for weapons only")
    ar = _phrases(raw.get("ar"), source, where, "ar")
    if not ar:
        raise _fail(source, where, "needs at least one Arabic phrase in 'ar'")
    for p in ar:
        if not _ARABIC_RE.search(p):
            raise _fail(source, where, f"phrase {p!r} in 'ar' has no Arabic letter")
    en = _phrases(raw.get("en"), source, where, "en")
    return TagEntry(entry_id, name.strip(), code, subtype, suicide, ar, en)


def _check_phrases(
    entries: Sequence[TagEntry], shared: set[str], ignore: Sequence[str], source: str
) -> None:
    """No phrase twice in one entry; none in two entries unless listed as shared."""
    owner: dict[str, str] = {}
    for entry in entries:
        mine: set[str] = set()
        for phrase in (*entry.ar, *entry.en):
            if phrase_key(phrase) in mine:
                raise _fail(source, f"entry {entry.id!r}", f"phrase {phrase!r} is listed twice")
            mine.add(phrase_key(phrase))
            k = overlap_key(phrase)
            other = owner.setdefault(k, entry.id)
            if other != entry.id and k not in shared:
                raise _fail(
                    source,
                    f"entry {entry.id!r}",
                    f"phrase {phrase!r} is also in entry {other!r}; "
                    "keep it in one entry or add it to the top-level 'shared' list",
                )
    for phrase in ignore:
        clash = owner.get(overlap_key(phrase))
        if clash is not None:
            raise _fail(source, "ignore", f"phrase {phrase!r} is also in entry {clash!r}")


def parse_lexicon(data: Any, kind: Kind, source: str = "<data>") -> TagLexicon:
    """Validate parsed YAML ``data`` and build a :class:`TagLexicon`."""
    if kind not in GTD_TABLES:
        raise ValueError(f"unknown lexicon kind {kind!r}; expected weapons or targets")
    if not isinstance(data, dict):
        raise _fail(source, "file", "the top level must be a mapping with 'meta' and 'entries'")
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise _fail(source, "meta", "missing 'meta' block")
    missing = [k for k in _REQUIRED_META if not meta.get(k)]
    if missing:
        raise _fail(source, "meta", f"missing {', '.join(missing)}")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise _fail(source, "entries", "missing or empty 'entries' list")
    shared = {overlap_key(p) for p in _phrases(data.get("shared"), source, "shared", "shared")}
    ignore = _phrases(data.get("ignore"), source, "ignore", "ignore")
    entries: dict[str, TagEntry] = {}
    for index, raw in enumerate(raw_entries, start=1):
        entry = _parse_entry(raw, index, kind, source)
        if entry.id in entries:
            raise _fail(source, f"entry {entry.id!r}", "duplicate id")
        entries[entry.id] = entry
    _check_phrases(list(entries.values()), shared, ignore, source)
    return TagLexicon(kind, entries, ignore=ignore, meta=meta, source=source)


def load_lexicon(path: str | Path, kind: Kind) -> TagLexicon:
    """Load and validate a lexicon file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeBaseError(f"{path}: cannot read lexicon ({err.strerror})") from err
    return _parse_text(text, kind, str(path))


def _parse_text(text: str, kind: Kind, source: str) -> TagLexicon:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(f"{source}: invalid YAML ({err})") from err
    return parse_lexicon(data, kind, source)


@lru_cache(maxsize=2)
def _packaged(kind: Kind) -> TagLexicon:
    name = f"{kind}.yaml"
    text = resources.files("rasd.kb").joinpath("data", name).read_text(encoding="utf-8")
    return _parse_text(text, kind, f"rasd/kb/data/{name}")


def load_weapons(path: str | Path | None = None) -> TagLexicon:
    """The weapons lexicon (packaged file, loaded once) or one from ``path``."""
    return _packaged("weapons") if path is None else load_lexicon(path, "weapons")


def load_targets(path: str | Path | None = None) -> TagLexicon:
    """The targets lexicon (packaged file, loaded once) or one from ``path``."""
    return _packaged("targets") if path is None else load_lexicon(path, "targets")
