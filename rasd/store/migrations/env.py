"""Alembic environment: runs on the connection handed over by :mod:`rasd.store.schema`.

Never reads a config file or opens its own connection: the caller passes an open
connection (inside its write transaction) as ``config.attributes["connection"]``.
``render_as_batch`` makes ALTERs work on SQLite; PostGIS's ``spatial_ref_sys``
and the full-text objects are ignored by autogenerate.
"""

from __future__ import annotations

from alembic import context

from rasd.store.models import metadata
from rasd.store.schema import include_object


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("rasd migrations run only through rasd.store.migrate()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
