"""The HTML digest: self-contained, escaped, with links, evidence, alerts and spikes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from analysis_support import add_incident

from rasd.analysis.alerts import evaluate_changes
from rasd.analysis.digest import build_digest, render_html, svg_map
from rasd.analysis.watchlists import Rule, add_watchlist
from rasd.errors import InputError
from rasd.store import Store


def test_digest_sections_links_and_evidence(filled: Store) -> None:
    add_watchlist(filled, "Saudi <watch>", Rule.build(countries=["SA"]))
    evaluate_changes(filled)
    d = build_digest(filled, "2015-07-01", "2015-08-31", period="weekly", base_url="/ui")
    assert {f.city for f in d.incidents} == {"Riyadh", "Suruc", "Abha", "Kabul"}
    html = render_html(d)
    assert html.startswith("<!DOCTYPE html>")
    for inc in d.incidents:
        assert f'href="/ui/incidents/{inc.id}"' in html
    assert "فجّر انتحاري نفسه في مسجد مقر قوات الطوارئ بأبها" in html  # evidence quote
    assert "Saudi &lt;watch&gt;" in html and "<watch>" not in html  # escaped
    assert html.count("<svg") >= 4  # two bar charts, the columns and the map
    # nothing external: no scripts, no remote URLs in src/href
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html)


def test_digest_changes_and_spikes(store: Store, report_factory: Callable[..., Any]) -> None:
    # a quiet month of one incident a week in Iraq, then five in a day
    from datetime import date, timedelta

    start = date(2016, 1, 4)
    for i in range(8):
        day = (start + timedelta(days=7 * i)).isoformat()
        add_incident(
            store,
            report_factory,
            day,
            dict(
                type="bombing", date=day, country="IQ", city=f"Town{i}", lat=33.0, lon=44.0 + i / 10
            ),
            [],
            f"نص تجريبي رقم {i} عن انفجار في بلدة عراقية",
        )
    burst = (start + timedelta(days=60)).isoformat()
    for j in range(5):
        add_incident(
            store,
            report_factory,
            burst,
            dict(type="armed_assault", date=burst, country="IQ", city=f"Burst{j}"),
            [],
            f"هجوم مسلح تجريبي رقم {j} كتب للاختبار",
        )
    # a second article about Town0 updates that incident
    day0 = start.isoformat()
    add_incident(
        store,
        report_factory,
        day0,
        dict(type="bombing", date=day0, country="IQ", city="Town0", lat=33.0, lon=44.0, killed=4),
        [],
        "تقرير ثان عن انفجار البلدة الأولى",
    )
    d = build_digest(store, burst, burst, period="daily")
    assert len(d.incidents) == 5
    assert any(s.key == "IQ" and s.start == burst and s.count == 5 for s in d.spikes)
    whole = build_digest(store, "2016-01-01", "2016-12-31")
    html = render_html(whole)
    assert "What changed" in html
    # the second article updated Town0's incident: listed as a change of the window
    [change] = [c for c in whole.changed if c["kind"] == "updated"]
    town0 = next(f for f in whole.incidents if f.city == "Town0")
    assert change["incident_id"] == town0.id and town0.killed == 4
    assert f"/incidents/{town0.id}" in html


def test_bad_arguments_are_coded_errors(filled: Store) -> None:
    with pytest.raises(InputError):
        build_digest(filled, "yesterday")
    with pytest.raises(InputError):
        build_digest(filled, "2015-08-01", "2015-07-01")
    with pytest.raises(InputError):
        build_digest(filled, "2015-08-01", period="hourly")
    with pytest.raises(InputError):
        build_digest(filled, "2015-08-01", base_url="javascript:alert(1)")


def test_map_of_no_points_is_empty() -> None:
    assert svg_map([]) == ""
