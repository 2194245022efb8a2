"""Analysis pages without a browser: /trends, /network, /spikes, /alerts and the group figures."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rasd.analysis.records import load_facts
from rasd.analysis.spikes import spikes_in_facts
from rasd.analysis.trends import group_profile, network
from rasd.analysis.watchlists import Near, Rule
from rasd.serve.ui import analysis_views as av
from rasd.serve.ui.render import json_block

HOSTILE_WATCHLIST = '<script>window.__pwned=7</script> IS "watch"'
SECRET = "s3cr3t-signing-key"
HOOK = "https://hooks.example.org/p/abc?token=leaky-token"
PAGES = (
    "/trends",
    "/trends?period=week",
    "/trends?period=day",
    "/trends?country=SA&group=Islamic+State",
    "/network",
    "/network?min_weight=2",
    "/spikes",
    "/spikes?period=week&since=2015-01-01",
    "/alerts",
)


@pytest.fixture(scope="module")
def client(ui_store: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from rasd.serve.app import create_app

    with TestClient(create_app(store=ui_store)) as c:
        yield c


@pytest.fixture(scope="module")
def alerted(ui_store: Any) -> dict[str, Any]:
    """A watchlist with a hostile name and a signed webhook, evaluated over the feed."""
    from rasd.analysis.alerts import evaluate_changes, list_alerts
    from rasd.analysis.watchlists import add_watchlist, list_watchlists, make_channels

    if not any(w.name == HOSTILE_WATCHLIST for w in list_watchlists(ui_store)):
        add_watchlist(
            ui_store,
            HOSTILE_WATCHLIST,
            Rule.build(groups=["Islamic State"], min_casualties=5),
            make_channels([HOOK], SECRET, ["desk@example.org"]),
        )
    evaluate_changes(ui_store)
    alerts = list_alerts(ui_store, limit=1000)
    assert alerts, "the watchlist should fire on the demo corpus"
    return {"alerts": alerts}


def _json(html: str, block_id: str) -> Any:
    m = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', html, re.S)
    assert m is not None, block_id
    return json.loads(m.group(1))


def _hrefs(html: str, cls: str | None = None) -> list[str]:
    pattern = r'<a href="([^"]+)"' + (rf' class="{cls}"' if cls else "")
    return [htmllib.unescape(h) for h in re.findall(pattern, html)]


def test_analysis_pages_answer_200_with_no_inline_code(client: Any, alerted: Any) -> None:
    client.cookies.clear()
    for lang in ("ar", "en"):
        for path in (*PAGES, "/groups/Islamic%20State"):
            url = path + ("&" if "?" in path else "?") + f"lang={lang}"
            r = client.get(url)
            assert r.status_code == 200, url
            assert "script-src 'self'" in r.headers["content-security-policy"]
            html = r.text
            assert f'<html lang="{lang}"' in html
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
            assert not re.search(r"<[a-z][^>]*\sstyle=", html), url
            assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), url
            assert "echarts.common" not in html
    client.cookies.clear()


def test_nav_links_in_both_languages(client: Any) -> None:
    client.cookies.clear()
    ar = client.get("/trends?lang=ar").text
    for label, href in (("الاتجاهات", "/trends"), ("شبكة الجماعات", "/network")):
        assert f'<a href="{href}"' in ar and label in ar
    assert re.search(r'<a href="/trends" aria-current="page">الاتجاهات</a>', ar)
    assert '<a href="/spikes">الارتفاعات المفاجئة</a>' in ar
    assert '<a href="/alerts">التنبيهات</a>' in ar
    en = client.get("/alerts?lang=en").text
    assert '<a href="/alerts" aria-current="page">Alerts</a>' in en
    for label in (">Trends<", ">Network<", ">Spikes<", ">Overview<"):
        assert label in en
    client.cookies.clear()


def test_trends_charts_match_the_incidents(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    html = client.get("/trends?lang=en").text
    dated = [f for f in load_facts(ui_store) if f.day]
    by_type = _json(html, "chart-type-data")
    assert by_type["kind"] == "bar" and not by_type["rtl"]
    assert all(len(s["data"]) == len(by_type["labels"]) for s in by_type["series"])
    assert sum(sum(s["data"]) for s in by_type["series"]) == len(dated)
    assert "Suicide bombing" in {s["name"] for s in by_type["series"]}
    casualties = _json(html, "chart-casualties-data")
    assert casualties["kind"] == "line"
    killed = sum(casualties["series"][0]["data"])
    assert killed == sum(f.killed or 0 for f in dated)
    for by in ("country", "group", "target"):
        chart = _json(html, f"chart-{by}-data")
        assert len(chart["series"]) <= av.TOP_SERIES + 1
        assert chart["labels"] == by_type["labels"]
    assert "Islamic State" in {s["name"] for s in _json(html, "chart-group-data")["series"]}
    # the tables under the charts: monthly labels and links to the filtered incidents
    assert re.search(r'<time datetime="\d{4}-\d{2}-01">[A-Z][a-z]+ \d{4}</time>', html)
    assert 'id="table-type"' in html and 'id="table-target"' in html
    assert "<caption" in html and 'tabindex="0"' in html
    links = [h for h in _hrefs(html) if h.startswith("/incidents?")]
    assert links
    q = parse_qs(urlsplit(links[0]).query)
    assert q["date_from"][0] <= q["date_to"][0]


def test_trends_period_filters_and_arabic(client: Any) -> None:
    client.cookies.clear()
    week = _json(client.get("/trends?period=week&lang=en").text, "chart-type-data")
    month = _json(client.get("/trends?lang=en").text, "chart-type-data")
    assert len(week["labels"]) > len(month["labels"])
    html = client.get("/trends?country=SA&period=month&lang=ar").text
    assert 'dir="rtl"' in html and "القتلى والجرحى" in html
    chart = _json(html, "chart-country-data")
    assert chart["rtl"] and [s["name"] for s in chart["series"]] == ["السعودية"]
    assert '<option value="SA" selected>' in html
    assert '<option value="month" selected>' in html
    for link in (h for h in _hrefs(html) if h.startswith("/incidents?")):
        assert parse_qs(urlsplit(link).query)["country"] == ["SA"]
    bad = client.get("/trends?period=year")
    assert bad.status_code == 400 and 'role="alert"' in bad.text and "period" in bad.text
    assert client.get("/trends?date_from=2015-99-01").status_code == 400
    client.cookies.clear()


def test_network_graph_data_and_edge_table(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    html = client.get("/network?lang=en").text
    graph = _json(html, "network-graph-data")
    truth = network(ui_store)
    assert len(graph["nodes"]) == len(truth["nodes"]) and len(graph["links"]) == len(truth["edges"])
    ids = [n["id"] for n in graph["nodes"]]
    assert len(set(ids)) == len(ids)
    for link in graph["links"]:
        assert 0 <= link["source"] < len(ids) and 0 <= link["target"] < len(ids)
        assert ids[link["source"]].startswith("group:")
    isis = next(n for n in graph["nodes"] if n["id"] == "group:Islamic State")
    assert isis["url"] == "/groups/Islamic%20State" and isis["category"] == 0
    # sizes follow weights: the heaviest node is the biggest, IS the biggest group
    heaviest = max(graph["nodes"], key=lambda n: n["value"])
    assert heaviest["symbolSize"] == max(n["symbolSize"] for n in graph["nodes"])
    groups = [n for n in graph["nodes"] if n["category"] == 0]
    assert isis["symbolSize"] == max(n["symbolSize"] for n in groups)
    assert all(n["url"] is None for n in graph["nodes"] if n["category"] != 0)
    assert {c["name"] for c in graph["categories"]} == {"group", "country", "target type"}
    weights = [
        int(w.replace(",", "")) for w in re.findall(r'<td class="num"><a [^>]+>([\d,]+)</a>', html)
    ]
    assert weights and weights == sorted(weights, reverse=True)
    assert weights[0] == truth["edges"][0]["weight"]
    assert '<a href="/groups/Islamic%20State">Islamic State</a>' in html
    strong = _json(client.get("/network?min_weight=3").text, "network-graph-data")
    assert strong["links"] and all(link["value"] >= 3 for link in strong["links"])
    assert client.get("/network?min_weight=0").status_code == 400
    assert client.get("/network?min_weight=abc").status_code == 400
    client.cookies.clear()


def test_spikes_page_lists_spikes_with_baseline_and_links(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    html = client.get("/spikes?lang=en").text
    expected = spikes_in_facts(load_facts(ui_store), alpha=av.ALPHA, min_count=av.MIN_COUNT)
    activity = [s for s in expected if s.kind == "activity"]
    assert activity, "the demo corpus has spikes"
    rows = re.findall(r'<tr data-by="([a-z]+)" data-key="([^"]*)">', html)
    assert len(rows) == len(expected)
    starts = re.findall(r'<td><time datetime="(\d{4}-\d{2}-\d{2})">', html)
    n_act = len(activity)
    assert starts[:n_act] == sorted(starts[:n_act], reverse=True)  # newest first
    top = max(activity, key=lambda s: (s.start, -s.pvalue))
    assert top.start == starts[0]
    assert "Observed" in html and "Expected (baseline)" in html and "p-value" in html
    assert "Poisson" in html
    links = _hrefs(html, "spike-link")
    assert len(links) == len(expected)
    for link, (by, key) in zip(links, rows, strict=True):
        q = parse_qs(urlsplit(link).query)
        assert q["date_from"][0] <= q["date_to"][0]
        if by in ("country", "group"):
            assert q[by] == [htmllib.unescape(key)]
    # a linked incidents table holds the spike's incidents
    first = next(i for i, (by, _) in enumerate(rows) if by == "country")
    listed = client.get(links[first]).text
    assert len(re.findall(r'data-id="inc-', listed)) >= av.MIN_COUNT
    later = client.get(f"/spikes?since={starts[0]}").text
    assert len(re.findall(r"<tr data-by=", later)) < len(rows)
    assert client.get("/spikes?since=yesterday").status_code == 400
    assert client.get("/spikes?period=month").status_code == 400
    client.cookies.clear()


def test_alerts_page_escapes_and_hides_secrets(client: Any, alerted: Any) -> None:
    client.cookies.clear()
    html = client.get("/alerts?lang=en").text
    assert "&lt;script&gt;window.__pwned=7&lt;/script&gt;" in html
    assert "<script>window.__pwned" not in html
    assert SECRET not in html and "leaky-token" not in html and "/p/abc" not in html
    assert "hooks.example.org" in html and "signed (secret hidden)" in html
    assert "desk@example.org" in html
    ids = [int(x) for x in re.findall(r'<tr data-alert="(\d+)">', html)]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(alerted["alerts"])
    first = alerted["alerts"][0]
    assert f'<a href="/incidents/{first.incident_id}">' in html
    assert "group Islamic State" in html  # the match reason
    assert "pending 2" in html  # two channels, nothing delivered yet
    assert "Minimum casualties" in html and "<dt>Groups</dt><dd>Islamic State</dd>" in html
    ar = client.get("/alerts?lang=ar").text
    assert "قيد الانتظار ٢" in ar and "تنظيم الدولة الإسلامية" in ar
    assert client.get(f"/incidents/{first.incident_id}").status_code == 200
    client.cookies.clear()


def test_group_page_shows_profile_figures(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    profile = group_profile(ui_store, "Islamic State")
    html = client.get("/groups/Islamic%20State?lang=en").text
    assert f'<dd id="group-lethality">{profile.lethality:.1f}</dd>' in html
    assert f'data-trend="{profile.trend}"' in html
    assert f'<time datetime="{profile.first_seen}">' in html
    assert f'<time datetime="{profile.last_seen}">' in html
    assert "Median days between incidents" in html
    ar = client.get("/groups/Islamic%20State?lang=ar").text
    assert "القتلى لكل حادثة" in ar and "اتجاه آخر ٩٠ يوماً" in ar
    client.cookies.clear()


# -- view helpers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("p", "lang", "expected"),
    [
        (0.0079, "en", "0.0079"),
        (0.00045, "en", "0.00045"),
        (1e-7, "en", "< 0.0001"),
        (0.5, "ar", "٠٫٥"),
    ],
)
def test_fmt_p(p: float, lang: str, expected: str) -> None:
    assert av.fmt_p(p, lang) == expected


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        ("2015-02-01", "month", "2015-02-28"),
        ("2016-02-01", "month", "2016-02-29"),
        ("2015-12-01", "month", "2015-12-31"),
        ("2015-06-22", "week", "2015-06-28"),
        ("2015-06-22", "day", "2015-06-22"),
    ],
)
def test_period_end(start: str, period: str, end: str) -> None:
    assert av.period_end(start, period) == end


def test_channel_summary_never_shows_secrets() -> None:
    hook = {"channel": "webhook", "target": "https://u:pw@h.example/x?k=1", "secret": "zzz"}
    text = av.channel_summary(hook, "en")
    assert text == "webhook → h.example — signed (secret hidden)"
    assert "zzz" not in text and "pw" not in text and "k=1" not in text
    assert av.channel_summary({"channel": "email", "target": "a@b.org"}, "en") == "email → a@b.org"


def test_rule_summary_labels() -> None:
    rule = Rule(
        countries=("IQ",),
        types=("bombing",),
        targets=("Police",),
        keywords=("مفخخة",),
        near=Near(33.3, 44.4, 50.0),
        min_confidence=0.5,
    )
    en = dict(av.rule_summary(rule, "en"))
    assert en["Type"] == "Bombing" and en["Targets"] == "Police"
    assert en["Keywords"] == "«مفخخة»" and en["Place"] == "within 50 km of (33.3, 44.4)"
    assert en["Minimum confidence"] == "0.50"
    ar = dict(av.rule_summary(rule, "ar"))
    assert ar["الأهداف"] == "الشرطة" and ar["النوع"] == "تفجير"
    assert av.rule_summary(Rule(), "en") == [("Rules", "every incident")]


def test_network_view_escapes_hostile_labels_in_json() -> None:
    graph = {
        "nodes": [
            {"id": "country:IQ", "kind": "country", "label": "IQ", "weight": 2},
            {"id": "group:</script><b>x", "kind": "group", "label": "</script><b>x", "weight": 2},
        ],
        "edges": [{"source": "group:</script><b>x", "target": "country:IQ", "weight": 2}],
    }
    view = av.network_view(graph, "en")
    assert view["chart"]["links"] == [{"source": 1, "target": 0, "value": 2}]
    assert view["edges"][0]["group_url"] == "/groups/%3C%2Fscript%3E%3Cb%3Ex"
    block = str(json_block(view["chart"]))
    assert "<" not in block and "</script>" not in block
    assert av.node_size(1, 100) < av.node_size(50, 100) < av.node_size(100, 100) == 48.0
