"""The interview actions: answers stored before the reply, reflections, targeted questions bounded
by the stage, the slots that name the current question, and a whole check-up end to end."""
from __future__ import annotations

from framework import Status, load_framework

from bot.actions.interview import AskFounderAnswer
from bot.actions.summary import FinishInterview
from tests.actions.conftest import buttons_of, texts_of

fw = load_framework()


def assessment_of(store, talk):
    founder = store.founder_for("rest", talk.sender_id)
    return store.current_assessment(founder.venture_id)


def test_answer_is_stored_before_the_reply(onboarded, wired):
    onboarded.start("impact")
    seen_when_replying = []

    def check_store(_message):
        assessment = assessment_of(wired, onboarded)
        seen_when_replying.append([answer.text for answer in wired.answers_for(assessment.id)])

    onboarded.answer("We have a Theory of Change and we've listed our key assumptions.", on_message=check_store)
    assert seen_when_replying, "the bot said something"
    assert "We have a Theory of Change and we've listed our key assumptions." in seen_when_replying[0]


def test_open_answer_evidence_is_stored_with_the_answer(onboarded, wired):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change and we've listed our key assumptions.")
    statuses = wired.milestone_statuses(assessment_of(wired, onboarded).id)
    assert statuses.get("impact-1-1") is Status.ACHIEVED


def test_reflection_names_what_was_understood_with_confirm_buttons(onboarded):
    onboarded.start("impact")
    reply = onboarded.answer("We have a Theory of Change and we've listed our key assumptions.")
    assert fw.milestone("impact-1-1").plain in texts_of(reply)
    assert "right" in texts_of(reply)
    assert buttons_of(reply) == ["Yes, that's right", "Not quite"]
    assert onboarded.slots["interview_phase"] == "confirm"
    assert onboarded.slots["current_milestone"] is None


def test_confirming_leads_to_targeted_questions_about_unknown_current_stage_milestones(onboarded):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change and we've listed our key assumptions.")
    reply = onboarded.answer("yes", intent="affirm")
    milestone_id = onboarded.slots["current_milestone"]
    assert milestone_id is not None
    assert fw.milestone(milestone_id).stage == 1 and milestone_id not in ("impact-1-1",)
    assert fw.milestone(milestone_id).question in texts_of(reply)
    assert buttons_of(reply)[-4:] == ["Yes", "Partly", "Not yet", "Not sure"]


def test_not_quite_clears_the_reflection_and_asks_one_by_one(onboarded, wired):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change.")
    onboarded.answer("not quite", intent="deny")
    statuses = wired.milestone_statuses(assessment_of(wired, onboarded).id)
    assert statuses.get("impact-1-1") is Status.UNKNOWN
    assert onboarded.slots["current_milestone"] == "impact-1-1"


def test_ask_action_names_area_and_milestone_in_the_slots(onboarded):
    onboarded.start()
    assert onboarded.slots["current_area"] == fw.area_ids[0]
    assert onboarded.slots["current_milestone"] is None
    onboarded.answer("no idea")
    assert onboarded.slots["current_area"] == fw.area_ids[0]
    assert onboarded.slots["current_milestone"] == fw.milestones_for(fw.area_ids[0], 1)[0].id


def test_quick_reply_button_sets_the_status_of_the_asked_milestone(onboarded, wired):
    onboarded.start("users")
    onboarded.answer("not sure")
    asked = onboarded.slots["current_milestone"]
    onboarded.answer('/inform{"reply":"partly"}', entities=[{"entity": "reply", "value": "partly"}])
    statuses = wired.milestone_statuses(assessment_of(wired, onboarded).id)
    assert statuses[asked] is Status.IN_PROGRESS


def test_first_question_says_roughly_how_much_is_left(onboarded):
    reply = onboarded.start()
    assert "questions left" in texts_of(reply)


def test_single_area_check_up_ends_with_summary_and_profile(onboarded, wired):
    onboarded.start("revenue")
    onboarded.answer("We don't have any revenue yet and no business plan.")
    for _ in range(10):
        if onboarded.slots["founder_answer"] == "done":
            break
        onboarded.answer("yes")
    assert onboarded.slots["founder_answer"] == "done"
    assert "stage" in texts_of(onboarded.bot_messages[-2:])
    final = onboarded.run(FinishInterview())
    assert "Revenue" in texts_of(final)
    assert onboarded.slots["current_area"] is None and onboarded.slots["current_milestone"] is None
    assert assessment_of(wired, onboarded).is_complete


def test_i_dont_know_everywhere_finishes_in_at_most_25_questions(onboarded, wired):
    onboarded.start()
    for _ in range(60):
        if onboarded.slots["founder_answer"] == "done":
            break
        onboarded.answer("I don't know")
    assert onboarded.slots["founder_answer"] == "done"
    assert onboarded.questions_asked <= 25
    final = texts_of(onboarded.run(FinishInterview()))
    assert "three most useful" in final
    placements = wired.placements_for(assessment_of(wired, onboarded).id)
    assert {placement.area_id for placement in placements} == set(fw.area_ids)


