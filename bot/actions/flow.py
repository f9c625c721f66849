"""How the interview moves on after an answer, a skip or a correction: pure functions from the
current state and the statuses known so far to the next state and what to say in between."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from framework import Status, place_area
from framework.interview import InterviewPlan, estimate_remaining_questions, next_area, next_milestone, progress_phrase

from bot.actions import texts
from bot.actions.state import CONFIRM, DONE, OPEN, TARGETED, InterviewState


@dataclass(frozen=True)
class Step:
    """The state to move to, and what to say before the next question (area summaries)."""

    state: InterviewState
    messages: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return self.state.phase == DONE


def to_targeted(fw, state: InterviewState, statuses: Mapping[str, Status]) -> Step:
    """Ask the next targeted question of the area, or close the area when none is left."""
    milestone = next_milestone(fw, state.current_area, statuses, state.asked, state.skipped)
    if milestone is None:
        return close_area(fw, state, statuses)
    return Step(state.with_changes(phase=TARGETED, current_milestone=milestone.id, reflected=()))


def after_open_answer(fw, state: InterviewState, statuses: Mapping[str, Status], found_ids: list[str]) -> Step:
    """Reflect back what the open answer gave, or go straight to targeted questions if nothing."""
    known = [milestone_id for milestone_id in found_ids if Status.parse(statuses.get(milestone_id, Status.UNKNOWN)) is not Status.UNKNOWN]
    if known:
        return Step(state.with_changes(phase=CONFIRM, current_milestone=None, reflected=tuple(dict.fromkeys(known))))
    step = to_targeted(fw, state, statuses)
    intro = "Thanks! A few short questions to be precise." if step.state.phase == TARGETED else ""
    return Step(step.state, ((intro,) if intro else ()) + step.messages)


def after_targeted_answer(fw, state: InterviewState, statuses: Mapping[str, Status]) -> Step:
    asked_state = state.adding("asked", state.current_milestone) if state.current_milestone else state
    return to_targeted(fw, asked_state, statuses)


def skip_question(fw, state: InterviewState, statuses: Mapping[str, Status]) -> Step:
    """Open question: go to the short ones. Reflection: keep what was understood. Targeted: next one."""
    if state.phase == TARGETED and state.current_milestone:
        return to_targeted(fw, state.adding("skipped", state.current_milestone), statuses)
    return to_targeted(fw, state, statuses)


def close_area(fw, state: InterviewState, statuses: Mapping[str, Status], skipped: bool = False) -> Step:
    """Summarise the area (or note the skip) and move to the next planned area, or finish."""
    area_id = state.current_area
    summary = texts.skipped_area_note(fw, area_id) if skipped else texts.area_summary(fw, place_area(fw, area_id, statuses))
    done_state = state.adding("done_areas", area_id)
    following_area = next_area(InterviewPlan(done_state.planned_areas), done_state.done_areas)
    if following_area is None:
        return Step(done_state.with_changes(phase=DONE, current_area=None, current_milestone=None, reflected=()), (summary,))
    return Step(done_state.with_changes(phase=OPEN, current_area=following_area, current_milestone=None, reflected=()), (summary,))


def questions_left(fw, state: InterviewState, statuses: Mapping[str, Status]) -> int:
    return estimate_remaining_questions(
        fw,
        InterviewPlan(state.planned_areas),
        state.done_areas,
        state.current_area,
        statuses,
        state.asked,
        state.skipped,
        open_question_pending=state.phase == OPEN,
    )


def questions_left_phrase(fw, state: InterviewState, statuses: Mapping[str, Status]) -> str:
    return progress_phrase(questions_left(fw, state, statuses))
