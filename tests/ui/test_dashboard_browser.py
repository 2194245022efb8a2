"""The dashboard in a real browser: Debian Chromium driven by Playwright, live server."""

from __future__ import annotations

from typing import Any

from ui_support import PageProbe


def _direction(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.documentElement).direction"))


def test_overview_loads_rtl_with_chart_and_csp(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    response = page.goto(live_server + "/")
    assert response is not None and response.status == 200
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert _direction(page) == "rtl"
    page.wait_for_selector("#trend-chart[data-rendered='1'] canvas")
    assert page.locator("table.incidents tbody tr").count() > 0
    assert page.locator("#count-incidents").inner_text().strip()[0] in "٠١٢٣٤٥٦٧٨٩"
    probe.shot("overview-ar")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert not probe.errors


def test_filter_table_by_group_then_country(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/incidents")
    page.select_option("#f-group", "Islamic State")
    page.click("#f-apply")
    page.wait_for_url("**group=Islamic+State**")
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        assert "تنظيم الدولة الإسلامية" in rows.nth(i).inner_text()
    page.select_option("#f-group", "")
    page.select_option("#f-country", "SA")
    page.click("#f-apply")
    page.wait_for_url("**country=SA**")
    countries = page.eval_on_selector_all(
        "table.incidents tbody tr", "rows => rows.map(r => r.dataset.country)"
    )
    assert countries and set(countries) == {"SA"}
    probe.shot("incidents-filtered")
    assert not probe.errors


def test_incident_page_marks_evidence(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/incidents?country=KW")
    page.locator("table.incidents tbody tr td a").first.click()
    page.wait_for_url("**/incidents/inc-**")
    marks = page.locator(".article-text mark.ev")
    assert marks.count() > 0
    assert marks.first.is_visible()
    assert page.locator("table.fields blockquote mark.ev").count() > 0
    assert page.locator("#merge-h").is_visible()
    probe.shot("incident")
    assert not probe.errors


def test_language_switch_to_english_and_back(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/incidents")
    page.click("#lang-switch")
    page.wait_for_url("**lang=en**")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "en"
    assert _direction(page) == "ltr"
    assert page.locator("nav a[aria-current='page']").inner_text() == "Incidents"
    page.goto(live_server + "/")  # the cookie keeps English
    assert page.get_attribute("html", "dir") == "ltr"
    assert "Latest incidents" in page.inner_text("main")
    page.wait_for_selector("#trend-chart[data-rendered='1']")
    probe.shot("overview-en")
    page.click("#lang-switch")
    page.wait_for_url("**lang=ar**")
    assert _direction(page) == "rtl"
    assert not probe.errors


def test_map_draws_countries_and_markers(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/map")
    page.wait_for_selector("#incident-map[data-rendered='1']")
    countries = page.locator("#incident-map .leaflet-countries-pane path").count()
    markers = page.locator(
        "#incident-map path.incident-marker, #incident-map path.incident-cluster"
    )
    assert countries > 100
    assert markers.count() > 0
    probe.shot("map")
    markers.first.click(force=True)
    popup = page.locator(".leaflet-popup-content a").first
    popup.wait_for()
    assert (popup.get_attribute("href") or "").startswith("/incidents/inc-")
    assert not probe.errors


def test_hostile_article_renders_as_text(
    live_server: str, probe: PageProbe, hostile_article_id: str
) -> None:
    page = probe.page
    page.goto(f"{live_server}/articles/{hostile_article_id}")
    body = page.inner_text("#article-text")
    assert "<script>window.__pwned=1</script>" in body
    assert "<img src=x" in page.inner_text("h2.article-title")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img, main svg[onload], main a[href^='javascript']").count() == 0
    assert page.locator("#article-text mark.ev").count() > 0
    page.goto(f"{live_server}/incidents?q=" + "مفخخة")
    page.locator("table.incidents tbody tr td a").first.click()
    page.wait_for_url("**/incidents/inc-**")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    probe.shot("hostile")
    assert not probe.errors


def test_group_page_profile(live_server: str, probe: PageProbe) -> None:
    page = probe.page
    page.goto(live_server + "/groups/Islamic%20State")
    assert page.inner_text("#group-name-ar") == "تنظيم الدولة الإسلامية"
    assert page.inner_text("#group-name-en") == "Islamic State"
    page.wait_for_selector("#group-map[data-rendered='1']")
    page.wait_for_selector("#group-chart[data-rendered='1']")
    assert page.locator("#group-map path.incident-marker, #group-map path.incident-cluster").count()
    probe.shot("group")
    assert not probe.errors
