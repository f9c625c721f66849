"""`python -m bot.evidence` as an evaluation harness runs it: a subprocess fed JSON lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(lines: list) -> list:
    completed = subprocess.run(
        [sys.executable, "-m", "bot.evidence"],
        input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, cwd=ROOT, timeout=300, encoding="utf-8",
    )
    assert completed.returncode == 0, completed.stderr
    return [json.loads(line) for line in completed.stdout.splitlines()]


@pytest.fixture(scope="module")
def round_trip():
    records = [
        {"id": "a1", "area": "impact", "question": "Have you run any trials or studies to test your impact?", "text": "We haven't run a trial yet."},
        "this is { not json",
        {"id": "a2", "area": "users", "question": "Have you shown the idea to people?", "text": "", "milestone": "users-1-3"},
        {"id": "a3", "area": "users", "question": "Is it going well?", "text": "🙂🙂🙂 👍"},
        {"id": "a4", "area": "revenue", "question": "Who could pay?", "text": "<p>We <b>mapped</b> four segments of funders</p><script>x</script>"},
        {"id": "a5", "area": "impact", "question": "Anything else?", "text": "Wir haben keine Daten. " * 500},
        {"id": "a6", "area": "people", "question": "Do you have clear governance?", "text": "yes", "milestone": "people-3-1"},
        {"id": 7, "area": "impact", "text": 42},
        ["a", "list"],
        {"id": "a8", "area": "impact", "question": "How do you know it works?", "text": "We ran a randomised controlled trial with 400 pupils. " * 400},
    ]
    lines = [record if isinstance(record, str) else json.dumps(record, ensure_ascii=False) for record in records]
    return records, run_cli(lines)


def test_one_output_line_per_input_line_in_order(round_trip):
    records, outputs = round_trip
    assert len(outputs) == len(records)
    expected_ids = [record.get("id") if isinstance(record, dict) else None for record in records]
    assert [output["id"] for output in outputs] == expected_ids


def test_statuses_are_written_per_milestone(round_trip):
    _, outputs = round_trip
    assert outputs[0]["milestones"] == {"impact-2-1": "not_started"}
    assert outputs[6]["milestones"] == {"people-3-1": "achieved"}
    assert outputs[9]["milestones"].get("impact-2-1") == "achieved"


def test_malformed_lines_get_an_error_and_processing_continues(round_trip):
    _, outputs = round_trip
    for index in (1, 7, 8):
        assert outputs[index]["milestones"] == {}
        assert outputs[index]["error"]
    assert "error" not in outputs[9]


@pytest.mark.parametrize("index", [2, 3, 4, 5])
def test_empty_emoji_markup_and_foreign_answers_survive(round_trip, index):
    _, outputs = round_trip
    assert "error" not in outputs[index]
    assert isinstance(outputs[index]["milestones"], dict)
