"""A founder's own account: their report as a private link, a continue code to carry the conversation
to another channel, and an export or deletion of everything stored about them (conversations included)."""
from __future__ import annotations

import json
from typing import Any, Optional

import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset

from bot.actions import services, texts
from bot.actions.base import Reply, WaypointAction, code_in, in_loop
from bot.actions.interview import state_from_store
from bot.actions.ledger import channel_of
from bot.actions.state import InterviewState
from bot.store.codes import CONTINUE_CODE_LENGTH

NO_ACCOUNT = (
    "I don't have anything saved for you yet: I only keep answers once you've said yes to storing them. "
    "Say hi to start a check-up, and you can ask for this afterwards."
)


def saved_founder(tracker: Tracker):
    """The consented founder with a venture behind this conversation, or None (blocking: in a thread)."""
    founder = services.find_founder(channel_of(tracker), tracker.sender_id)
    if founder is None or not founder.has_consented or founder.venture_id is None:
        return None
    return founder


def any_founder(tracker: Tracker):
    """The founder behind this conversation whatever they consented to, or None."""
    return services.find_founder(channel_of(tracker), tracker.sender_id)


# -- report links -------------------------------------------------------------------------------


class SendReport(WaypointAction):
    """'Send me my report': a new private link to the venture's report page."""

    def name(self) -> str:
        return "action_send_report"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        from bot.web.settings import load_web_settings

        founder = saved_founder(tracker)
        if founder is None:
            return Reply().say(NO_ACCOUNT)
        token = services.store().create_report_token(founder.venture_id)
        link = load_web_settings().report_link(token)
        return Reply().say(
            f"Here's your report: {link}\n"
            "The link is private: anyone who has it can open it, so keep it to yourself. "
            "If you ever shared it by mistake, say \"revoke my report links\" and I'll switch it off."
        )


class RevokeReport(WaypointAction):
    def name(self) -> str:
        return "action_revoke_report"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        founder = saved_founder(tracker)
        if founder is None:
            return Reply().say(NO_ACCOUNT)
        revoked = services.store().revoke_report_tokens(founder.venture_id)
        if revoked == 0:
            return Reply().say("You have no report links open, so there's nothing to switch off.")
        links = "link" if revoked == 1 else f"{revoked} links"
        return Reply().say(f"Done: your report {links} no longer open. Ask \"send me my report\" for a new one any time.")


# -- continue codes -----------------------------------------------------------------------------


def how_to_continue(code: str) -> str:
    return (
        f"Your continue code is {code}. On your other device, or in Slack, say \"continue with code {code}\" "
        "and we'll pick up right where we are. Keep it to yourself: it opens your check-up."
    )


class GiveContinueCode(WaypointAction):
    def name(self) -> str:
        return "action_give_continue_code"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        founder = saved_founder(tracker)
        if founder is None:
            return Reply().say(
                "A continue code needs your answers to be saved, and nothing is saved for you yet. "
                "Say hi to start a check-up and say yes to storing, then ask me again."
            )
        code = services.store().set_continue_code(founder.id)
        return Reply().say(how_to_continue(code))


def continue_code_in(tracker: Tracker) -> Optional[str]:
    """The continue code in the founder's message (8 characters), or None."""
    return code_in(tracker, "continue_code", CONTINUE_CODE_LENGTH)


class UseContinueCode(WaypointAction):
    """'Continue with code K7PM2QXA': this sender becomes that founder, at the same point of the check-up."""

    def name(self) -> str:
        return "action_use_continue_code"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        from bot.store import NotFound

        code = continue_code_in(tracker)
        if code is None:
            return Reply().say("What's your continue code? It's 8 letters and numbers, like K7PM2QXA.")
        try:
            founder = services.store().continue_with_code(code, channel_of(tracker), tracker.sender_id)
        except NotFound:
            return Reply().say(
                f"I couldn't find the continue code {code.upper()}. Please check it: it's 8 letters and numbers, "
                "and you can ask for a new one in your other chat (\"give me a continue code\")."
            )
        return welcome_on_this_channel(tracker, founder)


def welcome_on_this_channel(tracker: Tracker, founder) -> Reply:
    """Bring the founder's details and check-up position into this conversation, then offer to go on."""
    fw = services.framework()
    venture = services.store().venture(founder.venture_id) if founder.venture_id is not None else None
    known = {
        "founder_name": founder.display_name,
        "venture_name": venture.name if venture else None,
        "founder_role": founder.role,
        "consent_given": founder.has_consented or None,
    }
    name = founder.display_name or "there"
    state = interview_state_elsewhere(founder, tracker.sender_id) or state_from_store(tracker)
    reply = Reply()
    if state is None or not state.current_area:
        reply.say(
            f"Welcome back, {name}! This chat is now linked to your saved check-ups. "
            "Would you like a full check-up or just one area?",
            texts.SCOPE_BUTTONS,
        )
        return reply.set(awaiting="scope", **known)
    area_name = fw.area(state.current_area).short_name
    reply.say(
        f"Welcome back, {name}! This chat now continues {known['venture_name'] or 'your venture'}'s check-up. "
        f"We were on {area_name}. Shall we carry on from there?",
        texts.CONTINUE_OR_NEW_BUTTONS,
    )
    return reply.set_all({**known, **state.slots(), "founder_answer": None, "awaiting": "continue_or_new"})


