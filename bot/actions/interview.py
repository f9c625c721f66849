"""The interview itself: asking the current question, reading each answer (mapped, stored, then
reflected back), skipping, correcting, resuming and restarting. The form `interview_form` has one
free-text slot, `founder_answer`; it stays empty while the interview goes on and is filled with
"done" to end it."""
from __future__ import annotations

import asyncio
from typing import Any, Optional

from framework import Status, place_area
from framework.interview import plan_interview
from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from bot.actions import flow, services, texts
from bot.actions.answers import FounderReply, looks_non_english, read_reply, words_on_button
from bot.actions.base import Reply, WaypointAction, latest_entities, latest_intent, latest_text
from bot.actions.ledger import Ledger, channel_of, message_id_of, open_ledger, stored_context
from bot.actions.state import CLEARED, CONFIRM, OPEN, TARGETED, InterviewState, fresh_state

FINISHED_ANSWER = "done"
SHORT_REPLY_WORDS = 4
REPLY_STATUSES = {"yes": Status.ACHIEVED, "partly": Status.IN_PROGRESS, "not_yet": Status.NOT_STARTED, "no": Status.NOT_STARTED}


# -- pieces shared by the interview actions ---------------------------------------------------


def question_text(fw, state: InterviewState, statuses) -> str:
    """The question the founder is answering in this state (stored with the answer)."""
    if state.phase == TARGETED and state.current_milestone:
        return fw.milestone(state.current_milestone).question
    if state.phase == CONFIRM:
        return texts.reflection(fw, statuses, state.reflected)
    return fw.area(state.current_area).open_question if state.current_area else ""


def step_slots(fw, ledger: Ledger, before: InterviewState, step: flow.Step, statuses) -> dict[str, Any]:
    """The slots after a step; saves the placement of every finished area when one closes."""
    if len(step.state.done_areas) > len(before.done_areas):
        ledger.save_placement(place_area(fw, area_id, statuses) for area_id in step.state.done_areas)
    return {
        **step.state.slots(),
        **ledger.slots(),
        "founder_answer": FINISHED_ANSWER if step.finished else None,
    }


def say_step(reply: Reply, step: flow.Step) -> Reply:
    for message in step.messages:
        reply.say(message)
    return reply


def evidence_for_reply(fw, mapper, state: InterviewState, answer: FounderReply) -> list:
    """Buttons and emoji give the status directly; free text goes through the mapper."""
    milestone_id = state.current_milestone
    if answer.reply is not None and milestone_id:
        status = REPLY_STATUSES.get(answer.reply)
        return [_Found(milestone_id, status)] if status else []
    question = fw.milestone(milestone_id).question if milestone_id else None
    return list(mapper.map_answer(answer.for_mapping, state.current_area, question=question, milestone=milestone_id))


class _Found:
    """A status the founder gave directly (a button), shaped like the mapper's Evidence."""

    def __init__(self, milestone_id: str, status: Status) -> None:
        self.milestone_id = milestone_id
        self.status = status
        self.confidence = 1.0
        self.cue = "quick reply"


def map_correction(mapper, text: str, first_area: Optional[str], area_ids) -> list:
    """A correction can be about any area: read it in the current area's context first (strong cues
    of other areas are found there too), and only if that finds nothing, in each other area's."""
    ordered_areas = ([first_area] if first_area else []) + [area_id for area_id in area_ids if area_id != first_area]
    for area_id in ordered_areas:
        found = list(mapper.map_answer(text, area_id))
        if found:
            return found
    return []


# -- reading an answer --------------------------------------------------------------------------


