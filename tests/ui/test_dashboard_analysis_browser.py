"""The analysis pages in a real browser: charts and the network graph render, a click on a
group node opens its page, no console errors (Debian Chromium + Playwright, live server)."""

from __future__ import annotations

from ui_support import PageProbe

CHARTS = ("casualties", "type", "country", "group", "target")

_SERIES_TYPES = """el => {
  const chart = window.echarts.getInstanceByDom(el);
  return chart ? chart.getOption().series.map(s => s.type) : [];
}"""

_NODE_POINT = """([el, nodeId]) => {
  const chart = window.echarts.getInstanceByDom(el);
  const data = chart.getModel().getSeriesByType("graph")[0].getData();
  for (let i = 0; i < data.count(); i++) {
    if (data.getRawDataItem(i).id === nodeId) {
      const pt = chart.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
      const box = el.getBoundingClientRect();
      return [box.left + pt[0], box.top + pt[1], data.count()];
    }
  }
  return null;
}"""


def test_trends_page_draws_every_chart(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    response = page.goto(live_server + "/trends")
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "dir") == "rtl"
    for name in CHARTS:
        el = page.wait_for_selector(f"#chart-{name}[data-rendered='1'] canvas")
        assert el is not None and el.bounding_box()["height"] > 100
        kinds = page.eval_on_selector(f"#chart-{name}", _SERIES_TYPES)
        assert kinds and set(kinds) == ({"line"} if name == "casualties" else {"bar"})
    assert page.locator("#table-type tbody tr").count() > 0
    probe.shot("trends-ar")
    page.select_option("#f-period", "week")
    page.click("#f-apply")
    page.wait_for_url("**period=week**")
    page.wait_for_selector("#chart-type[data-rendered='1'] canvas")
    # the tables are keyboard-scrollable regions
    page.locator("div[role=region]:has(#table-type)").focus()
    assert page.evaluate("document.activeElement.querySelector('#table-type') !== null")
    page.goto(live_server + "/trends?lang=en")
    page.wait_for_selector("#chart-group[data-rendered='1'] canvas")
    assert page.get_attribute("html", "dir") == "ltr"
    probe.shot("trends-en")
    assert not probe.errors


def test_network_graph_renders_and_group_node_opens_group(
    live_server: str, probe: PageProbe
) -> None:
    page = probe.page
    page.goto(live_server + "/network?lang=en")
    page.wait_for_selector("#network-graph[data-rendered='1'] canvas")
    graph = page.locator("#network-graph")
    assert page.eval_on_selector("#network-graph", _SERIES_TYPES) == ["graph"]
    point = page.evaluate(_NODE_POINT, [graph.element_handle(), "group:Islamic State"])
    assert point is not None
    n_json = page.evaluate(
        "JSON.parse(document.getElementById('network-graph-data').textContent).nodes.length"
    )
    assert point[2] == n_json > 10
    box = graph.bounding_box()
    assert box is not None
    assert box["x"] <= point[0] <= box["x"] + box["width"]
    assert box["y"] <= point[1] <= box["y"] + box["height"]
    assert page.locator("#edges-table tbody tr").count() > 0
    probe.shot("network-en")
    page.mouse.click(point[0], point[1])
    page.wait_for_url("**/groups/Islamic%20State")
    assert page.inner_text("#group-name-en") == "Islamic State"
    assert page.locator("#group-figures").is_visible()
    assert not probe.errors


def test_network_arabic_and_edge_links_by_keyboard(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/network?lang=ar")
    page.wait_for_selector("#network-graph[data-rendered='1'] canvas")
    probe.shot("network-ar")
    link = page.locator("#edges-table tbody tr td a").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/groups/**")
    assert page.get_attribute("html", "dir") == "rtl"
    assert not probe.errors


def test_spikes_and_alerts_pages_load_cleanly(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/spikes")
    assert page.locator("#spikes-activity tbody tr").count() > 0
    probe.shot("spikes-ar")
    page.locator("#spikes-activity a.spike-link").first.click()
    page.wait_for_url("**/incidents?**date_from=**")
    assert page.locator("table.incidents tbody tr").count() > 0
    page.goto(live_server + "/alerts?lang=en")
    assert page.locator("#alerts-table").is_visible()
    assert page.locator("#watchlists-table").is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    probe.shot("alerts-en")
    assert not probe.errors
