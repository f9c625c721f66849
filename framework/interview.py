"""The interview planner: which area comes next, which milestone to ask about, roughly how much is left.

Pure and Rasa-free: it reads the framework and plain values (statuses, what was asked or skipped),
so the conversation's shape is decided and tested here, not in the actions.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Optional

from framework.placement import place_area
from framework.status import Status

# A founder who answers the open question fully climbs into the next stage and would be asked
# about it; one who says "I don't know" would be asked every milestone. Three per area (plus the
# open question and the reflection) keeps a full check-up at 25 bot questions or fewer either way.
MAX_TARGETED_PER_AREA = 3
# What an area costs on average when nothing is known about it yet: the open question, the
# reflection, and about two targeted questions.
EXPECTED_QUESTIONS_PER_AREA = 4
# The pace of a founder answering in a sentence or two.
MINUTES_PER_QUESTION = 0.4


@dataclass(frozen=True)
class InterviewPlan:
    """The areas of a check-up in guided order: all five, or the one the founder chose."""

    areas: tuple[str, ...]

    @property
    def is_single_area(self) -> bool:
        return len(self.areas) == 1


def plan_interview(fw, chosen_area: Optional[str] = None) -> InterviewPlan:
    """A full check-up in the framework's guided order, or one area; an unknown area raises KeyError."""
    guided_order = tuple(area.id for area in fw.areas)
    if chosen_area is None:
        return InterviewPlan(areas=guided_order)
    if chosen_area not in guided_order:
        raise KeyError(f"unknown area {chosen_area!r} (expected one of: {', '.join(guided_order)})")
    return InterviewPlan(areas=(chosen_area,))


def next_area(plan: InterviewPlan, done_areas: Collection[str]) -> Optional[str]:
    """The first planned area not done yet, or None when the check-up is complete."""
    return next((area_id for area_id in plan.areas if area_id not in done_areas), None)


def is_unknown(statuses: Mapping[str, Status], milestone_id: str) -> bool:
    return Status.parse(statuses.get(milestone_id, Status.UNKNOWN)) is Status.UNKNOWN


def targeted_candidates(
    fw,
    area_id: str,
    statuses: Mapping[str, Status],
    asked: Collection[str] = (),
    skipped: Collection[str] = (),
) -> tuple:
    """Milestones worth a targeted question: unknown, in the stage the area is working in, not yet asked.

    The stage comes from the placement, so a founder who confirms every stage-1 milestone is then
    asked about stage 2, and nobody is asked about a stage two steps ahead of where they are.
    """
    working_stage = place_area(fw, area_id, statuses).stage
    return tuple(
        milestone
        for milestone in fw.milestones_for(area_id, stage=working_stage)
        if is_unknown(statuses, milestone.id) and milestone.id not in asked and milestone.id not in skipped
    )


def asked_in_area(area_id: str, asked: Collection[str], skipped: Collection[str] = ()) -> int:
    """How many targeted questions this area has used (milestone ids start with their area)."""
    prefix = f"{area_id}-"
    return len({milestone_id for milestone_id in (*asked, *skipped) if milestone_id.startswith(prefix)})


def next_milestone(
    fw,
    area_id: str,
    statuses: Mapping[str, Status],
    asked: Collection[str] = (),
    skipped: Collection[str] = (),
    max_questions: int = MAX_TARGETED_PER_AREA,
):
    """The next milestone to ask about in this area, or None when the area is covered enough."""
    if asked_in_area(area_id, asked, skipped) >= max_questions:
        return None
    candidates = targeted_candidates(fw, area_id, statuses, asked, skipped)
    return candidates[0] if candidates else None


def remaining_in_area(
    fw,
    area_id: str,
    statuses: Mapping[str, Status],
    asked: Collection[str] = (),
    skipped: Collection[str] = (),
    max_questions: int = MAX_TARGETED_PER_AREA,
) -> int:
    """Targeted questions probably still to come in the area (the current stage's unknowns, capped)."""
    budget_left = max(0, max_questions - asked_in_area(area_id, asked, skipped))
    return min(budget_left, len(targeted_candidates(fw, area_id, statuses, asked, skipped)))


def estimate_remaining_questions(
    fw,
    plan: InterviewPlan,
    done_areas: Collection[str],
    current_area: Optional[str],
    statuses: Mapping[str, Status],
    asked: Collection[str] = (),
    skipped: Collection[str] = (),
    open_question_pending: bool = False,
) -> int:
    """Roughly how many questions are left: the current area's, plus an average for each area to come."""
    remaining = 0
    if current_area is not None and current_area not in done_areas:
        remaining += remaining_in_area(fw, current_area, statuses, asked, skipped)
        remaining += 2 if open_question_pending else 0
    areas_to_come = [area_id for area_id in plan.areas if area_id not in done_areas and area_id != current_area]
    return remaining + EXPECTED_QUESTIONS_PER_AREA * len(areas_to_come)


def estimate_minutes(questions: int) -> int:
    """Minutes for that many questions, never less than one while any are left."""
    if questions <= 0:
        return 0
    return max(1, round(questions * MINUTES_PER_QUESTION))


def progress_phrase(questions_left: int) -> str:
    """'About 12 questions left (5 minutes or so).' in plain words."""
    if questions_left <= 0:
        return "That's nearly everything."
    minutes = estimate_minutes(questions_left)
    question_word = "question" if questions_left == 1 else "questions"
    minute_word = "minute" if minutes == 1 else "minutes"
    return f"About {questions_left} {question_word} left ({minutes} {minute_word} or so)."
