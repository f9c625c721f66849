"""The errors the store raises: user-caused ones carry a message fit to show at the edge."""
from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""


class NotFound(StoreError, LookupError):
    """A code, token or id that names nothing (an unknown invite code, a deleted venture)."""


class InvalidInput(StoreError, ValueError):
    """A value the store refuses: an empty venture name, a status that is not one."""


class SchemaBehind(StoreError):
    """The database is not at the migrations' head; the message says how to upgrade it."""

    def __init__(self, database_revision: "str | None", head_revision: "str | None") -> None:
        self.database_revision = database_revision
        self.head_revision = head_revision
        shown_revision = database_revision or "none (empty database)"
        super().__init__(
            f"The database schema is behind: it is at revision {shown_revision}, "
            f"the code expects {head_revision}. Upgrade it with: make migrate "
            f"(runs .venv/bin/alembic upgrade head)."
        )


class SchemaUnknown(StoreError):
    """The database is at a revision this code's migrations do not know (made by newer code?)."""

    def __init__(self, database_revision: str, head_revision: "str | None") -> None:
        self.database_revision = database_revision
        self.head_revision = head_revision
        super().__init__(
            f"The database schema is at revision {database_revision}, which this version of "
            f"Waypoint does not know (its head is {head_revision}). Run the Waypoint version "
            f"that created it, or point DATABASE_URL at another database."
        )
