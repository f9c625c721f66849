"""Answers, the evidence read from them, and which evidence decides a milestone's status."""
from __future__ import annotations

import pytest

from bot.store import ANSWER_TEXT_LIMIT, EvidenceInput, InvalidInput
from framework.status import Status

TRIAL_QUESTION = "Have you run any trials?"


def record(store, interview, message_id="m1", text="We ran a trial with a control group.", evidence=(), **extra):
    return store.record_answer(
        interview.assessment.id,
        interview.founder.id,
        message_id,
        area=extra.pop("area", "impact"),
        question=extra.pop("question", TRIAL_QUESTION),
        text=text,
        evidence=evidence,
        **extra,
    )


def mapper_says(milestone_id: str, status: str, cue: str = "") -> EvidenceInput:
    return EvidenceInput(milestone_id=milestone_id, status=status, confidence=0.7, cue=cue, source="mapper")


def test_an_answer_and_its_evidence_give_the_milestone_statuses(store, interview):
    answer = record(
        store,
        interview,
        evidence=[
            mapper_says("impact-2-1", "achieved", cue="ran a trial with a control group"),
            mapper_says("impact-1-1", "in_progress", cue="drafting"),
        ],
    )
    assert store.milestone_statuses(interview.assessment.id) == {
        "impact-1-1": Status.IN_PROGRESS,
        "impact-2-1": Status.ACHIEVED,
    }
    trial_evidence = [piece for piece in store.evidence_for(interview.assessment.id) if piece.milestone_id == "impact-2-1"]
    assert trial_evidence[0].answer_id == answer.id
    assert trial_evidence[0].answer_text == "We ran a trial with a control group."
    assert trial_evidence[0].cue == "ran a trial with a control group"
    assert not trial_evidence[0].confirmed


def test_a_retried_message_returns_the_stored_answer_and_adds_nothing(store, interview, row_counts):
    evidence = [mapper_says("impact-2-1", "achieved")]
    first = record(store, interview, message_id="msg-7", evidence=evidence)
    counts_after_first = row_counts()
    retried = record(store, interview, message_id="msg-7", evidence=evidence)
    assert retried == first
    assert row_counts() == counts_after_first
    assert counts_after_first["answers"] == 1
    assert counts_after_first["milestone_evidence"] == 1


def test_the_same_message_id_from_two_founders_is_two_answers(store, interview):
    cofounder = store.founder_for("rest", "sender-2")
    store.join_venture(cofounder.id, interview.venture.id)
    record(store, interview, message_id="shared-id")
    store.record_answer(interview.assessment.id, cofounder.id, "shared-id", "impact", TRIAL_QUESTION, "Not yet.")
    assert len(store.answers_for(interview.assessment.id)) == 2


def test_a_confirmation_overrides_what_the_mapper_inferred(store, interview):
    answer = record(store, interview, evidence=[mapper_says("impact-2-1", "achieved")])
    store.set_milestone_status(
        interview.assessment.id, interview.founder.id, "impact-2-1", "in_progress", "confirmation", answer_id=answer.id
    )
    assert store.milestone_statuses(interview.assessment.id)["impact-2-1"] == Status.IN_PROGRESS


def test_later_mapper_evidence_does_not_undo_a_confirmation(store, interview):
    store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-2-1", "achieved", "targeted")
    record(store, interview, message_id="m2", text="We haven't run a trial.", evidence=[mapper_says("impact-2-1", "not_started")])
    assert store.milestone_statuses(interview.assessment.id)["impact-2-1"] == Status.ACHIEVED


def test_a_correction_replaces_an_earlier_confirmation(store, interview):
    store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-2-1", "not_started", "targeted")
    store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-2-1", Status.ACHIEVED, "correction")
    assert store.milestone_statuses(interview.assessment.id)["impact-2-1"] == Status.ACHIEVED
    assert len(store.evidence_for(interview.assessment.id)) == 2


