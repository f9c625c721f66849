"""Reading a conversation back keeps Rasa's session rules: a new turn sees only the latest session,
the HTTP API's full tracker sees every session. Tested on SQLite, and on PostgreSQL when given."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import time
import uuid

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracking import WaypointTrackerStore

TEST_DB_URL = os.environ.get("WAYPOINT_TEST_DATABASE_URL")
DOMAIN = Domain.from_dict({"slots": {"current_area": {"type": "any", "mappings": [{"type": "custom"}]}}})


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_store(request, tmp_path) -> WaypointTrackerStore:
    if request.param == "postgresql":
        if not TEST_DB_URL:
            pytest.skip("WAYPOINT_TEST_DATABASE_URL is not set")
        return WaypointTrackerStore(domain=DOMAIN, url=TEST_DB_URL)
    return WaypointTrackerStore(domain=DOMAIN, url=f"sqlite:///{tmp_path / 'tracker.db'}")


def two_sessions(sender_id: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    started = time.time() - 100
    for offset, words in ((0, "we have a theory of change"), (50, "we ran a trial last year")):
        tracker.update(ActionExecuted("action_session_start", timestamp=started + offset))
        tracker.update(SessionStarted(timestamp=started + offset + 0.1))
        tracker.update(ActionExecuted("action_listen", timestamp=started + offset + 0.2))
        tracker.update(UserUttered(words, timestamp=started + offset + 0.3))
        tracker.update(SlotSet("current_area", "impact", timestamp=started + offset + 0.4))
    return tracker


def founder_words(tracker: DialogueStateTracker) -> list[str]:
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def test_a_new_turn_reads_only_the_latest_session_and_the_api_reads_them_all(tracker_store):
    sender_id = f"founder-{uuid.uuid4().hex}"
    asyncio.run(tracker_store.save(two_sessions(sender_id)))

    latest = asyncio.run(tracker_store.retrieve(sender_id))
    everything = asyncio.run(tracker_store.retrieve_full_tracker(sender_id))

    assert founder_words(latest) == ["we ran a trial last year"]
    assert latest.get_slot("current_area") == "impact"
    assert founder_words(everything) == ["we have a theory of change", "we ran a trial last year"]


def test_an_unknown_conversation_reads_back_as_none(tracker_store):
    assert asyncio.run(tracker_store.retrieve(f"nobody-{uuid.uuid4().hex}")) is None


def test_the_sqlite_tracker_file_uses_write_ahead_logging(tmp_path):
    path = tmp_path / "tracker.db"
    WaypointTrackerStore(domain=DOMAIN, url=f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_saving_again_after_a_second_session_stores_each_event_once(tracker_store):
    sender_id = f"founder-{uuid.uuid4().hex}"
    asyncio.run(tracker_store.save(two_sessions(sender_id)))
    # The next turn, as Rasa's server takes it: read the latest session, add to it, save.
    tracker = asyncio.run(tracker_store.retrieve(sender_id))
    tracker.update(UserUttered("and we have a business plan"))
    asyncio.run(tracker_store.save(tracker))
    asyncio.run(tracker_store.save(tracker))  # nothing new: nothing written

    everything = asyncio.run(tracker_store.retrieve_full_tracker(sender_id))
    assert founder_words(everything) == ["we have a theory of change", "we ran a trial last year", "and we have a business plan"]
    assert len(everything.events) == len(two_sessions(sender_id).events) + 1
