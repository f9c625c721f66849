"""The interview planner: which milestone to ask next, never ahead of the stage the venture works
in, a bounded number of questions per area, and a rough count of what is left."""
from __future__ import annotations

import pytest

from framework import Status
from framework.interview import (
    EXPECTED_QUESTIONS_PER_AREA,
    MAX_TARGETED_PER_AREA,
    estimate_remaining_questions,
    next_area,
    next_milestone,
    plan_interview,
    progress_phrase,
    targeted_candidates,
)


def all_achieved(fw, area_id, stage):
    return {milestone.id: Status.ACHIEVED for milestone in fw.milestones_for(area_id, stage)}


def test_full_plan_follows_the_guided_area_order(fw):
    assert plan_interview(fw).areas == fw.area_ids


def test_single_area_plan_holds_only_that_area(fw):
    plan = plan_interview(fw, "revenue")
    assert plan.areas == ("revenue",) and plan.is_single_area


def test_unknown_area_is_refused(fw):
    with pytest.raises(KeyError):
        plan_interview(fw, "marketing")


def test_next_area_skips_the_done_ones_and_ends_with_none(fw):
    plan = plan_interview(fw)
    assert next_area(plan, {fw.area_ids[0]}) == fw.area_ids[1]
    assert next_area(plan, set(fw.area_ids)) is None


def test_nothing_known_means_stage_one_questions_in_id_order(fw):
    milestone = next_milestone(fw, "impact", {})
    assert milestone.id == fw.milestones_for("impact", 1)[0].id


def test_known_milestones_are_not_asked_again(fw):
    first, second = fw.milestones_for("impact", 1)[:2]
    assert next_milestone(fw, "impact", {first.id: Status.IN_PROGRESS}).id == second.id


def test_asked_and_skipped_milestones_are_not_asked_again(fw):
    first, second, third = fw.milestones_for("users", 1)[:3]
    assert next_milestone(fw, "users", {}, asked=[first.id], skipped=[second.id]).id == third.id


def test_a_venture_with_stage_one_complete_is_asked_about_stage_two(fw):
    statuses = all_achieved(fw, "impact", 1)
    milestone = next_milestone(fw, "impact", statuses)
    assert milestone.stage == 2


def test_stage_three_is_never_asked_while_stage_one_is_open(fw):
    statuses = all_achieved(fw, "impact", 2)  # volunteered stage-2 evidence, stage 1 still unknown
    candidates = targeted_candidates(fw, "impact", statuses)
    assert candidates and {milestone.stage for milestone in candidates} == {1}


def test_volunteered_milestones_two_stages_ahead_are_not_asked(fw):
    statuses = {fw.milestones_for("users", 3)[0].id: Status.ACHIEVED}
    assert all(milestone.stage == 1 for milestone in targeted_candidates(fw, "users", statuses))


def test_targeted_questions_per_area_are_capped(fw):
    asked = [milestone.id for milestone in fw.milestones_for("people", 1)][:MAX_TARGETED_PER_AREA]
    statuses = {milestone_id: Status.UNKNOWN for milestone_id in asked}
    assert next_milestone(fw, "people", statuses, asked=asked) is None


def test_questions_asked_in_another_area_do_not_use_this_areas_budget(fw):
    other_area_asked = [milestone.id for milestone in fw.milestones_for("product")]
    assert next_milestone(fw, "people", {}, asked=other_area_asked) is not None


def test_an_area_with_every_current_stage_milestone_known_needs_no_question(fw):
    statuses = {milestone.id: Status.NOT_STARTED for milestone in fw.milestones_for("revenue", 1)}
    assert next_milestone(fw, "revenue", statuses) is None


def test_remaining_questions_shrink_as_areas_are_done(fw):
    plan = plan_interview(fw)
    at_start = estimate_remaining_questions(fw, plan, (), fw.area_ids[0], {}, open_question_pending=True)
    later = estimate_remaining_questions(fw, plan, fw.area_ids[:3], fw.area_ids[3], {}, open_question_pending=True)
    assert at_start > later > 0
    assert estimate_remaining_questions(fw, plan, fw.area_ids, None, {}) == 0


def test_a_full_check_up_is_estimated_at_about_25_questions(fw):
    plan = plan_interview(fw)
    estimate = estimate_remaining_questions(fw, plan, (), fw.area_ids[0], {}, open_question_pending=True)
    assert EXPECTED_QUESTIONS_PER_AREA * 4 < estimate <= 30


def test_progress_phrase_names_questions_and_minutes():
    assert progress_phrase(12) == "About 12 questions left (5 minutes or so)."
    assert progress_phrase(1) == "About 1 question left (1 minute or so)."
    assert "nearly" in progress_phrase(0)
