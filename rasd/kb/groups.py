"""Armed-group and security-agency registries: loading, validation, phrase matchers.

The data live in ``rasd/kb/data/groups.yaml`` and ``rasd/kb/data/agencies.yaml``
(see their ``meta`` blocks). Loading validates every entry and fails with a
:class:`~rasd.errors.KnowledgeBaseError` that names the file and the entry.

Rules checked on load:

* required fields are present and typed; unknown fields are refused;
* ids are unique slugs; parents exist and form no cycle;
* countries are ISO 3166-1 alpha-2 codes; dates are ``YYYY[-MM[-DD]]`` strings;
* every group has an Arabic and an English name;
* no form (key-normalised) is used by two groups unless it is declared in
  ``shared_aliases`` with a default winner;
* no form is used by two agencies, nor by a group and an agency.

A group's canonical ``name`` never changes; :meth:`Group.name_on` gives the name
that was valid on a date (e.g. Jabhat al-Nusra → Hayat Tahrir al-Sham).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import KnowledgeBaseError
from rasd.kb.matcher import PhraseMatcher
from rasd.text.normalize import key

GROUPS_FILE = "groups.yaml"
AGENCIES_FILE = "agencies.yaml"
GROUP_KINDS = frozenset(
    "jihadist separatist militia leftist nationalist sectarian far-right other".split()
)
AGENCY_KINDS = frozenset("police army intelligence ministry judiciary official generic".split())
#: Match kinds carried in a group matcher payload ``(group_id, kind)``.
FORM_KINDS = ("alias", "member", "context")
#: Latin forms shorter than this are kept in the data but not indexed ("IS", "AQ").
MIN_LATIN_KEY = 3

# ISO 3166-1 alpha-2: the 249 officially assigned codes.
_ISO_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO3166_ALPHA2: frozenset[str] = frozenset(_ISO_CODES.split())

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[A-Za-z]")

_GROUP_REQUIRED = tuple("id name name_ar aliases_ar aliases_en countries active kind".split())
_GROUP_OPTIONAL = tuple(
    "member_forms_ar parent affiliation wikidata names_by_date context_required_ar".split()
)
_AGENCY_FIELDS = tuple("id name name_ar aliases_ar country kind".split())


# --------------------------------------------------------------------------- dates


def _bounds(value: str) -> tuple[date, date]:
    """First and last day of a ``YYYY[-MM[-DD]]`` string; ``ValueError`` if invalid."""
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    if m.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(m.group(2))
    if m.group(3) is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(m.group(3)))
    return day, day


@dataclass(frozen=True, slots=True)
class NamedPeriod:
    """A name a group used over a period; both ends inclusive at their precision."""

    name: str
    name_ar: str
    valid_from: str | None
    valid_to: str | None

    def covers(self, day: date) -> bool:
        if self.valid_from is not None and day < _bounds(self.valid_from)[0]:
            return False
        return self.valid_to is None or day <= _bounds(self.valid_to)[1]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Group:
    """One armed group. ``name`` is the canonical English name used in gold data."""

    id: str
    name: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    member_forms_ar: tuple[str, ...]
    parent: str | None
    affiliation: str | None
    wikidata: str | None
    countries: tuple[str, ...]
    active_from: str | None
    active_to: str | None
    names_by_date: tuple[NamedPeriod, ...]
    kind: str
    context_required_ar: tuple[str, ...]

    def _period_on(self, when: str | None) -> NamedPeriod | None:
        if when is None:
            return None
        day = _bounds(when)[0]
        return next((p for p in self.names_by_date if p.covers(day)), None)

    def name_on(self, date: str | None) -> str:
        """English name valid on ``date`` (``YYYY[-MM[-DD]]``, partial dates taken at
        their first day); the canonical ``name`` when no dated name covers it."""
        period = self._period_on(date)
        return period.name if period else self.name

    def name_ar_on(self, date: str | None) -> str:
        """Arabic counterpart of :meth:`name_on`."""
        period = self._period_on(date)
        return period.name_ar if period else self.name_ar

    def form_lists(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Surface forms by kind: names, aliases and dated names are ``alias``."""
        dated = tuple(n for p in self.names_by_date for n in (p.name, p.name_ar))
        names = (self.name, self.name_ar, *self.aliases_ar, *self.aliases_en, *dated)
        return (
            ("alias", names),
            ("member", self.member_forms_ar),
            ("context", self.context_required_ar),
        )

    def forms(self) -> list[tuple[str, str]]:
        """Every surface form with its kind (alias, member, context), first per key."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for kind, forms in self.form_lists():
            for form in forms:
                k = form_key(form)
                if k and k not in seen:
                    seen.add(k)
                    out.append((form, kind))
        return out


@dataclass(frozen=True, slots=True)
class SharedAlias:
    """A form deliberately used by several groups; the matcher gives it to ``default``."""

    alias: str
    ids: tuple[str, ...]
    default: str
    reason: str


@dataclass(frozen=True, slots=True)
class Agency:
    """A security agency, armed force or official body: never a perpetrator."""

    id: str
    name: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    country: str | None
    kind: str

    def forms(self) -> list[str]:
        """Arabic and English surface forms, first per key."""
        seen: set[str] = set()
        out: list[str] = []
        for form in (self.name, self.name_ar, *self.aliases_ar):
            k = form_key(form)
            if k and k not in seen:
                seen.add(k)
                out.append(form)
        return out


def form_key(form: str) -> str:
    """Key of a surface form as the matcher sees it (key-normalised, hyphens spaced)."""
    return " ".join(key(form).replace("-", " - ").split())


def _indexable(form: str) -> bool:
    k = form_key(form)
    return not (_LATIN.search(k) and len(k) < MIN_LATIN_KEY)


# --------------------------------------------------------------------------- registries


class GroupRegistry:
    """Groups by id with parent links, shared aliases and a lazily built matcher."""

    def __init__(
        self, groups: Iterable[Group], shared: Iterable[SharedAlias] = (), source: str = "<memory>"
    ) -> None:
        self.groups: tuple[Group, ...] = tuple(groups)
        self.by_id: dict[str, Group] = {g.id: g for g in self.groups}
        self.shared_aliases: dict[str, SharedAlias] = {form_key(s.alias): s for s in shared}
        self.source = source
        self._matcher: PhraseMatcher[tuple[str, str]] | None = None
        self._by_key: dict[str, str] | None = None

    def __len__(self) -> int:
        return len(self.groups)

    def __iter__(self) -> Iterator[Group]:
        return iter(self.groups)

    def __contains__(self, group_id: object) -> bool:
        return group_id in self.by_id

    def get(self, group_id: str) -> Group:
        """The group with ``group_id``; ``KeyError`` if unknown."""
        try:
            return self.by_id[group_id]
        except KeyError:
            raise KeyError(f"unknown group id {group_id!r} in {self.source}") from None

    def ancestors(self, group_id: str) -> list[Group]:
        """Parent, grandparent, ... of a group (nearest first, the group excluded)."""
        out: list[Group] = []
        parent = self.get(group_id).parent
        while parent is not None:
            group = self.get(parent)
            out.append(group)
            parent = group.parent
        return out

    def alternatives(self, form: str) -> tuple[str, ...]:
        """Ids of every group using ``form``: several for a shared alias, else one or none."""
        shared = self.shared_aliases.get(form_key(form))
        if shared is not None:
            return shared.ids
        group = self.resolve(form)
        return (group.id,) if group else ()

    def resolve(self, form: str) -> Group | None:
        """The group a name or alias denotes (the default winner for a shared alias)."""
        if self._by_key is None:
            by_key: dict[str, str] = {}
            for group in self.groups:
                for f, _ in group.forms():
                    by_key.setdefault(form_key(f), group.id)
            for k, shared in self.shared_aliases.items():
                by_key[k] = shared.default
            self._by_key = by_key
        group_id = self._by_key.get(form_key(form))
        return self.by_id[group_id] if group_id else None

    def matcher(self) -> PhraseMatcher[tuple[str, str]]:
        """Phrase matcher with payload ``(group_id, kind)``, kind in :data:`FORM_KINDS`.

        Shared aliases go to their default winner only; Latin forms shorter than
        :data:`MIN_LATIN_KEY` characters are not indexed.
        """
        if self._matcher is None:
            m: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
            for group in self.groups:
                for form, kind in group.forms():
                    shared = self.shared_aliases.get(form_key(form))
                    if (shared is None or shared.default == group.id) and _indexable(form):
                        m.add(form, (group.id, kind))
            self._matcher = m
        return self._matcher


class AgencyRegistry:
    """Agencies by id with a lazily built matcher (payload: agency id)."""

    def __init__(self, agencies: Iterable[Agency], source: str = "<memory>") -> None:
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self.by_id: dict[str, Agency] = {a.id: a for a in self.agencies}
        self.source = source
        self._matcher: PhraseMatcher[str] | None = None

    def __len__(self) -> int:
        return len(self.agencies)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.agencies)

    def get(self, agency_id: str) -> Agency:
        """The agency with ``agency_id``; ``KeyError`` if unknown."""
        try:
            return self.by_id[agency_id]
        except KeyError:
            raise KeyError(f"unknown agency id {agency_id!r} in {self.source}") from None

    def matcher(self) -> PhraseMatcher[str]:
        if self._matcher is None:
            m: PhraseMatcher[str] = PhraseMatcher()
            for agency in self.agencies:
                for form in agency.forms():
                    if _indexable(form):
                        m.add(form, agency.id)
            self._matcher = m
        return self._matcher


# --------------------------------------------------------------------------- validation


class _Entry:
    """Typed access to one mapping of a data file, with errors naming the entry."""

    def __init__(self, raw: Any, where: str, allowed: Iterable[str]) -> None:
        if not isinstance(raw, dict):
            raise KnowledgeBaseError(f"{where}: expected a mapping, got {type(raw).__name__}")
        self.raw = raw
        self.where = where
        unknown = sorted(set(map(str, raw)) - set(allowed))
        if unknown:
            raise KnowledgeBaseError(f"{where}: unknown field(s) {', '.join(unknown)}")

    def fail(self, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self.where}: {message}")

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise self.fail(f"missing required field '{name}'")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"field '{name}' must be a non-empty string, got {value!r}")
        return value.strip()

    def req(self, name: str) -> str:
        value = self.text(name)
        assert value is not None
        return value

    def texts(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        if name not in self.raw:
            if required:
                raise self.fail(f"missing required field '{name}'")
            return ()
        value = self.raw[name]
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"field '{name}' must be a list of non-empty strings, got {value!r}")
        return tuple(v.strip() for v in value)

    def date(self, value: Any, label: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{label} must be a quoted string YYYY[-MM[-DD]], got {value!r}")
        try:
            _bounds(value)
        except ValueError as err:
            raise self.fail(f"{label}: {err}") from err
        return value

    def period(self, raw: Any, label: str) -> tuple[str | None, str | None]:
        if not isinstance(raw, dict) or set(raw) - {"from", "to"}:
            raise self.fail(f"{label} must be a mapping with keys 'from' and 'to', got {raw!r}")
        start = self.date(raw.get("from"), f"{label}.from")
        end = self.date(raw.get("to"), f"{label}.to")
        if start and end and _bounds(start)[0] > _bounds(end)[1]:
            raise self.fail(f"{label}: 'from' {start} is after 'to' {end}")
        return start, end

    def country(self, code: Any) -> str:
        if not isinstance(code, str) or code not in ISO3166_ALPHA2:
            hint = ' (YAML reads an unquoted NO as false: write "NO")' if code is False else ""
            raise self.fail(f"{code!r} is not an ISO 3166-1 alpha-2 country code{hint}")
        return code

    def countries(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if not isinstance(value, list) or not value:
            raise self.fail(f"field '{name}' must be a non-empty list of ISO 3166-1 codes")
        return tuple(self.country(c) for c in value)


def _overlap(a: NamedPeriod, b: NamedPeriod) -> bool:
    lo = date.min
    hi = date.max
    a0 = _bounds(a.valid_from)[0] if a.valid_from else lo
    a1 = _bounds(a.valid_to)[1] if a.valid_to else hi
    b0 = _bounds(b.valid_from)[0] if b.valid_from else lo
    b1 = _bounds(b.valid_to)[1] if b.valid_to else hi
    return a0 <= b1 and b0 <= a1


def _names(entry: _Entry) -> tuple[str, str]:
    name, name_ar = entry.req("name"), entry.req("name_ar")
    if not _LATIN.search(name):
        raise entry.fail(f"'name' must be an English name, got {name!r}")
    if not _ARABIC.search(name_ar):
        raise entry.fail(f"'name_ar' must be an Arabic name, got {name_ar!r}")
    return name, name_ar


def _entry_id(raw: Any, where: str) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(ident, str) or not _SLUG.match(ident):
        raise KnowledgeBaseError(
            f"{where}: 'id' must be a slug like 'islamic-state', got {ident!r}"
        )
    return ident


def _parse_group(raw: Any, where: str) -> Group:
    e = _Entry(raw, where, _GROUP_REQUIRED + _GROUP_OPTIONAL)
    for name in _GROUP_REQUIRED:
        if name not in e.raw:
            raise e.fail(f"missing required field '{name}'")
    name, name_ar = _names(e)
    kind = e.req("kind")
    if kind not in GROUP_KINDS:
        raise e.fail(f"kind {kind!r} is not one of {', '.join(sorted(GROUP_KINDS))}")
    wikidata = e.text("wikidata", required=False)
    if wikidata is not None and not _WIKIDATA.match(wikidata):
        raise e.fail(f"wikidata {wikidata!r} is not a Q-id")
    active_from, active_to = e.period(e.raw["active"], "active")
    periods = e.raw.get("names_by_date") or []
    if not isinstance(periods, list):
        raise e.fail("'names_by_date' must be a list")
    dated: list[NamedPeriod] = []
    for i, p in enumerate(periods):
        sub = _Entry(p, f"{where} names_by_date[{i}]", ("name", "name_ar", "from", "to"))
        start, end = sub.period({"from": p.get("from"), "to": p.get("to")}, "period")
        period = NamedPeriod(*_names(sub), start, end)
        for prev in dated:
            if _overlap(prev, period):
                raise sub.fail(f"period overlaps the one of {prev.name!r}")
        dated.append(period)
    group = Group(
        id=_entry_id(raw, where),
        name=name,
        name_ar=name_ar,
        aliases_ar=e.texts("aliases_ar"),
        aliases_en=e.texts("aliases_en"),
        member_forms_ar=e.texts("member_forms_ar", required=False),
        parent=e.text("parent", required=False),
        affiliation=e.text("affiliation", required=False),
        wikidata=wikidata,
        countries=e.countries("countries"),
        active_from=active_from,
        active_to=active_to,
        names_by_date=tuple(dated),
        kind=kind,
        context_required_ar=e.texts("context_required_ar", required=False),
    )
    _check_own_forms(group, e)
    return group


def _check_own_forms(group: Group, e: _Entry) -> None:
    """A form may be an alias, a member word or a context form, not two of them."""
    owner: dict[str, str] = {}
    for label, forms in group.form_lists():
        for form in forms:
            prev = owner.setdefault(form_key(form), label)
            if prev != label:
                raise e.fail(f"form {form!r} is listed as {prev} and as {label}; list it once")


def _check_parents(groups: list[Group], source: str) -> None:
    by_id = {g.id: g for g in groups}
    for g in groups:
        if g.parent is not None and g.parent not in by_id:
            raise KnowledgeBaseError(
                f"{source}: group {g.id!r}: parent {g.parent!r} does not exist"
            )
    for g in groups:
        seen = {g.id}
        parent = g.parent
        while parent is not None:
            if parent in seen:
                raise KnowledgeBaseError(f"{source}: group {g.id!r}: parent chain has a cycle")
            seen.add(parent)
            parent = by_id[parent].parent


def _parse_shared(data: dict[str, Any], ids: set[str], source: str) -> list[SharedAlias]:
    raw = data.get("shared_aliases") or []
    if not isinstance(raw, list):
        raise KnowledgeBaseError(f"{source}: 'shared_aliases' must be a list")
    out: list[SharedAlias] = []
    for i, item in enumerate(raw):
        e = _Entry(item, f"{source}: shared_aliases[{i}]", ("alias", "ids", "default", "reason"))
        alias, default, reason = e.req("alias"), e.req("default"), e.req("reason")
        members = e.texts("ids")
        if len(set(members)) < 2:
            raise e.fail("'ids' must list at least two different groups")
        for ident in members:
            if ident not in ids:
                raise e.fail(f"group {ident!r} does not exist")
        if default not in members:
            raise e.fail(f"default {default!r} is not one of ids")
        out.append(SharedAlias(alias, members, default, reason))
    return out


def _check_shared_forms(groups: list[Group], shared: list[SharedAlias], source: str) -> None:
    users: dict[str, list[tuple[str, str]]] = {}
    for g in groups:
        for form, _ in g.forms():
            users.setdefault(form_key(form), []).append((g.id, form))
    declared = {form_key(s.alias): s for s in shared}
    for k, used in users.items():
        ids = [i for i, _ in used]
        decl = declared.get(k)
        if len(ids) > 1 and (decl is None or set(decl.ids) != set(ids)):
            raise KnowledgeBaseError(
                f"{source}: alias {used[1][1]!r} is used by groups {ids[0]!r} and {ids[1]!r}"
                + (f" (and {len(ids) - 2} more)" if len(ids) > 2 else "")
                + "; declare it under shared_aliases (alias, ids, default, reason)"
                " or remove it from one group"
            )
    for k, decl in declared.items():
        found = {i for i, _ in users.get(k, [])}
        missing = sorted(set(decl.ids) - found)
        if missing:
            raise KnowledgeBaseError(
                f"{source}: shared alias {decl.alias!r} is not listed by group(s) {', '.join(missing)}"
            )


def _parse_groups(data: Any, source: str) -> tuple[list[Group], list[SharedAlias]]:
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise KnowledgeBaseError(f"{source}: expected a mapping with a 'groups' list")
    _check_meta(data, source)
    groups: list[Group] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["groups"]):
        ident = raw.get("id") if isinstance(raw, dict) else None
        group = _parse_group(raw, f"{source}: groups[{i}] (id {ident!r})")
        if group.id in seen:
            raise KnowledgeBaseError(f"{source}: groups[{i}]: duplicate id {group.id!r}")
        seen.add(group.id)
        groups.append(group)
    _check_parents(groups, source)
    shared = _parse_shared(data, seen, source)
    _check_shared_forms(groups, shared, source)
    return groups, shared


def _check_meta(data: dict[str, Any], source: str) -> None:
    meta = data.get("meta")
    if not isinstance(meta, dict) or not all(meta.get(f) for f in ("name", "version", "licence")):
        raise KnowledgeBaseError(
            f"{source}: a 'meta' block with name, version and licence is required"
        )


def validate_groups(data: dict[str, Any], source: str) -> list[Group]:
    """Validate parsed ``groups.yaml`` data; return its groups in file order.

    Raises :class:`KnowledgeBaseError` naming ``source`` and the offending entry.
    """
    return _parse_groups(data, source)[0]


def validate_agencies(data: dict[str, Any], source: str) -> list[Agency]:
    """Validate parsed ``agencies.yaml`` data; return its agencies in file order."""
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise KnowledgeBaseError(f"{source}: expected a mapping with an 'agencies' list")
    _check_meta(data, source)
    out: list[Agency] = []
    seen: set[str] = set()
    owners: dict[str, str] = {}
    for i, raw in enumerate(data["agencies"]):
        ident = raw.get("id") if isinstance(raw, dict) else None
        where = f"{source}: agencies[{i}] (id {ident!r})"
        e = _Entry(raw, where, _AGENCY_FIELDS)
        for name in _AGENCY_FIELDS:
            if name not in e.raw:
                raise e.fail(f"missing required field '{name}'")
        kind = e.req("kind")
        if kind not in AGENCY_KINDS:
            raise e.fail(f"kind {kind!r} is not one of {', '.join(sorted(AGENCY_KINDS))}")
        country = e.raw["country"]
        name, name_ar = _names(e)
        agency = Agency(
            id=_entry_id(raw, where),
            name=name,
            name_ar=name_ar,
            aliases_ar=e.texts("aliases_ar"),
            country=None if country is None else e.country(country),
            kind=kind,
        )
        if agency.id in seen:
            raise e.fail(f"duplicate id {agency.id!r}")
        seen.add(agency.id)
        for form in agency.forms():
            prev = owners.setdefault(form_key(form), agency.id)
            if prev != agency.id:
                raise e.fail(f"alias {form!r} is also used by agency {prev!r}")
        out.append(agency)
    return out


def check_disjoint(groups: GroupRegistry, agencies: AgencyRegistry) -> None:
    """Fail if a group form equals an agency form (key-normalised)."""
    agency_keys = {form_key(f): a.id for a in agencies for f in a.forms()}
    for group in groups:
        for form, _ in group.forms():
            agency = agency_keys.get(form_key(form))
            if agency is not None:
                raise KnowledgeBaseError(
                    f"{groups.source}: group {group.id!r} form {form!r} is also an alias of"
                    f" agency {agency!r} in {agencies.source}; agencies are never perpetrators,"
                    " remove it from one of them"
                )


# --------------------------------------------------------------------------- loading


def _read(path: Path | None, name: str) -> tuple[str, str]:
    """Text and display name of a data file (the packaged one when ``path`` is None)."""
    if path is None:
        ref = resources.files("rasd.kb") / "data" / name
        return ref.read_text(encoding="utf-8"), f"rasd/kb/data/{name}"
    try:
        return Path(path).read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeBaseError(f"{path}: cannot read ({err})") from err


def _yaml(text: str, source: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader (C or Python)
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(f"{source}: invalid YAML ({err})") from err


@lru_cache(maxsize=8)
def _agencies_from(text: str, source: str) -> AgencyRegistry:
    return AgencyRegistry(validate_agencies(_yaml(text, source), source), source)


@lru_cache(maxsize=8)
def _groups_from(text: str, source: str, agencies_text: str, agencies_source: str) -> GroupRegistry:
    groups, shared = _parse_groups(_yaml(text, source), source)
    registry = GroupRegistry(groups, shared, source)
    check_disjoint(registry, _agencies_from(agencies_text, agencies_source))
    return registry


def load_agencies(path: Path | None = None) -> AgencyRegistry:
    """Load and validate an agency file (default: the packaged one); cached by content."""
    return _agencies_from(*_read(path, AGENCIES_FILE))


def load_groups(path: Path | None = None, *, agencies_path: Path | None = None) -> GroupRegistry:
    """Load and validate a group file (default: the packaged one); cached by content.

    Group forms are checked against the agencies of ``agencies_path`` (default:
    the packaged agency file).
    """
    return _groups_from(*_read(path, GROUPS_FILE), *_read(agencies_path, AGENCIES_FILE))
