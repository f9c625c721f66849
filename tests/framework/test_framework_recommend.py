"""Recommending ways to make progress: ranked per area, explained in one line, and a short
cross-area list of next steps."""
from __future__ import annotations

import json

import pytest

from framework import (
    Area,
    Framework,
    Milestone,
    Stage,
    Status,
    Way,
    next_steps,
    place_area,
    place_venture,
    recommend_area,
)


def one_area_framework(stage_1_ways: dict[str, tuple[str, ...]]) -> Framework:
    """A framework with one area ("impact"), three milestones per stage whose plain phrase is
    "plain <stage>-<n>", and the given ways for stage 1."""
    milestones = tuple(
        Milestone(
            id=f"impact-{stage}-{number}",
            area_id="impact",
            stage=stage,
            number=number,
            text=f"Milestone {stage}-{number}",
            plain=f"plain {stage}-{number}",
            question=f"Question {stage}-{number}?",
            why_asked="Because.",
        )
        for stage in (1, 2, 3)
        for number in (1, 2, 3)
    )
    ways = tuple(
        Way(id=way_id, area_id="impact", stage=1, text=f"Do {way_id}", milestone_ids=milestone_ids)
        for way_id, milestone_ids in stage_1_ways.items()
    )
    area = Area(
        id="impact",
        name="Impact",
        short_name="impact",
        summary="Impact.",
        description="Impact, longer.",
        open_question="Tell me about your impact.",
        why_asked="Because.",
        stage_descriptions={1: "One.", 2: "Two.", 3: "Three."},
    )
    stages = tuple(Stage(number=number, name=f"Stage {number}", description="A stage.") for number in (1, 2, 3))
    return Framework(stages=stages, areas=(area,), milestones=milestones, ways=ways, glossary=())


def recommended_way_ids(fw: Framework, statuses: dict[str, Status]) -> list[str]:
    return [recommendation.way.id for recommendation in recommend_area(fw, place_area(fw, "impact", statuses))]


def test_ways_serving_more_unmet_milestones_rank_first() -> None:
    fw = one_area_framework({"w1": ("impact-1-1",), "w2": ("impact-1-1", "impact-1-2"), "w3": ("impact-1-3",)})
    assert recommended_way_ids(fw, {})[0] == "w2"


def test_equal_ways_keep_their_source_order() -> None:
    fw = one_area_framework({"w1": ("impact-1-2",), "w2": ("impact-1-1",), "w3": ("impact-1-3",)})
    assert recommended_way_ids(fw, {}) == ["w1", "w2", "w3"]


def test_a_milestone_in_progress_counts_a_little_less_than_one_not_started() -> None:
    fw = one_area_framework({"w1": ("impact-1-1",), "w2": ("impact-1-2",)})
    statuses = {"impact-1-1": Status.IN_PROGRESS, "impact-1-2": Status.NOT_STARTED}
    assert recommended_way_ids(fw, statuses) == ["w2", "w1"]


def test_two_milestones_in_progress_still_outrank_one_not_started() -> None:
    fw = one_area_framework({"w1": ("impact-1-3",), "w2": ("impact-1-1", "impact-1-2")})
    statuses = {"impact-1-1": Status.IN_PROGRESS, "impact-1-2": Status.IN_PROGRESS, "impact-1-3": Status.NOT_STARTED}
    assert recommended_way_ids(fw, statuses) == ["w2", "w1"]


def test_nothing_is_recommended_for_achieved_milestones() -> None:
    fw = one_area_framework({"w1": ("impact-1-1",), "w2": ("impact-1-1", "impact-1-2")})
    recommendations = recommend_area(fw, place_area(fw, "impact", {"impact-1-1": Status.ACHIEVED}))
    assert [(r.way.id, r.serves) for r in recommendations] == [("w2", ("impact-1-2",))]
    assert "plain 1-1" not in recommendations[0].reason


@pytest.mark.parametrize(
    "status, wording",
    [
        (Status.NOT_STARTED, "because you do not yet have plain 1-1"),
        (Status.IN_PROGRESS, "to finish plain 1-1"),
        (Status.UNKNOWN, "in case you do not yet have plain 1-1"),
    ],
)
def test_reason_words_the_plain_phrase_by_what_we_know(status: Status, wording: str) -> None:
    fw = one_area_framework({"w1": ("impact-1-1",)})
    [recommendation] = recommend_area(fw, place_area(fw, "impact", {"impact-1-1": status}))
    assert recommendation.reason == wording


