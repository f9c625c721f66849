"""Checks on values that reach the store from founders or callers, with messages a person can read."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from framework.status import Status

from bot.store.errors import InvalidInput
from bot.store.models import EVIDENCE_SOURCES

# Long enough for any real answer (about 3,000 words); longer text is cut, and the answer says so.
ANSWER_TEXT_LIMIT = 20_000
NAME_LIMIT = 200
MILESTONE_ID_SHAPE = re.compile(r"^[a-z]+-[1-3]-[0-9]{1,2}$")


@dataclass(frozen=True)
class AnswerText:
    text: str
    truncated: bool
    original_length: int


def required_text(value: Optional[str], what: str, limit: int = NAME_LIMIT) -> str:
    """`value` stripped; InvalidInput when it is empty or longer than `limit` characters."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(f"The {what} is empty; please give one.")
    if len(cleaned) > limit:
        raise InvalidInput(f"The {what} is {len(cleaned)} characters long; at most {limit} fit.")
    return cleaned


def optional_text(value: Optional[str], what: str, limit: int = NAME_LIMIT) -> Optional[str]:
    if value is None or not value.strip():
        return None
    return required_text(value, what, limit)


def answer_text(raw_text: Optional[str]) -> AnswerText:
    """The founder's words exactly as written (emoji, markup, any script), cut at the limit.

    NUL characters are dropped: they are not text, and PostgreSQL cannot store them.
    """
    text = (raw_text or "").replace("\x00", "")
    if len(text) <= ANSWER_TEXT_LIMIT:
        return AnswerText(text=text, truncated=False, original_length=len(text))
    return AnswerText(text=text[:ANSWER_TEXT_LIMIT], truncated=True, original_length=len(text))


def status(value: "Status | str") -> Status:
    try:
        return Status.parse(value)
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def evidence_source(value: str) -> str:
    if value not in EVIDENCE_SOURCES:
        raise InvalidInput(f"unknown evidence source {value!r} (expected one of: {', '.join(EVIDENCE_SOURCES)})")
    return value


def milestone_id(value: Optional[str]) -> str:
    cleaned = (value or "").strip()
    if not MILESTONE_ID_SHAPE.match(cleaned):
        raise InvalidInput(f"{value!r} is not a milestone id (expected the shape 'impact-1-2')")
    return cleaned


def confidence(value: float) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise InvalidInput(f"confidence {value!r} is outside 0..1")
    return number


def placement(area_id: str, stage: int, progress: float) -> tuple[str, int, float]:
    cleaned_area = required_text(area_id, "area id", 32)
    if int(stage) not in (1, 2, 3):
        raise InvalidInput(f"stage {stage!r} of area {cleaned_area} is not 1, 2 or 3")
    if not 0.0 <= float(progress) <= 1.0:
        raise InvalidInput(f"progress {progress!r} of area {cleaned_area} is outside 0..1")
    return cleaned_area, int(stage), float(progress)
