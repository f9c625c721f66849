"""Where a conversation's answers and statuses go: the Store once the founder consented, otherwise
only the conversation itself (the `unsaved_statuses` slot), so the interview works the same way.
A venture can have several founders: each one's interview reads and writes only their own evidence,
and the stored placement is the venture's, from all of them.

Ledger methods block (database): actions call them inside `asyncio.to_thread`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from framework import place_area
from framework.status import Status

from bot.actions import services

DEFAULT_CHANNEL = "rest"


def channel_of(tracker) -> str:
    return tracker.get_latest_input_channel() or DEFAULT_CHANNEL


def message_id_of(tracker) -> str:
    """The id of the founder's latest message: the store is idempotent on it (retried actions)."""
    latest = tracker.latest_message or {}
    if latest.get("message_id"):
        return str(latest["message_id"])
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("message_id"):
            return str(event["message_id"])
    return f"{tracker.sender_id}-{len(tracker.events)}"


@dataclass(frozen=True)
class FounderContext:
    """The stored founder, venture and current assessment behind a conversation (ids only)."""

    founder_id: int
    venture_id: int
    assessment_id: int


@dataclass
class Ledger:
    context: Optional[FounderContext]
    unsaved: dict[str, str] = field(default_factory=dict)

    @property
    def saves(self) -> bool:
        return self.context is not None

    def statuses(self) -> dict[str, Status]:
        if self.context is None:
            return {milestone_id: Status.parse(status) for milestone_id, status in self.unsaved.items()}
        # This founder's own view: a co-founder's answers never answer this founder's questions.
        return services.store().milestone_statuses(self.context.assessment_id, founder_id=self.context.founder_id)

    def record_answer(
        self,
        message_id: str,
        area_id: str,
        question: str,
        text: str,
        evidence: Iterable,
        milestone_id: Optional[str] = None,
        source: str = "mapper",
    ) -> None:
        """Store the answer with what it mapped to (in one transaction), or remember the statuses."""
        pieces = list(evidence)
        if self.context is None:
            for piece in pieces:
                self.unsaved[piece.milestone_id] = Status.parse(piece.status).value
            return
        from bot.store import EvidenceInput

        confirmed = source in ("targeted", "correction", "confirmation")
        services.store().record_answer(
            self.context.assessment_id,
            self.context.founder_id,
            message_id,
            area_id,
            question,
            text,
            milestone_id=milestone_id,
            evidence=[
                EvidenceInput(
                    milestone_id=piece.milestone_id,
                    status=piece.status,
                    confidence=float(getattr(piece, "confidence", 1.0)),
                    cue=str(getattr(piece, "cue", ""))[:500],
                    confirmed=confirmed,
                    source=source,
                )
                for piece in pieces
            ],
        )

    def set_status(self, milestone_id: str, status: Status, source: str) -> None:
        """A founder's confirmation or correction of one milestone."""
        if self.context is None:
            self.unsaved[milestone_id] = status.value
            return
        services.store().set_milestone_status(
            self.context.assessment_id, self.context.founder_id, milestone_id, status, source
        )

    def save_placement(self, placements: Iterable) -> None:
        """Store the placement of the areas this founder placed (and of those placed before), from
        the venture's statuses across its founders: the same statuses its report shows."""
        if self.context is None:
            return
        current_store = services.store()
        assessment_id = self.context.assessment_id
        area_ids = {placement.area_id for placement in placements}
        area_ids |= {placement.area_id for placement in current_store.placements_for(assessment_id)}
        venture_statuses = current_store.milestone_statuses(assessment_id)
        fw = services.framework()
        current_store.save_placement(assessment_id, [place_area(fw, area_id, venture_statuses) for area_id in sorted(area_ids)])

    def plan(self, areas: Iterable[str]) -> None:
        """Store the areas the check-up covers (a check-up resumed from the store keeps them)."""
        if self.context is not None:
            services.store().plan_assessment(self.context.assessment_id, list(areas))

    def complete(self) -> None:
        if self.context is not None:
            services.store().complete_assessment(self.context.assessment_id)

    def slots(self) -> dict:
        """What the conversation keeps itself: the statuses, when nothing is saved."""
        return {} if self.context is not None else {"unsaved_statuses": dict(self.unsaved)}


def stored_context(channel: str, sender_id: str) -> Optional[FounderContext]:
    """The consented founder's venture and latest assessment (one is started if there is none).

    New assessments are started on purpose (consent, restart); a correction after the end still
    lands in the assessment it corrects.
    """
    founder = services.find_founder(channel, sender_id)
    if founder is None or not founder.has_consented or founder.venture_id is None:
        return None
    current_store = services.store()
    assessment = current_store.current_assessment(founder.venture_id)
    if assessment is None:
        assessment = current_store.start_assessment(founder.venture_id)
    return FounderContext(founder.id, founder.venture_id, assessment.id)


def open_ledger(tracker) -> Ledger:
    """The ledger of this conversation (blocking: call it in a thread)."""
    if tracker.get_slot("consent_given") is not False:
        context = stored_context(channel_of(tracker), tracker.sender_id)
        if context is not None:
            return Ledger(context)
    return Ledger(None, dict(tracker.get_slot("unsaved_statuses") or {}))