def test_reason_for_a_way_serving_several_milestones_is_one_line() -> None:
    fw = one_area_framework({"w1": ("impact-1-1", "impact-1-2", "impact-1-3")})
    statuses = {"impact-1-1": Status.NOT_STARTED, "impact-1-2": Status.NOT_STARTED, "impact-1-3": Status.IN_PROGRESS}
    [recommendation] = recommend_area(fw, place_area(fw, "impact", statuses))
    assert recommendation.reason == "because you do not yet have plain 1-1 and plain 1-2, and to finish plain 1-3"
    assert "\n" not in recommendation.reason


def test_missing_theory_of_change_is_the_reason_given(fw: Framework) -> None:
    statuses = {"impact-1-1": Status.NOT_STARTED, "impact-1-2": Status.ACHIEVED, "impact-1-3": Status.ACHIEVED}
    recommendations = recommend_area(fw, place_area(fw, "impact", statuses))
    assert recommendations
    for recommendation in recommendations:
        assert recommendation.serves == ("impact-1-1",)
        assert recommendation.reason == f"because you do not yet have {fw.milestone('impact-1-1').plain}"
    assert "Theory of Change" in recommendations[0].reason


def test_assumptions_in_progress_are_to_be_finished(fw: Framework) -> None:
    statuses = {"impact-1-1": Status.ACHIEVED, "impact-1-2": Status.IN_PROGRESS, "impact-1-3": Status.ACHIEVED}
    recommendations = recommend_area(fw, place_area(fw, "impact", statuses))
    assert recommendations
    assert all(r.reason == f"to finish {fw.milestone('impact-1-2').plain}" for r in recommendations)


@pytest.mark.parametrize("area_id", ["product", "people", "impact", "users", "revenue"])
def test_with_nothing_known_every_way_of_stage_1_is_recommended(fw: Framework, area_id: str) -> None:
    placement = place_area(fw, area_id, {})
    recommendations = recommend_area(fw, placement)
    assert {r.way.id for r in recommendations} == {way.id for way in fw.ways_for(area_id, 1)}
    for recommendation in recommendations:
        assert recommendation.area_id == area_id
        assert recommendation.serves and set(recommendation.serves) <= set(placement.unmet)
    serve_counts = [len(r.serves) for r in recommendations]
    assert serve_counts == sorted(serve_counts, reverse=True)


def test_a_finished_area_gets_no_recommendation(fw: Framework) -> None:
    statuses = {milestone.id: Status.ACHIEVED for milestone in fw.milestones_for("users")}
    assert recommend_area(fw, place_area(fw, "users", statuses)) == []


def everything_achieved_except(fw: Framework, *stages_left_by_area: tuple[str, int]) -> dict[str, Status]:
    """Every milestone achieved, except those of the given (area, stage) pairs and later."""
    first_open_stage = dict(stages_left_by_area)
    return {
        milestone.id: Status.ACHIEVED
        for milestone in fw.milestones
        if milestone.stage < first_open_stage.get(milestone.area_id, 4)
    }


def test_next_steps_start_with_the_area_in_the_lowest_stage(fw: Framework) -> None:
    statuses = everything_achieved_except(
        fw, ("product", 2), ("people", 2), ("impact", 2), ("users", 1), ("revenue", 2)
    )
    steps = next_steps(fw, place_venture(fw, statuses), n=3)
    assert len(steps) == 3
    assert steps[0].area_id == "users"
    assert steps[0].way.stage == 1
    assert steps[0] == recommend_area(fw, place_area(fw, "users", statuses))[0]


def test_next_steps_take_one_way_per_area_before_a_second(fw: Framework) -> None:
    steps = next_steps(fw, place_venture(fw, {}), n=len(fw.areas) + 1)
    first_round = [step.area_id for step in steps[: len(fw.areas)]]
    assert first_round == list(fw.area_ids)
    assert steps[-1].area_id == fw.area_ids[0]
    assert steps[-1] != steps[0]


def test_next_steps_return_fewer_when_few_ways_are_left(fw: Framework) -> None:
    statuses = everything_achieved_except(fw, ("product", 3))
    statuses.update({m.id: Status.ACHIEVED for m in fw.milestones_for("product", 3) if m.id != "product-3-4"})
    ways_left = [way for way in fw.ways_for("product", 3) if "product-3-4" in way.milestone_ids]
    steps = next_steps(fw, place_venture(fw, statuses), n=len(ways_left) + 2)
    assert [step.way for step in steps] == ways_left


def test_next_steps_are_empty_when_everything_is_achieved(fw: Framework) -> None:
    assert next_steps(fw, place_venture(fw, everything_achieved_except(fw))) == []


def test_recommendation_to_dict_is_plain_json(fw: Framework) -> None:
    [step] = next_steps(fw, place_venture(fw, {}), n=1)
    as_dict = json.loads(json.dumps(step.to_dict()))
    assert as_dict == {
        "way_id": step.way.id,
        "area_id": step.area_id,
        "text": step.way.text,
        "serves": list(step.serves),
        "reason": step.reason,
    }
