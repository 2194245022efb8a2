"""Watchlists: rules, storage, evaluation of the change feed in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from analysis_support import add_incident
from sqlalchemy import select

from rasd.analysis.alerts import cursor_position, evaluate_changes, list_alerts
from rasd.analysis.records import load_facts
from rasd.analysis.watchlists import (
    Rule,
    add_watchlist,
    haversine_km,
    list_watchlists,
    make_channels,
    remove_watchlist,
)
from rasd.errors import InputError, StorageError
from rasd.store import Store
from rasd.store import models as m

HOOK = make_channels(["http://127.0.0.1:9/hook"], "s3cret")


def test_haversine_known_distance() -> None:
    # Riyadh → Jeddah is about 850 km
    assert haversine_km(24.71, 46.68, 21.49, 39.19) == pytest.approx(850, abs=15)
    assert haversine_km(10, 10, 10, 10) == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"countries": ["Saudi"]},
        {"types": ["picnic"]},
        {"targets": ["Dragons"]},
        {"near": (95.0, 10.0, 5.0)},
        {"near": (10.0, 10.0, 0)},
        {"min_confidence": 2.0},
        {"min_casualties": -1},
        {"keywords": ["\u064b"]},  # only a diacritic: nothing left after normalisation
    ],
)
def test_bad_rules_are_coded_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        Rule.build(**kwargs)


def test_bad_channels_are_coded_errors() -> None:
    with pytest.raises(InputError):
        make_channels(["ftp://x"], "k")
    with pytest.raises(InputError):
        make_channels(["https://x.example/h"], None)
    with pytest.raises(InputError):
        make_channels(emails=["a@b.c\nBcc: evil@x.y"])


def test_rule_matching(filled: Store) -> None:
    facts = {f.city: f for f in load_facts(filled)}
    no_text: Callable[[], list[str]] = lambda: []  # noqa: E731
    near_abha = Rule.build(near=(18.3, 42.6, 50))
    assert near_abha.match(facts["Abha"], no_text)
    assert near_abha.match(facts["Qatif"], no_text) is None
    rule = Rule.build(groups=["islamic state"], countries=["sa"], min_casualties=100)
    assert rule.match(facts["Qatif"], no_text) == (
        "group Islamic State; country SA; casualties 121 ≥ 100"
    )
    assert rule.match(facts["Abha"], no_text) is None  # 24 casualties
    police = Rule.build(targets=["police"], types=["bombing"])
    assert police.match(facts["Kabul"], no_text)
    assert police.match(facts["Abha"], no_text) is None  # a suicide bombing
    assert Rule.build(targets=["3"]).targets == ("Police",)


def test_round_trip_and_remove(store: Store) -> None:
    rule = Rule.build(countries=["SA"], keywords=["مسجد"], near=(18.2, 42.5, 25))
    w = add_watchlist(
        store, "saudi mosques", rule, HOOK + make_channels(emails=["duty@example.org"])
    )
    assert w.id >= 1 and w.rule == rule
    [got] = list_watchlists(store)
    assert got.rule == rule and got.channels[0]["secret"] == "s3cret"
    assert got.to_dict()["channels"][0]["secret"] == "***"  # redacted by default
    with pytest.raises(InputError):
        add_watchlist(store, "saudi mosques", rule)
    removed = remove_watchlist(store, "saudi mosques")
    assert not removed.active and removed.removed_at
    assert list_watchlists(store) == []
    with pytest.raises(StorageError):
        remove_watchlist(store, w.id)


def test_evaluate_fires_once_per_version_and_advances_cursor(
    filled: Store, report_factory: Callable[..., Any]
) -> None:
    add_watchlist(
        filled, "IS in Saudi", Rule.build(groups=["Islamic State"], countries=["SA"]), HOOK
    )
    # Arabic keywords: tanween and hamza forms do not matter after normalisation
    add_watchlist(filled, "mosques", Rule.build(keywords=["مسجداً", "الامام"]))
    res = evaluate_changes(filled)
    assert res.changes == 6 and res.incidents == 6
    alerts = list_alerts(filled)
    by_wl: dict[str, set[str]] = {}
    facts = {f.id: f for f in load_facts(filled)}
    for a in alerts:
        by_wl.setdefault(a.watchlist, set()).add(facts[a.incident_id].city or "")
    assert by_wl["IS in Saudi"] == {"Qatif", "Abha"}
    assert by_wl["mosques"] == {"Abha", "Kuwait City", "Qatif"}  # الإمام written الامام
    assert res.outbox == 2  # only the first watchlist has a channel
    assert cursor_position(filled) == res.cursor == max(c.seq for c in filled.changes(0, 1000))
    # nothing new: nothing fires again
    again = evaluate_changes(filled)
    assert again.changes == 0 and again.alerts == 0
    # an update with the same reason does not fire; a new matching incident does
    add_incident(
        filled,
        report_factory,
        "2015-08-08",
        dict(
            type="suicide_bombing",
            date="2015-08-06",
            country="SA",
            city="Abha",
            killed=15,
            wounded=9,
            groups=("Islamic State",),
            lat=18.22,
            lon=42.5,
        ),
        [("police", 3)],
        "نص آخر عن تفجير أبها كتب لهذا الاختبار",
    )
    third = evaluate_changes(filled)
    assert third.changes >= 1 and third.alerts == 0
    with filled.reading() as conn:
        keys = conn.execute(
            select(m.alerts.c.watchlist_id, m.alerts.c.incident_id, m.alerts.c.incident_version)
        ).all()
    assert len(keys) == len(set(keys))


def test_evaluate_is_one_transaction(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure mid-batch leaves no alert, no outbox row and the cursor where it was."""
    add_watchlist(filled, "all SA", Rule.build(countries=["SA"]), HOOK)
    from rasd.analysis import alerts as wmod

    calls = {"n": 0}
    real = wmod.alert_payload

    def boom(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(wmod, "alert_payload", boom)
    with pytest.raises(RuntimeError):
        evaluate_changes(filled)
    assert list_alerts(filled) == [] and cursor_position(filled) == 0
    with filled.reading() as conn:
        assert conn.execute(select(m.outbox.c.id)).first() is None
    monkeypatch.setattr(wmod, "alert_payload", real)
    assert evaluate_changes(filled).alerts == 3


def test_small_batches_give_the_same_alerts(filled: Store) -> None:
    add_watchlist(filled, "all", Rule.build(min_confidence=0.5))
    res = evaluate_changes(filled, batch=2)
    assert res.alerts == 6 and res.changes == 6
