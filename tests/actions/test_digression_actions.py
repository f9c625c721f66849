"""What a founder can do at any point of the interview: glossary, why, skip, correct, where am I,
what next, pause and resume (also in a brand-new conversation), restart, and unclear messages."""
from __future__ import annotations

from framework import Status, load_framework

from bot.actions.digressions import Clarify, ExplainTerm, ExplainWhy, Help, OutOfScope, Pause, WhatNext, WhereAmI
from bot.actions.interview import Correction, ResumeInterview, RestartCheckup, SkipArea, SkipQuestion
from bot.actions.onboarding import Greet
from tests.actions.conftest import Conversation, buttons_of, texts_of

fw = load_framework()


def in_targeted_question(talk: Conversation, area: str = "impact") -> str:
    talk.start(area)
    talk.answer("not sure")
    return talk.slots["current_milestone"]


def assessment_id(store, talk):
    return store.current_assessment(store.founder_for("rest", talk.sender_id).venture_id).id


def test_glossary_explains_a_known_term_and_keeps_the_question(onboarded):
    asked = in_targeted_question(onboarded)
    reply = onboarded.say(ExplainTerm(), "what's an RCT?", "ask_term")
    term = fw.lookup_term("RCT")
    assert term.definition in texts_of(reply)
    assert onboarded.slots["current_milestone"] == asked


def test_glossary_says_so_for_an_unknown_term_and_offers_known_ones(onboarded):
    onboarded.start("impact")
    reply = texts_of(onboarded.say(ExplainTerm(), "what's a flibbertigibbet?", "ask_term"))
    assert "isn't in my glossary" in reply and fw.glossary[0].term in reply


def test_why_explains_the_current_milestone(onboarded):
    asked = in_targeted_question(onboarded)
    assert fw.milestone(asked).why_asked in texts_of(onboarded.say(ExplainWhy(), "why do you ask?", "ask_why"))


def test_why_on_an_open_question_explains_the_area(onboarded):
    onboarded.start("users")
    assert fw.area("users").why_asked in texts_of(onboarded.say(ExplainWhy(), "why?", "ask_why"))


def test_skip_question_moves_to_the_next_milestone_and_remembers_the_skip(onboarded):
    asked = in_targeted_question(onboarded)
    onboarded.say(SkipQuestion(), "skip", "skip")
    assert asked in onboarded.slots["skipped_milestones"]
    assert onboarded.slots["current_milestone"] not in (None, asked)


def test_a_skipped_question_is_not_asked_again_when_the_check_up_resumes_in_a_new_conversation(onboarded, wired):
    asked = in_targeted_question(onboarded)
    onboarded.say(SkipQuestion(), "skip", "skip")
    next_question = onboarded.slots["current_milestone"]
    later = Conversation(onboarded.sender_id)
    later.say(Greet(), "hi", "greet")
    later.say(ResumeInterview(), "continue", "continue_checkup")
    assert later.ask() and later.slots["current_milestone"] == next_question != asked


def test_a_one_area_check_up_resumed_in_a_new_conversation_stays_with_that_area(onboarded, wired):
    onboarded.start("users")
    onboarded.answer("I don't know")
    later = Conversation(onboarded.sender_id)
    later.say(Greet(), "hi", "greet")
    reply = texts_of(later.say(ResumeInterview(), "continue", "continue_checkup"))
    assert later.slots["planned_areas"] == ["users"] and later.slots["current_area"] == "users"
    assert "users" in reply.lower() or fw.area("users").short_name.lower() in reply.lower()


def test_skip_area_moves_to_the_next_area(onboarded):
    onboarded.start()
    first_area = onboarded.slots["current_area"]
    reply = onboarded.say(SkipArea(), "skip this area", "skip_area")
    assert "leave" in texts_of(reply)
    assert onboarded.slots["current_area"] == fw.area_ids[1]
    assert first_area in onboarded.slots["done_areas"]


def test_skipping_the_only_area_ends_the_interview(onboarded):
    onboarded.start("revenue")
    onboarded.say(SkipArea(), "skip this area", "skip_area")
    assert onboarded.slots["founder_answer"] == "done"


