"""Plain, frozen values the store returns: callers never see ORM objects or sessions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from framework.status import Status


@dataclass(frozen=True)
class CohortRecord:
    id: int
    name: str
    invite_code: str
    welcome_text: Optional[str]
    created_at: datetime


@dataclass(frozen=True)
class VentureRecord:
    id: int
    name: str
    cohort_id: Optional[int]
    invite_code: str
    created_at: datetime
    last_activity_at: datetime


@dataclass(frozen=True)
class FounderRecord:
    id: int
    channel: str
    sender_id: str
    display_name: Optional[str]
    role: Optional[str]
    consent_at: Optional[datetime]
    venture_id: Optional[int]
    continue_code: Optional[str]
    created_at: datetime
    last_seen_at: datetime

    @property
    def has_consented(self) -> bool:
        return self.consent_at is not None


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    venture_id: int
    status: str
    started_at: datetime
    completed_at: Optional[datetime]
    planned_areas: Optional[tuple[str, ...]] = None  # the areas chosen (one, or all five); None until chosen

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    assessment_id: int
    founder_id: int
    message_id: str
    area: str
    question: str
    milestone_id: Optional[str]
    text: str
    truncated: bool
    original_length: int
    created_at: datetime


@dataclass(frozen=True)
class EvidenceInput:
    """One milestone the mapper (or the founder) gave evidence about, before it is stored."""

    milestone_id: str
    status: "Status | str"
    confidence: float = 1.0
    cue: str = ""
    confirmed: bool = False
    source: str = "mapper"


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    assessment_id: int
    answer_id: Optional[int]
    founder_id: int
    milestone_id: str
    status: Status
    confidence: float
    cue: str
    confirmed: bool
    source: str
    created_at: datetime
    answer_text: Optional[str] = None


@dataclass(frozen=True)
class PlacementRecord:
    area_id: str
    stage: int
    progress: float
    computed_at: datetime


@dataclass(frozen=True)
class AssessmentView:
    """An assessment with what it knows: the statuses that count, the evidence behind them, the placement."""

    assessment: AssessmentRecord
    statuses: dict[str, Status] = field(default_factory=dict)  # milestone id -> status that counts
    evidence: tuple[EvidenceRecord, ...] = ()  # oldest first
    placements: tuple[PlacementRecord, ...] = ()  # by area id
