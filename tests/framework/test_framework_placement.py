"""Placing a venture: the stage each area works in, its progress there, and the overall stage."""
from __future__ import annotations

import json

import pytest

from framework import Framework, Status, place_area, place_venture


def all_of(fw: Framework, area_id: str, stage: int, status: Status = Status.ACHIEVED) -> dict[str, Status]:
    return {milestone.id: status for milestone in fw.milestones_for(area_id, stage)}


def test_nothing_known_places_an_area_at_the_start_of_stage_1(fw: Framework) -> None:
    placement = place_area(fw, "impact", {})
    assert placement.stage == 1
    assert placement.progress == 0.0
    assert placement.unknown == placement.unmet == tuple(m.id for m in fw.milestones_for("impact", 1))
    assert placement.achieved == placement.in_progress == placement.not_started == ()


def test_stage_1_all_achieved_moves_the_area_to_stage_2(fw: Framework) -> None:
    placement = place_area(fw, "users", all_of(fw, "users", 1))
    assert placement.stage == 2
    assert placement.progress == 0.0
    assert set(placement.unmet) == {m.id for m in fw.milestones_for("users", 2)}


def test_a_gap_in_stage_1_keeps_the_area_in_stage_1_even_with_later_milestones_achieved(fw: Framework) -> None:
    statuses = {**all_of(fw, "revenue", 1), **all_of(fw, "revenue", 2), **all_of(fw, "revenue", 3)}
    statuses["revenue-1-3"] = Status.NOT_STARTED
    placement = place_area(fw, "revenue", statuses)
    stage_1_count = len(fw.milestones_for("revenue", 1))
    assert placement.stage == 1
    assert placement.unmet == ("revenue-1-3",)
    assert placement.not_started == ("revenue-1-3",)
    assert placement.progress == pytest.approx((stage_1_count - 1) / stage_1_count)


def test_everything_achieved_stays_in_stage_3_with_full_progress(fw: Framework) -> None:
    statuses = {milestone.id: Status.ACHIEVED for milestone in fw.milestones_for("people")}
    placement = place_area(fw, "people", statuses)
    assert placement.stage == 3
    assert placement.progress == 1.0
    assert placement.unmet == ()


def test_in_progress_is_not_achieved(fw: Framework) -> None:
    statuses = all_of(fw, "impact", 1)
    statuses["impact-1-2"] = Status.IN_PROGRESS
    placement = place_area(fw, "impact", statuses)
    assert placement.stage == 1
    assert placement.in_progress == placement.unmet == ("impact-1-2",)
    assert "impact-1-2" not in placement.achieved


def test_unknown_is_not_achieved(fw: Framework) -> None:
    statuses = all_of(fw, "product", 1)
    statuses["product-1-1"] = Status.UNKNOWN
    assert place_area(fw, "product", statuses).stage == 1


def test_progress_is_the_share_of_current_stage_milestones_achieved(fw: Framework) -> None:
    stage_2 = [m.id for m in fw.milestones_for("users", 2)]
    statuses = {**all_of(fw, "users", 1), stage_2[0]: Status.ACHIEVED, stage_2[1]: Status.IN_PROGRESS}
    placement = place_area(fw, "users", statuses)
    assert placement.progress == pytest.approx(1 / len(stage_2))
    assert placement.achieved == (stage_2[0],)
    assert placement.in_progress == (stage_2[1],)
    assert placement.unknown == tuple(stage_2[2:])


def test_statuses_may_be_given_as_strings(fw: Framework) -> None:
    as_strings = {milestone_id: status.value for milestone_id, status in all_of(fw, "impact", 1).items()}
    assert place_area(fw, "impact", as_strings) == place_area(fw, "impact", all_of(fw, "impact", 1))


def test_unknown_milestone_ids_are_rejected_by_name(fw: Framework) -> None:
    with pytest.raises(ValueError, match="impact-9-1.*made-up"):
        place_area(fw, "impact", {"impact-9-1": "achieved", "made-up": "achieved", "impact-1-1": "achieved"})


def test_an_unknown_status_is_rejected(fw: Framework) -> None:
    with pytest.raises(ValueError, match="done"):
        place_area(fw, "impact", {"impact-1-1": "done"})


def test_venture_profile_places_every_area_and_takes_the_lowest_stage(fw: Framework) -> None:
    statuses = {**all_of(fw, "impact", 1), **all_of(fw, "impact", 2), **all_of(fw, "users", 1)}
    profile = place_venture(fw, statuses)
    assert list(profile.areas) == list(fw.area_ids)
    assert profile.areas["impact"].stage == 3
    assert profile.areas["users"].stage == 2
    assert profile.overall_stage == 1


def test_overall_stage_rises_when_every_area_leaves_stage_1(fw: Framework) -> None:
    statuses = {}
    for area_id in fw.area_ids:
        statuses.update(all_of(fw, area_id, 1))
    assert place_venture(fw, statuses).overall_stage == 2


def test_profile_to_dict_is_plain_json(fw: Framework) -> None:
    profile = place_venture(fw, {"impact-1-1": Status.ACHIEVED, "users-1-2": Status.IN_PROGRESS})
    as_dict = json.loads(json.dumps(profile.to_dict()))
    assert as_dict["overall_stage"] == profile.overall_stage
    assert as_dict["areas"]["impact"]["achieved"] == ["impact-1-1"]
    assert as_dict["areas"]["users"]["in_progress"] == ["users-1-2"]
    assert as_dict["areas"]["users"] == profile.areas["users"].to_dict()
