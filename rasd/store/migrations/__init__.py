"""Alembic migrations for the rasd store (run programmatically by :func:`rasd.store.migrate`)."""