def handle_answer(tracker: Tracker, answer: FounderReply, intent: Optional[str]) -> Reply:
    """Map the answer, store it (before any reply is sent), and decide the next step."""
    fw = services.framework()
    state = InterviewState.from_tracker(tracker)
    reply = Reply()
    if not state.is_running or not state.current_area:
        return reply.say("Let's get back to the check-up.").set(founder_answer=None)
    if answer.is_empty:
        return reply.say("That came through empty. Could you answer in a few words? You can also say \"skip\".").set(
            founder_answer=None
        )
    ledger = open_ledger(tracker)
    statuses_before = ledger.statuses()
    asked_question = question_text(fw, state, statuses_before)
    message_id = message_id_of(tracker)
    if not answer.reply and looks_non_english(answer.for_mapping):
        ledger.record_answer(message_id, state.current_area, asked_question, answer.verbatim, [], state.current_milestone)
        return reply.say(
            "I can only read English for now, sorry. I've kept your answer as you wrote it. "
            "Could you tell me in English, even in a few words?"
        ).set(founder_answer=None, **ledger.slots())
    if state.phase == CONFIRM:
        step = _confirmation(fw, ledger, state, answer, intent, message_id, asked_question, reply)
    elif state.phase == TARGETED:
        evidence = evidence_for_reply(fw, services.mapper(), state, answer)
        ledger.record_answer(
            message_id, state.current_area, asked_question, answer.verbatim, evidence, state.current_milestone, source="targeted"
        )
        step = flow.after_targeted_answer(fw, state, ledger.statuses())
    else:
        evidence = list(services.mapper().map_answer(answer.for_mapping, state.current_area, question=asked_question))
        ledger.record_answer(message_id, state.current_area, asked_question, answer.verbatim, evidence)
        step = flow.after_open_answer(fw, state, ledger.statuses(), [piece.milestone_id for piece in evidence])
    statuses = ledger.statuses()
    return say_step(reply, step).set_all(step_slots(fw, ledger, state, step, statuses))


def _confirmation(fw, ledger: Ledger, state, answer: FounderReply, intent, message_id, asked_question, reply: Reply) -> flow.Step:
    """'Did I get that right?': yes confirms, no clears what was reflected, other words amend it."""
    statuses = ledger.statuses()
    short_reply = answer.is_payload or len(answer.for_mapping.split()) <= SHORT_REPLY_WORDS
    if short_reply and (answer.reply == "yes" or (intent == "affirm" and answer.reply is None)):
        confirmed = [_Found(milestone_id, statuses[milestone_id]) for milestone_id in state.reflected if milestone_id in statuses]
        ledger.record_answer(message_id, state.current_area, asked_question, answer.verbatim, confirmed, source="confirmation")
        reply.say("Great, thanks.")
    elif short_reply:
        # "no", "not quite", "partly", "sort of": check each reflected milestone with a targeted question.
        cleared = [_Found(milestone_id, Status.UNKNOWN) for milestone_id in state.reflected]
        ledger.record_answer(message_id, state.current_area, asked_question, answer.verbatim, cleared, source="correction")
        reply.say("No problem, let me check with you one by one.")
    else:
        # Read without the reflection as the question, so the words are not taken as a reply to it.
        amended = list(services.mapper().map_answer(answer.for_mapping, state.current_area))
        ledger.record_answer(message_id, state.current_area, asked_question, answer.verbatim, amended, source="correction")
        reply.say("Thanks, I've noted that.")
    return flow.to_targeted(fw, state.with_changes(reflected=()), ledger.statuses())


def clicked_button_words(tracker: Tracker, message: str) -> Optional[str]:
    """If the message is a button's payload, the words on that button: those of the bot's latest
    message with buttons, else the interview's own buttons (a tracker restored without them)."""
    if not message.strip().startswith("/"):
        return None
    for event in reversed(tracker.events):
        buttons = (event.get("data") or {}).get("buttons") if event.get("event") == "bot" else None
        if buttons:
            return words_on_button(message, buttons) or texts.INTERVIEW_BUTTON_WORDS.get(message.strip())
    return texts.INTERVIEW_BUTTON_WORDS.get(message.strip())


class ValidateInterviewForm(FormValidationAction):
    def name(self) -> str:
        return "validate_interview_form"

    async def validate_founder_answer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if slot_value is None:
            # The form was (re)activated after an action that cleared the slot: nothing was answered.
            return {}
        if slot_value == FINISHED_ANSWER and InterviewState.from_tracker(tracker).is_finished:
            return {"founder_answer": FINISHED_ANSWER}
        intent = latest_intent(tracker)
        answer = read_reply(str(slot_value), latest_entities(tracker), intent, button_words=clicked_button_words(tracker, str(slot_value)))
        reply = await asyncio.to_thread(handle_answer, tracker, answer, intent)
        reply.send(dispatcher)
        slots = {event["name"]: event["value"] for event in reply.events if event.get("event") == "slot"}
        # The validated slot is always returned (the form needs its new value); the interview's other
        # slots only when they change, so the conversation does not grow by a dozen events a turn
        # that every later turn reads, stores and sends back and forth.
        answer_slot = {"founder_answer": slots.pop("founder_answer")} if "founder_answer" in slots else {}
        return {**changed_slots(tracker, **slots), **answer_slot}