def test_a_founder_who_answers_fully_needs_about_25_questions(onboarded):
    rich_answers = {
        "product": "We have a working prototype, a design and testing plan with our partners, and we reviewed existing tools we could adapt.",
        "people": "Three of us work full time, two have lived experience of the problem, and we co-design with a network of partner charities.",
        "impact": "We have a Theory of Change, we've identified our key assumptions and tested them with research and expert advice.",
        "users": "There's clear evidence of unmet need, we know our users well, feedback on the concept is very positive and 200 people signed up to express interest.",
        "revenue": "We've segmented our potential funders, mapped how their needs are met today, have a clear value proposition and a business plan.",
    }
    onboarded.start()
    for _ in range(60):
        if onboarded.slots["founder_answer"] == "done":
            break
        phase = onboarded.slots["interview_phase"]
        if phase == "open":
            onboarded.answer(rich_answers[onboarded.slots["current_area"]])
        elif phase == "confirm":
            onboarded.answer("yes", intent="affirm")
        else:
            onboarded.answer("yes")
    assert onboarded.slots["founder_answer"] == "done"
    assert onboarded.questions_asked <= 25


def test_every_answer_is_kept_verbatim_even_when_it_is_not_english(onboarded, wired):
    onboarded.start("impact")
    reply = onboarded.answer("Nous avons une théorie du changement et des données pour le prouver.")
    assert "English" in texts_of(reply)
    answers = wired.answers_for(assessment_of(wired, onboarded).id)
    assert answers[-1].text.startswith("Nous avons")
    assert onboarded.slots["interview_phase"] == "open"


def test_empty_answer_gets_a_clear_message_and_the_same_question(onboarded):
    onboarded.start("impact")
    reply = onboarded.answer("   ")
    assert "empty" in texts_of(reply)
    assert fw.area("impact").open_question in texts_of(reply)


def test_huge_answer_with_emoji_and_markup_is_stored_and_mapped(onboarded, wired):
    onboarded.start("impact")
    huge = "<b>We have a Theory of Change</b> 🎉 " + "and lots more detail. " * 2000
    onboarded.answer(huge)
    answer = wired.answers_for(assessment_of(wired, onboarded).id)[-1]
    assert answer.text.startswith("<b>We have a Theory of Change</b> 🎉")
    assert answer.original_length == len(huge)
    assert wired.milestone_statuses(answer.assessment_id).get("impact-1-1") is Status.ACHIEVED


def test_without_consent_nothing_is_stored_but_the_interview_works(wired):
    from tests.actions.conftest import Conversation
    from bot.actions.onboarding import ContinueUnsaved, DeclineConsent

    talk = Conversation("no-consent")
    talk.onboard(consent=False)
    talk.say(DeclineConsent(), "no", "deny")
    talk.say(ContinueUnsaved(), "yes", "affirm")
    talk.start("impact")
    talk.answer("We have a Theory of Change.")
    assert talk.slots["unsaved_statuses"].get("impact-1-1") == "achieved"
    assert wired.founder_for("rest", "other-sender").venture_id is None
    from bot.actions.services import find_founder

    assert find_founder("rest", "no-consent") is None


def test_ask_action_outside_a_check_up_offers_to_start_one(conversation):
    reply = conversation.run(AskFounderAnswer())
    assert "check-up" in texts_of(reply)


def test_form_reactivated_after_resume_does_not_treat_the_resume_message_as_an_answer(onboarded, wired):
    import asyncio

    from bot.actions.interview import ValidateInterviewForm
    from tests.actions.conftest import DOMAIN, RecordingDispatcher

    onboarded.start("impact")
    onboarded.user("continue", "continue_checkup")
    onboarded.fill("founder_answer", None)
    dispatcher = RecordingDispatcher()
    events = asyncio.run(ValidateInterviewForm().run(dispatcher, onboarded.tracker(), DOMAIN))
    assert dispatcher.messages == []
    assert not [event for event in events if event.get("name") == "interview_phase"]
    assert wired.answers_for(assessment_of(wired, onboarded).id) == []


def test_confirm_button_payload_confirms_the_reflection(onboarded, wired):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change.")
    reply = onboarded.answer("/affirm", intent="affirm")
    assert "Great" in texts_of(reply)
    confirmations = [piece for piece in wired.evidence_for(assessment_of(wired, onboarded).id) if piece.source == "confirmation"]
    assert [piece.milestone_id for piece in confirmations] == ["impact-1-1"]


def test_a_clicked_button_is_stored_as_the_words_the_founder_saw(onboarded, wired):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change.")
    onboarded.answer("/affirm", intent="affirm")
    onboarded.answer('/inform{"reply":"partly"}', entities=[{"entity": "reply", "value": "partly"}])
    stored_texts = [answer.text for answer in wired.answers_for(assessment_of(wired, onboarded).id)]
    assert stored_texts == ["We have a Theory of Change.", "Yes, that's right", "Partly"]
    confirmation = next(piece for piece in wired.evidence_for(assessment_of(wired, onboarded).id) if piece.source == "confirmation")
    assert confirmation.answer_text == "Yes, that's right"


def test_partly_to_a_reflection_checks_each_milestone_one_by_one(onboarded):
    onboarded.start("impact")
    onboarded.answer("We have a Theory of Change.")
    reply = onboarded.answer("partly")
    assert "one by one" in texts_of(reply)
    assert onboarded.slots["current_milestone"] == "impact-1-1"
