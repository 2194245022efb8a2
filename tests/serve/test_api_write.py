"""``/api/v1`` writes: tokens, article submission, corrections, merge and split.

The Arabic articles below were written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.serve.app import create_app
from rasd.serve.settings import Settings
from rasd.store.repo import Store

API = "/api/v1"
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

KARRADA_1 = (
    "بغداد - قُتل سبعة أشخاص وأصيب خمسة عشر آخرون بجروح في تفجير سيارة مفخخة استهدف سوقاً "
    "شعبياً في حي الكرادة وسط بغداد صباح اليوم الأحد، بحسب مصدر في الشرطة."
)
KARRADA_2 = (
    "بغداد - ارتفعت حصيلة تفجير السيارة المفخخة في سوق حي الكرادة ببغداد إلى تسعة قتلى، "
    "وفق ما أعلنته وزارة الصحة العراقية مساء الأحد."
)
MOSUL = (
    "الموصل - أعلنت قيادة العمليات المشتركة أن مسلحين هاجموا نقطة تفتيش للجيش غرب مدينة "
    "الموصل فجر اليوم الثلاثاء، ما أدى إلى مقتل جنديين وإصابة أربعة آخرين."
)


@pytest.fixture(scope="module")
def store(module_db_url: str) -> Iterator[Store]:
    s = Store.open(module_db_url)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(Settings(db=store.url, tokens=(TOKEN,)), store=store)
    with TestClient(app) as c:
        yield c


def submit(client: TestClient, text: str, published: str, **extra: Any) -> dict[str, Any]:
    body = {"text": text, "title": extra.pop("title", "خبر"), "published": published, **extra}
    resp = client.post(API + "/articles", json=body, headers=AUTH)
    assert resp.status_code == 201, resp.text
    data: dict[str, Any] = resp.json()
    return data


def test_writes_need_a_configured_token(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "ro.sqlite")))
    with TestClient(app) as c:
        for method, path, body in (
            ("post", "/articles", {"text": "نص"}),
            ("patch", "/incidents/inc-x", {"killed": 1}),
            ("post", "/incidents/merge", {"ids": ["a", "b"]}),
            ("post", "/incidents/inc-x/split", {"report_ids": ["r"]}),
        ):
            resp = c.request(method, API + path, json=body, headers=AUTH)
            assert resp.status_code == 403, path
            assert resp.json()["error"]["code"] == "RASD803"


def test_wrong_or_missing_token_is_refused(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"X-API-Token": "nope"}):
        resp = client.post(API + "/articles", json={"text": MOSUL}, headers=headers)
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == "RASD802"


def test_reads_are_protected_when_configured(store: Store) -> None:
    settings = Settings(db=store.url, tokens=(TOKEN,), read_requires_token=True)
    with TestClient(create_app(settings, store=store)) as c:
        assert c.get(API + "/incidents").status_code == 401
        assert c.get(API + "/incidents", headers={"X-API-Token": "bad"}).status_code == 401
        assert c.get(API + "/incidents", headers=AUTH).status_code == 200
        assert c.get(API + "/stats", headers=AUTH).status_code == 200
        assert c.get("/taxii2/").status_code == 401
        assert c.get(API + "/health").status_code == 200  # liveness stays open


def test_submit_article_runs_the_pipeline(client: TestClient) -> None:
    out = submit(client, MOSUL, "2016-07-05", url="https://example.org/ar/mosul/1")
    assert out["created"] is True and len(out["article_id"]) == 64
    assert out["report_ids"] and out["incident_ids"]
    inc = client.get(f"{API}/incidents/{out['incident_ids'][0]}").json()
    assert inc["summary"]["killed"]["value"] == 2
    assert inc["summary"]["location"]["city"] == "Mosul"
    again = submit(client, MOSUL, "2016-07-05")
    assert again["created"] is False and again["article_id"] == out["article_id"]
    assert again["incident_ids"] == out["incident_ids"]


def test_submit_validates_the_body(client: TestClient) -> None:
    for body in (
        {},
        {"text": ""},
        {"text": "نص", "published": "yesterday"},
        {"text": "نص", "url": "javascript:alert(1)"},
        {"text": "نص", "colour": "red"},
    ):
        resp = client.post(API + "/articles", json=body, headers=AUTH)
        assert resp.status_code == 422, body
        assert resp.json()["error"]["code"] == "RASD800"
        assert resp.json()["error"]["details"]
    resp = client.post(API + "/articles", json={"text": MOSUL, "source": "nowhere"}, headers=AUTH)
    assert resp.status_code == 422


def test_script_is_stored_verbatim_and_served_escaped(client: TestClient) -> None:
    calm = "عمّان - يسود طقس معتدل في معظم مناطق المملكة اليوم مع رياح خفيفة وسماء صافية."
    evil = "<script>alert('x')</script> " + calm + " <img src=x onerror=alert(1)>"
    out = submit(client, evil, "2016-07-04", title="<b>عنوان</b>", language="ar")
    resp = client.get(f"{API}/articles/{out['article_id']}")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert b"<script" not in resp.content and b"<img" not in resp.content
    assert b"\\u003cscript\\u003e" in resp.content
    assert resp.json()["text"] == evil and resp.json()["title"] == "<b>عنوان</b>"


def test_correct_merge_and_split(client: TestClient, store: Store) -> None:
    first = submit(client, KARRADA_1, "2016-07-03")
    second = submit(client, KARRADA_2, "2016-07-03")
    ids = sorted(set(first["incident_ids"] + second["incident_ids"]))
    if len(ids) > 1:  # the linker kept them apart: unite them by hand
        resp = client.post(
            API + "/incidents/merge", json={"ids": ids, "editor": "huda"}, headers=AUTH
        )
        assert resp.status_code == 200, resp.text
        survivor = resp.json()["id"]
    else:
        survivor = ids[0]
    detail = client.get(f"{API}/incidents/{survivor}").json()
    assert len(detail["reports"]) == 2

    resp = client.patch(
        f"{API}/incidents/{survivor}",
        json={"killed": 11, "country": "IQ", "city": "Baghdad", "editor": "huda", "note": "MoH"},
        headers=AUTH,
    )
    assert resp.status_code == 200, resp.text
    fixed = resp.json()
    assert fixed["summary"]["killed"]["value"] == 11
    assert fixed["summary"]["location"]["city"] == "Baghdad"
    assert fixed["version"] == detail["version"] + 1
    entry = fixed["merge_log"][-1]
    assert entry["action"] == "correct" and entry["actor"].startswith("huda#")
    fields = {r["field"]: r for r in entry["reasons"] if r.get("feature") == "correction"}
    assert (
        fields["killed"]["value"] == 11
        and fields["killed"]["old"] == detail["summary"]["killed"]["value"]
    )
    listed = client.get(API + "/incidents", params={"city": "Baghdad", "limit": 500}).json()
    assert survivor in [r["id"] for r in listed["items"]]
    changes = client.get(API + "/changes", params={"since": 0, "limit": 500}).json()["items"]
    last = [c for c in changes if c["incident_id"] == survivor][-1]
    assert last["kind"] == "updated" and last["data"]["corrected"]["killed"] == 11
    assert last["data"]["actor"].startswith("huda#")

    report = fixed["reports"][1]["id"]
    resp = client.post(
        f"{API}/incidents/{survivor}/split", json={"report_ids": [report]}, headers=AUTH
    )
    assert resp.status_code == 201, resp.text
    new_id = resp.json()["id"]
    assert new_id != survivor
    kept = client.get(f"{API}/incidents/{survivor}").json()
    assert [r["id"] for r in kept["reports"]] == [fixed["reports"][0]["id"]]
    assert kept["summary"]["killed"]["value"] == 11  # the correction survives the re-summary
    moved = client.get(f"{API}/incidents/{new_id}").json()
    assert [r["id"] for r in moved["reports"]] == [report]


def test_edit_errors(client: TestClient) -> None:
    resp = client.patch(f"{API}/incidents/inc-nothing", json={"killed": 1}, headers=AUTH)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "RASD801"
    some = client.get(API + "/incidents", params={"limit": 1}).json()["items"][0]["id"]
    for body in ({"type": "picnic"}, {"killed": -1}, {"date": "2016-02-30"}, {"colour": 1}):
        resp = client.patch(f"{API}/incidents/{some}", json=body, headers=AUTH)
        assert resp.status_code in (400, 422), body
        assert resp.json()["error"]["code"] in ("RASD800", "RASD411")
    resp = client.patch(f"{API}/incidents/{some}", json={}, headers=AUTH)
    assert resp.status_code == 400
    resp = client.post(API + "/incidents/merge", json={"ids": [some, some]}, headers=AUTH)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "RASD410"
    resp = client.post(API + "/incidents/merge", json={"ids": [some]}, headers=AUTH)
    assert resp.status_code == 422
    resp = client.post(
        f"{API}/incidents/{some}/split", json={"report_ids": ["not-a-report"]}, headers=AUTH
    )
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "RASD410"