# -- asking -------------------------------------------------------------------------------------


class AskFounderAnswer(WaypointAction):
    """Asks the current question (open, reflection or targeted) and names it in the slots."""

    def name(self) -> str:
        return "action_ask_founder_answer"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        reply = Reply()
        if not state.is_running or not state.current_area:
            return reply.say("Shall we start a check-up?", texts.SCOPE_BUTTONS).set(current_area=None, current_milestone=None)
        statuses = open_ledger(tracker).statuses()
        if state.phase == CONFIRM:
            reply.say(texts.reflection(fw, statuses, state.reflected), texts.CONFIRM_BUTTONS)
        elif state.phase == TARGETED and state.current_milestone:
            reply.say(fw.milestone(state.current_milestone).question, texts.TARGETED_BUTTONS)
        else:
            position = state.planned_areas.index(state.current_area) + 1
            left = flow.questions_left_phrase(fw, state, statuses)
            reply.say(texts.area_heading(fw, state.current_area, position, len(state.planned_areas), left))
            reply.say(fw.area(state.current_area).open_question)
        milestone_id = state.current_milestone if state.phase == TARGETED else None
        return reply.set(**changed_slots(tracker, current_area=state.current_area, current_milestone=milestone_id))


def changed_slots(tracker: Tracker, **slots: Any) -> dict[str, Any]:
    """The slots whose value differs from the conversation's: setting the same value changes nothing."""
    return {name: value for name, value in slots.items() if tracker.get_slot(name) != value}


# -- starting, resuming, restarting -------------------------------------------------------------


def start_slots(planned_areas: tuple[str, ...]) -> dict[str, Any]:
    return {**fresh_state(planned_areas).slots(), "founder_answer": None, "awaiting": "interview"}


def state_from_store(tracker: Tracker) -> Optional[InterviewState]:
    """Rebuild where a stored check-up stopped (a new conversation, or a lost tracker): the areas
    chosen, finished areas are those with a saved placement; milestones asked are those answered
    or skipped."""
    fw = services.framework()
    context = stored_context(channel_of(tracker), tracker.sender_id)
    if context is None:
        return None
    current_store = services.store()
    assessment = current_store.assessment(context.assessment_id)
    if assessment.status != "in_progress":
        return None
    # A co-founder's answers and finished areas are theirs, not this founder's.
    answers = [answer for answer in current_store.answers_for(context.assessment_id) if answer.founder_id == context.founder_id]
    done = tuple(placement.area_id for placement in current_store.placements_for(context.assessment_id))
    if len(current_store.founders_of(context.venture_id)) > 1:
        done = tuple(area_id for area_id in done if any(answer.area == area_id for answer in answers))
    planned = assessment.planned_areas or plan_interview(fw).areas
    remaining = [area_id for area_id in planned if area_id not in done]
    if not remaining:
        return None
    asked = tuple(dict.fromkeys(answer.milestone_id for answer in answers if answer.milestone_id))
    current_area = remaining[0]
    state = InterviewState(planned_areas=tuple(planned), done_areas=done, current_area=current_area, phase=OPEN, asked=asked)
    if any(answer.area == current_area for answer in answers):
        statuses = current_store.milestone_statuses(context.assessment_id, founder_id=context.founder_id)
        return flow.to_targeted(fw, state, statuses).state
    return state


class ResumeInterview(WaypointAction):
    def name(self) -> str:
        return "action_resume_interview"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        reply = Reply()
        state = InterviewState.from_tracker(tracker)
        if not state.is_running and tracker.get_slot("consent_given") is not False:
            state = state_from_store(tracker) or state
        if not state.is_running:
            return reply.say(
                "There's no check-up in progress. Would you like a full check-up or just one area?", texts.SCOPE_BUTTONS
            ).set(awaiting="scope")
        area_name = fw.area(state.current_area).short_name
        reply.say(f"Welcome back! Let's pick up where we stopped, with {area_name}.")
        return reply.set_all({**state.slots(), "founder_answer": None, "awaiting": "interview", "consent_given": tracker.get_slot("consent_given") is not False})


