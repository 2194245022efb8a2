"""Places gazetteer: countries, first-level areas and cities with Arabic names.

Data live in ``rasd/kb/data/places/`` (see its ``PROVENANCE.md``): ``countries.yaml``,
``admin1.tsv``, ``cities.tsv.gz`` (built by ``scripts/build_gazetteer.py`` from GeoNames,
CC-BY 4.0) and ``curated.yaml`` (hand-curated names and places, read at run time).
Nothing is read at import time; :func:`load_gazetteer` loads once and caches.

Names are looked up by their key-normalised form (:func:`rasd.text.normalize.key`).
A name marked *needs context* is a common word ("العين", "صور") and should only be
taken as a place after a place cue, in a dateline or when the article is about the
place's country; :meth:`Gazetteer.candidates` returns that flag on each :class:`Place`.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import KnowledgeBaseError
from rasd.kb.matcher import PhraseMatcher
from rasd.text.clitics import lookup_keys
from rasd.text.normalize import Level, key, normalize

DATA_DIR = Path(__file__).parent / "data" / "places"
KINDS = ("city", "admin1", "country")
TIER_POP = 100_000  # cities at least this big rank with admin-1 areas in resolve()
NEAR_BUCKET_KM = 50.0  # distances to ``near`` are compared in buckets of this size


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory (ISO 3166-1, plus XK for Kosovo)."""

    iso2: str
    iso3: str
    name_en: str
    name_ar: str
    variants_ar: tuple[str, ...]
    adjectives_ar: tuple[str, ...]  # nisba forms: masculine, feminine, plurals, indefinite
    gtd_region: int
    gtd_region_txt: str
    capital: str | None
    lat: float
    lon: float
    population: int = 0
    capital_id: str | None = None  # Place id of the capital city
    ambiguous_ar: tuple[str, ...] = ()  # names that are also common words or other places


@dataclass(frozen=True, slots=True)
class Place:
    """A city/town or a first-level administrative area.

    ``needs_context`` tells whether the name under which the place was looked up is a
    common word (so the same place can come back with different flags for two names).
    """

    id: str  # "gn:<geonames id>" or "cur:<slug>"
    name_en: str
    name_ar: str
    country: str  # ISO2
    admin1: str | None  # English name of the first-level area
    kind: str  # "city" | "admin1" | "country"
    lat: float
    lon: float
    population: int
    needs_context: bool = False


def adjective_forms(base: str) -> list[str]:
    """Regular forms of a nisba: "العراقي" → العراقية، العراقيين، العراقيون، عراقي …"""
    words = base.split()
    forms = [base]
    if words[-1].endswith("ي"):
        for suffix in ("ة", "ين", "ون", "ات"):
            forms.append(" ".join(w + suffix if w.endswith("ي") else w for w in words))
    out = list(forms)
    for f in forms:
        if f.startswith("ال"):
            out.append(
                " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in f.split())
            )
    return list(dict.fromkeys(out))


def _err(path: Path, entry: object, msg: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"{path.name}: entry {entry!r}: {msg}")


