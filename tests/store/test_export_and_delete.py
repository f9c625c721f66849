"""Exporting a venture's data, and deleting it everywhere."""
from __future__ import annotations

import json

import pytest

from bot.store import EvidenceInput, NotFound


@pytest.fixture
def full_venture(store, interview):
    """A venture in a cohort with two founders, two assessments, answers, evidence, placement, token."""
    cohort = store.create_cohort("Spring 2027")
    store.join_cohort(interview.venture.id, cohort.id)
    cofounder = store.founder_for("slack", "T1:U2", display_name="Ben")
    store.join_venture(cofounder.id, interview.venture.id)
    store.set_continue_code(interview.founder.id)
    store.continue_with_code(store.founder(interview.founder.id).continue_code, "socketio", "browser-1")
    first = interview.assessment
    answer = store.record_answer(
        first.id,
        interview.founder.id,
        "m1",
        "impact",
        "Have you run any trials?",
        "We ran an RCT 🎉",
        evidence=[EvidenceInput("impact-2-1", "achieved", 0.9, "ran an RCT")],
    )
    store.set_milestone_status(first.id, cofounder.id, "impact-2-1", "not_started", "targeted", answer_id=answer.id)
    store.save_placement(first.id, [("impact", 2, 0.25)])
    store.complete_assessment(first.id)
    second = store.start_assessment(interview.venture.id)
    store.record_answer(second.id, cofounder.id, "m2", "users", "Who uses it?", "Forty riders weekly.")
    store.create_report_token(interview.venture.id)
    return interview, cofounder, cohort


def test_an_export_holds_all_the_ventures_data_as_json(store, full_venture):
    interview, cofounder, cohort = full_venture
    exported = json.loads(json.dumps(store.export_venture(interview.venture.id)))

    assert exported["venture"]["name"] == "Green Bikes"
    assert exported["cohort"]["invite_code"] == cohort.invite_code
    assert [founder["display_name"] for founder in exported["founders"]] == ["Asha", "Ben"]
    assert ["socketio", "browser-1"] in exported["founders"][0]["identities"]
    first, second = exported["assessments"]
    assert first["status"] == "complete"
    assert first["answers"][0]["text"] == "We ran an RCT 🎉"
    assert [piece["status"] for piece in first["evidence"]] == ["achieved", "not_started"]
    assert first["evidence"][0]["answer_text"] == "We ran an RCT 🎉"
    assert first["statuses"] == {"impact-2-1": "not_started"}
    assert first["placements"] == [{**first["placements"][0], "area_id": "impact", "stage": 2, "progress": 0.25}]
    assert second["answers"][0]["founder_id"] == cofounder.id


def test_a_founder_export_holds_their_identities_and_their_venture(store, full_venture):
    interview, _cofounder, _cohort = full_venture
    exported = json.loads(json.dumps(store.export_founder(interview.founder.id)))
    assert exported["founder"]["sender_id"] == "sender-1"
    assert exported["venture"]["venture"]["id"] == interview.venture.id


def test_deleting_a_venture_removes_all_its_rows(store, full_venture, row_counts):
    interview, cofounder, _cohort = full_venture
    assert store.delete_venture(interview.venture.id)

    remaining = row_counts()
    # The cohort is the programme's, and founders are people who may start again: they stay, unlinked.
    assert remaining == {
        "cohorts": 1,
        "ventures": 0,
        "founders": 2,
        "founder_links": 1,
        "assessments": 0,
        "answers": 0,
        "milestone_evidence": 0,
        "placements": 0,
        "report_tokens": 0,
    }
    assert store.venture_for_founder(interview.founder.id) is None
    assert store.venture_for_founder(cofounder.id) is None


def test_deleting_a_venture_leaves_other_ventures_alone(store, full_venture, start_interview, row_counts):
    other = start_interview(sender_id="other", venture_name="Blue Boats")
    store.record_answer(other.assessment.id, other.founder.id, "o1", "users", "Who uses it?", "Sailors.")
    interview, _cofounder, _cohort = full_venture
    store.delete_venture(interview.venture.id)
    remaining = row_counts()
    assert (remaining["ventures"], remaining["assessments"], remaining["answers"]) == (1, 1, 1)
    assert store.answers_for(other.assessment.id)[0].text == "Sailors."


def test_deleting_a_venture_twice_is_harmless(store, interview):
    assert store.delete_venture(interview.venture.id)
    assert not store.delete_venture(interview.venture.id)


def test_deleting_the_only_founder_deletes_the_venture_too(store, interview, row_counts):
    store.record_answer(interview.assessment.id, interview.founder.id, "m1", "impact", "Q?", "An answer.")
    store.set_continue_code(interview.founder.id)
    assert store.delete_founder_data(interview.founder.id)
    assert {table: count for table, count in row_counts().items() if count} == {}


def test_deleting_one_of_two_founders_keeps_the_venture_without_their_answers(store, full_venture, row_counts):
    interview, cofounder, _cohort = full_venture
    store.delete_founder_data(interview.founder.id)

    assert [founder.id for founder in store.founders_of(interview.venture.id)] == [cofounder.id]
    history = store.assessment_history(interview.venture.id)
    remaining_answers = [answer for assessment in history for answer in store.answers_for(assessment.id)]
    assert {answer.founder_id for answer in remaining_answers} == {cofounder.id}
    remaining_evidence = [piece for assessment in history for piece in store.evidence_for(assessment.id)]
    assert {piece.founder_id for piece in remaining_evidence} == {cofounder.id}
    # Placements computed with the deleted founder's answers are cleared, to be recomputed.
    assert row_counts()["placements"] == 0
    assert row_counts()["founder_links"] == 0
    with pytest.raises(NotFound):
        store.founder(interview.founder.id)


def test_exporting_an_unknown_venture_is_not_found(store):
    with pytest.raises(NotFound, match="No venture with id 31337"):
        store.export_venture(31337)
