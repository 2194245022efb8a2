"""The analysis router mounted on the API app: reads, token-protected writes, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rasd.analysis.routes import build_analysis_router
from rasd.serve.app import create_app
from rasd.serve.settings import Settings
from rasd.store import Store

TOKEN = "t0ken"


@pytest.fixture
def client(sqlite_filled: Store) -> Iterator[TestClient]:
    app = create_app(Settings(tokens=(TOKEN,)), store=sqlite_filled)
    if "/api/v1/trends" not in app.openapi()["paths"]:  # the API package may mount it already
        app.include_router(build_analysis_router(), prefix="/api/v1")
        app.openapi_schema = None
    with TestClient(app) as c:
        yield c


def test_mounted_once(client: TestClient) -> None:
    import warnings

    app = client.app
    app.openapi_schema = None  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = app.openapi()["paths"]  # type: ignore[attr-defined]
    assert not [w for w in caught if "Duplicate Operation ID" in str(w.message)]
    for path in ("/trends", "/groups/{name}/profile", "/network", "/spikes", "/alerts"):
        assert "get" in paths["/api/v1" + path]
    assert {"get", "post"} <= set(paths["/api/v1/watchlists"])
    assert "delete" in paths["/api/v1/watchlists/{watchlist_id}"]


def test_trends_profile_network_spikes(client: TestClient) -> None:
    r = client.get("/api/v1/trends", params={"by": "country", "period": "month", "country": "SA"})
    assert r.status_code == 200
    assert [row["count"] for row in r.json()["rows"]] == [1, 1, 1]
    p = client.get("/api/v1/groups/Islamic State/profile")
    assert p.status_code == 200 and p.json()["incidents"] == 4
    n = client.get("/api/v1/network", params={"min_weight": 2}).json()
    assert {e["weight"] for e in n["edges"]} == {2, 3}
    s = client.get("/api/v1/spikes", params={"min_count": 1, "alpha": 0.05})
    assert s.status_code == 200 and isinstance(s.json()["spikes"], list)


def test_errors_use_the_common_shape(client: TestClient) -> None:
    r = client.get("/api/v1/trends", params={"by": "colour"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "RASD100"
    r = client.get("/api/v1/groups/Nobody/profile")
    assert r.status_code == 404 and r.json()["error"]["code"] == "RASD801"
    r = client.get("/api/v1/spikes", params={"alpha": 3})
    assert r.status_code == 422 and r.json()["error"]["code"] == "RASD800"


def test_watchlist_writes_need_the_token(client: TestClient) -> None:
    body = {
        "name": "kabul",
        "countries": ["AF"],
        "webhooks": ["https://h.example/x"],
        "secret": "k",
    }
    assert client.post("/api/v1/watchlists", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/v1/watchlists", json=body, headers=auth)
    assert r.status_code == 201
    created = r.json()
    assert created["channels"][0]["secret"] == "***"
    bad = client.post("/api/v1/watchlists", json={"name": "x", "types": ["picnic"]}, headers=auth)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "RASD100"
    listed = client.get("/api/v1/watchlists").json()["watchlists"]
    assert [w["name"] for w in listed] == ["kabul"]
    assert client.delete(f"/api/v1/watchlists/{created['id']}").status_code == 401
    assert client.delete(f"/api/v1/watchlists/{created['id']}", headers=auth).status_code == 200
    assert client.delete(f"/api/v1/watchlists/{created['id']}", headers=auth).status_code == 404
    assert client.get("/api/v1/watchlists").json()["watchlists"] == []


def test_alerts_listing(client: TestClient, sqlite_filled: Store) -> None:
    from rasd.analysis.alerts import evaluate_changes
    from rasd.analysis.watchlists import Rule, add_watchlist

    add_watchlist(sqlite_filled, "Taliban", Rule.build(groups=["Taliban"]))
    evaluate_changes(sqlite_filled)
    alerts = client.get("/api/v1/alerts").json()["alerts"]
    assert len(alerts) == 1 and alerts[0]["watchlist"] == "Taliban"
    assert client.get("/api/v1/alerts", params={"since": "2999-01-01"}).json()["alerts"] == []
