"""The rule that decides a milestone's status from several pieces of evidence (plain values)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.store.rules import statuses_from_evidence
from framework.status import Status


@dataclass(frozen=True)
class Piece:
    id: int
    milestone_id: str
    status: Status
    confirmed: bool


def test_the_latest_of_equal_standing_wins():
    evidence = [Piece(1, "users-1-1", Status.NOT_STARTED, False), Piece(2, "users-1-1", Status.IN_PROGRESS, False)]
    assert statuses_from_evidence(evidence) == {"users-1-1": Status.IN_PROGRESS}


def test_confirmed_evidence_wins_over_later_unconfirmed_evidence():
    evidence = [Piece(1, "users-1-1", Status.ACHIEVED, True), Piece(2, "users-1-1", Status.NOT_STARTED, False)]
    assert statuses_from_evidence(evidence) == {"users-1-1": Status.ACHIEVED}


def test_order_of_arrival_does_not_matter_only_the_ids():
    evidence = [Piece(5, "users-1-1", Status.ACHIEVED, True), Piece(3, "users-1-1", Status.NOT_STARTED, True)]
    assert statuses_from_evidence(evidence) == statuses_from_evidence(list(reversed(evidence)))
    assert statuses_from_evidence(evidence) == {"users-1-1": Status.ACHIEVED}


def test_milestones_are_decided_independently():
    evidence = [Piece(1, "users-1-1", Status.ACHIEVED, False), Piece(2, "users-1-2", Status.UNKNOWN, True)]
    assert statuses_from_evidence(evidence) == {"users-1-1": Status.ACHIEVED, "users-1-2": Status.UNKNOWN}


def test_no_evidence_gives_no_statuses():
    assert statuses_from_evidence([]) == {}
