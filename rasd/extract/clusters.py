"""Clusters of mentions that tell one incident, and when two clusters are the same event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rasd.extract.acts import ATTACK_ORDER
from rasd.extract.mentions import Mention
from rasd.taxonomy import ATTACK_TYPES
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

TYPE_RANK = {t: i for i, t in enumerate(ATTACK_ORDER)}


def family(type_: str) -> str:
    if type_ in ATTACK_TYPES:
        return "attack"
    return type_


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def family(self) -> str:
        return family(self.first.type)

    def city(self) -> str | None:
        for m in self.mentions:
            for p in m.places:
                if p.location.city:
                    return p.location.city
        return None

    def country(self) -> str | None:
        for m in self.mentions:
            for p in sorted(m.places, key=lambda p: p.rank):
                if p.location.country:
                    return p.location.country
        return None

    def province(self) -> str | None:
        for m in self.mentions:
            for p in m.places:
                if p.location.province:
                    return p.location.province
        return None

    def dates(self) -> list[str]:
        """Dates of the incident (a date that only dates a statement is left out)."""
        return [m.date.value for m in self.mentions if m.date and not m.date_of_statement]

    def killed(self) -> set[int]:
        out: set[int] = set()
        for m in self.mentions:
            c = m.count("killed")
            if c is not None and c.value:
                out.add(c.value)
        return out

    def day(self) -> str | None:
        for m in self.mentions:
            if m.date and m.date.precision == "day" and not m.date_of_statement:
                return m.date.value
        return None

    @property
    def background(self) -> bool:
        return all(m.background for m in self.mentions)

    @property
    def score(self) -> float:
        return max(m.score for m in self.mentions) + 0.05 * min(4, len(self.mentions) - 1)


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def compatible(c: Cluster, m: Mention) -> bool:
    if family(m.type) != c.family:
        return False
    if m.background != c.background:
        return False
    city = next((p.location.city for p in m.places if p.location.city), None)
    if city and c.city() and city != c.city():
        return False
    country = next((p.location.country for p in sorted(m.places, key=lambda p: p.rank)), None)
    if country and c.country() and country != c.country():
        return False
    if (
        m.date
        and m.date.precision == "day"
        and not m.date_of_statement
        and c.day()
        and _days_apart(m.date.value, c.day() or "") > 1
    ):
        return False
    if m.date and not m.date_of_statement and other_year(m.date.value, c.dates()):
        # "في مايو 2016" beside "في 20 مايو 2019": another year, another act
        return False
    return True


# attack types that name the same kind of act (a "blast" and a "suicide blast")
SAME_ACT = (
    frozenset({"bombing", "suicide_bombing", "attack_on_facility"}),
    frozenset({"armed_assault", "assassination", "stabbing", "vehicle_ramming"}),
    frozenset({"kidnapping", "hostage_taking"}),
)


def _same_act(a: str, b: str) -> bool:
    if family(a) != "attack" or family(b) != "attack":
        return a == b
    return a == b or any(a in s and b in s for s in SAME_ACT)


def other_year(date: str, dates: list[str]) -> bool:
    """The cluster is dated, and only to years other than ``date``'s."""
    return bool(dates) and all(d[:4] != date[:4] for d in dates)


def _dates_agree(a: list[str], b: list[str]) -> bool:
    """No date of one contradicts a date of the other (a month holds its days)."""
    return all(x.startswith(y) or y.startswith(x) for x in a for y in b)


def same_event(host: Cluster, c: Cluster) -> bool:
    """Whether two clusters of one article tell the same incident.

    Mentions of one event often resolve to different places (the province, then
    the town) or carry a date only once; such clusters are one incident when the
    acts agree, the country is the same, the places can nest (one is unknown, the
    same, or in the same province) and no date or death toll contradicts.
    """
    if not _same_act(host.first.type, c.first.type) or c.first.another:
        return False
    if host.country() is None or host.country() != c.country():
        return False
    hc, cc = host.city(), c.city()
    if hc and cc and hc != cc:
        hp, cp = host.province(), c.province()
        if not (hp and hp == cp):
            return False
    if not _dates_agree(host.dates(), c.dates()):
        return False
    hk, ck = host.killed(), c.killed()
    if hk and ck and not hk & ck:
        return False
    if host.background != c.background:
        # a recalled event and a fresh one are the same only when the text ties
        # them by place and day
        if not (hc and hc == cc and host.day() and host.day() == c.day()):
            if not (hc and hc == cc and (not host.dates() or not c.dates())):
                return False
    return True


def merge_same_events(clusters: list[Cluster]) -> list[Cluster]:
    out: list[Cluster] = []
    for c in clusters:
        host = next((o for o in out if same_event(o, c)), None)
        if host is None:
            out.append(c)
        else:
            host.mentions.extend(c.mentions)
    return out


# dual and plural attack nouns: a toll told with them covers several incidents
SEVERAL_ACTS = frozenset(
    key(w)
    for w in (
        "تفجيرين",
        "تفجيران",
        "انفجارين",
        "انفجاران",
        "هجومين",
        "هجومان",
        "هجمتين",
        "اعتداءين",
        "عمليتين",
        "تفجيرات",
        "انفجارات",
        "هجمات",
        "اعتداءات",
        "اغتيالات",
    )
)


def several_acts(m: Mention) -> bool:
    words = m.trigger.span.norm.split()
    return bool(words) and bool(set(prefix_keys(words[0])) & SEVERAL_ACTS)
