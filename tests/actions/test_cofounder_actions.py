"""Several founders per venture: a founder with the cohort code (or the venture's invite code) who
names a venture that already exists is asked, before consent, whether they join it as a co-founder;
each founder then answers on their own, and the venture page shows where they disagree."""
from __future__ import annotations

import pytest
from framework import Status, load_framework

from bot.actions.onboarding import AnswerCofounder, AskConsent, JoinCohort, RecordConsent, comparable_name
from bot.actions.services import find_founder
from bot.web.summary import summarise_venture
from tests.actions.conftest import Conversation, buttons_of, texts_of

fw = load_framework()
COFOUNDER_QUESTION = "joining it as a co-founder"


@pytest.fixture
def cohort(wired):
    return wired.create_cohort("Spring Accelerator")


@pytest.fixture
def first_founder(wired, cohort) -> Conversation:
    """Maya set up Sunrise Kitchen in the cohort with its code."""
    talk = Conversation("maya")
    talk.say(JoinCohort(), f"I'm joining with code {cohort.invite_code}", "join_cohort")
    talk.onboard("Maya", "Sunrise Kitchen", "CEO")
    return talk


def venture_of(store, sender_id: str):
    founder = store.find_founder("rest", sender_id)
    return store.venture(founder.venture_id)


def second_founder_reaches_consent(code: str, venture_name: str, sender_id: str = "tom") -> tuple[Conversation, list]:
    """Tom joins with a code and names his venture; returns what the bot said before consent."""
    talk = Conversation(sender_id)
    talk.say(JoinCohort(), f"join with code {code}", "join_cohort")
    talk.fill_onboarding("Tom", venture_name, "CTO")
    return talk, talk.run(AskConsent())


def join_as_cofounder(talk: Conversation) -> None:
    talk.say(AnswerCofounder(), "/affirm", "affirm")
    talk.say(RecordConsent(), "/affirm", "affirm")


def test_venture_names_match_ignoring_case_spacing_and_punctuation():
    assert comparable_name("Sunrise Kitchen") == comparable_name("  sunrise-kitchen! ")
    assert comparable_name("Sunrise Kitchen") == comparable_name("SUNRISE  KITCHEN.")
    assert comparable_name("Sunrise Kitchen") != comparable_name("Sunrise Kitchens")


def test_same_venture_name_in_the_cohort_asks_whether_they_join_before_anything_is_stored(first_founder, wired, cohort):
    talk, reply = second_founder_reaches_consent(cohort.invite_code, "sunrise-kitchen!")
    assert COFOUNDER_QUESTION in texts_of(reply) and "Sunrise Kitchen" in texts_of(reply)
    assert buttons_of(reply) == ["Yes, I'm a co-founder", "No, it's a different venture"]
    assert talk.slots["awaiting"] == "cofounder"
    assert find_founder("rest", "tom") is None, "nothing is stored before consent"


def test_yes_joins_the_existing_venture_and_its_current_assessment(first_founder, wired, cohort):
    first_venture = venture_of(wired, "maya")
    assessment_before = wired.current_assessment(first_venture.id)
    talk, _ = second_founder_reaches_consent(cohort.invite_code, "Sunrise  Kitchen")
    consent_question = talk.say(AnswerCofounder(), "/affirm", "affirm")
    assert "Is that OK?" in texts_of(consent_question) and talk.slots["awaiting"] == "consent"
    assert "your answers included" in texts_of(consent_question), "a co-founder is told who sees their answers"
    assert find_founder("rest", "tom") is None, "saying yes to joining is not yet consent"
    reply = talk.say(RecordConsent(), "/affirm", "affirm")
    assert "Sunrise Kitchen" in texts_of(reply) and talk.slots["awaiting"] == "scope"
    assert venture_of(wired, "tom").id == first_venture.id
    assert [founder.display_name for founder in wired.founders_of(first_venture.id)] == ["Maya", "Tom"]
    assert [venture.name for venture in wired.ventures_in_cohort(cohort.id)] == ["Sunrise Kitchen"]
    assert wired.current_assessment(first_venture.id) == assessment_before, "Maya's check-up is not abandoned"


def test_no_creates_a_new_venture_of_the_same_name(first_founder, wired, cohort):
    talk, _ = second_founder_reaches_consent(cohort.invite_code, "Sunrise Kitchen")
    talk.say(AnswerCofounder(), "/deny", "deny")
    talk.say(RecordConsent(), "/affirm", "affirm")
    assert venture_of(wired, "tom").id != venture_of(wired, "maya").id
    assert len(wired.ventures_in_cohort(cohort.id)) == 2


