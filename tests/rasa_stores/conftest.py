"""Databases for the tracker store tests: a fresh SQLite file, and a fresh PostgreSQL schema when
WAYPOINT_TEST_DATABASE_URL is set (skipped, and shown as skipped, when it is not)."""
from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

TEST_DB_URL = os.environ.get("WAYPOINT_TEST_DATABASE_URL")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not TEST_DB_URL, reason="WAYPOINT_TEST_DATABASE_URL is not set")),
    ]
)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database that both Rasa's tracker store and Waypoint's store may use."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'waypoint.db'}"
        return
    schema = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(TEST_DB_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(TEST_DB_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
