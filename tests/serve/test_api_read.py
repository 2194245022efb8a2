"""``/api/v1`` reads over a database built from the demo corpus, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.demo_run import run_demo
from rasd.serve.app import SECURITY_HEADERS, create_app
from rasd.serve.settings import Settings
from rasd.store.repo import Store

API = "/api/v1"


@pytest.fixture(scope="module")
def client(module_db_url: str) -> Iterator[TestClient]:
    run_demo(module_db_url)
    store = Store.open(module_db_url)
    app = create_app(Settings(db=module_db_url, tokens=("tok",)), store=store)
    with TestClient(app) as c:
        yield c
    store.close()


def get(client: TestClient, path: str, **params: Any) -> Any:
    resp = client.get(API + path, params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def all_ids(client: TestClient, **params: Any) -> list[str]:
    """Every id over all pages (asserts pages never repeat an id)."""
    ids: list[str] = []
    cursor = None
    for _ in range(200):
        page = get(client, "/incidents", **params, **({"cursor": cursor} if cursor else {}))
        ids += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(ids) == len(set(ids))
    return ids


def evidence_in(obj: Any) -> Iterator[dict[str, Any]]:
    """Every evidence object inside a report dict."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "evidence" and isinstance(v, dict) and "start" in v:
                yield v
            else:
                yield from evidence_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from evidence_in(v)


def test_list_shape_and_default_page(client: TestClient) -> None:
    page = get(client, "/incidents")
    assert page["limit"] == 50 and page["sort"] == "-date"
    total = client.get(API + "/health").json()["counts"]["incidents"]
    assert len(page["items"]) == min(50, total) > 20
    assert (page["next_cursor"] is None) == (total <= 50)
    row = page["items"][0]
    assert {"id", "type", "status", "date", "country", "groups", "n_reports", "version"} <= set(row)


@pytest.mark.parametrize("sort", ["-date", "date", "-killed", "confidence", "-updated", "created"])
def test_cursor_pages_have_no_gaps_or_duplicates(client: TestClient, sort: str) -> None:
    everything = get(client, "/incidents", limit=500, sort=sort)
    assert everything["next_cursor"] is None
    expected = [r["id"] for r in everything["items"]]
    assert len(expected) == client.get(API + "/health").json()["counts"]["incidents"]
    assert all_ids(client, limit=7, sort=sort) == expected


def test_sorting(client: TestClient) -> None:
    killed = [r["killed"] for r in get(client, "/incidents", sort="-killed", limit=500)["items"]]
    as_num = [-1 if k is None else k for k in killed]
    assert as_num == sorted(as_num, reverse=True) and as_num[0] > 0
    conf = [
        r["confidence"] for r in get(client, "/incidents", sort="confidence", limit=500)["items"]
    ]
    assert conf == sorted(conf)
    dated = [
        r["date"] for r in get(client, "/incidents", sort="date", limit=500)["items"] if r["date"]
    ]
    starts = [d if len(d) == 10 else d + "-01"[: 10 - len(d)] for d in dated]
    assert starts == sorted(starts)


def test_filters(client: TestClient) -> None:
    rows = get(client, "/incidents", country="SA", limit=500)["items"]
    assert rows and {r["country"] for r in rows} == {"SA"}
    two = get(client, "/incidents", country=["sa", "EG"], limit=500)["items"]
    assert {r["country"] for r in two} == {"SA", "EG"}
    bombs = get(client, "/incidents", type=["bombing", "suicide_bombing"], limit=500)["items"]
    assert bombs and {r["type"] for r in bombs} <= {"bombing", "suicide_bombing"}
    isis = get(client, "/incidents", group="Islamic State", limit=500)["items"]
    assert isis and all("Islamic State" in r["groups"] for r in isis)
    sure = get(client, "/incidents", min_confidence=0.9, limit=500)["items"]
    assert sure and all(r["confidence"] >= 0.9 for r in sure)
    executed = get(client, "/incidents", status="executed", limit=500)["items"]
    assert executed and {r["status"] for r in executed} == {"executed"}
    y2015 = get(client, "/incidents", date_from="2015-01-01", date_to="2015-12-31", limit=500)
    # undated incidents are matched on their first publication day
    assert y2015["items"] and all(r["date"][:4] == "2015" for r in y2015["items"] if r["date"])
    month = get(client, "/incidents", date_from="2015-06", date_to="2015-06", limit=500)["items"]
    assert month and all(r["date"].startswith("2015-06") for r in month if r["date"])
    box = get(client, "/incidents", bbox="34,12,56,33", limit=500)["items"]  # Arabia
    assert box and all(34 <= r["lon"] <= 56 and 12 <= r["lat"] <= 33 for r in box)
    assert "SA" in {r["country"] for r in box}
    combined = get(client, "/incidents", country="SA", type="suicide_bombing", limit=500)["items"]
    assert combined and all(
        r["country"] == "SA" and r["type"] == "suicide_bombing" for r in combined
    )


