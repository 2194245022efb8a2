"""``make_report``: an IncidentReport built by hand, shared by storage and linking tests.

A plain module (not a conftest) so tests can import it by a name no other
directory's conftest shadows.
"""

from __future__ import annotations


def make_report(
    type: str = "suicide_bombing",
    *,
    date: str | None = "2015-08-06",
    country: str | None = "SA",
    city: str | None = "Abha",
    province: str | None = None,
    killed: int | None = None,
    wounded: int | None = None,
    arrested: int | None = None,
    groups: tuple[str, ...] = (),
    recency: str = "new",
    confidence: float = 0.8,
    published: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    sentence: str = "",
    is_main: bool = True,
) -> object:
    """An IncidentReport built by hand (tests do not depend on the extractor)."""
    from rasd.model import (
        Actor,
        ArticleRef,
        Count,
        DateValue,
        Evidence,
        IncidentReport,
        Location,
    )

    precision = {10: "day", 7: "month"}.get(len(date or ""), "year")
    evidence = (
        {"type": Evidence(sentence, 0, len(sentence), sentence, 0, len(sentence))}
        if sentence
        else {}
    )
    return IncidentReport(
        type=type,
        status="executed",
        date=DateValue(date, precision) if date else None,  # type: ignore[arg-type]
        location=Location(country=country, province=province, city=city, lat=lat, lon=lon),
        perpetrators=[Actor(name=g) for g in groups],
        killed=Count(killed) if killed is not None else None,
        wounded=Count(wounded) if wounded is not None else None,
        arrested=Count(arrested) if arrested is not None else None,
        suicide=type == "suicide_bombing",
        recency=recency,  # type: ignore[arg-type]
        confidence=confidence,
        is_main=is_main,
        evidence=evidence,
        article=ArticleRef(published=published),
    )
