"""End to end: the action server and the Rasa server started the way the README starts them
(scripts/run.sh), a whole check-up over the REST channel, then the stored assessment as
`python -m bot report` shows it; and a founder who pauses comes back after a server restart."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.founder import ScriptedFounder
from tests.support.stack import PROJECT_ROOT, RunningStack, stack_in

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> RunningStack:
    running = stack_in(tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


def stored_report(stack: RunningStack, sender_id: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "bot", "report", "--sender", sender_id, "--json"], cwd=PROJECT_ROOT,
                            env=stack.env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def milestone_statuses(report: dict) -> dict[str, str]:
    return {milestone["id"]: milestone["status"] for area in report["areas"] for milestone in area["milestones"]}


@pytest.fixture(scope="module")
def finished_checkup(stack: RunningStack) -> ScriptedFounder:
    founder = ScriptedFounder(stack, sender_id="founder-full-checkup")
    founder.run_checkup()
    return founder


def test_full_checkup_finishes_within_about_25_questions(finished_checkup: ScriptedFounder):
    assert finished_checkup.interview_questions() <= 25
    final_text = " ".join(reply.get("text") or "" for reply in finished_checkup.turns[-1].replies)
    assert "stage" in final_text.lower(), "the last reply should give the profile across the areas"


def test_after_the_checkup_the_bot_asks_about_no_area(stack: RunningStack, finished_checkup: ScriptedFounder):
    slots = stack.slots(finished_checkup.sender_id)
    assert slots["current_area"] is None and slots["current_milestone"] is None


def test_stored_assessment_places_every_area_from_the_founders_words(stack: RunningStack, finished_checkup: ScriptedFounder):
    report = stored_report(stack, finished_checkup.sender_id)
    assert report["venture"]["name"] == "Reading Buddies"
    assert report["assessment"]["status"] == "complete"
    assert [area["area"] for area in report["areas"]] == ["product", "people", "impact", "users", "revenue"]
    assert all(area["stage"] in (1, 2, 3) for area in report["areas"])
    statuses = milestone_statuses(report)
    # Said in the open answers, in plain words, and confirmed by the founder.
    assert statuses["impact-1-1"] == "achieved", "the founder's theory of change was not recorded"
    assert statuses["product-1-1"] == "achieved", "the founder's tested prototype was not recorded"
    evidence_texts = [evidence["text"] for area in report["areas"] for milestone in area["milestones"]
                      for evidence in milestone["evidence"]]
    assert any("theory of change" in text for text in evidence_texts), "the founder's own words are not kept as evidence"
    assert len(report["next_steps"]) == 3


def test_every_open_answer_is_stored_verbatim(stack: RunningStack, finished_checkup: ScriptedFounder):
    from bot.store import Store

    store = Store.from_url(stack.database_url)
    try:
        founder = store.find_founder("rest", finished_checkup.sender_id)
        venture = store.venture_for_founder(founder.id)
        exported = json.dumps(store.export_venture(venture.id))
    finally:
        store.dispose()
    for area_answer in finished_checkup.area_answers.values():
        assert json.dumps(area_answer)[1:-1] in exported


def test_founder_who_pauses_continues_after_a_server_restart(stack: RunningStack):
    founder = ScriptedFounder(stack, sender_id="founder-pauses")
    replies = founder.say("Hi")
    for _ in range(12):  # onboarding, consent, scope, then the first open answer
        slots = stack.slots(founder.sender_id)
        if slots.get("interview_phase") == "confirm":
            break
        replies = founder.say(founder.next_message(slots, replies))
    area_before = stack.slots(founder.sender_id)["current_area"]
    assert area_before == "product"
    founder.say("I need to stop now, can we pick this up later?")

    stack.stop()
    stack.start()

    welcome_back = " ".join(reply.get("text") or "" for reply in founder.say("hello again"))
    assert "Reading Buddies" in welcome_back or "welcome back" in welcome_back.lower()
    founder.say("/continue_checkup")
    slots = stack.slots(founder.sender_id)
    assert slots["current_area"] == area_before
    report = stored_report(stack, founder.sender_id)
    assert milestone_statuses(report)["product-1-1"] == "achieved", "the answer given before the pause was lost"
