"""`python -m bot report --sender ...`: the venture's assessment as JSON or readable text."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store.models import Founder

from framework import next_steps, place_venture

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def assessed_venture(seed, framework):
    seeded = seed.venture("Green Bikes", sender_id="widget-42", founder_name="Asha")
    seed.achieve_stage_one(seeded, "people", framework)
    seed.answer(seeded, "impact", "We drafted a Theory of Change with our partners.", {"impact-1-1": "in_progress"})
    return seeded


def test_report_json_gives_every_area_milestone_and_the_recommendations(run_cli, assessed_venture, store, framework):
    result = run_cli("report", "--sender", "widget-42", "--json")
    assert result.exit_code == 0, result.err
    report = json.loads(result.out)
    assert report["venture"] == {"id": assessed_venture.venture.id, "name": "Green Bikes"}
    assert report["assessment"]["id"] == assessed_venture.assessment.id
    assert [area["area"] for area in report["areas"]] == [area.id for area in framework.areas]
    areas = {area["area"]: area for area in report["areas"]}
    assert (areas["people"]["stage"], areas["impact"]["stage"]) == (2, 1)
    assert sum(len(area["milestones"]) for area in report["areas"]) == len(framework.milestones)
    theory_of_change = next(milestone for milestone in areas["impact"]["milestones"] if milestone["id"] == "impact-1-1")
    assert theory_of_change["status"] == "in_progress"
    assert theory_of_change["evidence"][0]["text"] == "We drafted a Theory of Change with our partners."
    assert all(recommendation["reason"] for recommendation in areas["impact"]["recommendations"])
    profile = place_venture(framework, store.milestone_statuses(assessed_venture.assessment.id))
    assert [step["way"] for step in report["next_steps"]] == [step.way.text for step in next_steps(framework, profile)]


def test_report_text_reads_area_by_area_with_the_founders_words(run_cli, assessed_venture):
    result = run_cli("report", "--sender", "widget-42")
    assert result.exit_code == 0, result.err
    assert result.out.startswith("Green Bikes: check-up in progress")
    assert "People (The people developing and delivering the solution): stage 2, Proven solution" in result.out
    assert "[in progress] impact-1-1" in result.out
    assert "\u201cWe drafted a Theory of Change with our partners.\u201d (Asha," in result.out
    assert "Next steps:\n  1. " in result.out


def test_report_for_another_channel_needs_the_channel_option(run_cli, seed):
    seeded_founder = seed.store.founder_for("slack", "T01:U02")
    seed.store.create_venture("Slack Ventures", seeded_founder.id)
    assert run_cli("report", "--sender", "T01:U02").exit_code == 1
    assert run_cli("report", "--sender", "T01:U02", "--channel", "slack").exit_code == 0


def test_report_for_an_unknown_sender_says_so_and_exits_1(run_cli, store):
    result = run_cli("report", "--sender", "nobody-here")
    assert result.exit_code == 1
    assert "no founder talks to Waypoint as 'nobody-here'" in result.err
    assert result.out == ""


def founder_count(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Founder)).scalar_one()


def test_report_does_not_create_a_founder_for_an_unknown_sender(run_cli, store):
    run_cli("report", "--sender", "nobody-here")
    assert founder_count(store) == 0


def test_report_for_a_founder_without_a_venture_explains_why_nothing_is_shown(run_cli, store):
    store.founder_for("rest", "just-said-hello")
    result = run_cli("report", "--sender", "just-said-hello")
    assert result.exit_code == 1
    assert "has not named a venture yet" in result.err


def test_python_dash_m_bot_runs_the_report_command(store, assessed_venture):
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "report", "--sender", "someone-unknown"],
        cwd=PROJECT_ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "no founder talks to Waypoint" in completed.stderr
    assert "Traceback" not in completed.stderr