def test_full_text_filter(client: TestClient) -> None:
    hits = get(client, "/incidents", q="القطيف", limit=500)["items"]
    assert 0 < len(hits) < client.get(API + "/health").json()["counts"]["incidents"]
    assert "SA" in {r["country"] for r in hits}
    assert get(client, "/incidents", q="zzzxqy", limit=500)["items"] == []


def test_detail_has_every_field_with_evidence_offsets(client: TestClient) -> None:
    rows = get(client, "/incidents", sort="-killed", limit=500)["items"]
    multi = next(r for r in rows if r["n_reports"] > 1)
    detail = get(client, f"/incidents/{multi['id']}")
    assert detail["id"] == detail["requested_id"] == multi["id"]
    assert len(detail["reports"]) == detail["n_reports"] == multi["n_reports"]
    assert detail["merge_log"] and {"action", "actor", "at"} <= set(detail["merge_log"][0])
    checked = 0
    for rep in detail["reports"]:
        assert rep["article_id"] and rep["report"]["article"]["published"]
        art = get(client, f"/articles/{rep['article_id']}")
        for ev in evidence_in(rep["report"]):
            source = art["text"] if ev["part"] == "text" else art["title"]
            assert source[ev["start"] : ev["end"]] == ev["text"]
            checked += 1
    assert checked >= 2
    assert detail["summary"]["type"] == multi["type"]


def test_errors_have_the_common_shape(client: TestClient) -> None:
    resp = client.get(API + "/incidents/inc-does-not-exist")
    assert resp.status_code == 404
    err = resp.json()["error"]
    assert err["code"] == "RASD801" and err["status"] == 404 and err["message"]
    for params in (
        {"sort": "sideways"},
        {"country": "Saudi"},
        {"bbox": "1,2,3"},
        {"bbox": "10,10,5,5"},
        {"min_confidence": "2"},
        {"date_from": "2015-13-40"},
        {"type": "picnic"},
        {"limit": "0"},
    ):
        resp = client.get(API + "/incidents", params=params)
        assert resp.status_code == 422, params
        body = resp.json()["error"]
        assert body["code"] == "RASD800" and body["details"], params
        assert {"loc", "msg"} <= set(body["details"][0])


def test_page_size_over_the_limit(client: TestClient) -> None:
    resp = client.get(API + "/incidents", params={"limit": 501})
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "RASD804"


def test_bad_or_foreign_cursor(client: TestClient) -> None:
    nxt = get(client, "/incidents", limit=3, sort="-killed")["next_cursor"]
    for params in ({"cursor": "garbage"}, {"cursor": nxt, "sort": "date"}):
        resp = client.get(API + "/incidents", params={"limit": 3, **params})
        assert resp.status_code == 400
        assert resp.json()["error"]["code"] == "RASD800"


def test_stats(client: TestClient) -> None:
    listed = get(client, "/incidents", limit=500)["items"]
    dated = [r for r in listed if r["date"]]
    by_type = get(client, "/stats", by="type", period="month")
    assert by_type["period"] == "month" and by_type["by"] == "type"
    assert sum(x["count"] for x in by_type["items"]) >= len(dated)
    assert all(x["period"].endswith("-01") for x in by_type["items"])
    weeks = get(client, "/stats", by="country", period="week", country="SA")["items"]
    assert weeks and {x["key"] for x in weeks} == {"SA"}
    assert all(date.fromisoformat(x["period"]).weekday() == 0 for x in weeks)
    groups = get(client, "/stats", by="group", period="day")["items"]
    assert "Islamic State" in {x["key"] for x in groups}
    assert client.get(API + "/stats", params={"period": "year"}).status_code == 422


