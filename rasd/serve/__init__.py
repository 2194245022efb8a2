"""`rasd serve`: the REST API (``/api/v1``), TAXII 2.1 (``/taxii2``) and the dashboard.

* :mod:`rasd.serve.settings` — :class:`Settings` (database, tokens, limits);
* :mod:`rasd.serve.app` — :func:`create_app`, the FastAPI application;
* :mod:`rasd.serve.errors` — the one JSON error shape;
* :mod:`rasd.serve.auth` — API tokens for writes (and for reads when configured);
* :mod:`rasd.serve.api` — the ``/api/v1`` routers;
* :mod:`rasd.serve.ui` — the server-rendered dashboard and its vendored assets.

Importing this package does no I/O and does not import FastAPI.
"""