INTERVIEW_SLOTS = tuple(InterviewState().slots())


def interview_state_elsewhere(founder, this_sender_id: str) -> Optional[InterviewState]:
    """Where the founder's most recent other conversation stands, read from the tracker store's slot
    events (exact: area, phase, question), or None when no other running check-up is found there."""
    other_senders = [sender_id for _channel, sender_id in services.store().identities_of(founder.id) if sender_id != this_sender_id]
    slots = latest_slots(other_senders)
    if slots is None:
        return None
    state = InterviewState.from_tracker(_SlotView(slots))
    return state if state.is_running and state.current_area else None


class _SlotView:
    """Just enough of a tracker for InterviewState.from_tracker."""

    def __init__(self, slots: dict[str, Any]) -> None:
        self.slots = slots

    def get_slot(self, name: str) -> Any:
        return self.slots.get(name)


def latest_slots(sender_ids: list[str], tracker_url: Optional[str] = None) -> Optional[dict[str, Any]]:
    """The interview slots of whichever of these senders spoke last, replayed from Rasa's stored events."""
    if not sender_ids:
        return None
    engine = _tracker_engine(tracker_url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return None
        with engine.connect() as connection:
            latest_sender = connection.execute(
                sa.select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.in_(sender_ids)).order_by(EVENTS.c.id.desc()).limit(1)
            ).scalar()
            if latest_sender is None:
                return None
            rows = connection.execute(
                sa.select(EVENTS.c.type_name, EVENTS.c.data).where(EVENTS.c.sender_id == latest_sender).order_by(EVENTS.c.id)
            )
            return _replayed_slots(rows)
    finally:
        engine.dispose()


def _replayed_slots(rows) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    for type_name, data in rows:
        if type_name in (RESTART_EVENT, "reset_slots"):
            slots = {}
        elif type_name == "slot":
            event = json.loads(data)
            if event.get("name") in INTERVIEW_SLOTS:
                slots[event["name"]] = event.get("value")
    return slots


# -- export and delete --------------------------------------------------------------------------


class ExportData(WaypointAction):
    """Everything stored about the founder, as a JSON attachment."""

    def name(self) -> str:
        return "action_export_data"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        founder = any_founder(tracker)
        if founder is None:
            return Reply().say("I have nothing stored about you, so there's nothing to export.")
        export = services.store().export_founder(founder.id)
        venture = export.get("venture") or {}
        assessments = venture.get("assessments") or []
        answers = sum(len(assessment.get("answers") or []) for assessment in assessments)
        reply = Reply()
        reply.messages.append(
            {
                "text": f"Here's everything I've stored about you: your details, {answers} answers over "
                f"{len(assessments)} check-ups, and what I made of them (attached as JSON).",
                "json_message": export,
            }
        )
        return reply


DELETE_BUTTONS = [
    {"title": "Yes, delete everything", "payload": "/affirm"},
    {"title": "No, keep it", "payload": "/deny"},
]


class ConfirmDelete(WaypointAction):
    def name(self) -> str:
        return "action_confirm_delete"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = Reply()
        if in_loop(tracker, "interview_form") or in_loop(tracker, "onboarding_form"):
            reply.stop_loop()
        previous = tracker.get_slot("awaiting")
        if previous == "delete_confirm":
            previous = tracker.get_slot("awaiting_before_delete")
        return reply.say(
            "Are you sure? This deletes your details, your answers, your report links and our conversations, "
            "everywhere, and can't be undone. (Ask \"export my data\" first if you'd like a copy.)",
            DELETE_BUTTONS,
        ).set(awaiting="delete_confirm", awaiting_before_delete=previous)


class KeepData(WaypointAction):
    def name(self) -> str:
        return "action_keep_data"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        previous = tracker.get_slot("awaiting_before_delete")
        reply = Reply().say("Alright, nothing is deleted.")
        if previous == "interview":
            reply.say("Say \"continue\" whenever you'd like to go on with the check-up.")
        return reply.set(awaiting=previous, awaiting_before_delete=None)


class DeleteData(WaypointAction):
    """Deletes the founder's stored data and the conversations of every channel they used."""

    def name(self) -> str:
        return "action_delete_data"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        from bot.tracking import forget_conversations, forget_marker

        founder = any_founder(tracker)
        identities = [(channel_of(tracker), tracker.sender_id)]
        if founder is not None:
            identities = services.store().identities_of(founder.id) + identities
            services.store().delete_founder_data(founder.id)
        forget_conversations(sender_id for _channel, sender_id in identities)
        reply = Reply().say("Done: everything I had stored about you is deleted, our conversations included. Take care!")
        # Rasa still holds this conversation in memory and saves it after the action: the marker makes
        # the tracker store drop every event before it then (bot/tracking.py), whatever comes next.
        reply.events.extend([AllSlotsReset(), forget_marker()])
        return reply


# -- the conversation tracker -------------------------------------------------------------------
# Reads Rasa's SQL tracker store (table `events`, the one bot.tracking configures) for the slots of a
# founder's other conversations; bot.tracking deletes conversations.

EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("type_name"), sa.column("data"))
RESTART_EVENT = "restart"


def _tracker_engine(tracker_url: Optional[str]):
    from bot.tracking import tracker_url as configured_tracker_url

    return sa.create_engine(tracker_url or configured_tracker_url())
