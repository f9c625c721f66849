"""The shape every Waypoint action shares: the work (framework, mapper, store) runs in a worker
thread so the action server's event loop never blocks on spaCy or the database; the messages and
events it produced are then handed to Rasa. Abstract, so rasa-sdk does not register it."""
from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.store.codes import typed_code_in


@dataclass
class Reply:
    """What an action says (in order) and the events it returns."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    events: list[EventType] = field(default_factory=list)

    def say(self, text: str, buttons: Optional[list[dict[str, str]]] = None) -> "Reply":
        if text:
            message: dict[str, Any] = {"text": text}
            if buttons:
                message["buttons"] = buttons
            self.messages.append(message)
        return self

    def set(self, **slots: Any) -> "Reply":
        self.events.extend(SlotSet(name, value) for name, value in slots.items())
        return self

    def set_all(self, slots: dict[str, Any]) -> "Reply":
        return self.set(**slots)

    def stop_loop(self) -> "Reply":
        self.events.append(ActiveLoop(None))
        self.events.append(SlotSet("requested_slot", None))
        return self

    def send(self, dispatcher: CollectingDispatcher) -> None:
        for message in self.messages:
            dispatcher.utter_message(**message)


class WaypointAction(Action, ABC):
    """A custom action whose `respond` runs in a thread and returns a Reply."""

    @abstractmethod
    def name(self) -> str:
        ...

    @abstractmethod
    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        reply = await asyncio.to_thread(self.respond, tracker, domain)
        reply.send(dispatcher)
        return reply.events


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])


def entity_value(tracker: Tracker, entity_name: str) -> Optional[str]:
    for entity in latest_entities(tracker):
        if entity.get("entity") == entity_name and entity.get("value"):
            return str(entity["value"])
    return None


def in_loop(tracker: Tracker, loop_name: str) -> bool:
    return (tracker.active_loop or {}).get("name") == loop_name


def code_in(tracker: Tracker, entity_name: str, length: int) -> Optional[str]:
    """A code the founder gave: the entity, else a code of `length` characters in the message's text."""
    entity = entity_value(tracker, entity_name)
    if entity:
        return entity.strip()
    return typed_code_in(latest_text(tracker), length)
