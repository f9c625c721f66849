"""A founder who deletes their data leaves no word of theirs in Rasa's tracker store, whenever Rasa's
server saves the conversation it still holds in memory, and in Waypoint's store. Turns are taken the
way Rasa's server takes them (read the conversation, apply the turn's events, save it at the end),
against the tracker store endpoints.yml configures, on SQLite and on PostgreSQL."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.tracking import WaypointTrackerStore, forget_conversations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
NAME, VENTURE, ANSWER = "Sam Okafor", "Reading Buddies", "we ran a trial with a control group"
FOUNDER_WORDS = (NAME, VENTURE, ANSWER, "delete my data")


@pytest.fixture
def tracker_store(database_url, monkeypatch) -> Iterator[WaypointTrackerStore]:
    # The action server finds the tracker database the same way (bot.tracking.tracker_url).
    monkeypatch.setenv("WAYPOINT_TRACKER_URL", database_url)
    store = WaypointTrackerStore(domain=DOMAIN)
    yield store
    store.engine.dispose()


# -- turns as Rasa's server takes them ------------------------------------------------------------


def read(tracker_store: WaypointTrackerStore, sender_id: str) -> DialogueStateTracker:
    return asyncio.run(tracker_store.get_or_create_tracker(sender_id))


def save(tracker_store: WaypointTrackerStore, tracker: DialogueStateTracker, *events: Event) -> DialogueStateTracker:
    """Apply the rest of a turn's events (Rasa stamps them as it applies them), then save, as Rasa does last."""
    tracker.update_with_events(list(events), DOMAIN)
    asyncio.run(tracker_store.save(tracker))
    return tracker


def take_turn(tracker_store: WaypointTrackerStore, sender_id: str, *events: Event) -> DialogueStateTracker:
    return save(tracker_store, read(tracker_store, sender_id), *events)


def user_says(text: str, intent: str = "inform") -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 1.0}, input_channel="rest")


def founder_talked(tracker_store: WaypointTrackerStore, sender_id: str) -> None:
    """A conversation with the founder's name, venture and an answer in it, saved turn by turn."""
    take_turn(tracker_store, sender_id, ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
              user_says("hi", "greet"), ActionExecuted("action_greet"), BotUttered("What should I call you?"), ActionExecuted("action_listen"))
    take_turn(tracker_store, sender_id, user_says(NAME), SlotSet("founder_name", NAME), SlotSet("venture_name", VENTURE),
              BotUttered(f"Thanks {NAME}! Tell me about {VENTURE}."), ActionExecuted("action_listen"))
    take_turn(tracker_store, sender_id, user_says(ANSWER), ActionExecuted("action_listen"))
    take_turn(tracker_store, sender_id, user_says("delete my data", "delete_my_data"), ActionExecuted("action_confirm_delete"),
              BotUttered("Are you sure?"), SlotSet("awaiting", "delete_confirm"), ActionExecuted("action_listen"))


def run_delete_action(tracker: DialogueStateTracker) -> list[Event]:
    """What Rasa's server gets back from the action server's action_delete_data: its message, then its events."""
    from bot.actions.account import DeleteData

    dispatcher = CollectingDispatcher()
    sdk_tracker = Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))
    returned = asyncio.run(DeleteData().run(dispatcher, sdk_tracker, DOMAIN.as_dict()))
    return [BotUttered(message.get("text")) for message in dispatcher.messages] + [Event.from_parameters(event) for event in returned]


