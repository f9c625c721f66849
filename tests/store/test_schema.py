"""Migrations create the models' schema, and a database behind them is refused with the fix named."""
from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.config import load_settings
from bot.store import SchemaBehind, SchemaUnknown, Store, check_current, head_revision, upgrade
from bot.store.engine import make_engine
from bot.store.models import Base
from bot.store.schema import alembic_config, database_revision


@pytest.fixture
def engine_of():
    """engine_of(url) -> an engine, disposed after the test (so schemas can be dropped)."""
    engines = []

    def make(url):
        engines.append(make_engine(url))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


def test_the_migrations_create_exactly_the_models_schema(database_url, engine_of):
    with engine_of(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_migrated_database_is_at_the_head_revision(database_url, engine_of):
    engine = engine_of(database_url)
    assert database_revision(engine) == head_revision()
    check_current(engine)


def test_downgrading_to_base_and_upgrading_again_gives_the_same_tables(database_url, engine_of):
    engine = engine_of(database_url)
    command.downgrade(alembic_config(database_url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(database_url)
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}


def test_a_database_behind_the_migrations_is_refused_naming_make_migrate(database_url):
    command.stamp(alembic_config(database_url), "base")
    with pytest.raises(SchemaBehind) as refusal:
        Store.from_url(database_url)
    message = str(refusal.value)
    assert "make migrate" in message
    assert head_revision() in message
    assert "none (empty database)" in message


def test_an_existing_database_behind_is_refused_even_with_auto_upgrade(database_url):
    command.stamp(alembic_config(database_url), "base")
    with pytest.raises(SchemaBehind, match="make migrate"):
        Store.from_url(database_url, auto_upgrade=True)


def test_an_empty_database_is_refused_without_auto_upgrade(empty_database_url):
    with pytest.raises(SchemaBehind, match="make migrate"):
        Store.from_url(empty_database_url)


def test_a_database_at_a_revision_the_code_does_not_know_is_refused(database_url, engine_of):
    with engine_of(database_url).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    with pytest.raises(SchemaUnknown, match="f00dfeed"):
        Store.from_url(database_url)


def test_a_new_sqlite_file_is_created_and_migrated_by_auto_upgrade(tmp_path):
    database_path = tmp_path / "fresh" / "nested" / "waypoint.db"
    store = Store.from_url(f"sqlite:///{database_path}", auto_upgrade=True)
    try:
        assert database_path.exists()
        assert store.founder_for("rest", "s1").id > 0
    finally:
        store.dispose()


def test_from_settings_uses_the_configured_sqlite_path(tmp_path):
    settings = load_settings({"WAYPOINT_DB_PATH": str(tmp_path / "db" / "waypoint.db")})
    store = Store.from_settings(settings, auto_upgrade=True)
    try:
        assert str(store.engine.url) == settings.database_url
        check_current(store.engine)
    finally:
        store.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'waypoint.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    finally:
        engine.dispose()