def _check_coords(path: Path, entry: object, lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise _err(path, entry, f"coordinates out of range ({lat}, {lon})")


def _load_countries(path: Path) -> list[Country]:
    try:
        rows = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )["countries"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise KnowledgeBaseError(f"{path.name}: cannot read countries: {err}") from err
    out: list[Country] = []
    seen: set[str] = set()
    for r in rows:
        iso2 = r.get("iso2") if isinstance(r, dict) else None
        try:
            c = Country(
                iso2=str(iso2),
                iso3=str(r["iso3"]),
                name_en=str(r["name_en"]),
                name_ar=str(r["name_ar"]),
                variants_ar=tuple(r.get("variants_ar") or ()),
                adjectives_ar=tuple(
                    f for a in r.get("adjectives_ar") or () for f in adjective_forms(a)
                ),
                gtd_region=int(r["gtd_region"]),
                gtd_region_txt=str(r["gtd_region_txt"]),
                capital=r.get("capital"),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                population=int(r.get("population") or 0),
                capital_id=r.get("capital_id"),
                ambiguous_ar=tuple(r.get("ambiguous_ar") or ()),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise _err(path, iso2, f"missing or bad field: {err}") from err
        if len(c.iso2) != 2 or c.iso2 in seen:
            raise _err(path, iso2, "iso2 must be two letters and unique")
        if not c.name_ar or not 1 <= c.gtd_region <= 12:
            raise _err(path, iso2, "needs name_ar and a gtd_region from 1 to 12")
        _check_coords(path, iso2, c.lat, c.lon)
        seen.add(c.iso2)
        out.append(c)
    return out


def _names(field: str) -> list[tuple[str, bool]]:
    return [(n[1:], True) if n.startswith("~") else (n, False) for n in field.split("|") if n]


class Gazetteer:
    """Lookup and resolution of countries and places; build with :func:`load_gazetteer`."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self._dir = data_dir
        self._countries = {c.iso2: c for c in _load_countries(data_dir / "countries.yaml")}
        self._capitals = {c.capital_id for c in self._countries.values() if c.capital_id}
        # raw rows as read (see _place); _kinds: 0 = city row, 1 = admin-1 row, 2 = curated
        self._rows: list[str] = []  # tab-separated lines; split when a Place is made
        self._kinds: list[int] = []
        self._display: list[str] = []
        self._index: dict[str, list[tuple[int, bool]]] = {}
        self._admin1_names: dict[tuple[str, str], str] = {}
        self._place_cache: dict[tuple[int, bool], Place] = {}
        self._by_id_cache: dict[str, int] | None = None
        self._admin1_index: dict[tuple[str, str], int] | None = None
        self._load_table(data_dir / "admin1.tsv", 1)
        self._load_table(data_dir / "cities.tsv.gz", 0)
        self._load_curated(data_dir / "curated.yaml")

    # ------------------------------------------------------------------ loading
    def _load_table(self, path: Path, kind: int) -> None:
        """Read ``admin1.tsv`` (kind 1) or ``cities.tsv.gz`` (kind 0) into the index.

        Keys for all names are computed with one ``key``-level translation of the
        whole names column (translation never touches the ``|`` and newline separators).
        """
        try:
            if path.suffix == ".gz":
                with gzip.open(path, "rt", encoding="utf-8") as fh:
                    text = fh.read()
            else:
                text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise KnowledgeBaseError(f"{path.name}: cannot read: {err}") from err
        tabs = 6 if kind == 1 else 7
        lines = [line for line in text.splitlines() if line and line[0] != "#"]
        for line in lines:
            if line.count("\t") != tabs:
                raise _err(path, line[:40], f"expected {tabs + 1} tab-separated fields")
        names_col = [line.rpartition("\t")[2] for line in lines]
        key_col = normalize("\n".join(names_col), Level.KEY).split("\n")
        index = self._index
        display = self._display
        base = len(self._rows)
        for j, (field, keys) in enumerate(zip(names_col, key_col, strict=True)):
            if not field:
                display.append("")
                continue
            i = base + j
            names = field.split("|")
            display.append(names[0].lstrip("~"))
            for name, k in zip(names, keys.split("|"), strict=True):
                ctx = name[0] == "~"
                if ctx:
                    k = k[1:]
                entries = index.get(k)
                if entries is None:
                    index[k] = [(i, ctx)]
                elif entries[-1][0] != i:
                    entries.append((i, ctx))
        if kind == 1:
            for line in lines:
                code, _, rest = line.partition("\t")
                self._admin1_names[(code[:2], code[3:])] = rest.split("\t", 2)[1]
        self._rows.extend(lines)
        self._kinds.extend([kind] * len(lines))

    def _by_id(self) -> dict[str, int]:
        if self._by_id_cache is None:
            ids: dict[str, int] = {}
            for i, (line, kind) in enumerate(zip(self._rows, self._kinds, strict=True)):
                r = line.split("\t", 2)
                ids[r[0] if kind == 2 else "gn:" + r[1 if kind == 1 else 0]] = i
            self._by_id_cache = ids
        return self._by_id_cache

    def _add_names(self, i: int, names: Iterable[tuple[str, bool]]) -> None:
        for name, ctx in names:
            k = key(name)
            if not k:
                continue
            if not self._display[i]:
                self._display[i] = name
            entries = self._index.setdefault(k, [])
            if all(j != i for j, _ in entries):
                entries.append((i, ctx))

    def _load_curated(self, path: Path) -> None:
        try:
            data = yaml.load(
                path.read_text(encoding="utf-8"),
                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
            )
        except (OSError, yaml.YAMLError) as err:
            raise KnowledgeBaseError(f"{path.name}: cannot read: {err}") from err
        for entry in data.get("places") or ():
            pid = str(entry.get("id", "")) if isinstance(entry, dict) else ""
            names = entry.get("names_ar") if isinstance(entry, dict) else None
            if not names or not isinstance(names, list):
                raise _err(path, pid or entry, "needs an id and a list names_ar")
            ctx = bool(entry.get("needs_context", False))
            pairs = [(str(n), ctx) for n in names]
            ids = self._by_id()
            if pid.startswith("gn:"):
                if pid not in ids:
                    raise _err(
                        path, pid, "unknown GeoNames id; rebuild with scripts/build_gazetteer.py"
                    )
                self._add_names(ids[pid], pairs)
            elif pid.startswith("cur:") and pid not in ids:
                try:
                    cc = str(entry["country"])
                    lat, lon = float(entry["lat"]), float(entry["lon"])
                    pop = int(entry.get("population") or 0)
                    fields = [pid, str(entry["name_en"]), cc, str(entry.get("admin1") or "")]
                    row = "\t".join([*fields, repr(lat), repr(lon), str(pop), ""])
                except (KeyError, TypeError, ValueError) as err:
                    raise _err(path, pid, f"missing or bad field: {err}") from err
                if cc not in self._countries:
                    raise _err(path, pid, f"unknown country {cc!r}")
                _check_coords(path, pid, lat, lon)
                i = len(self._rows)
                self._rows.append(row)
                self._kinds.append(2)
                self._display.append("")
                ids[pid] = i
                self._add_names(i, pairs)
            else:
                raise _err(path, pid, "id must be 'gn:<geonames id>' or a new 'cur:<slug>'")

    # ------------------------------------------------------------------ countries
    def country(self, iso2: str) -> Country:
        """The country with ISO code ``iso2`` (KeyError if unknown)."""
        return self._countries[iso2.upper()]

    def countries(self) -> list[Country]:
        """All countries, sorted by ISO2 code."""
        return [self._countries[k] for k in sorted(self._countries)]

    def countries_matcher(self) -> PhraseMatcher[tuple[str, str]]:
        """Country names and nisba adjectives; payload ``(iso2, "name"|"adjective")``.

        A form claimed by two countries (e.g. "سانت مارتن") is left out; a form that is
        both a name and an adjective ("السعودية") counts as a name.
        """
        names: dict[str, set[str]] = {}
        adjectives: dict[str, set[str]] = {}
        for c in self._countries.values():
            for form in (c.name_ar, *c.variants_ar):
                names.setdefault(key(form), set()).add(c.iso2)
            for form in c.adjectives_ar:
                adjectives.setdefault(key(form), set()).add(c.iso2)
        m: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
        for kind, table in (("name", names), ("adjective", adjectives)):
            for k in sorted(table):
                owners = table[k]
                if k and len(owners) == 1 and (kind == "name" or k not in names):
                    m.add(k, (next(iter(owners)), kind))
        return m

    # ------------------------------------------------------------------ places
    def _place(self, i: int, ctx: bool) -> Place:
        p = self._place_cache.get((i, ctx))
        if p is None:
            r, kind = self._rows[i].split("\t"), self._kinds[i]
            if kind == 1:  # code, geonames id, name_en, lat, lon, population, names
                p = Place("gn:" + r[1], r[2], self._display[i], r[0][:2], r[2], "admin1",
                          float(r[3]), float(r[4]), int(r[5]), ctx)  # fmt: skip
            else:  # id, name_en, country, admin1, lat, lon, population, names
                pid = r[0] if kind == 2 else "gn:" + r[0]
                a1 = r[3] if kind == 2 else self._admin1_names.get((r[2], r[3]))
                p = Place(pid, r[1], self._display[i], r[2], a1 or None, "city",
                          float(r[4]), float(r[5]), int(r[6]), ctx)  # fmt: skip
            self._place_cache[(i, ctx)] = p
        return p

    def keys(self) -> list[str]:
        """Every indexed place-name key, sorted."""
        return sorted(self._index)

    def places_matcher(self) -> PhraseMatcher[str]:
        """Matcher over every place name; the payload is the key for :meth:`candidates`."""
        m: PhraseMatcher[str] = PhraseMatcher()
        for k in self.keys():
            m.add(k, k)
        return m

    def candidates(self, key_: str) -> list[Place]:
        """All cities and admin-1 areas named ``key_`` (key-normalised), in data order."""
        return [self._place(i, ctx) for i, ctx in self._index.get(key(key_), ())]

    def place(self, place_id: str) -> Place | None:
        """The place with id ``gn:…``/``cur:…``, or None."""
        i = self._by_id().get(place_id)
        return None if i is None else self._place(i, False)

    def _lookup(self, name: str) -> list[Place]:
        """Candidates for a surface name; clitics on its first word are tried too."""
        k = key(name)
        if k in self._index:
            return self.candidates(k)
        words = k.split()
        if not words:
            return []
        for form in lookup_keys(words[0])[1:]:
            if not words[0].endswith(form) and not words[0].endswith(form[1:]):
                continue  # only forms that drop prefixes, never suffixes
            cand = " ".join([form, *words[1:]])
            if cand in self._index:
                return self.candidates(cand)
        return []

    def rank_key(
        self, p: Place, countries: Sequence[str] = (), near: tuple[float, float] | None = None
    ) -> tuple[Any, ...]:
        """Sort key used by :meth:`resolve` (smaller is better)."""
        order = {c.upper(): i for i, c in enumerate(countries)}
        ctx = order.get(p.country, len(order))
        dist = round(_haversine_km(near, (p.lat, p.lon)) / NEAR_BUCKET_KM) if near else 0
        if p.id in self._capitals:
            tier = 0
        elif p.kind == "admin1" or p.population >= TIER_POP:
            tier = 1
        else:
            tier = 2
        cpop = self._countries[p.country].population if p.country in self._countries else 0
        return (ctx, dist, tier, -cpop, p.kind != "city", -p.population, p.id)

    def resolve(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        near: tuple[float, float] | None = None,
        context: bool = True,
    ) -> Place | None:
        """The most likely place called ``name`` (surface form; clitics allowed).

        Ranking, first difference wins: a candidate in ``countries`` (earlier first);
        nearer to ``near`` (50 km buckets); a national capital, then admin-1 areas and
        cities of 100k or more, then smaller places; a bigger country; a city before an
        area; a bigger population; the id. An admin-1 area that wins over a city of the
        same name in the same area gives way to that city (the province's namesake seat).
        With ``context=False`` (no place cue or dateline), common-word names only count
        for candidates in ``countries``.
        """
        cands = self._lookup(name)
        if not context:
            wanted = {c.upper() for c in countries}
            cands = [p for p in cands if not p.needs_context or p.country in wanted]
        if not cands:
            return None
        best = min(cands, key=lambda p: self.rank_key(p, countries, near))
        if best.kind == "admin1":
            seats = [
                p
                for p in cands
                if p.kind == "city" and p.country == best.country and p.admin1 == best.name_en
            ]
            if seats:
                best = min(seats, key=lambda p: self.rank_key(p, countries, near))
        return best

    def admin1(self, country: str, name: str) -> Place | None:
        """The first-level area of ``country`` called ``name`` (Arabic or English)."""
        if self._admin1_index is None:
            idx: dict[tuple[str, str], int] = {}
            for k, entries in sorted(self._index.items()):
                for i, _ in entries:
                    if self._kinds[i] == 1:
                        idx.setdefault((self._rows[i][:2], k), i)
            for i, kind in enumerate(self._kinds):
                if kind == 1:
                    idx.setdefault((self._rows[i][:2], key(self._rows[i].split("\t")[2])), i)
            self._admin1_index = idx
        k = key(name)
        found = self._admin1_index.get((country.upper(), k))
        if found is None:
            return None
        ctx = next((c for j, c in self._index.get(k, ()) if j == found), False)
        return self._place(found, ctx)

    def stats(self) -> dict[str, int]:
        """Sizes for reporting."""
        return {
            "countries": len(self._countries),
            "admin1": self._kinds.count(1),
            "cities": len(self._kinds) - self._kinds.count(1),
            "names": len(self._index),
        }


def _haversine_km(a: tuple[float, float] | None, b: tuple[float, float]) -> float:
    if a is None:
        return 0.0
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded on first call and cached for the process.

    The parsed index is also kept on disk by :func:`rasd.kb.cache.cached`, keyed by the
    SHA-256 of the data files, so later processes skip parsing.
    """
    from rasd.kb import cache

    return cache.cached("gazetteer", lambda: Gazetteer(DATA_DIR))


__all__ = ["Country", "Gazetteer", "Place", "adjective_forms", "load_gazetteer"]