def delete_turn(tracker_store: WaypointTrackerStore, tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The founder confirms; the action runs while Rasa holds the conversation, then Rasa restarts it
    (the restart's follow-up session start) and saves."""
    tracker.update_with_events([user_says("yes", "affirm"), ActionExecuted("action_delete_data")], DOMAIN)
    tracker.update_with_events(run_delete_action(tracker), DOMAIN)
    return save(tracker_store, tracker, ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"))


# -- what is left ----------------------------------------------------------------------------------


def stored_rows(database_url: str, sender_id: str) -> list[str]:
    """Every event row of this sender in Rasa's table, as stored (JSON text)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender_id}).scalars())
    finally:
        engine.dispose()


def founder_words_in(rows: list[str]) -> list[str]:
    return [word for word in FOUNDER_WORDS if any(word in row for row in rows)]


def user_texts(tracker_store: WaypointTrackerStore, sender_id: str) -> list[str]:
    tracker = asyncio.run(tracker_store.retrieve_full_tracker(sender_id))
    return [event.text for event in tracker.events if isinstance(event, UserUttered)] if tracker else []


# -- tests -------------------------------------------------------------------------------------------


@pytest.fixture
def store(database_url):
    from bot.actions import services
    from bot.store import Store, upgrade

    upgrade(database_url)
    opened = Store.from_url(database_url)
    services.use_services(store=opened)
    yield opened
    services.reset_services()
    opened.dispose()


def founder_with_an_answer(store, sender_id: str):
    founder = store.founder_for("rest", sender_id, display_name=NAME)
    store.record_consent(founder.id)
    venture = store.create_venture(VENTURE, founder.id)
    assessment = store.start_assessment(venture.id)
    store.record_answer(assessment.id, founder.id, "message-1", "impact", "How do you know it works?", ANSWER)
    return store.founder(founder.id), venture


def test_deleting_leaves_no_founder_words_in_the_conversation_or_the_store(tracker_store, store, database_url):
    from bot.store import NotFound

    founder, venture = founder_with_an_answer(store, "founder-1")
    founder_talked(tracker_store, "founder-1")
    assert founder_words_in(stored_rows(database_url, "founder-1")) == list(FOUNDER_WORDS)
    assert ANSWER in json.dumps(store.export_founder(founder.id))

    delete_turn(tracker_store, read(tracker_store, "founder-1"))

    assert founder_words_in(stored_rows(database_url, "founder-1")) == []
    assert user_texts(tracker_store, "founder-1") == []
    assert store.find_founder("rest", "founder-1") is None
    with pytest.raises(NotFound):
        store.venture(venture.id)


def test_a_message_right_after_the_delete_starts_a_conversation_with_nothing_before_it(tracker_store, store, database_url):
    founder_with_an_answer(store, "founder-1")
    founder_talked(tracker_store, "founder-1")
    delete_turn(tracker_store, read(tracker_store, "founder-1"))

    take_turn(tracker_store, "founder-1", user_says("hello again", "greet"), ActionExecuted("action_greet"),
              BotUttered("Hi, I'm Waypoint!"), ActionExecuted("action_listen"))

    assert user_texts(tracker_store, "founder-1") == ["hello again"]
    assert founder_words_in(stored_rows(database_url, "founder-1")) == []
    assert read(tracker_store, "founder-1").get_slot("founder_name") is None


def test_a_copy_read_before_the_delete_cannot_write_the_old_conversation_back(tracker_store, store, database_url):
    # E.g. a second Rasa worker without a shared lock took the founder's next message meanwhile.
    founder_with_an_answer(store, "founder-1")
    founder_talked(tracker_store, "founder-1")
    copy_from_before = read(tracker_store, "founder-1")
    delete_turn(tracker_store, read(tracker_store, "founder-1"))

    save(tracker_store, copy_from_before, user_says("one more thing"), ActionExecuted("action_listen"))

    assert founder_words_in(stored_rows(database_url, "founder-1")) == []
    assert NAME not in user_texts(tracker_store, "founder-1")


def test_a_conversation_forgotten_from_another_channel_stays_forgotten(tracker_store, database_url):
    founder_talked(tracker_store, "laptop-1")
    founder_talked(tracker_store, "someone-else")
    held_in_memory = read(tracker_store, "laptop-1")

    forget_conversations(["laptop-1"])
    assert stored_rows(database_url, "laptop-1") != [] and founder_words_in(stored_rows(database_url, "laptop-1")) == []
    save(tracker_store, held_in_memory, user_says("are you still there?"), ActionExecuted("action_listen"))

    assert founder_words_in(stored_rows(database_url, "laptop-1")) == []
    assert user_texts(tracker_store, "laptop-1") == ["are you still there?"]
    assert founder_words_in(stored_rows(database_url, "someone-else")) == list(FOUNDER_WORDS), "another founder's conversation was touched"


def test_a_conversation_without_deletion_is_stored_event_for_event(tracker_store):
    founder_talked(tracker_store, "founder-1")
    in_memory = read(tracker_store, "founder-1")
    save(tracker_store, in_memory, user_says("what's an RCT?", "explain_term"), ActionExecuted("action_listen"))

    read_back = read(tracker_store, "founder-1")
    assert [event.as_dict() for event in read_back.events] == [event.as_dict() for event in in_memory.events]
    assert read_back.get_slot("founder_name") == NAME
    assert user_texts(tracker_store, "founder-1") == ["hi", NAME, ANSWER, "delete my data", "what's an RCT?"]
