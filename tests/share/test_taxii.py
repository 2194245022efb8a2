"""TAXII 2.1 router, exercised with taxii2-client against a real uvicorn server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import uvicorn
from fastapi import FastAPI
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from rasd.errors import ExportError
from rasd.model import Incident
from rasd.share.stix import incident_id, incident_objects, preamble_objects
from rasd.share.taxii import (
    ALL_COLLECTION,
    TAXII_MEDIA,
    TaxiiQuery,
    collection_id,
    incident_country,
    make_taxii_router,
    memory_source,
)

from .factories import bombing, foiled_plot, sample


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    incidents = sample()
    app = FastAPI()
    countries = sorted({c for c in map(incident_country, incidents) if c})
    app.include_router(
        make_taxii_router(memory_source(incidents), countries=lambda: countries), prefix="/taxii2"
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/taxii2/"
    server.should_exit = True
    thread.join(timeout=10)


def expected_ids(incidents: list[Incident]) -> set[str]:
    ids = {o["id"] for o in preamble_objects("white")}
    for inc in incidents:
        ids |= {o["id"] for o in incident_objects(inc)}
    return ids


def collection(base_url: str, cid: str) -> Collection:
    return Collection(f"{base_url}rasd/collections/{cid}/")


def all_objects(col: Collection, per_request: int, **filters: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for envelope in as_pages(col.get_objects, per_request=per_request, **filters):
        found.extend(envelope.get("objects", []))
    return found


def test_discovery_and_api_root(base_url: str) -> None:
    server = Server(base_url)
    assert server.title == "rasd TAXII 2.1"
    assert len(server.api_roots) == 1
    root: ApiRoot = server.default
    assert root.url == f"{base_url}rasd/"
    assert TAXII_MEDIA in root.versions


def test_collections_all_and_per_country(base_url: str) -> None:
    root = ApiRoot(f"{base_url}rasd/")
    cols = {c.id: c for c in root.collections}
    assert set(cols) == {
        ALL_COLLECTION,
        collection_id("IQ"),
        collection_id("TN"),
        collection_id("SY"),
    }
    iraq = cols[collection_id("IQ")]
    assert iraq.can_read and not iraq.can_write
    assert "Iraq" in iraq.title


def test_objects_paginate_to_the_full_collection(base_url: str) -> None:
    col = collection(base_url, ALL_COLLECTION)
    small = all_objects(col, per_request=4)
    assert {o["id"] for o in small} == expected_ids(sample())
    big = col.get_objects()
    assert big["more"] is False
    assert {o["id"] for o in big["objects"]} == expected_ids(sample())


def test_page_limit_next_and_headers(base_url: str) -> None:
    url = f"{base_url}rasd/collections/{ALL_COLLECTION}/objects/"
    first = requests.get(url, params={"limit": 3}, headers={"Accept": TAXII_MEDIA}, timeout=10)
    assert first.status_code == 200
    assert first.headers["Content-Type"].replace(" ", "") == TAXII_MEDIA
    body = first.json()
    assert len(body["objects"]) == 3 and body["more"] is True
    assert first.headers["X-TAXII-Date-Added-First"] <= first.headers["X-TAXII-Date-Added-Last"]
    second = requests.get(
        url, params={"limit": 3, "next": body["next"]}, headers={"Accept": TAXII_MEDIA}, timeout=10
    )
    ids = {o["id"] for o in body["objects"]}
    assert ids.isdisjoint(o["id"] for o in second.json()["objects"])


def test_match_type_and_id(base_url: str) -> None:
    col = collection(base_url, ALL_COLLECTION)
    incidents = all_objects(col, per_request=2, type="incident")
    assert {o["type"] for o in incidents} == {"incident"}
    assert len(incidents) == 3  # the claim is a note
    two = col.get_objects(type=["threat-actor", "location"])
    assert {o["type"] for o in two["objects"]} == {"threat-actor", "location"}
    one = col.get_object(incident_id(bombing()))
    assert [o["id"] for o in one["objects"]] == [incident_id(bombing())]


def test_added_after(base_url: str) -> None:
    col = collection(base_url, ALL_COLLECTION)
    newer = col.get_objects(added_after="2024-03-06T00:00:00Z")
    rasd_ids = {
        o["extensions"][next(iter(o["extensions"]))].get("rasd_id")
        for o in newer["objects"]
        if o["type"] == "incident"
    }
    assert incident_id(bombing()) in {o["id"] for o in newer["objects"]}
    assert incident_id(foiled_plot()) not in {o["id"] for o in newer["objects"]}
    assert "inc-2023-0420" not in rasd_ids


def test_country_collection_holds_only_its_incidents(base_url: str) -> None:
    col = collection(base_url, collection_id("TN"))
    objs = all_objects(col, per_request=5)
    assert {o["id"] for o in objs} == expected_ids([foiled_plot()])


def test_manifest(base_url: str) -> None:
    col = collection(base_url, collection_id("IQ"))
    entries = []
    for env in as_pages(col.get_manifest, per_request=4):
        entries.extend(env.get("objects", []))
    assert {e["id"] for e in entries} == expected_ids([bombing()])
    inc = next(e for e in entries if e["id"] == incident_id(bombing()))
    assert inc["date_added"] == "2024-03-06T10:00:00.000Z"
    assert inc["version"] == "2024-03-06T10:00:00.000Z"
    assert inc["media_type"] == "application/stix+json;version=2.1"


@pytest.mark.parametrize(
    ("path", "params", "accept", "status"),
    [
        (f"rasd/collections/{ALL_COLLECTION}/objects/", {}, "application/json", 406),
        (f"rasd/collections/{ALL_COLLECTION}/objects/", {"next": "%%%"}, TAXII_MEDIA, 400),
        (f"rasd/collections/{ALL_COLLECTION}/objects/", {"limit": "0"}, TAXII_MEDIA, 400),
        (
            f"rasd/collections/{ALL_COLLECTION}/objects/",
            {"added_after": "yesterday"},
            TAXII_MEDIA,
            400,
        ),
        ("rasd/collections/no-such-collection/", {}, TAXII_MEDIA, 404),
        (
            f"rasd/collections/{ALL_COLLECTION}/objects/incident--00000000-0000-4000-8000-000000000000/",
            {},
            TAXII_MEDIA,
            404,
        ),
    ],
)
def test_errors_use_the_taxii_error_format(
    base_url: str, path: str, params: dict[str, str], accept: str, status: int
) -> None:
    resp = requests.get(base_url + path, params=params, headers={"Accept": accept}, timeout=10)
    assert resp.status_code == status
    assert resp.headers["Content-Type"].replace(" ", "") == TAXII_MEDIA
    assert resp.json()["http_status"] == str(status)


def test_memory_source_orders_and_filters() -> None:
    source = memory_source(sample())
    keys = [(i.updated_at, i.id) for i in source(TaxiiQuery())]
    assert [k[1] for k in keys] == ["inc-2024-0002", "inc-bare", "inc-2023-0420", "inc-2024-0001"]
    assert [i.id for i in source(TaxiiQuery(country="IQ"))] == ["inc-2024-0001"]


def test_unknown_tlp_is_refused() -> None:
    with pytest.raises(ExportError) as err:
        make_taxii_router(memory_source([]), tlp="purple")
    assert err.value.code == "RASD602"
