"""Watchlists: saved rules matched against new and updated incidents.

A :class:`Rule` combines criteria with AND; a criterion with several values
matches any of them (OR). Criteria: groups, countries (ISO alpha-2), a place
and a radius (km, haversine on the incident's coordinates), GTD target types,
incident types, keywords (matched on the ``search``-normalised article text,
title and evidence quotes, so ``أ/إ/آ``, ``ى/ي`` and diacritics do not matter),
minimum casualties (killed + wounded) and minimum confidence.

:func:`rasd.analysis.alerts.evaluate_changes` reads the change feed from the saved cursor, matches
each created or updated incident (its current version; ``merged`` entries are
followed by an ``updated`` entry of the survivor) against every active
watchlist, and writes the alerts, their outbox rows and the new cursor in ONE
transaction: a crash leaves either all of it or none. An alert is unique per
(watchlist, incident, incident version); an update of an incident that already
alerted on a watchlist fires again only when the match reason changed (say,
the casualty count crossed the threshold or a new keyword matched).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from rasd.analysis.records import IncidentFacts
from rasd.errors import InputError, StorageError
from rasd.store import models as m
from rasd.store.convert import dumps, loads
from rasd.taxonomy import GTD_TARGET_TYPES, INCIDENT_TYPES
from rasd.text.normalize import normalize

if TYPE_CHECKING:
    from rasd.store.repo import Store

CHANNELS = ("webhook", "email")
EARTH_RADIUS_KM = 6371.0088
MAX_KEYWORD = 200
_EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
_TARGETS_FOLDED = {v.casefold(): v for v in GTD_TARGET_TYPES.values()}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _strs(values: Iterable[Any] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({str(v).strip() for v in values if str(v).strip()}))


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class Rule:
    """What a watchlist looks for (see the module docstring)."""

    groups: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    near: Near | None = None
    targets: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_casualties: int | None = None
    min_confidence: float | None = None

    @classmethod
    def build(
        cls,
        *,
        groups: Iterable[str] | str | None = None,
        countries: Iterable[str] | str | None = None,
        near: tuple[float, float, float] | Near | dict[str, Any] | None = None,
        targets: Iterable[str] | str | None = None,
        types: Iterable[str] | str | None = None,
        keywords: Iterable[str] | str | None = None,
        min_casualties: int | None = None,
        min_confidence: float | None = None,
    ) -> Rule:
        """A validated rule (raises :class:`InputError` naming the bad value)."""
        cs = tuple(c.upper() for c in _strs(countries))
        for c in cs:
            if not re.fullmatch(r"[A-Z]{2}", c):
                raise InputError(f"country must be an ISO alpha-2 code, got {c!r}")
        ts = _strs(types)
        for t in ts:
            if t not in INCIDENT_TYPES:
                raise InputError(
                    f"unknown incident type {t!r}", hint=f"use one of {', '.join(INCIDENT_TYPES)}"
                )
        tg: list[str] = []
        for t in _strs(targets):
            if t.isdigit() and int(t) in GTD_TARGET_TYPES:
                tg.append(GTD_TARGET_TYPES[int(t)])
            elif t.casefold() in _TARGETS_FOLDED:
                tg.append(_TARGETS_FOLDED[t.casefold()])
            else:
                raise InputError(
                    f"unknown target type {t!r}",
                    hint="use a GTD target type name or code, e.g. Police or 3",
                )
        kws = _strs(keywords)
        for k in kws:
            if len(k) > MAX_KEYWORD or not normalize(k, "search").strip():
                raise InputError(f"keyword must be 1–{MAX_KEYWORD} characters of text: {k!r}")
        place: Near | None = None
        if near is not None:
            raw: tuple[Any, Any, Any]
            if isinstance(near, Near):
                raw = (near.lat, near.lon, near.radius_km)
            elif isinstance(near, dict):
                raw = (near.get("lat"), near.get("lon"), near.get("radius_km"))
            else:
                raw = tuple(near)  # type: ignore[assignment]
            try:
                lat, lon, radius = (float(x) for x in raw)
            except (TypeError, ValueError) as err:
                raise InputError("near needs numeric lat, lon and radius_km") from err
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < radius <= 20_000):
                raise InputError("near: lat within ±90, lon within ±180 and 0 < radius_km ≤ 20000")
            place = Near(lat, lon, radius)
        if min_casualties is not None and (
            not isinstance(min_casualties, int) or min_casualties < 0
        ):
            raise InputError("min_casualties must be a non-negative integer")
        if min_confidence is not None:
            try:
                min_confidence = float(min_confidence)
            except (TypeError, ValueError) as err:
                raise InputError("min_confidence must be a number within 0..1") from err
            if not 0.0 <= min_confidence <= 1.0:
                raise InputError("min_confidence must be within 0..1")
        rule = cls(
            groups=_strs(groups),
            countries=cs,
            near=place,
            targets=tuple(sorted(set(tg))),
            types=ts,
            keywords=kws,
            min_casualties=min_casualties,
            min_confidence=min_confidence,
        )
        if rule.is_empty():
            raise InputError(
                "a watchlist needs at least one criterion",
                hint="give --group, --country, --near, --target, --type, --keyword, "
                "--min-casualties or --min-confidence",
            )
        return rule

    def is_empty(self) -> bool:
        return not (
            self.groups
            or self.countries
            or self.near
            or self.targets
            or self.types
            or self.keywords
            or self.min_casualties is not None
            or self.min_confidence is not None
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("groups", "countries", "targets", "types", "keywords"):
            d[k] = list(d[k])
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rule:
        return cls.build(
            groups=d.get("groups"),
            countries=d.get("countries"),
            near=d.get("near"),
            targets=d.get("targets"),
            types=d.get("types"),
            keywords=d.get("keywords"),
            min_casualties=d.get("min_casualties"),
            min_confidence=d.get("min_confidence"),
        )

    def match(self, f: IncidentFacts, texts: Callable[[], Sequence[str]]) -> str | None:
        """The reason ``f`` matches (``None`` if it does not). ``texts`` returns the
        normalised texts for keyword matching; it is only called when needed."""
        why: list[str] = []
        if self.groups:
            folded = {g.casefold() for g in self.groups}
            hit = [g for g in f.groups if g.casefold() in folded]
            if not hit:
                return None
            why.append("group " + ", ".join(hit))
        if self.countries:
            if f.country not in self.countries:
                return None
            why.append(f"country {f.country}")
        if self.types:
            if f.type not in self.types:
                return None
            why.append(f"type {f.type}")
        if self.targets:
            hit = [t for t in f.targets if t in self.targets]
            if not hit:
                return None
            why.append("target " + ", ".join(hit))
        if self.near:
            if f.lat is None or f.lon is None:
                return None
            d = haversine_km(self.near.lat, self.near.lon, f.lat, f.lon)
            if d > self.near.radius_km:
                return None
            why.append(f"{d:.0f} km from ({self.near.lat:g}, {self.near.lon:g})")
        if self.min_casualties is not None:
            cas = (f.killed or 0) + (f.wounded or 0)
            if cas < self.min_casualties:
                return None
            why.append(f"casualties {cas} ≥ {self.min_casualties}")
        if self.min_confidence is not None:
            if f.confidence < self.min_confidence:
                return None
            why.append(f"confidence {f.confidence:.2f} ≥ {self.min_confidence:.2f}")
        if self.keywords:
            corpus = texts()
            hit = [k for k in self.keywords if keyword_in(k, corpus)]
            if not hit:
                return None
            why.append("keyword " + ", ".join(hit))
        return "; ".join(why)


def keyword_in(keyword: str, texts: Sequence[str]) -> bool:
    """Whether the ``search``-normalised keyword occurs in any (normalised) text."""
    k = normalize(keyword, "search").casefold().strip()
    return bool(k) and any(k in t for t in texts)


# -- channels ---------------------------------------------------------------------------------


def make_channels(
    webhooks: Iterable[str] = (), secret: str | None = None, emails: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Validated delivery channels. A webhook needs a secret (to sign its payloads)."""
    out: list[dict[str, Any]] = []
    for url in webhooks:
        if not re.match(r"^https?://[^\s/]+", url or ""):
            raise InputError(f"webhook must be an http(s) URL, got {url!r}")
        if not secret:
            raise InputError("a webhook needs --secret (the HMAC-SHA256 signing key)")
        out.append({"channel": "webhook", "target": url, "secret": secret})
    for addr in emails:
        if not _EMAIL_RE.match(addr or ""):
            raise InputError(f"not an e-mail address: {addr!r}")
        out.append({"channel": "email", "target": addr})
    return out


