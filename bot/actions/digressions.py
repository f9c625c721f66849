"""What a founder can ask at any point: what a term means, why a question is asked, where they are,
what to do next, help, pause, goodbye, and what the bot says to off-topic or unclear messages.
Inside the interview the form then asks the same question again."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.actions import flow, services, texts
from bot.actions.base import Reply, WaypointAction, in_loop, latest_text
from bot.actions.ledger import open_ledger
from bot.actions.state import InterviewState

CAPABILITIES = (
    "During the check-up you can ask what a term means (\"what's a Theory of Change?\"), why I'm asking, "
    "say \"skip\" or \"skip this area\", correct an earlier answer (\"actually we did run a trial\"), "
    "ask \"where am I?\" or \"what should I do next?\", pause and come back later, or start over."
)
GLOSSARY_PREVIEW = 8


class ExplainTerm(WaypointAction):
    def name(self) -> str:
        return "action_explain_term"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        term = fw.lookup_term(latest_text(tracker))
        if term is not None:
            return Reply().say(f"{term.term}: {term.definition}")
        known_terms = ", ".join(entry.term for entry in fw.glossary[:GLOSSARY_PREVIEW])
        return Reply().say(
            f"Sorry, that term isn't in my glossary. I can explain, for example: {known_terms}. Just ask \"what's an RCT?\"."
        )


class ExplainWhy(WaypointAction):
    def name(self) -> str:
        return "action_explain_why"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        if state.is_running and state.current_milestone:
            return Reply().say(fw.milestone(state.current_milestone).why_asked)
        if state.is_running and state.current_area:
            return Reply().say(fw.area(state.current_area).why_asked)
        if in_loop(tracker, "onboarding_form") or tracker.get_slot("awaiting") in ("onboarding", "consent"):
            return Reply().say(
                "Your name and your venture's name let me address you properly and keep your answers together, "
                "so you can pause and come back. Nothing is stored until you say yes."
            )
        return Reply().say(
            "I ask about five areas so I can place your venture on the Progressively framework and suggest the steps "
            "that fit where you are."
        )


class WhereAmI(WaypointAction):
    def name(self) -> str:
        return "action_where_am_i"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        if not state.is_running:
            if state.is_finished:
                return Reply().say("We've finished the check-up. Say \"start a new check-up\" whenever you like.")
            return Reply().say("We haven't started the check-up yet.")
        statuses = open_ledger(tracker).statuses()
        position = state.planned_areas.index(state.current_area) + 1
        area_name = fw.area(state.current_area).short_name
        counter = f" (area {position} of {len(state.planned_areas)})" if len(state.planned_areas) > 1 else ""
        progress = texts.progress_line(flow.questions_left_phrase(fw, state, statuses), state.done_areas, fw)
        return Reply().say(f"We're on {area_name}{counter}. {progress}")


class WhatNext(WaypointAction):
    def name(self) -> str:
        return "action_what_next"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        statuses = open_ledger(tracker).statuses()
        covered_areas = [area_id for area_id in fw.area_ids if texts.covered(statuses, fw, area_id)]
        if not covered_areas:
            return Reply().say(
                "Once we've talked through an area I can suggest the most useful next step. Let's keep going."
                if state.is_running
                else "Start a check-up and I'll suggest the most useful next steps for your venture."
            )
        recommendations = texts.top_recommendations(fw, covered_areas, statuses)
        if not recommendations:
            return Reply().say("From what you've told me, you've covered the milestones of your current stages. Well done!")
        lines = ["From what you've told me so far, the most useful next steps are:", *texts.recommendation_lines(fw, recommendations)]
        return Reply().say("\n".join(lines))


class Help(WaypointAction):
    def name(self) -> str:
        return "action_help"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        state = InterviewState.from_tracker(tracker)
        if state.is_running:
            return Reply().say(CAPABILITIES)
        return Reply().say(
            "I'm Waypoint: I run a short check-up of your social venture (about 10 minutes) and suggest next steps. "
            + CAPABILITIES,
            texts.SCOPE_BUTTONS if tracker.get_slot("consent_given") is not None else None,
        )


class OutOfScope(WaypointAction):
    def name(self) -> str:
        return "action_out_of_scope"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        if InterviewState.from_tracker(tracker).is_running:
            return Reply().say("That's outside what I can help with, sorry. I'm here for your venture's check-up; here's where we were.")
        return Reply().say(
            "That's outside what I can help with, sorry. I can run a check-up of your social venture and suggest next steps.",
            options_for(tracker),
        )


def options_for(tracker: Tracker) -> list[dict[str, str]]:
    """Buttons that make sense at this point of the conversation."""
    awaiting = tracker.get_slot("awaiting")
    if awaiting == "consent":
        return texts.CONSENT_BUTTONS
    if awaiting == "continue_or_new":
        return texts.CONTINUE_OR_NEW_BUTTONS
    if awaiting == "interview":
        return [{"title": "Continue the check-up", "payload": "/continue_checkup"}, {"title": "What can you do?", "payload": "/help"}]
    if awaiting in ("scope", "area", "done", "consent_declined"):
        return [*texts.SCOPE_BUTTONS, {"title": "What can you do?", "payload": "/help"}]
    return [{"title": "Start a check-up", "payload": "/greet"}, {"title": "What can you do?", "payload": "/help"}]


def unclear_in_a_row(tracker: Tracker) -> int:
    """How many of the founder's latest messages in a row the bot could not understand."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != "nlu_fallback":
            break
        count += 1
    return count