def test_groups(client: TestClient) -> None:
    groups = get(client, "/groups", with_incidents="true")["items"]
    isis = next(g for g in groups if g["name"] == "Islamic State")
    n = len(get(client, "/incidents", group="Islamic State", limit=500)["items"])
    assert isis["incidents"] == n > 0
    assert isis["kb_id"] and isis["name_ar"] and "داعش" in isis["aliases_ar"]
    assert "ISIS" in isis["aliases_en"]
    assert isis["first_seen"] <= isis["last_seen"]
    by_alias = get(client, "/groups/داعش")
    assert by_alias["name"] == "Islamic State" and by_alias["incidents"] == n
    child = next(g for g in groups if g["name"] == "Islamic State Najd Province")
    assert child["parent"] == "Islamic State"
    assert len(get(client, "/groups")["items"]) > len(groups)
    assert client.get(API + "/groups/no-such-group-anywhere").status_code == 404


def test_places(client: TestClient) -> None:
    places = get(client, "/places")["items"]
    listed = get(client, "/incidents", limit=500)["items"]
    assert sum(p["count"] for p in places) == sum(1 for r in listed if r["country"])
    sa = next(p for p in places if p["country"] == "SA")
    assert sa["name"] == "Saudi Arabia"
    assert sa["count"] == sum(1 for r in listed if r["country"] == "SA")
    assert sum(pr["count"] for pr in sa["provinces"]) == sa["count"]
    only = get(client, "/places", country="sa")["items"]
    assert [p["country"] for p in only] == ["SA"]


def test_articles(client: TestClient) -> None:
    hits = get(client, "/articles", q="الموصل", limit=5)["items"]
    assert hits
    art = get(client, f"/articles/{hits[0]['id']}")
    assert "موصل" in art["text"] and art["report_ids"]
    assert all(i.startswith("inc-") for i in art["incident_ids"])
    latest = get(client, "/articles", limit=3)["items"]
    assert len(latest) == 3
    assert latest[0]["published"] >= latest[-1]["published"]
    assert client.get(API + "/articles/" + "0" * 64).status_code == 404


def test_changes(client: TestClient) -> None:
    first = get(client, "/changes", since=0, limit=10)
    seqs = [c["seq"] for c in first["items"]]
    assert seqs == sorted(seqs) and len(seqs) == 10 and first["next_since"] == seqs[-1]
    rest = get(client, "/changes", since=first["next_since"], limit=500)["items"]
    assert rest and rest[0]["seq"] > seqs[-1]
    assert {c["kind"] for c in first["items"]} <= {"created", "updated", "merged", "split"}


def test_geojson_follows_the_filters(client: TestClient) -> None:
    resp = client.get(API + "/geojson", params={"country": "SA", "limit": 1000})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/geo+json")
    fc = resp.json()
    assert fc["type"] == "FeatureCollection" and fc["next_cursor"] is None
    listed = get(client, "/incidents", country="SA", limit=500)["items"]
    assert [f["id"] for f in fc["features"]] == [r["id"] for r in listed]
    for f, r in zip(fc["features"], listed, strict=True):
        assert f["type"] == "Feature" and f["properties"]["country"] == "SA"
        if r["lat"] is not None:
            assert f["geometry"] == {"type": "Point", "coordinates": [r["lon"], r["lat"]]}
    located = get(client, "/geojson", located_only="true")["features"]
    assert located and all(f["geometry"] for f in located)
    two = get(client, "/geojson", limit=2)
    assert len(two["features"]) == 2 and two["next_cursor"]


def test_health_openapi_and_security_headers(client: TestClient) -> None:
    health = client.get(API + "/health")
    listed = get(client, "/incidents", limit=500)["items"]
    assert health.json()["status"] == "ok"
    assert health.json()["counts"]["incidents"] == len(listed) > 0
    for k, v in SECURITY_HEADERS.items():
        assert health.headers[k] == v
    spec = client.get(API + "/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/incidents",
        "/incidents/{incident_id}",
        "/incidents/merge",
        "/incidents/{incident_id}/split",
        "/groups",
        "/groups/{name}",
        "/places",
        "/articles",
        "/articles/{article_id}",
        "/stats",
        "/changes",
        "/geojson",
        "/export",
        "/health",
    ):
        assert API + p in paths, p
    assert set(spec["paths"][API + "/incidents/{incident_id}"]) == {"get", "patch"}
    assert "IncidentDetail" in spec["components"]["schemas"]
    assert "EvidenceOut" in spec["components"]["schemas"]