@dataclass(frozen=True)
class Watchlist:
    id: int
    name: str
    rule: Rule
    channels: list[dict[str, Any]] = field(default_factory=list)
    active: bool = True
    created_at: str = ""
    removed_at: str | None = None

    def to_dict(self, *, secrets: bool = False) -> dict[str, Any]:
        chans = [
            {k: (v if secrets or k != "secret" else "***") for k, v in c.items()}
            for c in self.channels
        ]
        return {
            "id": self.id,
            "name": self.name,
            "rule": self.rule.to_dict(),
            "channels": chans,
            "active": self.active,
            "created_at": self.created_at,
            "removed_at": self.removed_at,
        }


def watchlist_from_row(row: Any) -> Watchlist:
    return Watchlist(
        id=int(row["id"]),
        name=row["name"],
        rule=Rule.from_dict(loads(row["rule"], {})),
        channels=loads(row["channels"], []),
        active=bool(row["active"]),
        created_at=row["created_at"],
        removed_at=row["removed_at"],
    )


def add_watchlist(
    store: Store, name: str, rule: Rule, channels: Sequence[dict[str, Any]] = ()
) -> Watchlist:
    """Save a watchlist; names are unique among active watchlists."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise InputError("a watchlist needs a name of 1–200 characters")
    w = m.watchlists
    with store.transaction() as conn:
        dup = conn.execute(select(w.c.id).where(w.c.name == name, w.c.active.is_(True))).scalar()
        if dup is not None:
            raise InputError(
                f"a watchlist named {name!r} exists (id {dup})",
                hint="remove it first or pick another name",
            )
        res = conn.execute(
            w.insert().values(
                name=name,
                rule=dumps(rule.to_dict()),
                channels=dumps(list(channels)),
                active=True,
                created_at=store.now(),
            )
        )
        key = res.inserted_primary_key
        assert key is not None
        row = conn.execute(select(w).where(w.c.id == int(key[0]))).mappings().one()
    return watchlist_from_row(row)


def list_watchlists(store: Store, *, include_removed: bool = False) -> list[Watchlist]:
    w = m.watchlists
    q = select(w).order_by(w.c.id)
    if not include_removed:
        q = q.where(w.c.active.is_(True))
    with store.reading() as conn:
        return [watchlist_from_row(r) for r in conn.execute(q).mappings()]


def get_watchlist(store: Store, ref: int | str) -> Watchlist:
    """An active watchlist by id or name (:class:`StorageError` "no watchlist" if none)."""
    w = m.watchlists
    cond = w.c.id == int(ref) if str(ref).isdigit() else w.c.name == str(ref)
    with store.reading() as conn:
        row = conn.execute(select(w).where(cond, w.c.active.is_(True))).mappings().first()
    if row is None:
        raise StorageError(f"no watchlist {ref!r}", hint="list them with `rasd watchlist list`")
    return watchlist_from_row(row)


def remove_watchlist(store: Store, ref: int | str) -> Watchlist:
    """Deactivate a watchlist (its alerts stay); pending deliveries are still sent."""
    wl = get_watchlist(store, ref)
    with store.transaction() as conn:
        conn.execute(
            update(m.watchlists)
            .where(m.watchlists.c.id == wl.id)
            .values(active=False, removed_at=store.now())
        )
    return get_watchlist_any(store, wl.id)


def get_watchlist_any(store: Store, wid: int) -> Watchlist:
    with store.reading() as conn:
        row = conn.execute(select(m.watchlists).where(m.watchlists.c.id == wid)).mappings().one()
    return watchlist_from_row(row)
