"""Engines for the store: future-style, with SQLite made safe for a chat server (foreign keys, WAL)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.future import create_engine
from sqlalchemy.pool import QueuePool


def make_engine(url: str) -> Engine:
    """An engine for `url`; for a SQLite file, its folder is created and foreign keys are enforced."""
    parsed_url = make_url(url)
    if parsed_url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database_path = parsed_url.database
    if database_path and database_path != ":memory:" and not database_path.startswith("file:"):
        Path(database_path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # A pool of open connections (SQLAlchemy 1.4 opens and closes one per session for a SQLite file),
    # so a founder's turn does not pay for connecting and setting the pragmas again. Actions run in
    # worker threads; the pool hands each connection to one thread at a time.
    engine = create_engine(
        url, connect_args={"timeout": 30, "check_same_thread": False}, poolclass=QueuePool, pool_size=5, max_overflow=10
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    # SQLite ignores ON DELETE CASCADE unless asked per connection; WAL lets readers run
    # while the action server writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
