"""Precision rules of the assembler: one incident told twice is one report, and a
side incident abroad named only by its country is a passing mention."""

from __future__ import annotations

from typing import Any, cast

import pytest

from rasd.extract.assemble import _drop_passing_abroad
from rasd.extract.casualties import CountFound
from rasd.extract.clusters import Cluster, merge_same_events, same_event
from rasd.extract.fields import PlaceFound
from rasd.extract.mentions import Mention
from rasd.model import Count, DateValue, IncidentReport, Location

RANK = {"city": 0, "province": 1, "country": 2}


def mention(
    type_: str = "bombing",
    *,
    country: str | None = "SA",
    city: str | None = None,
    province: str | None = None,
    date: str | None = None,
    killed: int | None = None,
    background: bool = False,
) -> Mention:
    places = []
    if country:
        precision = "city" if city else ("province" if province else "country")
        loc = Location(
            country=country,
            province=province,
            city=city,
            precision=cast(Any, precision),
        )
        places.append(PlaceFound(loc, token=0, rank=RANK[precision]))
    counts = []
    if killed is not None:
        counts.append(CountFound("killed", Count(killed), token=0, cue_token=0))
    when = None
    if date:
        precision = {4: "year", 7: "month", 10: "day"}[len(date)]
        when = DateValue(value=date, precision=cast(Any, precision))
    return Mention(
        sentence=cast(Any, None),
        type=type_,
        status="executed",
        trigger=cast(Any, None),
        score=1.0,
        counts=counts,
        places=places,
        date=when,
        background=background,
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # the province first, then the town in it
        (
            mention(city="Riyadh", province="Riyadh Region", date="2015-07-16"),
            mention(city="Al-Ha'ir", province="Riyadh Region"),
            True,
        ),
        # a place only once, a day only once
        (mention(city="Cairo"), mention(date="2015-08-10"), True),
        # a blast and a suicide blast are one act
        (mention("bombing", city="Kabul"), mention("suicide_bombing", city="Kabul"), True),
        # the same event recalled as background with the same place and day
        (
            mention(city="Cairo", date="2015-08-10"),
            mention(city="Cairo", date="2015-08-10", background=True),
            True,
        ),
        # two towns of different provinces
        (
            mention(city="Abha", province="Asir"),
            mention(city="Dammam", province="Eastern Province"),
            False,
        ),
        # other days
        (mention(city="Kabul", date="2015-08-07"), mention(city="Kabul", date="2015-08-01"), False),
        # other tolls
        (mention(city="Baqubah", killed=24), mention(killed=7), False),
        # other countries
        (mention(country="TR"), mention(country="SY"), False),
        # a shooting and a suicide blast on the same day in one city are two incidents
        (
            mention("armed_assault", city="Istanbul", date="2015-08-10"),
            mention("suicide_bombing", city="Istanbul", date="2015-08-10"),
            False,
        ),
        # an arrest and an attack are never merged
        (mention("arrest_raid", city="Riyadh"), mention("bombing", city="Riyadh"), False),
        # a fresh event and a recalled one of another day
        (
            mention(city="Sousse", date="2015-08-01"),
            mention(city="Sousse", date="2015-06-26", background=True),
            False,
        ),
    ],
)
def test_same_event(a: Mention, b: Mention, same: bool) -> None:
    assert same_event(Cluster([a]), Cluster([b])) is same


def test_merge_keeps_order_and_folds_into_first() -> None:
    first = Cluster([mention(city="Cairo", date="2015-08-10")])
    dup = Cluster([mention(province="Cairo Governorate")])
    other = Cluster([mention("kidnapping", city="Cairo")])
    out = merge_same_events([first, dup, other])
    assert out == [first, other]
    assert len(first.mentions) == 2


def _report(country: str | None, city: str | None = None) -> IncidentReport:
    return IncidentReport(
        type="bombing", location=Location(country=country, city=city) if country else None
    )


@pytest.mark.parametrize(
    ("side", "kept"),
    [
        (mention(country="KE"), False),  # another country, no place of its own
        (mention(country="IQ", date="2015-07-25"), False),  # a date does not pin a place
        (mention(country="NG", city="Damaturu"), True),  # a town of its own
        (mention(country="NG", province="Borno"), True),  # a province of its own
        (mention(country="SO"), True),  # the main incident's country
    ],
)
def test_drop_passing_abroad(side: Mention, kept: bool) -> None:
    main = Cluster([mention(country="SO", city="Mogadishu")])
    other = Cluster([side])
    country = side.places[0].location.country
    city = side.places[0].location.city
    reports = [_report("SO", "Mogadishu"), _report(country, city)]
    out = _drop_passing_abroad([main, other], reports, 0)
    assert (reports[1] in out) is kept
    assert reports[0] in out


def test_drop_passing_abroad_needs_a_main_country() -> None:
    main = Cluster([mention(country=None)])
    other = Cluster([mention(country="KE")])
    reports = [_report(None), _report("KE")]
    assert _drop_passing_abroad([main, other], reports, 0) == reports