def test_without_a_cohort_code_a_venture_of_the_same_name_is_a_new_one(first_founder, wired):
    talk = Conversation("stranger")
    talk.onboard("Ana", "Sunrise Kitchen", "founder", consent=False)
    assert COFOUNDER_QUESTION not in texts_of(talk.bot_messages)
    talk.say(RecordConsent(), "yes", "affirm")
    assert venture_of(wired, "stranger").id != venture_of(wired, "maya").id


def test_a_different_name_in_the_cohort_is_not_asked_about(first_founder, cohort):
    _talk, reply = second_founder_reaches_consent(cohort.invite_code, "Moonrise Bakery")
    assert COFOUNDER_QUESTION not in texts_of(reply) and "Is that OK?" in texts_of(reply)


def test_the_venture_invite_code_joins_that_venture(first_founder, wired):
    venture = venture_of(wired, "maya")
    assert venture.invite_code in texts_of(first_founder.bot_messages), "the first founder is told the code to share"
    talk, reply = second_founder_reaches_consent(venture.invite_code, "SK")
    assert COFOUNDER_QUESTION in texts_of(reply)
    join_as_cofounder(talk)
    assert venture_of(wired, "tom").id == venture.id
    assert talk.slots["venture_name"] == "Sunrise Kitchen"


def test_cofounders_answer_on_their_own_and_the_venture_page_shows_where_they_disagree(first_founder, wired, cohort):
    talk, _ = second_founder_reaches_consent(cohort.invite_code, "Sunrise Kitchen")
    join_as_cofounder(talk)
    first_founder.start("impact")
    first_founder.answer("no idea")
    asked = first_founder.slots["current_milestone"]
    first_founder.answer('/inform{"reply":"yes"}', entities=[{"entity": "reply", "value": "yes"}])

    talk.start("impact")
    talk.answer("no idea")
    assert talk.slots["current_milestone"] == asked, "Maya's answer does not answer Tom's question"
    talk.answer('/inform{"reply":"not_yet"}', entities=[{"entity": "reply", "value": "not_yet"}])

    venture = venture_of(wired, "maya")
    assessment = wired.current_assessment(venture.id)
    maya, tom = wired.founders_of(venture.id)
    assert wired.milestone_statuses(assessment.id, founder_id=maya.id)[asked] is Status.ACHIEVED
    assert wired.milestone_statuses(assessment.id, founder_id=tom.id)[asked] is Status.NOT_STARTED
    summary = summarise_venture(fw, venture, wired.assessment_for(venture.id), wired.founders_of(venture.id))
    disagreement = next(item for item in summary.disagreements if item.milestone_id == asked)
    assert {(position.founder_name, position.status) for position in disagreement.positions} == {
        ("Maya", Status.ACHIEVED),
        ("Tom", Status.NOT_STARTED),
    }


def test_a_cofounders_finished_area_is_not_skipped_for_the_other(first_founder, wired, cohort):
    from bot.actions.interview import SkipArea, state_from_store

    talk, _ = second_founder_reaches_consent(cohort.invite_code, "Sunrise Kitchen")
    join_as_cofounder(talk)
    first_founder.start()
    first_founder.answer("no idea")
    first_founder.run(SkipArea())
    assert wired.placements_for(wired.current_assessment(venture_of(wired, "maya").id).id), "Maya's first area is placed"
    resumed = state_from_store(talk.tracker())
    assert resumed is not None and resumed.current_area == fw.area_ids[0] and not resumed.done_areas


def test_a_cohort_code_given_at_the_consent_question_still_asks_about_joining(first_founder, wired, cohort):
    talk = Conversation("late-code")
    talk.onboard("Tom", "Sunrise Kitchen!", "CTO", consent=False)
    assert talk.slots["awaiting"] == "consent"
    reply = talk.say(JoinCohort(), f"oh, our code is {cohort.invite_code}", "join_cohort")
    assert COFOUNDER_QUESTION in texts_of(reply) and talk.slots["awaiting"] == "cofounder"
    join_as_cofounder(talk)
    assert venture_of(wired, "late-code").id == venture_of(wired, "maya").id


def test_a_cofounder_who_starts_over_is_told_the_new_check_up_is_fresh_for_the_other_founder_too(first_founder, wired, cohort):
    from bot.actions.interview import RestartCheckup

    talk, _ = second_founder_reaches_consent(cohort.invite_code, "Sunrise Kitchen")
    join_as_cofounder(talk)
    talk.start()
    talk.answer("no idea")
    reply = texts_of(talk.say(RestartCheckup(), "start over", "start_over"))
    assert "Maya will start afresh too" in reply
    solo = Conversation("ana")
    solo.onboard("Ana", "Riverside Repairs", "founder")
    solo.start()
    assert "afresh" not in texts_of(solo.say(RestartCheckup(), "start over", "start_over"))
