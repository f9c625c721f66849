"""Action tests drive the real actions with real trackers (`Tracker.from_dict`), a real
CollectingDispatcher, a Store on a fresh SQLite file and the real spaCy mapper. `Conversation`
plays Rasa's part: it adds the founder's messages, fills the form slot the way the domain's
mapping does, runs the actions Rasa would run and applies the events they return."""
from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import services
from bot.actions.digressions import Clarify
from bot.actions.interview import AskFounderAnswer, ValidateInterviewForm
from bot.actions.onboarding import AskConsent, ChooseScope, Greet, RecordConsent, ValidateOnboardingForm
from bot.store import Store, upgrade

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
FOUNDER_ANSWER_EXCLUDED = set(DOMAIN["slots"]["founder_answer"]["mappings"][0]["not_intent"])
_message_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def real_mapper():
    from bot.evidence import load_mapper

    return load_mapper()


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'waypoint.db'}"
    upgrade(url)
    opened = Store.from_url(url)
    yield opened
    opened.dispose()


@pytest.fixture
def wired(store, real_mapper) -> Iterator[Store]:
    """The actions use this test's store and the real mapper."""
    services.use_services(store=store, mapper=real_mapper)
    yield store
    services.reset_services()


class RecordingDispatcher(CollectingDispatcher):
    """A dispatcher that can check something at the moment each message is sent."""

    def __init__(self, on_message=None) -> None:
        super().__init__()
        self.on_message = on_message

    def utter_message(self, *args: Any, **kwargs: Any) -> None:
        if self.on_message is not None:
            self.on_message(kwargs)
        super().utter_message(*args, **kwargs)


class Conversation:
    """One founder's conversation, with the slots and events Rasa would keep."""

    def __init__(self, sender_id: str = "founder-1") -> None:
        self.sender_id = sender_id
        self.slots: dict[str, Any] = {name: None for name in DOMAIN["slots"]}
        self.events: list[dict[str, Any]] = []
        self.latest_message: dict[str, Any] = {}
        self.active_loop: Optional[str] = None
        self.bot_messages: list[dict[str, Any]] = []
        self.questions_asked = 0

    # -- what Rasa does ----------------------------------------------------------------------

    def tracker(self) -> Tracker:
        return Tracker.from_dict(
            {
                "sender_id": self.sender_id,
                "slots": dict(self.slots),
                "latest_message": dict(self.latest_message),
                "events": list(self.events),
                "active_loop": {"name": self.active_loop} if self.active_loop else {},
            }
        )

    def user(self, text: str, intent: str = "inform", entities: Optional[list[dict[str, Any]]] = None) -> None:
        message_id = f"m{next(_message_numbers)}"
        parse_data = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text, "message_id": message_id}
        self.latest_message = parse_data
        self.events.append(
            {"event": "user", "text": text, "parse_data": parse_data, "message_id": message_id, "input_channel": "rest"}
        )

    def run(self, action, on_message=None) -> list[dict[str, Any]]:
        dispatcher = RecordingDispatcher(on_message)
        returned = asyncio.run(action.run(dispatcher, self.tracker(), DOMAIN))
        self.events.append({"event": "action", "name": action.name()})
        # What the bot said stays in the tracker, buttons included, as Rasa's BotUttered events do.
        for message in dispatcher.messages:
            self.events.append({"event": "bot", "text": message.get("text"), "data": {"buttons": message.get("buttons")}})
        for event in returned:
            self.events.append(event)
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            if event.get("event") == "active_loop":
                self.active_loop = event.get("name")
        self.bot_messages.extend(dispatcher.messages)
        return dispatcher.messages

    def fill(self, slot_name: str, value: Any) -> None:
        """The domain's from_text mapping: the message fills the requested slot."""
        event = {"event": "slot", "name": slot_name, "value": value}
        self.events.append(event)
        self.slots[slot_name] = value

    # -- founder's side ----------------------------------------------------------------------

    def say(self, action, text: str, intent: str = "inform", entities=None) -> list[dict[str, Any]]:
        self.user(text, intent, entities)
        return self.run(action)

    def ask(self, on_message=None) -> list[dict[str, Any]]:
        """The form asks for its slot (action_ask_founder_answer)."""
        self.questions_asked += 1
        return self.run(AskFounderAnswer(), on_message=on_message)

    def answer(self, text: str, intent: str = "inform", entities=None, on_message=None) -> list[dict[str, Any]]:
        """An answer inside the interview form; returns what the bot said, the next question included."""
        assert intent not in FOUNDER_ANSWER_EXCLUDED, "that intent is a digression, not an answer"
        self.user(text, intent, entities)
        self.fill("founder_answer", text)
        messages = self.run(ValidateInterviewForm(), on_message=on_message)
        if self.slots["founder_answer"] is None:
            messages = messages + self.ask(on_message=on_message)
        else:
            self.active_loop = None
        return messages

    def onboard(self, name: str = "Maya", venture: str = "Sunrise Kitchen", role: str = "founder", consent: bool = True) -> None:
        self.say(Greet(), "hi", "greet")
        self.fill_onboarding(name, venture, role)
        self.run(AskConsent())
        if consent:
            self.say(RecordConsent(), "yes", "affirm")

    def fill_onboarding(self, name: str, venture: str, role: str) -> None:
        """The onboarding form: name, venture and role, each validated as the form does."""
        self.active_loop = "onboarding_form"
        for slot_name, value in (("founder_name", name), ("venture_name", venture), ("founder_role", role)):
            self.user(value)
            self.fill(slot_name, value)
            self.run(ValidateOnboardingForm())
        self.active_loop = None

    def start(self, area: Optional[str] = None) -> list[dict[str, Any]]:
        """Choose the check-up and let the form ask its first question."""
        if area is None:
            self.say(ChooseScope(), "full check-up", "choose_full_checkup")
        else:
            self.say(ChooseScope(), f"just {area}", "choose_one_area", [{"entity": "area", "value": area}])
        self.active_loop = "interview_form"
        return self.ask()


def texts_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def buttons_of(messages: list[dict[str, Any]]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons") or []]


@pytest.fixture
def conversation(wired) -> Conversation:
    return Conversation()


@pytest.fixture
def onboarded(wired) -> Conversation:
    talk = Conversation()
    talk.onboard()
    return talk


__all__ = ["Clarify", "Conversation", "buttons_of", "texts_of"]
