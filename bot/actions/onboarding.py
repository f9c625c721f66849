"""Before the interview: greeting (new or returning founder), name, venture and role, a cohort or
venture invite code, joining an existing venture as a co-founder, consent, and the choice of a full
check-up or one area. Nothing is written to the store before the founder says yes to storing."""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from framework.interview import plan_interview
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from bot.actions import services, texts
from bot.actions.account import UseContinueCode
from bot.actions.digressions import Help, OutOfScope, WhatNext, WhereAmI
from bot.actions.base import Reply, WaypointAction, code_in, entity_value, latest_intent, latest_text
from bot.actions.interview import start_slots, state_from_store
from bot.actions.ledger import channel_of, open_ledger
from bot.actions.state import InterviewState
from bot.store.codes import INVITE_CODE_LENGTH

NAME_LIMIT = 200
GREETING_WORDS = {"hi", "hello", "hey", "hiya", "yo", "morning", "hallo", "howdy"}
# "I'm Maya", "my name is Maya", "it's called Sunrise", "we're Sunrise Kitchen": keep the name.
_LEAD_IN_PHRASES = (
    "my name is", "my name's", "i am", "i'm", "im", "call me", "it is", "it's", "its", "it is called",
    "it's called", "we are called", "we're called", "we are", "we're", "the venture is called",
    "our venture is called", "the venture is", "our venture is", "i work as", "i'm the", "i am the",
    "my role is", "i'm a", "i am a",
)
# Longest first, so "it's called" wins over "it's".
_NAME_LEAD_INS = re.compile(
    r"^\s*(?:(?:hi|hello|hey)[,!.\s]+)?(?:"
    + "|".join(re.escape(phrase) for phrase in sorted(_LEAD_IN_PHRASES, key=len, reverse=True))
    + r")\s+",
    re.IGNORECASE,
)
AREA_WORDS = {
    "product": "product", "solution": "product", "service": "product",
    "people": "people", "team": "people", "staff": "people",
    "impact": "impact", "difference": "impact", "evidence": "impact",
    "users": "users", "user": "users", "customers": "users", "beneficiaries": "users",
    "revenue": "revenue", "money": "revenue", "income": "revenue", "funding": "revenue", "finance": "revenue",
}


def cleaned_name(raw: Any) -> Optional[str]:
    """The name inside a sentence, without lead-ins and end punctuation; None if nothing is left."""
    text = _NAME_LEAD_INS.sub("", str(raw or "")).strip().strip(".!,;:\"'").strip()
    if not text or text.lower() in GREETING_WORDS or text.startswith("/"):
        return None
    return text[:NAME_LIMIT]


class ValidateOnboardingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_onboarding_form"

    async def validate_founder_name(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return self._named("founder_name", slot_value, dispatcher, "Sorry, I didn't catch your name. What should I call you?")

    async def validate_venture_name(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return self._named("venture_name", slot_value, dispatcher, "What's the name of your venture? A working title is fine.")

    async def validate_founder_role(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return self._named("founder_role", slot_value, dispatcher, "What's your role, e.g. founder, CEO or project lead?")

    @staticmethod
    def _named(slot_name: str, slot_value: Any, dispatcher: CollectingDispatcher, ask_again: str) -> dict:
        name = cleaned_name(slot_value)
        if name is None:
            dispatcher.utter_message(text=ask_again)
        return {slot_name: name}


def returning_founder(tracker: Tracker):
    """(founder, venture) of a founder who consented before, else (None, None)."""
    founder = services.find_founder(channel_of(tracker), tracker.sender_id)
    if founder is None or not founder.has_consented or founder.venture_id is None:
        return None, None
    return founder, services.store().venture(founder.venture_id)


class Greet(WaypointAction):
    def name(self) -> str:
        return "action_greet"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        services.warm_up_in_background()
        reply = Reply()
        founder, venture = returning_founder(tracker)
        if founder is None and InterviewState.from_tracker(tracker).is_running:
            # A founder who chose not to save: their check-up lives in this conversation only.
            reply.say("Welcome back! Would you like to continue where you stopped, or start a new check-up?", texts.CONTINUE_OR_NEW_BUTTONS)
            return reply.set(awaiting="continue_or_new")
        if founder is None:
            reply.say(
                "Hi, I'm Waypoint! I help founders of social ventures see where they stand and what to work on next."
            )
            return reply.set(awaiting="onboarding")
        known = {"founder_name": founder.display_name, "venture_name": venture.name, "founder_role": founder.role, "consent_given": True}
        name = founder.display_name or "there"
        in_progress = InterviewState.from_tracker(tracker).is_running or state_from_store(tracker) is not None
        if in_progress:
            reply.say(
                f"Welcome back, {name}! You were part-way through {venture.name}'s check-up. "
                "Would you like to continue where you stopped, or start a new check-up?",
                texts.CONTINUE_OR_NEW_BUTTONS,
            )
            return reply.set(awaiting="continue_or_new", **known)
        reply.say(
            f"Welcome back, {name}! Ready for a new check-up of {venture.name}? A full check-up or just one area?",
            texts.SCOPE_BUTTONS,
        )
        return reply.set(awaiting="scope", **known)


class WelcomeBack(WaypointAction):
    """A greeting in the middle of the interview: say hello, then the form asks the same question again."""

    def name(self) -> str:
        return "action_welcome_back"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        name = tracker.get_slot("founder_name")
        return Reply().say(f"Hi again{', ' + name if name else ''}! Here's where we were.")


def comparable_name(name: Optional[str]) -> str:
    """A venture name as co-founders may type it differently: case, spaces and punctuation ignored."""
    return re.sub(r"[\W_]+", "", (name or "").casefold())


def venture_named_in_cohort(cohort_id: int, name: Optional[str]):
    """The cohort's venture whose name matches `name` (see comparable_name), or None."""
    wanted = comparable_name(name)
    if not wanted:
        return None
    ventures = services.store().ventures_in_cohort(cohort_id)
    return next((venture for venture in ventures if comparable_name(venture.name) == wanted), None)


def venture_to_join(tracker: Tracker):
    """The existing venture a new founder may be joining: the one of the venture invite code they
    gave, else the venture of the same name in the cohort of their cohort code; None if neither."""
    invited_id = tracker.get_slot("invited_venture_id")
    if invited_id is not None:
        return _found(services.store().venture, int(invited_id))
    cohort = _cohort_for(tracker.get_slot("invite_code"))
    if cohort is None:
        return None
    return venture_named_in_cohort(cohort.id, tracker.get_slot("venture_name"))


def ask_consent(reply: Reply, venture_name: Optional[str], joining=None) -> Reply:
    """What is stored and who sees it, then the question; `joining` is the venture of a co-founder."""
    venture = venture_name or "your venture"
    reply.say(
        f"Here's how it works: I'll ask about {venture} in five areas (product, people, impact, users and revenue), "
        "place each on the Progressively framework's three stages and suggest next steps. It takes about 10 minutes."
    )
    if joining is None:
        storing = (
            "I'll store your name, role, venture name and your answers, so you can pause, come back and get your report; "
            "nothing is shared unless you join a cohort. Is that OK?"
        )
    else:
        cohort = f" and {services.store().cohort(joining.cohort_id).name}'s organisers" if joining.cohort_id is not None else ""
        storing = (
            "I'll store your name, role and your answers beside your co-founders', so you can pause, come back and get "
            f"your report. {joining.name}'s founders{cohort} see its report, your answers included. Is that OK?"
        )
    return reply.say(storing, texts.CONSENT_BUTTONS).set(awaiting="consent")


class AskConsent(WaypointAction):
    """Explain and ask to store; first, if the venture already exists, whether they are joining it."""

    def name(self) -> str:
        return "action_ask_consent"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        if tracker.get_slot("joins_existing_venture") is None:
            existing = venture_to_join(tracker)
            if existing is not None:
                return ask_to_join(existing)
        return ask_consent(Reply(), tracker.get_slot("venture_name"))


def ask_to_join(venture, reply: Optional[Reply] = None) -> Reply:
    where = ""
    if venture.cohort_id is not None:
        where = f" in {services.store().cohort(venture.cohort_id).name}"
    return (reply or Reply()).say(
        f"There's already a venture called {venture.name}{where}. Are you joining it as a co-founder? "
        "You'd each answer on your own, and the venture's page shows where you see things differently.",
        texts.COFOUNDER_BUTTONS,
    ).set(awaiting="cofounder")


class AnswerCofounder(WaypointAction):
    """Yes: this founder will join the existing venture at consent. No: theirs is a new venture."""

    def name(self) -> str:
        return "action_answer_cofounder"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        existing = venture_to_join(tracker) if latest_intent(tracker) == "affirm" else None
        reply = Reply()
        if existing is not None:
            reply.say(f"Great, you'll join {existing.name} as a co-founder.")
            return ask_consent(reply, existing.name, joining=existing).set(joins_existing_venture=True, venture_name=existing.name)
        venture_name = tracker.get_slot("venture_name")
        reply.say(f"Alright, {venture_name} will be a venture of its own." if venture_name else "Alright, a venture of its own.")
        return ask_consent(reply, venture_name).set(joins_existing_venture=False, invited_venture_id=None)


class RecordConsent(WaypointAction):
    """Consent given: store the founder and their venture (a new one, in its cohort if a code was
    given, or the existing one they join as a co-founder) and the assessment they answer in."""

    def name(self) -> str:
        return "action_record_consent"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        current_store = services.store()
        founder = current_store.founder_for(channel_of(tracker), tracker.sender_id, display_name=tracker.get_slot("founder_name"))
        current_store.update_founder(founder.id, display_name=tracker.get_slot("founder_name"), role=tracker.get_slot("founder_role"))
        current_store.record_consent(founder.id)
        joined = venture_to_join(tracker) if founder.venture_id is None and tracker.get_slot("joins_existing_venture") else None
        if joined is not None:
            return self._joined(founder, joined, tracker.get_slot("founder_name"))
        cohort = _cohort_for(tracker.get_slot("invite_code"))
        venture_id = founder.venture_id
        new_venture = None
        if venture_id is None:
            new_venture = current_store.create_venture(tracker.get_slot("venture_name") or "My venture", founder.id, cohort.id if cohort else None)
            venture_id = new_venture.id
        elif cohort is not None:
            current_store.join_cohort(venture_id, cohort.id)
        current_store.start_assessment(venture_id)
        reply = Reply().say(f"Thank you, {tracker.get_slot('founder_name') or 'and welcome'}!")
        if cohort is not None:
            reply.say(f"{tracker.get_slot('venture_name') or 'Your venture'} is now part of {cohort.name}.")
        if new_venture is not None:
            reply.say(
                f"If your co-founders want to answer too, they can join {new_venture.name} with the code "
                f"{new_venture.invite_code}; each of you answers on your own."
            )
        return _ask_scope(reply)

    @staticmethod
    def _joined(founder, venture, founder_name: Optional[str]) -> Reply:
        """A co-founder answers in the venture's current assessment, beside the others' answers."""
        current_store = services.store()
        current_store.join_venture(founder.id, venture.id)
        if current_store.current_assessment(venture.id) is None:
            current_store.start_assessment(venture.id)
        reply = Reply().say(
            f"Thank you, {founder_name or 'and welcome'}! You're now one of {venture.name}'s founders. "
            "Your answers are kept as your own, beside your co-founders'."
        )
        return _ask_scope(reply).set(venture_name=venture.name)


def _ask_scope(reply: Reply) -> Reply:
    reply.say("Would you like a full check-up of all five areas (about 10 minutes), or just one area?", texts.SCOPE_BUTTONS)
    return reply.set(consent_given=True, awaiting="scope", invite_code=None, invited_venture_id=None, joins_existing_venture=None)


def _found(lookup: Callable[[Any], Any], key: Any):
    """What a store lookup finds for `key`, or None where the store has nothing (NotFound)."""
    from bot.store import NotFound

    try:
        return lookup(key)
    except NotFound:
        return None


def _cohort_for(code: Optional[str]):
    return _found(services.store().cohort_by_invite, code) if code else None


def _venture_for(code: str):
    return _found(services.store().venture_by_invite, code)


class DeclineConsent(WaypointAction):
    def name(self) -> str:
        return "action_decline_consent"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        return Reply().say(
            "That's fine, nothing has been stored. I can still run the check-up without saving anything "
            "(your answers are gone when we finish), or we can stop here.",
            [
                {"title": "Continue without saving", "payload": "/affirm"},
                {"title": "Stop here", "payload": "/goodbye"},
            ],
        ).set(awaiting="consent_declined")


class ContinueUnsaved(WaypointAction):
    def name(self) -> str:
        return "action_continue_unsaved"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        return Reply().say(
            "Alright, nothing will be saved. A full check-up of all five areas, or just one area?", texts.SCOPE_BUTTONS
        ).set(consent_given=False, awaiting="scope", unsaved_statuses={})


def area_named_in(tracker: Tracker) -> Optional[str]:
    """The area the founder picked: the `area` entity, or an area word in their message."""
    entity = entity_value(tracker, "area")
    if entity and entity.lower() in AREA_WORDS:
        return AREA_WORDS[entity.lower()]
    words = re.findall(r"[a-z]+", latest_text(tracker).lower())
    return next((AREA_WORDS[word] for word in words if word in AREA_WORDS), None)


def wants_full_checkup(tracker: Tracker) -> bool:
    if latest_intent(tracker) == "choose_full_checkup":
        return True
    return bool(re.search(r"\b(full|all|everything|whole|five)\b", latest_text(tracker).lower()))


class ChooseScope(WaypointAction):
    """Full check-up or one area; starts the interview, asks which area, or first does the onboarding."""

    def name(self) -> str:
        return "action_choose_scope"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        reply = Reply()
        if tracker.get_slot("consent_given") is None:
            return reply.say("Happy to! First, a few quick questions about you.").set(awaiting="onboarding")
        area_id = area_named_in(tracker)
        if wants_full_checkup(tracker) and latest_intent(tracker) != "choose_one_area":
            plan = plan_interview(fw)
            reply.say(
                "Great, a full check-up: five areas, about 25 short questions. You can ask what a term means, "
                "why I'm asking, skip a question, or pause at any time."
            )
            open_ledger(tracker).plan(plan.areas)
            return reply.set_all(start_slots(plan.areas))
        if area_id is None:
            return reply.say("Which area would you like to look at?", texts.area_buttons(fw)).set(awaiting="area")
        plan = plan_interview(fw, area_id)
        reply.say(f"Great, just {fw.area(area_id).short_name}: a handful of short questions.")
        open_ledger(tracker).plan(plan.areas)
        return reply.set_all(start_slots(plan.areas))


class JoinCohort(WaypointAction):
    """'I'm joining with code ABC123': attach the venture to that cohort (or remember it until consent)."""

    def name(self) -> str:
        return "action_join_cohort"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = Reply()
        code = invite_code_in(tracker)
        if code is None:
            return reply.say("What's your cohort code? It's 6 letters and numbers, like K7PM2Q.").set(
                awaiting=awaiting_after_code(tracker, None)
            )
        from bot.store import NotFound

        try:
            cohort = services.store().cohort_by_invite(code)
        except NotFound:
            invited = _venture_for(code)
            if invited is not None:
                return joining_by_venture_invite(tracker, invited)
            return reply.say(
                f"I couldn't find a cohort with the code {code.upper()}. Please check it with whoever invited you "
                "(codes are 6 letters and numbers); we can carry on without it in the meantime."
            ).set(awaiting=awaiting_after_code(tracker, None))
        founder, venture = returning_founder(tracker)
        if venture is not None and tracker.get_slot("consent_given") is not False:
            services.store().join_cohort(venture.id, cohort.id)
            reply.say(f"Done: {venture.name} is now part of {cohort.name}.")
        else:
            reply.say(f"Welcome to {cohort.name}! I'll link your venture to it once we've set it up.")
        if cohort.welcome_text:
            reply.say(cohort.welcome_text)
        reply.set(invite_code=code)
        existing = venture_named_in_cohort(cohort.id, tracker.get_slot("venture_name")) if venture is None else None
        if existing is not None and waits_for_consent(tracker) and tracker.get_slot("joins_existing_venture") is None:
            # The code came after the venture's name: ask now, before consent is recorded.
            return ask_to_join(existing, reply)
        return reply.set(awaiting=awaiting_after_code(tracker, venture))


def waits_for_consent(tracker: Tracker) -> bool:
    """The onboarding is done and the consent question is open (nothing is stored yet)."""
    return tracker.get_slot("awaiting") == "consent" and tracker.get_slot("consent_given") is None


def joining_by_venture_invite(tracker: Tracker, invited) -> Reply:
    """A venture's own invite code: a co-founder joining it (asked to confirm before consent)."""
    _founder, venture = returning_founder(tracker)
    reply = Reply()
    if venture is not None:
        if venture.id == invited.id:
            return reply.say(f"You're already one of {venture.name}'s founders.").set(awaiting=awaiting_after_code(tracker, venture))
        return reply.say(
            f"That's the invite code of {invited.name}, but this chat is already set up for {venture.name}, "
            "so I've left things as they are."
        ).set(awaiting=awaiting_after_code(tracker, venture))
    reply.set(invited_venture_id=invited.id, joins_existing_venture=None)
    if waits_for_consent(tracker):
        return ask_to_join(invited, reply.say(f"That's the invite code of {invited.name}."))
    reply.say(f"That's the invite code of {invited.name}. Once I know a little about you, I'll check you're joining it as a co-founder.")
    return reply.set(awaiting=awaiting_after_code(tracker, None))


def awaiting_after_code(tracker: Tracker, venture) -> str:
    """What the conversation waits for after a code: the same as before (the rules continue the
    form or wait), or the onboarding when a new founder starts with their code."""
    loop_name = (tracker.active_loop or {}).get("name")
    if loop_name == "interview_form":
        return "interview"
    if loop_name == "onboarding_form":
        return "onboarding"
    current = tracker.get_slot("awaiting")
    if venture is None and tracker.get_slot("consent_given") is None and current in (None, "onboarding"):
        return "onboarding"
    return current or "scope"


def invite_code_in(tracker: Tracker) -> Optional[str]:
    """The cohort invite code in the founder's message (6 characters), or None."""
    return code_in(tracker, "invite_code", INVITE_CODE_LENGTH)


class AskFounderName(WaypointAction):
    def name(self) -> str:
        return "action_ask_founder_name"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        return Reply().say("First, what should I call you?")


class AskVentureName(WaypointAction):
    def name(self) -> str:
        return "action_ask_venture_name"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        name = tracker.get_slot("founder_name")
        return Reply().say(f"Nice to meet you{', ' + name if name else ''}! What's your venture called?")


class AskFounderRole(WaypointAction):
    def name(self) -> str:
        return "action_ask_founder_role"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        venture = tracker.get_slot("venture_name")
        return Reply().say(f"And what's your role at {venture}?" if venture else "And what's your role?")


# Words of a request rather than of a name: "skip", "what's next", "help me", "good morning".
REQUEST_WORDS = frozenset(
    "skip help next continue carry why what whats how where mean means pause stop later break start over "
    "restart again hi hello hey yo bye goodbye good morning afternoon evening thanks thank actually wrong "
    "change code report data delete export link me you can could please question".split()
)
MAX_NAME_WORDS = 6
ONBOARDING_SLOTS = ("founder_name", "venture_name", "founder_role")


def answer_despite_intent(text: str) -> Optional[str]:
    """A name, venture name or role the NLU read as a request ("Next Step Foundation" as what_next,
    "Skip Ahead" as skip, "Hi, I'm Maya" as a greeting): the name, or None if it reads as a request."""
    candidate = cleaned_name(text)
    if candidate is None or "?" in text:
        return None
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", candidate)
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    capitalised = sum(1 for word in words if word[0].isupper())
    if capitalised >= 2 or not any(word.lower().replace("'", "") in REQUEST_WORDS for word in words):
        return candidate
    return None


class OnboardingAside(WaypointAction):
    """A greeting, "skip", "help", "what's next", "continue" or a correction while the bot asks for
    a name, venture or role. Venture names often sound like requests, so words that read as the
    answer are taken as the answer; anything else is answered, and the form then asks again."""

    def name(self) -> str:
        return "action_onboarding_aside"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        requested = tracker.get_slot("requested_slot")
        answer = answer_despite_intent(latest_text(tracker)) if requested in ONBOARDING_SLOTS else None
        if answer is not None:
            return Reply().set(**{requested: answer})
        digression = ONBOARDING_DIGRESSIONS.get(latest_intent(tracker) or "")
        if digression is not None:
            return digression().respond(tracker, domain)
        return Reply().say(
            "Before the check-up starts I just need three details: your name, your venture's name and your role "
            "(a first name and a working title are fine). You can change them by saying \"start over\"."
        )


ONBOARDING_DIGRESSIONS = {
    "greet": WelcomeBack,
    "help": Help,
    "what_next": WhatNext,
    "where_am_i": WhereAmI,
    "out_of_scope": OutOfScope,
}


class UseContinueCodeInOnboarding(UseContinueCode):
    """A continue code while the bot asks for a name: a linked chat leaves the onboarding (the
    founder is known); a code that links nothing goes back to the question."""

    def name(self) -> str:
        return "action_use_continue_code_in_onboarding"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        reply = super().respond(tracker, domain)
        linked = any(event.get("name") == "awaiting" for event in reply.events)
        if linked:
            return reply.stop_loop()
        return reply.set(awaiting="onboarding")
