"""Store fixtures: every test runs on a fresh SQLite file, and on PostgreSQL too when
WAYPOINT_TEST_DATABASE_URL is set (each test in its own schema, dropped afterwards)."""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from typing import Callable, Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.store import AssessmentRecord, FounderRecord, Store, VentureRecord, upgrade
from bot.store.engine import make_engine
from bot.store.models import Base

POSTGRES_URL_VARIABLE = "WAYPOINT_TEST_DATABASE_URL"
_schema_numbers = itertools.count(1)


def _backends() -> list:
    backends = ["sqlite"]
    if os.environ.get(POSTGRES_URL_VARIABLE):
        backends.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return backends


@pytest.fixture(params=_backends())
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """The URL of a database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'waypoint-test.db'}"
        return
    yield from _postgres_schema_url(os.environ[POSTGRES_URL_VARIABLE])


@pytest.fixture
def database_url(empty_database_url) -> str:
    """The URL of a database migrated to the head revision, the way `make migrate` does it."""
    upgrade(empty_database_url)
    return empty_database_url


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    opened_store = Store.from_url(database_url)
    yield opened_store
    opened_store.dispose()


@dataclass(frozen=True)
class Interview:
    """A founder with a venture and an assessment under way: where most store tests start."""

    founder: FounderRecord
    venture: VentureRecord
    assessment: AssessmentRecord


@pytest.fixture
def start_interview(store) -> Callable[..., Interview]:
    """start_interview(sender_id=..., venture_name=...) -> a new founder's Interview."""

    def start(sender_id: str = "sender-1", venture_name: str = "Green Bikes") -> Interview:
        founder = store.founder_for("rest", sender_id, display_name="Asha")
        venture = store.create_venture(venture_name, founder.id)
        assessment = store.start_assessment(venture.id)
        return Interview(store.founder(founder.id), venture, assessment)

    return start


@pytest.fixture
def interview(start_interview) -> Interview:
    return start_interview()


@pytest.fixture
def row_counts(store) -> Callable[[], dict[str, int]]:
    """row_counts() -> table name -> number of rows, for every table of the schema."""

    def count() -> dict[str, int]:
        with store.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }

    return count


def _postgres_schema_url(base_url: str) -> Iterator[str]:
    schema_name = f"waypoint_test_{os.getpid()}_{next(_schema_numbers)}"
    admin_engine = make_engine(base_url)
    with admin_engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema_name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin_engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE'))
        admin_engine.dispose()
