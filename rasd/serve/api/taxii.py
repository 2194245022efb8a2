"""TAXII 2.1 at ``/taxii2/`` fed from the store (:mod:`rasd.share.taxii` does the protocol).

Collections: every incident, and one per country that has incidents. Objects
carry the server's TLP marking (``settings.tlp``; TLP 2.0 ``clear`` is STIX's
``white``). Reads need a token when the server protects reads.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, FastAPI

from rasd.model import Incident
from rasd.serve.api.exports import stix_tlp
from rasd.serve.api.queries import countries
from rasd.serve.auth import require_read
from rasd.serve.settings import Settings
from rasd.share.taxii import IncidentSource, TaxiiQuery, make_taxii_router
from rasd.store.repo import Store
from rasd.store.stream import iter_incidents_added

PREFIX = "/taxii2"


def store_source(store: Store) -> IncidentSource:
    """A TAXII incident source over ``store`` (ordered by date added, then id)."""

    def source(query: TaxiiQuery) -> Iterator[Incident]:
        since = query.added_after
        if query.after and (since is None or query.after[0] > since):
            since = query.after[0]
        return iter_incidents_added(store, country=query.country, since=since)

    return source


def mount_taxii(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    store: Store = app.state.store
    router = make_taxii_router(
        store_source(store),
        countries=lambda: countries(store),
        tlp=stix_tlp(settings),
    )
    app.include_router(
        router, prefix=PREFIX, dependencies=[Depends(require_read)], include_in_schema=False
    )
