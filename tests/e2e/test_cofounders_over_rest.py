"""End to end: two founders of one venture, each in their own REST conversation with the servers
started the way the README starts them. Both join with the cohort code and the venture's name, the
second says yes to joining as a co-founder, they answer the impact area differently, and the
dashboard's venture page and `python -m bot report` show where they disagree."""
from __future__ import annotations

import json
import secrets
import subprocess
import sys
import urllib.request
from dataclasses import dataclass

import pytest

from tests.support.founder import ScriptedFounder
from tests.support.stack import PROJECT_ROOT, RunningStack, stack_in

pytestmark = pytest.mark.slow

ONE_AREA = '/choose_one_area{"area":"impact"}'
NOT_YET = '/inform{"reply":"not_yet"}'
THEORY_OF_CHANGE = "impact-1-1"


@dataclass
class CohortFounder(ScriptedFounder):
    """A founder who starts with the cohort code, looks at the impact area only, and answers the
    co-founder question (yes, by default) when the bot asks it."""

    joins_existing: bool = True

    def next_message(self, slots, replies):
        awaiting = slots.get("awaiting")
        if slots.get("requested_slot") is None and awaiting == "cofounder":
            return "/affirm" if self.joins_existing else "/deny"
        if slots.get("requested_slot") is None and awaiting == "scope":
            return ONE_AREA
        return super().next_message(slots, replies)

    def join_and_answer(self, invite_code: str, max_turns: int = 40) -> None:
        replies = self.say(f"Hi, I'm joining with code {invite_code}")
        for _ in range(max_turns):
            message = self.next_message(self.stack.slots(self.sender_id), replies)
            if message is None:
                return
            replies = self.say(message)
            if not replies:
                raise AssertionError(f"the bot gave no reply to {message!r}:\n{self.stack.log_tail()}")
        raise AssertionError(f"the impact check-up did not finish in {max_turns} turns; last replies: {replies}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> RunningStack:
    # A generated API token begins with a dash one time in 64; the Rasa server must still take it
    # (these tests read the founders' trackers through the API with it).
    dash_token = "-" + secrets.token_urlsafe(24)
    running = stack_in(tmp_path_factory.mktemp("cofounders"), {"WAYPOINT_API_TOKEN": dash_token}).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def cohort_code(stack: RunningStack) -> str:
    from bot.store import Store

    store = Store.from_url(stack.database_url)
    try:
        return store.create_cohort("Spring Accelerator").invite_code
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def two_founders(stack: RunningStack, cohort_code: str) -> tuple[CohortFounder, CohortFounder]:
    first = CohortFounder(stack, sender_id="founder-asha", name="Asha", venture="Reading Buddies", role="CEO")
    first.join_and_answer(cohort_code)
    second = CohortFounder(stack, sender_id="founder-bilal", name="Bilal", venture="reading buddies!", role="CTO",
                           area_answers={"impact": "Hard to say, honestly."}, targeted_reply=NOT_YET)
    second.join_and_answer(cohort_code)
    return first, second


def stored_report(stack: RunningStack, sender_id: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "bot", "report", "--sender", sender_id, "--json"], cwd=PROJECT_ROOT,
                            env=stack.env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_second_founder_is_asked_and_joins_the_same_venture(stack: RunningStack, two_founders):
    first, second = two_founders
    assert "There's already a venture" not in first.bot_text(), "the first founder is not asked about joining"
    assert "There's already a venture called Reading Buddies in Spring Accelerator" in second.bot_text()
    first_report, second_report = stored_report(stack, first.sender_id), stored_report(stack, second.sender_id)
    assert first_report["venture"] == second_report["venture"]
    assert first_report["venture"]["name"] == "Reading Buddies"


def test_each_founder_keeps_their_own_answer(stack: RunningStack, two_founders):
    from bot.store import Store

    first, second = two_founders
    store = Store.from_url(stack.database_url)
    try:
        asha = store.find_founder("rest", first.sender_id)
        bilal = store.find_founder("rest", second.sender_id)
        assessment = store.current_assessment(asha.venture_id)
        asha_statuses = store.milestone_statuses(assessment.id, founder_id=asha.id)
        bilal_statuses = store.milestone_statuses(assessment.id, founder_id=bilal.id)
        asha_answers = [answer.text for answer in store.answers_for(assessment.id) if answer.founder_id == asha.id]
    finally:
        store.dispose()
    assert asha_statuses[THEORY_OF_CHANGE].value == "achieved"
    assert bilal_statuses[THEORY_OF_CHANGE].value == "not_started"
    assert first.area_answers["impact"] in asha_answers
    assert "/affirm" not in asha_answers, "a clicked button is stored as its words"


def test_report_and_venture_page_show_where_they_disagree(stack: RunningStack, two_founders):
    first, _second = two_founders
    report = stored_report(stack, first.sender_id)
    disagreement = next(item for item in report["disagreements"] if item["milestone"] == THEORY_OF_CHANGE)
    assert {(position["founder"], position["status"]) for position in disagreement["founders"]} == {
        ("Asha", "achieved"),
        ("Bilal", "not_started"),
    }
    request = urllib.request.Request(f"{stack.web_url}/dashboard/ventures/{report['venture']['id']}",
                                     headers={"Authorization": f"Bearer {stack.dashboard_token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
    disagreements = page.split("Where the founders disagree", 1)[1]
    assert THEORY_OF_CHANGE in disagreements and "Asha" in disagreements and "Bilal" in disagreements
