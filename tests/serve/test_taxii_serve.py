"""TAXII 2.1 on `rasd serve`: taxii2-client against a live uvicorn over a demo database."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from rasd.demo_run import run_demo
from rasd.serve.app import create_app
from rasd.serve.settings import Settings
from rasd.share.stix import incident_objects, preamble_objects
from rasd.share.taxii import ALL_COLLECTION, TAXII_MEDIA, collection_id
from rasd.store.repo import Store
from rasd.store.stream import iter_incidents


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('taxii') / 'rasd.sqlite'}"
    run_demo(url)
    return url


@pytest.fixture(scope="module")
def base_url(db: str) -> Iterator[str]:
    app = create_app(Settings(db=db, tlp="clear"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/taxii2/"
    server.should_exit = True
    thread.join(timeout=10)


def expected(db: str, country: str | None = None) -> set[str]:
    ids = {o["id"] for o in preamble_objects("white")}
    with Store.open(db) as store:
        for inc in iter_incidents(store):
            loc = inc.summary.location
            if country is None or (loc and loc.country == country):
                ids |= {o["id"] for o in incident_objects(inc, "white")}
    return ids


def fetch_all(col: Collection, per_request: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for envelope in as_pages(col.get_objects, per_request=per_request):
        found.extend(envelope.get("objects", []))
    return found


def test_discovery_and_collections(base_url: str, db: str) -> None:
    server = Server(base_url)
    assert server.title == "rasd TAXII 2.1"
    root: ApiRoot = server.default
    cols = {c.id for c in root.collections}
    with Store.open(db) as store:
        countries = {r.country for r in store.list_incidents(limit=1000)[0] if r.country}
    assert cols == {ALL_COLLECTION} | {collection_id(c) for c in countries}


def test_all_objects_page_through_the_database(base_url: str, db: str) -> None:
    col = Collection(f"{base_url}rasd/collections/{ALL_COLLECTION}/")
    objs = fetch_all(col, per_request=25)
    want = expected(db)
    assert {o["id"] for o in objs} == want
    tlp = [o for o in objs if o["type"] == "marking-definition"]
    assert tlp and tlp[0]["name"] == "TLP:WHITE"  # RASD_TLP=clear is TLP:WHITE in STIX 2.1
    incidents = [o for o in objs if o["type"] == "incident"]
    assert all(tlp[0]["id"] in o["object_marking_refs"] for o in incidents)


def test_country_collection(base_url: str, db: str) -> None:
    col = Collection(f"{base_url}rasd/collections/{collection_id('SA')}/")
    objs = fetch_all(col, per_request=10)
    assert {o["id"] for o in objs} == expected(db, "SA")
    manifest = col.get_manifest()
    assert manifest["objects"] and all(
        e["media_type"] == "application/stix+json;version=2.1" for e in manifest["objects"]
    )


def test_added_after_skips_older_incidents(base_url: str) -> None:
    url = f"{base_url}rasd/collections/{ALL_COLLECTION}/objects/"
    resp = requests.get(
        url,
        params={"added_after": "2999-01-01T00:00:00Z"},
        headers={"Accept": TAXII_MEDIA},
        timeout=10,
    )
    assert resp.status_code == 200
    assert resp.json() == {"more": False}


def test_bad_tlp_fails_at_start(tmp_path: Path) -> None:
    from rasd.errors import ExportError

    with pytest.raises(ExportError) as err:
        create_app(Settings(db=str(tmp_path / "x.sqlite"), tlp="purple"))
    assert err.value.code == "RASD602"
