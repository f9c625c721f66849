"""The long-lived things the actions share: one framework, one Store and one mapper per process.

Built lazily on first use (never at import, so the action server starts fast and no database
session exists before a request). Tests swap in their own store or mapper with `use_services`.
"""
from __future__ import annotations

import threading
from typing import Any, Optional

from framework.loader import load_framework

# One lock each: the mapper takes seconds to load (warmed up in the background on a greeting), and
# building the store must not wait for it.
_store_lock = threading.Lock()
_mapper_lock = threading.Lock()
_store: Any = None
_mapper: Any = None


def framework():
    """The validated framework (load_framework caches it)."""
    return load_framework()


def store():
    """The one Store of this process, on DATABASE_URL or var/waypoint.db (a new SQLite file gets the schema)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                from bot.store import Store

                _store = Store.from_settings(auto_upgrade=True)
    return _store


def mapper():
    """The one answer mapper of this process (loading spaCy takes seconds, so it happens once)."""
    global _mapper
    if _mapper is None:
        with _mapper_lock:
            if _mapper is None:
                from bot.evidence import load_mapper

                _mapper = load_mapper()
    return _mapper


def warm_up_in_background() -> None:
    """Start loading the mapper (spaCy, seconds) in a thread, so the founder's first answer does not wait."""
    if _mapper is None:
        threading.Thread(target=mapper, name="waypoint-mapper-warm-up", daemon=True).start()


def use_services(store: Optional[Any] = None, mapper: Optional[Any] = None) -> None:
    """Replace the store and/or the mapper (tests); None leaves that one as it is."""
    global _store, _mapper
    with _store_lock, _mapper_lock:
        if store is not None:
            _store = store
        if mapper is not None:
            _mapper = mapper


def reset_services() -> None:
    """Forget the store and mapper, so the next use builds them again (tests)."""
    global _store, _mapper
    with _store_lock, _mapper_lock:
        _store = None
        _mapper = None


def find_founder(channel: str, sender_id: str):
    """The founder behind this sender, or None, without creating one (nothing is stored before consent).

    The Store has no read-only lookup yet, so this uses its private query when `find_founder` is absent.
    """
    current_store = store()
    finder = getattr(current_store, "find_founder", None)
    if finder is not None:
        return finder(channel, sender_id)
    from bot.store.conversion import founder_record
    from bot.store.repository import _founder_of_sender

    with current_store._reading() as session:  # noqa: SLF001 - see the docstring
        founder = _founder_of_sender(session, channel, sender_id)
        return founder_record(founder) if founder else None
