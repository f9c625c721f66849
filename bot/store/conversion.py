"""ORM rows to frozen records, and records to JSON-ready dicts for exports."""
from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any, Optional

from framework.status import Status

from bot.store import models
from bot.store.records import (
    AnswerRecord,
    AssessmentRecord,
    CohortRecord,
    EvidenceRecord,
    FounderRecord,
    PlacementRecord,
    VentureRecord,
)


def _copy_fields(record_class, row) -> Any:
    return record_class(**{field.name: getattr(row, field.name) for field in fields(record_class)})


def cohort_record(row: models.Cohort) -> CohortRecord:
    return _copy_fields(CohortRecord, row)


def venture_record(row: models.Venture) -> VentureRecord:
    return _copy_fields(VentureRecord, row)


def founder_record(row: models.Founder) -> FounderRecord:
    return _copy_fields(FounderRecord, row)


def assessment_record(row: models.Assessment) -> AssessmentRecord:
    record = _copy_fields(AssessmentRecord, row)
    return replace(record, planned_areas=tuple(row.planned_areas.split(",")) if row.planned_areas else None)


def answer_record(row: models.Answer) -> AnswerRecord:
    return _copy_fields(AnswerRecord, row)


def placement_record(row: models.Placement) -> PlacementRecord:
    return _copy_fields(PlacementRecord, row)


def evidence_record(row: models.MilestoneEvidence, answer_text: Optional[str] = None) -> EvidenceRecord:
    return EvidenceRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        answer_id=row.answer_id,
        founder_id=row.founder_id,
        milestone_id=row.milestone_id,
        status=Status(row.status),
        confidence=row.confidence,
        cue=row.cue,
        confirmed=row.confirmed,
        source=row.source,
        created_at=row.created_at,
        answer_text=answer_text,
    )


def json_ready(value: Any) -> Any:
    """Records, enums and datetimes turned into plain JSON values (ISO 8601 times, enum values)."""
    if is_dataclass(value) and not isinstance(value, type):
        return json_ready(asdict(value))
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value