class RestartCheckup(WaypointAction):
    """A fresh check-up: the earlier answers stay stored with the old assessment."""

    def name(self) -> str:
        return "action_restart_checkup"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = Reply().stop_loop().set_all({**CLEARED.slots(), "founder_answer": None, "unsaved_statuses": {}})
        if tracker.get_slot("consent_given") is None:
            return reply.say("Let's start from the beginning.").set(
                awaiting="onboarding",
                founder_name=None,
                venture_name=None,
                founder_role=None,
                invited_venture_id=None,
                joins_existing_venture=None,
            )
        context = stored_context(channel_of(tracker), tracker.sender_id) if tracker.get_slot("consent_given") else None
        if context is not None:
            current_store = services.store()
            current_store.start_assessment(context.venture_id)
            reply.say("Let's start a fresh check-up. Your earlier answers stay saved.")
            others = [founder.display_name or "your co-founder" for founder in current_store.founders_of(context.venture_id) if founder.id != context.founder_id]
            if others:
                # The check-up belongs to the venture: a fresh one is fresh for every founder of it.
                reply.say(f"The new check-up is for the whole venture, so {texts.join_phrases(others)} will start afresh too.")
        else:
            reply.say("Let's start a fresh check-up.")
        return reply.say("Would you like a full check-up of all five areas, or just one area?", texts.SCOPE_BUTTONS).set(awaiting="scope")


# -- skipping and correcting --------------------------------------------------------------------


class SkipQuestion(WaypointAction):
    def name(self) -> str:
        return "action_skip_question"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        if not state.is_running:
            return Reply().say("There's no question to skip right now.")
        ledger = open_ledger(tracker)
        statuses = ledger.statuses()
        # Kept like any answer (with no evidence), so that a check-up resumed from the store, in a
        # new conversation or on another channel, does not ask the skipped question again.
        ledger.record_answer(
            message_id_of(tracker), state.current_area, question_text(fw, state, statuses), latest_text(tracker), [], state.current_milestone
        )
        step = flow.skip_question(fw, state, statuses)
        reply = Reply().say("Sure, let's skip that one.")
        return say_step(reply, step).set_all(step_slots(fw, ledger, state, step, statuses))


class SkipArea(WaypointAction):
    def name(self) -> str:
        return "action_skip_area"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        if not state.is_running:
            return Reply().say("There's no area to skip right now.")
        ledger = open_ledger(tracker)
        statuses = ledger.statuses()
        step = flow.close_area(fw, state, statuses, skipped=True)
        return say_step(Reply(), step).set_all(step_slots(fw, ledger, state, step, statuses))


class Correction(WaypointAction):
    """'Actually we did run a trial last year': map it anywhere, store it as a correction, recompute."""

    def name(self) -> str:
        return "action_correction"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        answer = read_reply(latest_text(tracker))
        reply = Reply()
        if answer.is_empty:
            return reply.say("What would you like to correct? Tell me in a sentence, e.g. \"we do have a Theory of Change\".")
        ledger = open_ledger(tracker)
        evidence = map_correction(services.mapper(), answer.for_mapping, state.current_area, fw.area_ids)
        area_id = state.current_area or (fw.milestone(evidence[0].milestone_id).area_id if evidence else fw.area_ids[0])
        ledger.record_answer(message_id_of(tracker), area_id, "correction", answer.verbatim, evidence, source="correction")
        statuses = ledger.statuses()
        if not evidence:
            return reply.say(
                "Thanks. I couldn't tell which part that changes. Could you say it like "
                "\"we do have a Theory of Change\" or \"we haven't run a trial yet\"?"
            ).set_all(ledger.slots())
        understood = texts.understood_phrases(fw, statuses, [piece.milestone_id for piece in evidence])
        reply.say(f"Thanks, I've updated that: {texts.join_phrases(understood)}.")
        done_areas = [area for area in state.done_areas]
        if done_areas:
            ledger.save_placement(place_area(fw, done_area, statuses) for done_area in done_areas)
        slots: dict[str, Any] = dict(ledger.slots())
        if state.phase == TARGETED and state.current_milestone in statuses and statuses[state.current_milestone] is not Status.UNKNOWN:
            step = flow.after_targeted_answer(fw, state, statuses)
            say_step(reply, step)
            slots.update(step_slots(fw, ledger, state, step, statuses))
        return reply.set_all(slots)
