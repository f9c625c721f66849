"""Alembic's entry point: migrate the database named by the caller or by Waypoint's settings."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from bot.config import load_settings
from bot.store.engine import make_engine
from bot.store.models import Base

config = context.config
target_metadata = Base.metadata

# The CLI logs what it does; a programmatic upgrade (bot.store.schema) leaves the host's logging alone.
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    # bot.store.schema.upgrade() passes the URL as an attribute (it may hold '%', which the
    # ini parser would mangle); the alembic CLI falls back to the settings.
    return config.attributes.get("database_url") or load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


def _run_on(connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which has little ALTER TABLE).
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
