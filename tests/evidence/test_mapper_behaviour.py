"""What a founder would notice about the mapper: which milestones an answer counts for, and how far along."""
from __future__ import annotations

import pytest

from framework.status import Status
from tests.evidence.conftest import CASES_DIR, read_jsonl

CASES = read_jsonl(CASES_DIR / "behaviour.jsonl")


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_answer_gives_the_expected_evidence(case, map_statuses):
    found = map_statuses(case["text"], case["area"], case.get("question"), case.get("milestone"))
    if not case["expect"]:
        assert found == {}
    for milestone_id, status in case["expect"].items():
        assert found.get(milestone_id) == status, f"{milestone_id}: expected {status}, got {found}"


@pytest.mark.parametrize(
    "text",
    [
        "We haven't run a trial yet.",
        "We've never had a control group, it's on the list for later.",
        "No RCT, we can't afford one.",
    ],
)
def test_negated_trial_is_not_counted_as_rct(text, map_statuses):
    found = map_statuses(text, "impact", "Tell me about the difference your work makes and how you know.")
    assert found.get("impact-2-1") == "not_started"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("We plan to write a business plan.", "not_started"),
        ("We're going to write a business plan next year.", "not_started"),
        ("We are drafting our business plan.", "in_progress"),
        ("We've written a business plan and a three-year roadmap.", "achieved"),
    ],
)
def test_plans_drafts_and_done_work_are_told_apart(text, status, map_statuses):
    found = map_statuses(text, "revenue", question=None)
    assert found.get("revenue-1-4") == status


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "🙂🙂🙂", "<b></b>", "...", "12345"])
def test_answers_without_words_give_no_evidence(text, map_statuses):
    assert map_statuses(text, "impact", "Do you have a theory of change?") == {}


def test_evidence_never_says_unknown_and_names_its_cue(mapper):
    found = mapper.map_answer(
        "We have a theory of change but we haven't tested our assumptions.", area="impact", question=None
    )
    assert found
    for evidence in found:
        assert evidence.status is not Status.UNKNOWN
        assert 0.0 < evidence.confidence <= 1.0
        assert evidence.cue.strip()


def test_given_milestone_wins_over_the_question_text(map_statuses):
    found = map_statuses("Yes.", "revenue", question="Is there anything else?", milestone="revenue-3-1")
    assert found == {"revenue-3-1": "achieved"}


def test_unknown_milestone_id_falls_back_to_the_question(map_statuses):
    found = map_statuses("Not yet.", "product", "Is there a written plan for how you'll design and test the next version?", "product-9-9")
    assert found == {"product-1-2": "not_started"}


@pytest.mark.parametrize("area", ["", "nonsense", None])
def test_unknown_area_does_not_crash(area, map_statuses):
    assert isinstance(map_statuses("We ran an RCT last year.", area, None), dict)


def test_huge_answer_is_mapped_without_error(map_statuses):
    text = "We ran a randomised controlled trial with 400 pupils. " * 2000
    assert map_statuses(text, "impact", None).get("impact-2-1") == "achieved"


def test_same_question_read_once_is_read_the_same_way_again(mapper):
    question = "Could the service keep running if a key person stepped away?"
    assert mapper.targets(question, "product") == mapper.targets(question, "product")
    assert set(mapper.targets(question, "product")) == {"product-3-3", "people-3-2"}


@pytest.mark.parametrize(
    "area, question, text, expected",
    [
        ("people", "Would the whole thing collapse if you stepped back?", "Yes, honestly it would.", "not_started"),
        ("product", "Does delivery still depend on you personally?", "Yes, I run every session myself.", "not_started"),
        ("product", "Does delivery still depend on you personally?", "No, the coordinators run it all now.", "achieved"),
        ("people", "Could the charity carry on without you?", "Yes, the team runs it.", "achieved"),
    ],
)
def test_a_yes_to_a_question_asked_the_negative_way_round_is_read_the_right_way(area, question, text, expected, map_statuses):
    found = map_statuses(text, area, question)
    assert found and set(found.values()) == {expected}


@pytest.mark.parametrize(
    "question, negative",
    [
        ("Would the charity fold if you left?", True),
        ("Are you still reliant on a single funder?", True),
        ("Does it all hinge on one or two people?", True),
        ("Are you less dependent on any one funder than you used to be?", False),
        ("Have you got processes in place so delivery doesn't fall apart when you're busy?", False),
        ("Has your business plan been tested with the people it depends on?", False),
        ("If you got hit by a bus, would the charity survive?", False),
    ],
)
def test_questions_asked_the_negative_way_round_are_recognised(question, negative):
    from bot.evidence.questions import asks_the_negative_way_round

    assert asks_the_negative_way_round(question) is negative


def test_a_yes_to_the_question_asked_says_nothing_about_another_milestone_the_answer_mentions(map_statuses):
    found = map_statuses(
        "Yes, a clickable prototype. We haven't looked at what existing tools we could adapt though.",
        "product",
        "Have you got a prototype?",
    )
    assert found.get("product-1-1") == "achieved" and found.get("product-1-3") != "achieved"


def test_an_open_answer_gives_no_evidence_about_milestones_it_never_speaks_of(map_statuses):
    found = map_statuses(
        "We have a Theory of Change and we've listed our key assumptions.",
        "impact", "Tell me about the difference your work makes and how you know.",
    )
    assert found == {"impact-1-1": "achieved", "impact-1-2": "achieved"}
