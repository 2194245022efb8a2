"""Dashboard routes without a browser: status codes, escaping, CSP hygiene, language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import HOSTILE_SOURCE

from rasd.serve.ui import is_ui_path
from rasd.serve.ui.render import LANG_COOKIE, json_block, safe_url


@pytest.fixture(scope="module")
def client(ui_store: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from rasd.serve.app import create_app

    with TestClient(create_app(store=ui_store)) as c:
        yield c


@pytest.fixture(scope="module")
def first_incident(ui_store: Any) -> str:
    rows, _ = ui_store.list_incidents(None, "-date", None, 1)
    return str(rows[0].id)


def _page_paths(ui_store: Any, first_incident: str, hostile_article_id: str) -> list[str]:
    source = ui_store.list_sources()[0].name
    return [
        "/",
        "/map",
        "/timeline",
        "/incidents",
        "/incidents?group=Islamic+State&sort=killed",
        f"/incidents/{first_incident}",
        "/groups/Islamic%20State",
        "/sources",
        f"/sources/{source}",
        f"/articles/{hostile_article_id}",
    ]


def test_every_page_answers_200_with_csp_and_no_inline_code(
    client: Any, ui_store: Any, first_incident: str, hostile_article_id: str
) -> None:
    for path in _page_paths(ui_store, first_incident, hostile_article_id):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        html = r.text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), path


def test_hostile_article_is_escaped(client: Any, hostile_article_id: str) -> None:
    html = client.get(f"/articles/{hostile_article_id}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html
    assert "<mark" in html


def test_hostile_source_name_and_url_are_escaped(client: Any) -> None:
    html = client.get("/sources").text
    assert "مصدر &lt;b&gt;عدائي&lt;/b&gt;" in html
    page = client.get("/sources/" + HOSTILE_SOURCE).text
    assert page.count("<b>") == 0
    assert "javascript:alert" not in page


def test_json_block_cannot_close_the_script() -> None:
    out = str(json_block({"x": "</script><script>alert(1)</script>", "y": "a&b\u2028"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert "\\u003c/script\\u003e" in out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("javascript:alert(1)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("data:text/html,x", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_not_found_pages(client: Any) -> None:
    for path in ("/nope", "/incidents/inc-0000000000000000", "/articles/abc", "/groups/No Such"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert 'id="not-found"' in r.text and 'dir="rtl"' in r.text
    r = client.get("/incidents/" + "x" * 500)
    assert r.status_code == 404
    api = client.get("/api/v1/nope")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
    assert client.get("/static/nope.js").status_code == 404


def test_bad_filters_answer_400_not_500(client: Any) -> None:
    for query in ("date_from=2015-13-45", "type=nope", "cursor=%21%21", "cursor=abc", "sort=x"):
        r = client.get("/incidents?" + query)
        assert r.status_code == 400, query
        assert 'role="alert"' in r.text


def test_language_query_sets_cookie_and_flips_direction(client: Any) -> None:
    client.cookies.clear()
    r = client.get("/incidents?lang=en")
    assert '<html lang="en" dir="ltr">' in r.text
    assert ">Incidents<" in r.text
    assert r.cookies.get(LANG_COOKIE) == "en"
    again = client.get("/")
    assert 'dir="ltr"' in again.text and "Latest incidents" in again.text
    back = client.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in back.text and "أحدث الحوادث" in back.text
    client.cookies.clear()
    assert 'dir="rtl"' in client.get("/?lang=xx").text


def test_filters_and_pagination(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    html = client.get("/incidents?country=SA").text
    countries = set(re.findall(r'data-country="([A-Z]*)"', html))
    assert countries == {"SA"}
    total = ui_store.counts()["incidents"]
    assert total > 50  # the demo corpus fills more than one page
    first = client.get("/incidents").text
    m = re.search(r'href="([^"]*cursor=[^"]+)" id="page-next"', first)
    assert m is not None
    second = client.get(m.group(1).replace("&amp;", "&")).text
    ids1 = set(re.findall(r'data-id="(inc-[0-9a-f]+)"', first))
    ids2 = set(re.findall(r'data-id="(inc-[0-9a-f]+)"', second))
    assert ids2 and not ids1 & ids2


def test_incident_page_has_evidence_marks_and_arabic_dates(client: Any, ui_store: Any) -> None:
    client.cookies.clear()
    rows, _ = ui_store.list_incidents(None, "-date", None, 5)
    dated = next(r for r in rows if r.date and len(r.date) == 10)
    html = client.get(f"/incidents/{dated.id}").text
    assert re.search(
        r'<mark class="ev" data-field="[a-z_ ]+" data-start="\d+" data-end="\d+">', html
    )
    assert any(month in html for month in ("يناير", "مارس", "يوليو", "أغسطس", "يونيو"))


def test_is_ui_path() -> None:
    assert is_ui_path("/") and is_ui_path("/incidents") and is_ui_path("/apiary")
    assert not is_ui_path("/api/v1/x") and not is_ui_path("/taxii2/") and not is_ui_path("/api")


def test_overview_lists_candidate_groups_escaped(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from rasd.model import Actor, IncidentReport
    from rasd.serve.app import create_app
    from rasd.store.entities import touch_entities
    from rasd.store.repo import Store

    with Store.open(str(tmp_path / "c.sqlite")) as store:
        with TestClient(create_app(store=store)) as c:
            assert "candidates-h" not in c.get("/").text  # nothing to review: no section
        rep = IncidentReport(type="claim", status="claimed_only")
        rep.candidates = [Actor("كتائب <b>الفجر</b>", "claimed", "كتائب <b>الفجر</b>")]
        with store.transaction() as conn:
            touch_entities(conn, rep)
        with TestClient(create_app(store=store)) as c:
            html = c.get("/?lang=en").text
    assert "Candidate groups for review" in html
    assert "كتائب &lt;b&gt;الفجر&lt;/b&gt;" in html and "<b>الفجر" not in html
    assert re.search(r'href="/incidents\?q=[^"<>]+"', html)
