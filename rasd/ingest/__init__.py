"""Ingestion: sources in, stored and merged incidents out.

* :mod:`rasd.ingest.item` — :class:`SourceItem`, one article as a source yields it;
* :mod:`rasd.ingest.gates` — language identification and near-duplicate detection;
* :mod:`rasd.ingest.work` — the database-free work per article, inline or in worker processes;
* :mod:`rasd.ingest.pipeline` — :func:`ingest`: gate, store, extract, merge, record the run.

Import the submodules directly; this package does nothing at import.
"""
