"""Assessments over time, and the placement saved for each."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.store import InvalidInput, NotFound
from framework.status import Status


@dataclass(frozen=True)
class AreaPlacementLike:
    """What framework.placement.place_area returns, as far as the store reads it."""

    area_id: str
    stage: int
    progress: float


def test_a_reassessment_starts_fresh_and_keeps_the_history(store, interview):
    first = interview.assessment
    store.set_milestone_status(first.id, interview.founder.id, "users-1-1", "achieved", "targeted")
    store.complete_assessment(first.id)
    second = store.start_assessment(interview.venture.id)

    assert store.current_assessment(interview.venture.id) == second
    assert store.milestone_statuses(second.id) == {}
    assert store.milestone_statuses(first.id) == {"users-1-1": Status.ACHIEVED}
    history = store.assessment_history(interview.venture.id)
    assert [assessment.id for assessment in history] == [first.id, second.id]
    assert [assessment.status for assessment in history] == ["complete", "in_progress"]
    assert history[0].is_complete and not history[1].is_complete


def test_an_assessment_keeps_the_areas_chosen_for_it(store, interview):
    assert store.assessment(interview.assessment.id).planned_areas is None
    store.plan_assessment(interview.assessment.id, ["impact"])
    assert store.current_assessment(interview.venture.id).planned_areas == ("impact",)
    store.plan_assessment(interview.assessment.id, ["product", "people", "impact", "users", "revenue"])
    assert store.assessment(interview.assessment.id).planned_areas == ("product", "people", "impact", "users", "revenue")
    assert store.start_assessment(interview.venture.id).planned_areas is None


def test_starting_again_marks_an_unfinished_assessment_abandoned(store, interview):
    store.start_assessment(interview.venture.id)
    assert store.assessment(interview.assessment.id).status == "abandoned"


def test_a_venture_without_assessments_has_no_current_one(store):
    founder = store.founder_for("rest", "s1")
    venture = store.create_venture("Green Bikes", founder.id)
    assert store.current_assessment(venture.id) is None
    assert store.assessment_for(venture.id) is None


def test_saving_a_placement_replaces_the_previous_one(store, interview):
    store.save_placement(interview.assessment.id, [("impact", 1, 0.25), ("users", 1, 0.0)])
    store.save_placement(interview.assessment.id, [("impact", 2, 0.5)])
    placements = store.placements_for(interview.assessment.id)
    assert [(placement.area_id, placement.stage, placement.progress) for placement in placements] == [("impact", 2, 0.5)]


def test_a_placement_can_be_saved_from_the_frameworks_area_placements(store, interview):
    store.save_placement(interview.assessment.id, [AreaPlacementLike("revenue", 3, 1.0)])
    assert store.placements_for(interview.assessment.id)[0].stage == 3


@pytest.mark.parametrize("bad_placement", [("impact", 4, 0.5), ("impact", 1, 1.5)])
def test_an_impossible_placement_is_refused(store, interview, bad_placement):
    with pytest.raises(InvalidInput):
        store.save_placement(interview.assessment.id, [bad_placement])


def test_the_assessment_view_gathers_statuses_evidence_and_placement(store, interview):
    store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-1-1", "achieved", "targeted")
    store.save_placement(interview.assessment.id, [("impact", 1, 0.33)])
    view = store.assessment_for(interview.venture.id)
    assert view.assessment.id == interview.assessment.id
    assert view.statuses == {"impact-1-1": Status.ACHIEVED}
    assert [piece.milestone_id for piece in view.evidence] == ["impact-1-1"]
    assert [placement.area_id for placement in view.placements] == ["impact"]


def test_completing_an_unknown_assessment_is_not_found(store):
    with pytest.raises(NotFound, match="No assessment with id 424242"):
        store.complete_assessment(424242)
