"""CLI fixtures: a migrated SQLite file the command line finds through WAYPOINT_DB_PATH."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Iterator

import pytest

from bot.cli import main
from bot.store import Store
from framework import load_framework
from tests.web.seeding import Seeder, migrated_store


@dataclass(frozen=True)
class CliRun:
    exit_code: int
    out: str
    err: str


@pytest.fixture
def store(tmp_path, monkeypatch) -> Iterator[Store]:
    database_path = tmp_path / "waypoint-cli.db"
    opened_store = migrated_store(database_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WAYPOINT_DB_PATH", str(database_path))
    monkeypatch.setenv("WAYPOINT_PUBLIC_URL", "https://waypoint.example.org")
    yield opened_store
    opened_store.dispose()


@pytest.fixture
def seed(store) -> Seeder:
    return Seeder(store)


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture
def run_cli(store) -> Callable[..., CliRun]:
    """run_cli("cohort", "list") -> what `python -m bot cohort list` printed and its exit code."""

    def run(*arguments: str) -> CliRun:
        out, err = io.StringIO(), io.StringIO()
        exit_code = main(list(arguments), out=out, err=err)
        return CliRun(exit_code, out.getvalue(), err.getvalue())

    return run
