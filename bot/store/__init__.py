"""Waypoint's store: SQLAlchemy models, Alembic migrations and the Store repository.

    from bot.store import Store
    store = Store.from_settings()      # refuses a schema behind the migrations (SchemaBehind)
"""
from bot.store.errors import InvalidInput, NotFound, SchemaBehind, SchemaUnknown, StoreError
from bot.store.records import (
    AnswerRecord,
    AssessmentRecord,
    AssessmentView,
    CohortRecord,
    EvidenceInput,
    EvidenceRecord,
    FounderRecord,
    PlacementRecord,
    VentureRecord,
)
from bot.store.repository import Store
from bot.store.schema import check_current, head_revision, upgrade
from bot.store.validation import ANSWER_TEXT_LIMIT

__all__ = [
    "ANSWER_TEXT_LIMIT",
    "AnswerRecord",
    "AssessmentRecord",
    "AssessmentView",
    "CohortRecord",
    "EvidenceInput",
    "EvidenceRecord",
    "FounderRecord",
    "InvalidInput",
    "NotFound",
    "PlacementRecord",
    "SchemaBehind",
    "SchemaUnknown",
    "Store",
    "StoreError",
    "VentureRecord",
    "check_current",
    "head_revision",
    "upgrade",
]
