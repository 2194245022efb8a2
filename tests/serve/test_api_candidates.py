"""``/api/v1/candidates`` and ``rasd incidents candidates``: unknown organisations
named beside attack or claim language, listed for review.

The Arabic texts below were written for these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.cli.main import app as cli
from rasd.model import Actor, IncidentReport
from rasd.serve.app import create_app
from rasd.serve.settings import Settings
from rasd.store.repo import Store

API = "/api/v1"
TEXTS = [
    "أعلنت سرايا النذير مسؤوليتها عن تفجير استهدف رتلا عسكريا قرب الحدود.",
    "قال بيان منسوب إلى سرايا النذير إنها زرعت العبوة التي انفجرت بالدورية.",
    "اتهمت الشرطة خلية تطلق على نفسها اسم لواء الصمود بإطلاق النار على الحاجز.",
]
NAMES = ["سرايا النذير", "سرايا النذير", "لواء الصمود"]


def _fill(url: str, report_factory: Callable[..., IncidentReport]) -> None:
    store = Store.open(url)
    try:
        for k, (text, name) in enumerate(zip(TEXTS, NAMES, strict=True)):
            aid, _ = store.add_article(text)
            rep = report_factory(date=f"2022-05-0{k + 1}")
            rep.candidates = [Actor(name, "claimed", name)]
            store.add_reports(aid, [rep])
    finally:
        store.close()


def test_candidates_endpoint_lists_them_most_reported_first(
    db_url: str, report_factory: Callable[..., IncidentReport]
) -> None:
    _fill(db_url, report_factory)
    store = Store.open(db_url)
    try:
        with TestClient(create_app(Settings(db=db_url), store=store)) as client:
            items = client.get(API + "/candidates").json()["items"]
            assert items == [
                {
                    "name": "سرايا النذير",
                    "reports": 2,
                    "first_seen": "2022-05-01",
                    "last_seen": "2022-05-02",
                },
                {
                    "name": "لواء الصمود",
                    "reports": 1,
                    "first_seen": "2022-05-03",
                    "last_seen": "2022-05-03",
                },
            ]
            assert client.get(API + "/candidates", params={"limit": 1}).json()["items"] == [
                items[0]
            ]
            bad = client.get(API + "/candidates", params={"limit": 0})
            assert bad.status_code == 422 and "error" in bad.json()
            assert API + "/candidates" in client.get(API + "/openapi.json").json()["paths"]
            # a candidate is never a perpetrator group
            groups = client.get(API + "/groups", params={"with_incidents": True}).json()
            assert not {g["name"] for g in groups["items"]} & set(NAMES)
    finally:
        store.close()


def test_candidates_command(
    tmp_path: object, report_factory: Callable[..., IncidentReport]
) -> None:
    db = f"{tmp_path}/c.sqlite"
    runner = CliRunner()
    empty = runner.invoke(cli, ["incidents", "candidates", "--db", db])
    assert empty.exit_code == 0 and "no candidate groups" in empty.output
    _fill(f"sqlite:///{db}", report_factory)
    out = runner.invoke(cli, ["incidents", "candidates", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert [(c["name"], c["reports"]) for c in json.loads(out.output)] == [
        ("سرايا النذير", 2),
        ("لواء الصمود", 1),
    ]
    text = runner.invoke(cli, ["incidents", "candidates", "--db", db, "--limit", "1"])
    assert text.exit_code == 0 and "سرايا النذير" in text.output
    assert "لواء الصمود" not in text.output
    bad = runner.invoke(cli, ["incidents", "candidates", "--db", db, "--limit", "0"])
    assert bad.exit_code != 0 and "--limit" in bad.output
