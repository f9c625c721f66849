"""Where the interview is, read from and written back to the tracker's slots as one frozen value."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Optional

OPEN, CONFIRM, TARGETED, DONE = "open", "confirm", "targeted", "done"


def _as_tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


@dataclass(frozen=True)
class InterviewState:
    planned_areas: tuple[str, ...] = ()
    done_areas: tuple[str, ...] = ()
    current_area: Optional[str] = None
    current_milestone: Optional[str] = None
    phase: Optional[str] = None
    asked: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    reflected: tuple[str, ...] = ()

    @classmethod
    def from_tracker(cls, tracker) -> "InterviewState":
        slot = tracker.get_slot
        return cls(
            planned_areas=_as_tuple(slot("planned_areas")),
            done_areas=_as_tuple(slot("done_areas")),
            current_area=slot("current_area"),
            current_milestone=slot("current_milestone"),
            phase=slot("interview_phase"),
            asked=_as_tuple(slot("asked_milestones")),
            skipped=_as_tuple(slot("skipped_milestones")),
            reflected=_as_tuple(slot("reflected_milestones")),
        )

    @property
    def is_running(self) -> bool:
        """A check-up was chosen and is not finished."""
        return bool(self.planned_areas) and self.phase not in (None, DONE)

    @property
    def is_finished(self) -> bool:
        return self.phase == DONE

    def with_changes(self, **changes: Any) -> "InterviewState":
        return replace(self, **changes)

    def adding(self, field_name: str, *items: str) -> "InterviewState":
        """A copy with items appended (once each) to one of the tuple fields."""
        current = getattr(self, field_name)
        return replace(self, **{field_name: current + tuple(item for item in items if item not in current)})

    def slots(self) -> dict[str, Any]:
        """The slot values that hold this state (lists, so the tracker's JSON stays plain)."""
        return {
            "planned_areas": list(self.planned_areas),
            "done_areas": list(self.done_areas),
            "current_area": self.current_area,
            "current_milestone": self.current_milestone,
            "interview_phase": self.phase,
            "asked_milestones": list(self.asked),
            "skipped_milestones": list(self.skipped),
            "reflected_milestones": list(self.reflected),
        }


def fresh_state(planned_areas: tuple[str, ...]) -> InterviewState:
    """The state at the start of a check-up: the first planned area's open question."""
    return InterviewState(planned_areas=planned_areas, current_area=planned_areas[0], phase=OPEN)


CLEARED = InterviewState()
