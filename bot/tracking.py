"""Rasa's conversation tracker store and lock store, chosen from environment URLs.

endpoints.yml names these classes instead of `${VAR}` placeholders because Rasa refuses to start
when a placeholder's variable is unset; here an unset variable means the embedded default:
a SQLite tracker file in var/ and an in-memory lock store (one process). Production sets
WAYPOINT_TRACKER_URL (e.g. PostgreSQL) and WAYPOINT_REDIS_URL (a lock shared by several workers).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import PROJECT_ROOT

DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "tracker.db"


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


class WaypointTrackerStore:
    """Factory named by endpoints.yml: builds Rasa's SQLTrackerStore for WAYPOINT_TRACKER_URL.

    Rasa instantiates the class named in endpoints.yml, so `__new__` returns the real store.
    """

    def __new__(cls, domain=None, event_broker=None, host=None, **_ignored):  # type: ignore[no-untyped-def]
        from rasa.core.tracker_store import SQLTrackerStore

        url = tracker_url()
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            path.parent.mkdir(parents=True, exist_ok=True)
            return SQLTrackerStore(domain=domain, dialect="sqlite", db=str(path), event_broker=event_broker)
        return SQLTrackerStore(domain=domain, host=url, event_broker=event_broker)


class WaypointLockStore:
    """Factory named by endpoints.yml: RedisLockStore when WAYPOINT_REDIS_URL is set, else in-memory."""

    def __new__(cls, endpoint_config=None, **_ignored):  # type: ignore[no-untyped-def]
        from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

        url = os.environ.get("WAYPOINT_REDIS_URL")
        if not url:
            return InMemoryLockStore()
        return RedisLockStore(**redis_lock_settings(url))
