"""The conversation tracker store keeps a founder's conversation across restarts; the lock store is
shared through Redis when configured. Tested on SQLite always, on PostgreSQL and Redis when given."""
from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from bot.tracking import WaypointLockStore, WaypointTrackerStore, redis_lock_settings, tracker_url

TEST_DB_URL = os.environ.get("WAYPOINT_TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("WAYPOINT_TEST_REDIS_URL")


def _conversation_round_trip(sender_id: str) -> list[str]:
    """Save a short conversation with one store, read it back with a fresh one (as after a restart)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict({"slots": {"current_area": {"type": "any", "mappings": [{"type": "custom"}]}}})
    tracker = DialogueStateTracker(sender_id, domain.slots)
    tracker.update(UserUttered("we ran a trial with a control group"))
    tracker.update(SlotSet("current_area", "impact"))
    asyncio.run(WaypointTrackerStore(domain=domain).save(tracker))

    restored = asyncio.run(WaypointTrackerStore(domain=domain).retrieve(sender_id))
    assert restored is not None, "the conversation was not found after reopening the store"
    assert restored.get_slot("current_area") == "impact"
    return [event.text for event in restored.events if isinstance(event, UserUttered)]


def test_tracker_defaults_to_a_sqlite_file_in_var(monkeypatch):
    monkeypatch.delenv("WAYPOINT_TRACKER_URL", raising=False)
    monkeypatch.delenv("WAYPOINT_TRACKER_DB", raising=False)
    assert tracker_url().startswith("sqlite:///") and tracker_url().endswith("var/tracker.db")


def test_conversation_survives_reopening_the_sqlite_tracker_store(tmp_path, monkeypatch):
    monkeypatch.delenv("WAYPOINT_TRACKER_URL", raising=False)
    monkeypatch.setenv("WAYPOINT_TRACKER_DB", str(tmp_path / "nested" / "tracker.db"))
    assert _conversation_round_trip("founder-sqlite") == ["we ran a trial with a control group"]
    assert (tmp_path / "nested" / "tracker.db").is_file()


@pytest.mark.skipif(not TEST_DB_URL, reason="WAYPOINT_TEST_DATABASE_URL is not set")
def test_conversation_survives_reopening_the_postgresql_tracker_store(monkeypatch):
    monkeypatch.setenv("WAYPOINT_TRACKER_URL", TEST_DB_URL)
    sender_id = f"founder-pg-{uuid.uuid4().hex}"
    assert _conversation_round_trip(sender_id) == ["we ran a trial with a control group"]


def test_lock_store_is_in_memory_without_redis(monkeypatch):
    from rasa.core.lock_store import InMemoryLockStore

    monkeypatch.delenv("WAYPOINT_REDIS_URL", raising=False)
    assert isinstance(WaypointLockStore(endpoint_config=None), InMemoryLockStore)


def test_redis_url_is_parsed_into_lock_store_settings():
    settings = redis_lock_settings("redis://:secret@cache.internal:6380/2")
    assert (settings["host"], settings["port"], settings["db"], settings["password"]) == ("cache.internal", 6380, 2, "secret")
    with pytest.raises(ValueError, match="redis://"):
        redis_lock_settings("http://cache.internal")


@pytest.mark.skipif(not TEST_REDIS_URL, reason="WAYPOINT_TEST_REDIS_URL is not set")
def test_two_workers_share_one_conversation_lock_through_redis(monkeypatch):
    from rasa.core.lock_store import RedisLockStore

    monkeypatch.setenv("WAYPOINT_REDIS_URL", TEST_REDIS_URL)
    worker_a, worker_b = WaypointLockStore(), WaypointLockStore()
    assert isinstance(worker_a, RedisLockStore)
    conversation_id = f"founder-{uuid.uuid4().hex}"
    first_ticket = worker_a.issue_ticket(conversation_id)
    second_ticket = worker_b.issue_ticket(conversation_id)
    assert second_ticket == first_ticket + 1, "the second worker did not see the first worker's ticket"
    worker_b.delete_lock(conversation_id)
