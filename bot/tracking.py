"""Rasa's conversation tracker store and lock store, chosen from environment URLs.

endpoints.yml names these classes instead of `${VAR}` placeholders because Rasa refuses to start
when a placeholder's variable is unset; here an unset variable means the embedded default:
a SQLite tracker file in var/ and an in-memory lock store (one process). Production sets
WAYPOINT_TRACKER_URL (e.g. PostgreSQL) and WAYPOINT_REDIS_URL (a lock shared by several workers).

The tracker store also forgets conversations. When a founder deletes their data, the action server
deletes the stored events, but Rasa's server still holds the conversation in memory and writes it
back when the turn ends: its save only appends the events it thinks are missing, so after a delete
it would append them all again. So the delete action ends the conversation with a *forget marker*,
and the store's own save drops everything of that sender from before the marker, in the same
transaction that writes the rest.

The marker is a `Restarted` event whose metadata carries FORGET_MARKER_KEY. A restart already means
"nothing before this counts" to Rasa's policies and slots, and it needs nothing declared in
domain.yml (a dedicated slot would). Rasa stamps it when it applies the action's events, so every
event of the turn before it is older.
"""
from __future__ import annotations

import functools
import itertools
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, Restarted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_ROOT

DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "tracker.db"
FORGET_MARKER_KEY = "waypoint_forget_conversation"
RESTART_TYPE = Restarted.type_name
EVENTS_TABLE = SQLTrackerStore.SQLEvent.__table__


def tracker_url(environ: "dict[str, str] | os._Environ[str] | None" = None) -> str:
    env = os.environ if environ is None else environ
    if env.get("WAYPOINT_TRACKER_URL"):
        return env["WAYPOINT_TRACKER_URL"]
    path = Path(env.get("WAYPOINT_TRACKER_DB") or DEFAULT_TRACKER_DB)
    return f"sqlite:///{path}"