class Clarify(WaypointAction):
    """Unclear messages: a rephrase hint first, then buttons; never the same dead end twice."""

    def name(self) -> str:
        return "action_clarify"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        if unclear_in_a_row(tracker) >= 2:
            return Reply().say("Sorry, I'm still not following. Here's what we can do:", options_for(tracker))
        awaiting = tracker.get_slot("awaiting")
        if awaiting == "consent":
            return Reply().say("Sorry, I didn't get that. Is it OK for me to store your answers?", texts.CONSENT_BUTTONS)
        if awaiting in ("scope", "area"):
            return Reply().say("Sorry, I didn't get that. A full check-up or just one area?", texts.SCOPE_BUTTONS)
        return Reply().say(
            "Sorry, I didn't quite get that. Could you put it another way? You can also say \"help\" to see what I can do."
        )


class Pause(WaypointAction):
    """Pause: everything is already stored; the interview resumes at the same question later."""

    def name(self) -> str:
        return "action_pause"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = Reply()
        state = InterviewState.from_tracker(tracker)
        if not state.is_running:
            reply.say("Sure. There's no check-up in progress; say hi whenever you'd like to start one.")
        elif tracker.get_slot("consent_given"):
            reply.say(
                "No problem, your answers so far are saved. Come back any time, even days from now, and say "
                "\"continue\": we'll pick up at the same question."
            )
        else:
            reply.say("No problem. Say \"continue\" in this chat when you're back and we'll pick up at the same question.")
        if in_loop(tracker, "interview_form") or in_loop(tracker, "onboarding_form"):
            reply.stop_loop()
        return reply.set(awaiting="interview" if state.is_running else tracker.get_slot("awaiting"))


class Goodbye(WaypointAction):
    def name(self) -> str:
        return "action_goodbye"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = Reply()
        state = InterviewState.from_tracker(tracker)
        if state.is_running:
            saved = "Your answers so far are saved. " if tracker.get_slot("consent_given") else ""
            reply.say(f"Bye for now! {saved}Say \"continue\" when you're back and we'll pick up where we stopped.")
        else:
            reply.say("Bye, and good luck with your venture!")
        if tracker.active_loop and tracker.active_loop.get("name"):
            reply.stop_loop()
        return reply
