"""Shared fixtures for the mapper tests: one mapper per test session (spaCy loads once)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).resolve().parent / "cases"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def read_jsonl(path: Path) -> list:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def mapper():
    from bot.evidence import load_mapper

    return load_mapper()


@pytest.fixture(scope="session")
def map_statuses(mapper):
    """Map an answer and return {milestone id: status value}."""

    def run(text, area, question=None, milestone=None) -> dict:
        found = mapper.map_answer(text, area=area, question=question, milestone=milestone)
        return {evidence.milestone_id: evidence.status.value for evidence in found}

    return run