def redis_lock_settings(url: str) -> dict[str, Any]:
    """RedisLockStore's keyword arguments from a redis:// or rediss:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"WAYPOINT_REDIS_URL must start with redis:// or rediss://, got {url!r}")
    database = parts.path.lstrip("/") or "0"
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or 6379,
        "db": int(database),
        "password": parts.password,
        "use_ssl": parts.scheme == "rediss",
        "key_prefix": "waypoint",
        "socket_timeout": 10,
    }


# -- forget markers ------------------------------------------------------------------------------


def forget_marker(timestamp: Optional[float] = None) -> dict[str, Any]:
    """A forget marker as an action returns it (rasa-sdk's event dict): a restart with a fresh id."""
    return {"event": RESTART_TYPE, "timestamp": timestamp, "metadata": {FORGET_MARKER_KEY: uuid.uuid4().hex}}


def marker_id(event: "Event | Mapping[str, Any]") -> Optional[str]:
    """The id of a forget marker (an Event or its dict), None for any other event."""
    if isinstance(event, Event):
        event = event.as_dict()
    if event.get("event") != RESTART_TYPE:
        return None
    return (event.get("metadata") or {}).get(FORGET_MARKER_KEY)


def latest_marker_index(events: Sequence[Event]) -> Optional[int]:
    for index in range(len(events) - 1, -1, -1):
        if marker_id(events[index]) is not None:
            return index
    return None


def _event_row(sender_id: str, event_data: Mapping[str, Any]) -> dict[str, Any]:
    """A row of Rasa's `events` table, filled the way SQLTrackerStore.save fills it."""
    return {
        "sender_id": sender_id,
        "type_name": event_data["event"],
        "timestamp": event_data.get("timestamp"),
        "intent_name": ((event_data.get("parse_data") or {}).get("intent") or {}).get("name"),
        "action_name": event_data.get("name"),
        "data": json.dumps(event_data),
    }


def forget_conversations(sender_ids: Iterable[str], url: Optional[str] = None) -> int:
    """Delete every stored event of these senders and leave a forget marker in their place, so that
    a copy of one of these conversations still in a Rasa server's memory is never written back.
    Returns how many events went (0 when Rasa has not created its table yet)."""
    senders = sorted(set(sender_ids))
    if not senders:
        return 0
    engine = sa.create_engine(url or tracker_url())
    try:
        if not sa.inspect(engine).has_table(EVENTS_TABLE.name):
            return 0
        now = time.time()
        with engine.begin() as connection:
            deleted = connection.execute(sa.delete(EVENTS_TABLE).where(EVENTS_TABLE.c.sender_id.in_(senders))).rowcount
            connection.execute(sa.insert(EVENTS_TABLE), [_event_row(sender, forget_marker(now)) for sender in senders])
        return deleted
    finally:
        engine.dispose()


@functools.lru_cache(maxsize=1)
def _latest_session_event_count() -> sa.sql.Select:
    """How many events of :sender_id are stored since its latest SessionStarted (all, without one)."""
    sender = sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(EVENTS_TABLE.c.timestamp))
        .where(EVENTS_TABLE.c.sender_id == sender, EVENTS_TABLE.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return (
        sa.select(sa.func.count())
        .select_from(EVENTS_TABLE)
        .where(EVENTS_TABLE.c.sender_id == sender, sa.or_(session_start.is_(None), EVENTS_TABLE.c.timestamp >= session_start))
    )


# -- the stores Rasa is configured with ----------------------------------------------------------


class WaypointTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore on WAYPOINT_TRACKER_URL (endpoints.yml names this class), whose save
    honours forget markers: no event of a sender older than its latest marker is ever stored."""

    def __init__(self, domain=None, event_broker=None, host=None, url: Optional[str] = None, **_ignored: Any) -> None:  # type: ignore[no-untyped-def]
        # `host` is what Rasa passes from endpoints.yml (nothing there): the environment decides.
        database_url = url or tracker_url()
        if database_url.startswith("sqlite:///"):
            path = Path(database_url[len("sqlite:///"):])
            path.parent.mkdir(parents=True, exist_ok=True)
            super().__init__(domain=domain, dialect="sqlite", db=str(path), event_broker=event_broker)
            # Write-ahead logging: a save (once per message, on the server's event loop) commits with
            # one sync instead of the rollback journal's several; measured here 12 ms -> 2 ms a commit.
            # The mode is kept in the file, so setting it once is enough. And a pool of open
            # connections: SQLAlchemy 1.4 otherwise opens and closes the file for every read and save.
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=QueuePool, pool_size=2, max_overflow=4, connect_args={"check_same_thread": False}
            )
            self.sessionmaker = sessionmaker(bind=self.engine)
        else:
            super().__init__(domain=domain, host=database_url, event_broker=event_broker)

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator[Event]:  # type: ignore[no-untyped-def]
        """The tracker's events not stored yet, counted the way Rasa counts them (the latest session's),
        with a statement SQLAlchemy compiles once: Rasa's Query.count() was recompiled on every save
        and took half of its time."""
        stored_count = session.execute(_latest_session_event_count(), {"sender_id": tracker.sender_id}).scalar_one()
        return itertools.islice(tracker.events, stored_count, len(tracker.events))

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        # Rasa's own query, reading only the stored JSON: building an ORM object per event cost more
        # than the rest of reading the conversation back.
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._events_to_write(session, tracker):
                session.add(self.SQLEvent(**_event_row(tracker.sender_id, event.as_dict())))
            session.commit()

    def _events_to_write(self, session, tracker: DialogueStateTracker) -> list[Event]:  # type: ignore[no-untyped-def]
        stored_markers = self._stored_markers(session, tracker.sender_id)
        events = list(tracker.events)
        marker_index = latest_marker_index(events)
        if marker_index is not None and marker_id(events[marker_index]) not in stored_markers:
            # A new forget marker: the conversation restarts from it, with nothing stored before it.
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete(
                synchronize_session=False
            )
            return events[marker_index:]
        new_events = list(self._additional_events(session, tracker))
        if not stored_markers:
            return new_events
        # A copy of the conversation read before it was forgotten (another worker, another channel's
        # turn) still holds the old events, and Rasa's count-based difference would append them again.
        forgotten_at = max(stored_markers.values())
        return [event for event in new_events if event.timestamp >= forgotten_at]

    def _stored_markers(self, session, sender_id: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
        """The forget markers stored for this sender: id -> timestamp."""
        rows = session.query(self.SQLEvent.timestamp, self.SQLEvent.data).filter(
            self.SQLEvent.sender_id == sender_id, self.SQLEvent.type_name == RESTART_TYPE
        )
        markers: dict[str, float] = {}
        for timestamp, data in rows:
            stored_id = marker_id(json.loads(data))
            if stored_id is not None:
                markers[stored_id] = timestamp or 0.0
        return markers


class WaypointLockStore:
    """Factory named by endpoints.yml: RedisLockStore when WAYPOINT_REDIS_URL is set, else in-memory."""

    def __new__(cls, endpoint_config=None, **_ignored):  # type: ignore[no-untyped-def]
        from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

        url = os.environ.get("WAYPOINT_REDIS_URL")
        if not url:
            return InMemoryLockStore()
        return RedisLockStore(**redis_lock_settings(url))
