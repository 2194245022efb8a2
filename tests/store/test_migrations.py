"""Migrations: up from empty on both backends; models and migrations agree; default path."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from rasd.store import Store, head_revision, migrate
from rasd.store.db import resolve_url
from rasd.store.models import metadata
from rasd.store.schema import include_object

TABLES = {
    "sources",
    "articles",
    "ingest_runs",
    "ingest_errors",
    "reports",
    "evidence",
    "incidents",
    "incident_reports",
    "incident_groups",
    "incident_aliases",
    "link_constraints",
    "merge_audit",
    "entities",
    "changes",
}


def test_migrate_from_empty_reaches_head(empty_db_url: str) -> None:
    assert migrate(empty_db_url) == head_revision()
    engine = create_engine(empty_db_url)
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert names >= TABLES | {"alembic_version"}


def test_migrate_twice_is_a_no_op(empty_db_url: str) -> None:
    assert migrate(empty_db_url) == migrate(empty_db_url) == head_revision()


def test_models_match_migrations(empty_db_url: str) -> None:
    migrate(empty_db_url)
    engine = create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"include_object": include_object, "compare_type": True}
            )
            diff = compare_metadata(ctx, metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_full_text_objects_exist(empty_db_url: str) -> None:
    migrate(empty_db_url)
    engine = create_engine(empty_db_url)
    try:
        insp = inspect(engine)
        if engine.dialect.name == "sqlite":
            assert "articles_fts" in insp.get_table_names()
        else:
            assert "tsv" in {c["name"] for c in insp.get_columns("articles")}
            assert "ix_articles_tsv" in {i["name"] for i in insp.get_indexes("articles")}
    finally:
        engine.dispose()


def test_default_file_is_created_with_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "er" / "rasd.sqlite"
    monkeypatch.setenv("RASD_DB", str(target))
    assert not target.parent.exists()
    with Store.open() as store:
        assert store.dialect == "sqlite"
        assert store.counts()["articles"] == 0
    assert target.exists()


def test_home_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    url = resolve_url(None)
    assert url.endswith("/.local/share/rasd/rasd.sqlite")
    assert (tmp_path / ".local" / "share" / "rasd").is_dir()


def test_plain_postgresql_url_gets_psycopg_driver() -> None:
    assert resolve_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"


def test_bad_url_is_a_coded_error() -> None:
    from rasd.errors import StorageError

    with pytest.raises(StorageError) as err:
        Store.open("mysql+nope://x@y/z")
    assert err.value.code == "RASD400"
