"""The tables, as SQLAlchemy ORM classes. Only the repository uses them; callers get records.

Every child table has ON DELETE CASCADE to its venture's data so that deleting a venture (or a
founder) removes everything beneath it, in the database as well as through the ORM.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

from framework.status import Status

# Named constraints make migrations reproducible across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))

STATUS_VALUES = tuple(member.value for member in Status)
ASSESSMENT_STATES = ("in_progress", "complete", "abandoned")
EVIDENCE_SOURCES = ("mapper", "targeted", "confirmation", "correction")
CODE_LENGTH_MAX = 16
TOKEN_HASH_LENGTH = 64  # sha256 hex digest


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _quoted_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass a timezone-aware one")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Cohort(Base):
    __tablename__ = "cohorts"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    invite_code = Column(String(CODE_LENGTH_MAX), nullable=False, unique=True)
    welcome_text = Column(Text, nullable=True)
    manager_token_hash = Column(String(TOKEN_HASH_LENGTH), nullable=True, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)

    # Deleting a cohort keeps its ventures (they belong to their founders), detached from it.
    ventures = relationship("Venture", back_populates="cohort", passive_deletes=True)


class Venture(Base):
    __tablename__ = "ventures"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    cohort_id = Column(Integer, ForeignKey("cohorts.id", ondelete="SET NULL"), nullable=True, index=True)
    invite_code = Column(String(CODE_LENGTH_MAX), nullable=False, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    last_activity_at = Column(UTCDateTime, nullable=False, default=utc_now)

    cohort = relationship("Cohort", back_populates="ventures")
    founders = relationship("Founder", back_populates="venture", passive_deletes=True)
    assessments = relationship(
        "Assessment",
        back_populates="venture",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Assessment.id",
    )
    report_tokens = relationship(
        "ReportToken", back_populates="venture", cascade="all, delete-orphan", passive_deletes=True
    )


class Founder(Base):
    __tablename__ = "founders"
    __table_args__ = (UniqueConstraint("channel", "sender_id", name="uq_founders_channel_sender"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(64), nullable=False)
    sender_id = Column(String(255), nullable=False)
    display_name = Column(String(200), nullable=True)
    role = Column(String(200), nullable=True)
    consent_at = Column(UTCDateTime, nullable=True)
    # A founder outlives a deleted venture (they may start another); the link is cleared.
    venture_id = Column(Integer, ForeignKey("ventures.id", ondelete="SET NULL"), nullable=True, index=True)
    continue_code = Column(String(CODE_LENGTH_MAX), nullable=True, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    last_seen_at = Column(UTCDateTime, nullable=False, default=utc_now)

    venture = relationship("Venture", back_populates="founders")
    links = relationship("FounderLink", back_populates="founder", cascade="all, delete-orphan", passive_deletes=True)
    answers = relationship("Answer", back_populates="founder", cascade="all, delete-orphan", passive_deletes=True)
    evidence = relationship(
        "MilestoneEvidence", back_populates="founder", cascade="all, delete-orphan", passive_deletes=True
    )


class FounderLink(Base):
    """Another channel identity of a founder, made when they say their continue code elsewhere."""

    __tablename__ = "founder_links"
    __table_args__ = (UniqueConstraint("channel", "sender_id", name="uq_founder_links_channel_sender"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(64), nullable=False)
    sender_id = Column(String(255), nullable=False)
    founder_id = Column(Integer, ForeignKey("founders.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)

    founder = relationship("Founder", back_populates="links")


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (CheckConstraint(f"status IN ({_quoted_list(ASSESSMENT_STATES)})", name="status"),)

    id = Column(Integer, primary_key=True)
    venture_id = Column(Integer, ForeignKey("ventures.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(String(16), nullable=False, default="in_progress")
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    completed_at = Column(UTCDateTime, nullable=True)
    # The areas the founder chose to cover, comma-separated in the interview's order; NULL until chosen.
    planned_areas = Column(String(120), nullable=True)

    venture = relationship("Venture", back_populates="assessments")
    answers = relationship(
        "Answer", back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True, order_by="Answer.id"
    )
    evidence = relationship(
        "MilestoneEvidence",
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MilestoneEvidence.id",
    )
    placements = relationship(
        "Placement",
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Placement.area_id",
    )


class Answer(Base):
    __tablename__ = "answers"
    # The message id makes a retried action idempotent: one answer per founder and message.
    __table_args__ = (UniqueConstraint("founder_id", "message_id", name="uq_answers_founder_message"),)

    id = Column(Integer, primary_key=True)
    assessment_id = Column(Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False, index=True)
    founder_id = Column(Integer, ForeignKey("founders.id", ondelete="CASCADE"), nullable=False, index=True)
    message_id = Column(String(255), nullable=False)
    area = Column(String(32), nullable=False)
    question = Column(Text, nullable=False)
    milestone_id = Column(String(32), nullable=True)
    text = Column(Text, nullable=False)
    truncated = Column(Boolean, nullable=False, default=False)
    original_length = Column(Integer, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)

    assessment = relationship("Assessment", back_populates="answers")
    founder = relationship("Founder", back_populates="answers")
    # Evidence outlives its answer only when it is another founder's (a co-founder confirming what
    # this founder said); a founder's own evidence goes with them through founder_id.
    evidence = relationship("MilestoneEvidence", back_populates="answer", passive_deletes=True)


class MilestoneEvidence(Base):
    __tablename__ = "milestone_evidence"
    __table_args__ = (
        CheckConstraint(f"status IN ({_quoted_list(STATUS_VALUES)})", name="status"),
        CheckConstraint(f"source IN ({_quoted_list(EVIDENCE_SOURCES)})", name="source"),
        Index("ix_milestone_evidence_assessment_milestone", "assessment_id", "milestone_id"),
    )

    id = Column(Integer, primary_key=True)
    assessment_id = Column(Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False)
    answer_id = Column(Integer, ForeignKey("answers.id", ondelete="SET NULL"), nullable=True, index=True)
    founder_id = Column(Integer, ForeignKey("founders.id", ondelete="CASCADE"), nullable=False, index=True)
    milestone_id = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False)
    confidence = Column(Float, nullable=False, default=1.0)
    cue = Column(Text, nullable=False, default="")
    confirmed = Column(Boolean, nullable=False, default=False)
    source = Column(String(16), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)

    assessment = relationship("Assessment", back_populates="evidence")
    answer = relationship("Answer", back_populates="evidence")
    founder = relationship("Founder", back_populates="evidence")


class Placement(Base):
    __tablename__ = "placements"

    assessment_id = Column(Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    area_id = Column(String(32), primary_key=True)
    stage = Column(Integer, nullable=False)
    progress = Column(Float, nullable=False)
    computed_at = Column(UTCDateTime, nullable=False, default=utc_now)

    assessment = relationship("Assessment", back_populates="placements")


class ReportToken(Base):
    __tablename__ = "report_tokens"

    id = Column(Integer, primary_key=True)
    # Only a hash is kept: a leaked database does not leak working report links.
    token_hash = Column(String(TOKEN_HASH_LENGTH), nullable=False, unique=True)
    venture_id = Column(Integer, ForeignKey("ventures.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    revoked_at = Column(UTCDateTime, nullable=True)

    venture = relationship("Venture", back_populates="report_tokens")


ALL_TABLES = tuple(Base.metadata.sorted_tables)