def test_correction_is_mapped_stored_as_a_correction_and_confirmed(onboarded, wired):
    onboarded.start("users")
    onboarded.answer("We haven't run any trial.")
    reply = onboarded.say(Correction(), "actually, we ran an RCT last year", "correction")
    evidence = wired.evidence_for(assessment_id(wired, onboarded))
    corrections = [piece for piece in evidence if piece.source == "correction"]
    assert corrections and all(piece.confirmed for piece in corrections)
    assert "updated" in texts_of(reply)
    assert wired.milestone_statuses(assessment_id(wired, onboarded)).get("impact-2-1") is Status.ACHIEVED


def test_correction_that_says_nothing_asks_for_an_example(onboarded):
    onboarded.start("users")
    reply = texts_of(onboarded.say(Correction(), "actually that was wrong", "correction"))
    assert "couldn't tell" in reply


def test_where_am_i_names_the_area_and_what_is_left(onboarded):
    onboarded.start()
    reply = texts_of(onboarded.say(WhereAmI(), "where am I?", "where_am_i"))
    assert fw.area(fw.area_ids[0]).short_name in reply and "left" in reply


def test_what_next_recommends_from_what_is_known(onboarded):
    onboarded.start("impact")
    onboarded.answer("We don't have a Theory of Change yet.")
    reply = texts_of(onboarded.say(WhatNext(), "what should I do next?", "what_next"))
    assert "1." in reply


def test_what_next_before_any_answer_says_it_needs_an_area_first(onboarded):
    onboarded.start()
    assert "Once we've talked" in texts_of(onboarded.say(WhatNext(), "what next?", "what_next"))


def test_pause_says_it_is_saved_and_stops_the_form(onboarded):
    onboarded.start("impact")
    reply = texts_of(onboarded.say(Pause(), "pause", "pause"))
    assert "saved" in reply and "continue" in reply
    assert onboarded.active_loop is None and onboarded.slots["awaiting"] == "interview"


def test_resume_after_pause_returns_to_the_same_question(onboarded):
    asked = in_targeted_question(onboarded)
    onboarded.say(Pause(), "pause", "pause")
    onboarded.say(ResumeInterview(), "continue", "continue_checkup")
    assert onboarded.slots["awaiting"] == "interview"
    assert onboarded.ask() and onboarded.slots["current_milestone"] == asked


def test_returning_founder_with_a_new_tracker_is_offered_to_continue_and_resumes_the_same_area(onboarded, wired):
    onboarded.start()
    first_area = fw.area_ids[0]
    onboarded.answer("I don't know")  # open question answered: the area has started
    later = Conversation(onboarded.sender_id)
    reply = later.say(Greet(), "hi", "greet")
    assert "Welcome back, Maya" in texts_of(reply)
    assert buttons_of(reply) == ["Continue where I stopped", "Start a new check-up"]
    later.say(ResumeInterview(), "continue", "continue_checkup")
    assert later.slots["current_area"] == first_area and later.slots["interview_phase"] == "targeted"


def test_restart_starts_a_new_assessment_and_clears_the_interview(onboarded, wired):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change.")
    before = assessment_id(wired, onboarded)
    onboarded.active_loop = "interview_form"
    reply = onboarded.say(RestartCheckup(), "start over", "start_over")
    assert assessment_id(wired, onboarded) != before
    assert onboarded.slots["current_area"] is None and onboarded.active_loop is None
    assert onboarded.slots["awaiting"] == "scope" and "Full check-up (5 areas)" in buttons_of(reply)


def test_unclear_twice_in_a_row_offers_buttons(onboarded):
    first = onboarded.say(Clarify(), "blorp", "nlu_fallback")
    second = onboarded.say(Clarify(), "zzzz qqq", "nlu_fallback")
    assert not buttons_of(first) or buttons_of(first) != buttons_of(second)
    assert buttons_of(second)


def test_out_of_scope_in_the_interview_points_back_to_the_question(onboarded):
    onboarded.start("impact")
    assert "where we were" in texts_of(onboarded.say(OutOfScope(), "tell me a joke", "out_of_scope"))


def test_help_lists_what_the_founder_can_do(onboarded):
    onboarded.start("impact")
    assert "skip" in texts_of(onboarded.say(Help(), "help", "help"))