def test_each_founder_has_their_own_view_of_the_statuses(store, interview):
    cofounder = store.founder_for("rest", "sender-2")
    store.join_venture(cofounder.id, interview.venture.id)
    store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-2-1", "achieved", "targeted")
    store.set_milestone_status(interview.assessment.id, cofounder.id, "impact-2-1", "not_started", "targeted")
    assert store.milestone_statuses(interview.assessment.id, founder_id=interview.founder.id) == {"impact-2-1": Status.ACHIEVED}
    assert store.milestone_statuses(interview.assessment.id, founder_id=cofounder.id) == {"impact-2-1": Status.NOT_STARTED}


@pytest.mark.parametrize(
    "status, source, expected_message",
    [
        ("done", "confirmation", "unknown milestone status 'done'"),
        ("achieved", "guess", "unknown evidence source 'guess'"),
    ],
)
def test_an_invalid_status_or_source_is_refused_with_a_readable_message(store, interview, status, source, expected_message):
    with pytest.raises(InvalidInput, match=expected_message):
        store.set_milestone_status(interview.assessment.id, interview.founder.id, "impact-2-1", status, source)


def test_an_answer_with_invalid_evidence_stores_nothing(store, interview, row_counts):
    counts_before = row_counts()
    with pytest.raises(InvalidInput, match="not a milestone id"):
        record(store, interview, evidence=[mapper_says("impact-2-1", "achieved"), mapper_says("trial", "achieved")])
    assert row_counts() == counts_before


def test_a_founder_cannot_write_into_another_ventures_assessment(store, interview, start_interview, row_counts):
    outsider = start_interview(sender_id="outsider", venture_name="Other Venture")
    counts_before = row_counts()
    with pytest.raises(InvalidInput, match="is not part of venture"):
        store.record_answer(interview.assessment.id, outsider.founder.id, "m1", "impact", TRIAL_QUESTION, "yes")
    assert row_counts() == counts_before


@pytest.mark.parametrize(
    "text",
    [
        "We ran an RCT 🎉🚀 with 2 schools 👩🏽‍🏫",
        "<script>alert(1)</script> **bold** _it_ `code` [link](http://x) &amp; 'quotes' \"double\"",
        "Nous avons une théorie du changement; 私たちはパイロットを実施しました; لدينا نظرية التغيير",
        "line one\nline two\r\n\ttabbed   spaced  ",
        "",
    ],
    ids=["emoji", "markup", "non-english", "whitespace", "empty"],
)
def test_answer_text_is_stored_verbatim(store, interview, text):
    stored = record(store, interview, text=text)
    assert not stored.truncated
    assert store.answers_for(interview.assessment.id)[0].text == text


def test_text_at_the_limit_is_kept_whole(store, interview):
    text = "é" * ANSWER_TEXT_LIMIT
    stored = record(store, interview, text=text)
    assert (stored.text, stored.truncated) == (text, False)


def test_text_over_the_limit_is_cut_and_flagged_not_refused(store, interview):
    text = "We did it. 🚀 " * 5_000
    stored = record(store, interview, text=text)
    reread = store.answers_for(interview.assessment.id)[0]
    assert reread.truncated and stored.truncated
    assert reread.text == text[:ANSWER_TEXT_LIMIT]
    assert reread.original_length == len(text)


def test_a_nul_character_is_dropped_rather_than_failing_the_answer(store, interview):
    assert record(store, interview, text="yes\x00 we did").text == "yes we did"


def test_the_targeted_milestone_is_kept_with_the_answer(store, interview):
    stored = record(store, interview, text="partly", milestone_id="impact-1-2")
    assert store.answers_for(interview.assessment.id)[0].milestone_id == stored.milestone_id == "impact-1-2"


def test_recording_an_answer_marks_the_venture_active(store, interview):
    before = store.venture(interview.venture.id).last_activity_at
    record(store, interview)
    assert store.venture(interview.venture.id).last_activity_at >= before
