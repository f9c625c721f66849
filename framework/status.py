"""The status a milestone can have in an assessment: the one vocabulary shared by
the mapper, the store, the placement logic and the reports."""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    ACHIEVED = "achieved"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: "str | Status") -> "Status":
        """Accept an enum member or its string value; raise ValueError naming the bad value."""
        if isinstance(value, Status):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            raise ValueError(f"unknown milestone status {value!r} (expected one of: {allowed})") from None
