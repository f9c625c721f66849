"""The Store: every read and write Waypoint makes, as plain methods returning frozen records.

Each method opens its own short session and closes it before returning, so the store is safe to
share between concurrent requests (Rasa's action server) and nothing touches the database at import.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, TypeVar, Union

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Select

from framework.status import Status

from bot.config import Settings, load_settings
from bot.store import codes, validation
from bot.store.conversion import (
    answer_record,
    assessment_record,
    cohort_record,
    evidence_record,
    founder_record,
    json_ready,
    placement_record,
    venture_record,
)
from bot.store.engine import is_sqlite, make_engine
from bot.store.errors import InvalidInput, NotFound
from bot.store.models import (
    Answer,
    Assessment,
    Cohort,
    Founder,
    FounderLink,
    MilestoneEvidence,
    Placement,
    ReportToken,
    Venture,
    utc_now,
)
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
from bot.store.rules import statuses_from_evidence
from bot.store.schema import check_current, is_empty_database, upgrade

# How many fresh codes to draw before giving up; with 31^6 codes a clash is already rare.
CODE_ATTEMPTS = 20
EXPORT_FORMAT_VERSION = 1

# A placement given as a tuple (area_id, stage, progress) or as framework's AreaPlacement.
PlacementInput = Union[tuple, Any]
Record = TypeVar("Record")


class Store:
    """Waypoint's persistence. Build it with `from_url` or `from_settings`, then call its methods."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, future=True, expire_on_commit=False)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_url(cls, url: str, *, check_schema: bool = True, auto_upgrade: bool = False) -> "Store":
        """A store on `url`. Refuses (SchemaBehind) a database that is not at the migrations' head.

        `auto_upgrade` creates the schema in a brand-new, empty SQLite database only; a database
        that already has tables is never migrated behind the operator's back.
        """
        engine = make_engine(url)
        if auto_upgrade and is_sqlite(engine) and is_empty_database(engine):
            upgrade(url)
        if check_schema:
            try:
                check_current(engine)
            except Exception:
                engine.dispose()
                raise
        return cls(engine)

    @classmethod
    def from_settings(
        cls, settings: Optional[Settings] = None, *, check_schema: bool = True, auto_upgrade: bool = False
    ) -> "Store":
        """A store on DATABASE_URL, or the SQLite file of the settings (var/waypoint.db by default)."""
        chosen_settings = settings or load_settings()
        return cls.from_url(chosen_settings.database_url, check_schema=check_schema, auto_upgrade=auto_upgrade)

    def dispose(self) -> None:
        """Close the engine's pooled connections (tests, shutdown)."""
        self.engine.dispose()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        # Commits when the block ends normally, rolls back on any error, always closes.
        with self._sessions.begin() as session:
            yield session

    def _all(self, statement: Select, to_record: Callable[[Any], Record]) -> list[Record]:
        """Every row the statement selects, as records, in the statement's order."""
        with self._reading() as session:
            return [to_record(row) for row in session.execute(statement).scalars()]

    def _one_or_none(self, statement: Select, to_record: Callable[[Any], Record]) -> Optional[Record]:
        """The one row the statement selects (it selects by a unique key) as a record, or None."""
        with self._reading() as session:
            row = session.execute(statement).scalar_one_or_none()
            return to_record(row) if row is not None else None

    # -- cohorts ------------------------------------------------------------------------------

    def create_cohort(self, name: str, welcome_text: Optional[str] = None) -> CohortRecord:
        cohort_name = validation.required_text(name, "cohort name")
        welcome = (welcome_text or "").strip() or None
        with self._writing() as session:
            cohort = Cohort(name=cohort_name, welcome_text=welcome, invite_code=_unused_invite_code(session))
            session.add(cohort)
            session.flush()
            return cohort_record(cohort)

    def cohort(self, cohort_id: int) -> CohortRecord:
        with self._reading() as session:
            return cohort_record(_get(session, Cohort, cohort_id, "cohort"))

    def cohort_by_invite(self, code: str) -> CohortRecord:
        """The cohort of an invite code as a founder types it ('abc 23k' finds 'ABC23K')."""
        typed_code = codes.normalise_code(code or "")
        cohort = self._one_or_none(select(Cohort).where(Cohort.invite_code == typed_code), cohort_record)
        if cohort is None:
            raise NotFound(f"No cohort has the invite code {code!r}.")
        return cohort

    def list_cohorts(self) -> list[CohortRecord]:
        return self._all(select(Cohort).order_by(Cohort.created_at, Cohort.id), cohort_record)

    def ventures_in_cohort(self, cohort_id: int) -> list[VentureRecord]:
        return self._all(
            select(Venture).where(Venture.cohort_id == cohort_id).order_by(Venture.name, Venture.id), venture_record
        )

    def create_manager_token(self, cohort_id: int) -> str:
        """A new raw dashboard token for the cohort (replacing any earlier one); only its hash is kept."""
        raw_token = codes.new_token()
        with self._writing() as session:
            _get(session, Cohort, cohort_id, "cohort").manager_token_hash = codes.token_hash(raw_token)
        return raw_token

    def cohort_for_manager_token(self, raw_token: str) -> Optional[CohortRecord]:
        if not raw_token:
            return None
        return self._one_or_none(
            select(Cohort).where(Cohort.manager_token_hash == codes.token_hash(raw_token)), cohort_record
        )

    # -- founders -----------------------------------------------------------------------------

    def founder_for(self, channel: str, sender_id: str, display_name: Optional[str] = None) -> FounderRecord:
        """The founder behind a channel's sender id, created on first contact; marks them as seen.

        A sender linked to a founder by a continue code resolves to that founder. `display_name`
        fills in a founder without one and never overwrites a name they gave.
        """
        channel_name = validation.required_text(channel, "channel", 64)
        sender = validation.required_text(sender_id, "sender id", 255)
        name = validation.optional_text(display_name, "name")
        for _attempt in range(2):
            try:
                with self._writing() as session:
                    founder = _founder_of_sender(session, channel_name, sender)
                    if founder is None:
                        founder = Founder(channel=channel_name, sender_id=sender)
                        session.add(founder)
                    if name and not founder.display_name:
                        founder.display_name = name
                    founder.last_seen_at = utc_now()
                    session.flush()
                    return founder_record(founder)
            except IntegrityError:
                # Two first messages raced to create the same founder; the second read finds it.
                continue
        raise RuntimeError(f"could not create or find the founder of {channel_name}:{sender}")

    def find_founder(self, channel: str, sender_id: str) -> Optional[FounderRecord]:
        """The founder behind a sender (or a sender linked by a continue code), creating nothing."""
        with self._reading() as session:
            founder = _founder_of_sender(session, channel, sender_id)
            return founder_record(founder) if founder else None

    def founder(self, founder_id: int) -> FounderRecord:
        with self._reading() as session:
            return founder_record(_get(session, Founder, founder_id, "founder"))

    def update_founder(
        self, founder_id: int, *, display_name: Optional[str] = None, role: Optional[str] = None
    ) -> FounderRecord:
        """Set the founder's name and/or role; an argument left as None is left unchanged."""
        name = validation.optional_text(display_name, "name")
        role_text = validation.optional_text(role, "role")
        with self._writing() as session:
            founder = _get(session, Founder, founder_id, "founder")
            if name is not None:
                founder.display_name = name
            if role_text is not None:
                founder.role = role_text
            session.flush()
            return founder_record(founder)

    def record_consent(self, founder_id: int, when: Optional[datetime] = None) -> FounderRecord:
        with self._writing() as session:
            founder = _get(session, Founder, founder_id, "founder")
            founder.consent_at = when or utc_now()
            session.flush()
            return founder_record(founder)

    def founders_of(self, venture_id: int) -> list[FounderRecord]:
        return self._all(select(Founder).where(Founder.venture_id == venture_id).order_by(Founder.id), founder_record)

    def identities_of(self, founder_id: int) -> list[tuple[str, str]]:
        """Every (channel, sender id) the founder spoke from: to delete their conversations too."""
        with self._reading() as session:
            founder = _get(session, Founder, founder_id, "founder")
            links = session.execute(
                select(FounderLink).where(FounderLink.founder_id == founder_id).order_by(FounderLink.id)
            ).scalars()
            return [(founder.channel, founder.sender_id)] + [(link.channel, link.sender_id) for link in links]

    # -- continue codes -----------------------------------------------------------------------

    def set_continue_code(self, founder_id: int) -> str:
        """A new personal continue code for the founder (replacing any earlier one)."""
        with self._writing() as session:
            founder = _get(session, Founder, founder_id, "founder")
            founder.continue_code = _unused_code(session, codes.CONTINUE_CODE_LENGTH, [Founder.continue_code])
            return founder.continue_code

    def founder_by_continue_code(self, code: str) -> FounderRecord:
        typed_code = codes.normalise_code(code or "")
        founder = self._one_or_none(select(Founder).where(Founder.continue_code == typed_code), founder_record)
        if founder is None:
            raise NotFound(f"No one has the continue code {code!r}.")
        return founder

    def continue_with_code(self, code: str, channel: str, sender_id: str) -> FounderRecord:
        """Link a new channel identity to the founder of `code`; from then on it is that founder.

        A founder row the new sender made before saying the code (a greeting, say) is removed if it
        holds nothing; one with its own venture or answers is refused rather than silently merged.
        """
        target = self.founder_by_continue_code(code)
        channel_name = validation.required_text(channel, "channel", 64)
        sender = validation.required_text(sender_id, "sender id", 255)
        with self._writing() as session:
            existing = _founder_of_sender(session, channel_name, sender)
            if existing is not None and existing.id == target.id:
                return founder_record(existing)
            if existing is not None:
                _remove_placeholder_founder(session, existing, channel_name, sender)
            session.add(FounderLink(channel=channel_name, sender_id=sender, founder_id=target.id))
            founder = _get(session, Founder, target.id, "founder")
            founder.last_seen_at = utc_now()
            session.flush()
            return founder_record(founder)

    # -- ventures -----------------------------------------------------------------------------

    def create_venture(self, name: str, founder_id: int, cohort_id: Optional[int] = None) -> VentureRecord:
        """A new venture with the founder attached to it (and to the cohort, when given)."""
        venture_name = validation.required_text(name, "venture name")
        with self._writing() as session:
            founder = _get(session, Founder, founder_id, "founder")
            if cohort_id is not None:
                _get(session, Cohort, cohort_id, "cohort")
            venture = Venture(name=venture_name, cohort_id=cohort_id, invite_code=_unused_invite_code(session))
            session.add(venture)
            session.flush()
            founder.venture_id = venture.id
            return venture_record(venture)

    def venture(self, venture_id: int) -> VentureRecord:
        with self._reading() as session:
            return venture_record(_get(session, Venture, venture_id, "venture"))

    def venture_for_founder(self, founder_id: int) -> Optional[VentureRecord]:
        with self._reading() as session:
            founder = _get(session, Founder, founder_id, "founder")
            return venture_record(founder.venture) if founder.venture else None

    def venture_by_invite(self, code: str) -> VentureRecord:
        """The venture of a venture invite code (a co-founder joining), as typed."""
        typed_code = codes.normalise_code(code or "")
        venture = self._one_or_none(select(Venture).where(Venture.invite_code == typed_code), venture_record)
        if venture is None:
            raise NotFound(f"No venture has the invite code {code!r}.")
        return venture

    def find_venture(self, cohort_id: int, name: str) -> Optional[VentureRecord]:
        """The cohort's venture with this name, ignoring case and surrounding spaces."""
        venture_name = validation.required_text(name, "venture name")
        with self._reading() as session:
            venture = session.execute(
                select(Venture)
                .where(Venture.cohort_id == cohort_id, func.lower(Venture.name) == venture_name.lower())
                .order_by(Venture.id)
            ).scalars().first()
            return venture_record(venture) if venture else None

    def join_venture(self, founder_id: int, venture_id: int) -> FounderRecord:
        """Attach a founder to an existing venture (several founders per venture)."""
        with self._writing() as session:
            founder = _get(session, Founder, founder_id, "founder")
            _get(session, Venture, venture_id, "venture")
            founder.venture_id = venture_id
            session.flush()
            return founder_record(founder)

    def join_cohort(self, venture_id: int, cohort_id: int) -> VentureRecord:
        with self._writing() as session:
            venture = _get(session, Venture, venture_id, "venture")
            _get(session, Cohort, cohort_id, "cohort")
            venture.cohort_id = cohort_id
            session.flush()
            return venture_record(venture)

    # -- assessments --------------------------------------------------------------------------

    def start_assessment(self, venture_id: int) -> AssessmentRecord:
        """A new assessment of the venture; an unfinished earlier one is marked abandoned (and kept)."""
        with self._writing() as session:
            venture = _get(session, Venture, venture_id, "venture")
            session.execute(
                update(Assessment)
                .where(Assessment.venture_id == venture_id, Assessment.status == "in_progress")
                .values(status="abandoned")
            )
            assessment = Assessment(venture_id=venture_id, status="in_progress")
            session.add(assessment)
            venture.last_activity_at = utc_now()
            session.flush()
            return assessment_record(assessment)

    def plan_assessment(self, assessment_id: int, areas: Sequence[str]) -> AssessmentRecord:
        """Remember which areas the check-up covers, so that it resumes with them from the store."""
        with self._writing() as session:
            assessment = _get(session, Assessment, assessment_id, "assessment")
            assessment.planned_areas = ",".join(areas)
            session.flush()
            return assessment_record(assessment)

    def current_assessment(self, venture_id: int) -> Optional[AssessmentRecord]:
        """The venture's latest assessment, whatever its status; None before the first one."""
        with self._reading() as session:
            assessment = _latest_assessment(session, venture_id)
            return assessment_record(assessment) if assessment else None

    def assessment(self, assessment_id: int) -> AssessmentRecord:
        with self._reading() as session:
            return assessment_record(_get(session, Assessment, assessment_id, "assessment"))

    def complete_assessment(self, assessment_id: int) -> AssessmentRecord:
        with self._writing() as session:
            assessment = _get(session, Assessment, assessment_id, "assessment")
            if assessment.completed_at is None:
                assessment.completed_at = utc_now()
            assessment.status = "complete"
            session.flush()
            return assessment_record(assessment)

    def assessment_history(self, venture_id: int) -> list[AssessmentRecord]:
        """Every assessment of the venture, oldest first."""
        return self._all(
            select(Assessment).where(Assessment.venture_id == venture_id).order_by(Assessment.id), assessment_record
        )

    # -- answers and evidence -----------------------------------------------------------------

    def record_answer(
        self,
        assessment_id: int,
        founder_id: int,
        message_id: str,
        area: str,
        question: str,
        text: str,
        milestone_id: Optional[str] = None,
        evidence: Sequence[EvidenceInput] = (),
    ) -> AnswerRecord:
        """Store a founder's answer and the evidence read from it, in one transaction.

        Idempotent on (founder, message id): a retried action gets the stored answer back and
        nothing is added. Text longer than the limit is cut and the record's `truncated` is set.
        """
        message = validation.required_text(message_id, "message id", 255)
        area_id = validation.required_text(area, "area", 32)
        asked_milestone = validation.milestone_id(milestone_id) if milestone_id else None
        checked_evidence = [_checked_evidence(piece) for piece in evidence]
        answer_text = validation.answer_text(text)
        existing = self._answer_for_message(founder_id, message)
        if existing is not None:
            return existing
        try:
            with self._writing() as session:
                assessment = _assessment_of_founder(session, assessment_id, founder_id)
                answer = Answer(
                    assessment_id=assessment.id,
                    founder_id=founder_id,
                    message_id=message,
                    area=area_id,
                    question=question or "",
                    milestone_id=asked_milestone,
                    text=answer_text.text,
                    truncated=answer_text.truncated,
                    original_length=answer_text.original_length,
                )
                session.add(answer)
                session.flush()
                for piece in checked_evidence:
                    session.add(_evidence_row(assessment.id, founder_id, answer.id, piece))
                _touch(session, assessment, founder_id)
                session.flush()
                return answer_record(answer)
        except IntegrityError:
            # The same message was being stored concurrently; the first write wins.
            existing = self._answer_for_message(founder_id, message)
            if existing is None:
                raise
            return existing

    def _answer_for_message(self, founder_id: int, message_id: str) -> Optional[AnswerRecord]:
        return self._one_or_none(
            select(Answer).where(Answer.founder_id == founder_id, Answer.message_id == message_id), answer_record
        )

    def answers_for(self, assessment_id: int) -> list[AnswerRecord]:
        return self._all(select(Answer).where(Answer.assessment_id == assessment_id).order_by(Answer.id), answer_record)

    def set_milestone_status(
        self,
        assessment_id: int,
        founder_id: int,
        milestone_id: str,
        status: "Status | str",
        source: str,
        answer_id: Optional[int] = None,
        confidence: float = 1.0,
        cue: str = "",
        confirmed: bool = True,
    ) -> EvidenceRecord:
        """Record a founder's confirmation or correction of one milestone (kept beside the old evidence)."""
        piece = _checked_evidence(
            EvidenceInput(
                milestone_id=milestone_id,
                status=status,
                confidence=confidence,
                cue=cue,
                confirmed=confirmed,
                source=source,
            )
        )
        with self._writing() as session:
            assessment = _assessment_of_founder(session, assessment_id, founder_id)
            if answer_id is not None and _get(session, Answer, answer_id, "answer").assessment_id != assessment.id:
                raise InvalidInput(f"Answer {answer_id} belongs to another assessment than {assessment.id}.")
            row = _evidence_row(assessment.id, founder_id, answer_id, piece)
            session.add(row)
            _touch(session, assessment, founder_id)
            session.flush()
            return evidence_record(row)

    def milestone_statuses(self, assessment_id: int, founder_id: Optional[int] = None) -> dict[str, Status]:
        """milestone id -> the status that counts (see bot.store.rules); one founder's view if given."""
        return statuses_from_evidence(self.evidence_for(assessment_id, founder_id=founder_id))

    def evidence_for(self, assessment_id: int, founder_id: Optional[int] = None) -> list[EvidenceRecord]:
        """All evidence of the assessment, oldest first, each with the text of its answer."""
        statement = (
            select(MilestoneEvidence, Answer.text)
            .outerjoin(Answer, MilestoneEvidence.answer_id == Answer.id)
            .where(MilestoneEvidence.assessment_id == assessment_id)
            .order_by(MilestoneEvidence.id)
        )
        if founder_id is not None:
            statement = statement.where(MilestoneEvidence.founder_id == founder_id)
        with self._reading() as session:
            return [evidence_record(row, answer_text) for row, answer_text in session.execute(statement)]

    # -- placements ---------------------------------------------------------------------------

    def save_placement(self, assessment_id: int, placements: Iterable[PlacementInput]) -> list[PlacementRecord]:
        """Replace the assessment's placement with these (area_id, stage, progress) values."""
        checked = [validation.placement(*_placement_values(item)) for item in placements]
        area_ids = [area_id for area_id, _stage, _progress in checked]
        if len(set(area_ids)) != len(area_ids):
            raise InvalidInput(f"an area is placed twice: {sorted(area_ids)}")
        with self._writing() as session:
            _get(session, Assessment, assessment_id, "assessment")
            session.execute(delete(Placement).where(Placement.assessment_id == assessment_id))
            computed_at = utc_now()
            rows = [
                Placement(assessment_id=assessment_id, area_id=area_id, stage=stage, progress=progress, computed_at=computed_at)
                for area_id, stage, progress in checked
            ]
            session.add_all(rows)
            session.flush()
            return [placement_record(row) for row in sorted(rows, key=lambda row: row.area_id)]

    def placements_for(self, assessment_id: int) -> list[PlacementRecord]:
        return self._all(
            select(Placement).where(Placement.assessment_id == assessment_id).order_by(Placement.area_id),
            placement_record,
        )

    def assessment_view(self, assessment_id: int) -> AssessmentView:
        assessment = self.assessment(assessment_id)
        evidence = self.evidence_for(assessment_id)
        return AssessmentView(
            assessment=assessment,
            statuses=statuses_from_evidence(evidence),
            evidence=tuple(evidence),
            placements=tuple(self.placements_for(assessment_id)),
        )

    def assessment_for(self, venture_id: int) -> Optional[AssessmentView]:
        """The venture's current assessment with its statuses, evidence and placement; None if none."""
        current = self.current_assessment(venture_id)
        return self.assessment_view(current.id) if current else None

    # -- report tokens ------------------------------------------------------------------------

    def create_report_token(self, venture_id: int) -> str:
        """A new unguessable report link token; the raw value is returned once and only its hash kept."""
        raw_token = codes.new_token()
        with self._writing() as session:
            _get(session, Venture, venture_id, "venture")
            session.add(ReportToken(token_hash=codes.token_hash(raw_token), venture_id=venture_id))
        return raw_token

    def venture_for_report_token(self, raw_token: str) -> Optional[VentureRecord]:
        if not raw_token:
            return None
        return self._one_or_none(
            select(Venture)
            .join(ReportToken, ReportToken.venture_id == Venture.id)
            .where(ReportToken.token_hash == codes.token_hash(raw_token), ReportToken.revoked_at.is_(None)),
            venture_record,
        )

    def revoke_report_tokens(self, venture_id: int) -> int:
        """Revoke every live report link of the venture; returns how many were revoked."""
        with self._writing() as session:
            result = session.execute(
                update(ReportToken)
                .where(ReportToken.venture_id == venture_id, ReportToken.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            )
            return result.rowcount

    # -- export and delete --------------------------------------------------------------------

    def export_venture(self, venture_id: int) -> dict:
        """Everything stored about the venture, as a JSON-ready dict (times in ISO 8601, UTC)."""
        venture = self.venture(venture_id)
        cohort = self.cohort(venture.cohort_id) if venture.cohort_id is not None else None
        founders = self.founders_of(venture_id)
        assessments = [
            {
                **json_ready(assessment),
                "answers": json_ready(self.answers_for(assessment.id)),
                "evidence": json_ready(self.evidence_for(assessment.id)),
                "statuses": json_ready(self.milestone_statuses(assessment.id)),
                "placements": json_ready(self.placements_for(assessment.id)),
            }
            for assessment in self.assessment_history(venture_id)
        ]
        return {
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": utc_now().isoformat(),
            "venture": json_ready(venture),
            "cohort": json_ready(cohort) if cohort else None,
            "founders": [
                {**json_ready(founder), "identities": json_ready(self.identities_of(founder.id))} for founder in founders
            ],
            "assessments": assessments,
        }

    def export_founder(self, founder_id: int) -> dict:
        """A founder's own data: who they are, where they spoke from, and their venture's export."""
        founder = self.founder(founder_id)
        return {
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": utc_now().isoformat(),
            "founder": {**json_ready(founder), "identities": json_ready(self.identities_of(founder_id))},
            "venture": self.export_venture(founder.venture_id) if founder.venture_id is not None else None,
        }

    def delete_venture(self, venture_id: int) -> bool:
        """Delete the venture and all its data; its founders stay, unlinked. False if already gone."""
        with self._writing() as session:
            venture = session.get(Venture, venture_id)
            if venture is None:
                return False
            session.delete(venture)
            return True

    def delete_founder_data(self, founder_id: int) -> bool:
        """Delete the founder, their answers and evidence, and their venture if no one else is in it.

        When other founders remain, the venture's saved placements are cleared: they were computed
        with this founder's answers and must be recomputed. False if the founder was already gone.
        """
        with self._writing() as session:
            founder = session.get(Founder, founder_id)
            if founder is None:
                return False
            venture = founder.venture
            if venture is not None and _founder_count(session, venture.id) == 1:
                session.delete(venture)
            elif venture is not None:
                assessment_ids = select(Assessment.id).where(Assessment.venture_id == venture.id)
                session.execute(
                    delete(Placement)
                    .where(Placement.assessment_id.in_(assessment_ids))
                    .execution_options(synchronize_session=False)
                )
            session.delete(founder)
            return True


# -- helpers used inside a session --------------------------------------------------------------


def _get(session: Session, model, row_id: int, what: str):
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise NotFound(f"No {what} with id {row_id}.")
    return row


def _founder_of_sender(session: Session, channel: str, sender_id: str) -> Optional[Founder]:
    founder = session.execute(
        select(Founder).where(Founder.channel == channel, Founder.sender_id == sender_id)
    ).scalar_one_or_none()
    if founder is not None:
        return founder
    return session.execute(
        select(Founder)
        .join(FounderLink, FounderLink.founder_id == Founder.id)
        .where(FounderLink.channel == channel, FounderLink.sender_id == sender_id)
    ).scalar_one_or_none()


def _remove_placeholder_founder(session: Session, founder: Founder, channel: str, sender_id: str) -> None:
    is_linked_identity = not (founder.channel == channel and founder.sender_id == sender_id)
    if is_linked_identity:
        session.execute(delete(FounderLink).where(FounderLink.channel == channel, FounderLink.sender_id == sender_id))
        session.flush()
        return
    has_data = founder.venture_id is not None or session.execute(
        select(Answer.id).where(Answer.founder_id == founder.id).limit(1)
    ).first()
    if has_data:
        raise InvalidInput(
            "This conversation already has its own check-up, so it cannot take over another one. "
            "Use the continue code in a new conversation instead."
        )
    session.delete(founder)
    session.flush()


def _founder_count(session: Session, venture_id: int) -> int:
    return session.execute(select(func.count(Founder.id)).where(Founder.venture_id == venture_id)).scalar_one()


def _latest_assessment(session: Session, venture_id: int) -> Optional[Assessment]:
    return session.execute(
        select(Assessment).where(Assessment.venture_id == venture_id).order_by(Assessment.id.desc()).limit(1)
    ).scalar_one_or_none()


def _assessment_of_founder(session: Session, assessment_id: int, founder_id: int) -> Assessment:
    """The assessment, checked to belong to the founder's venture (no writing into another venture)."""
    assessment = _get(session, Assessment, assessment_id, "assessment")
    founder = _get(session, Founder, founder_id, "founder")
    if founder.venture_id != assessment.venture_id:
        raise InvalidInput(
            f"Founder {founder_id} is not part of venture {assessment.venture_id} of assessment {assessment_id}."
        )
    return assessment


def _touch(session: Session, assessment: Assessment, founder_id: int) -> None:
    now = utc_now()
    session.execute(update(Venture).where(Venture.id == assessment.venture_id).values(last_activity_at=now))
    session.execute(update(Founder).where(Founder.id == founder_id).values(last_seen_at=now))


def _unused_invite_code(session: Session) -> str:
    # Cohort and venture invite codes share one space so that a typed code means one thing.
    return _unused_code(session, codes.INVITE_CODE_LENGTH, [Cohort.invite_code, Venture.invite_code])


def _unused_code(session: Session, length: int, columns: list) -> str:
    for _attempt in range(CODE_ATTEMPTS):
        candidate = codes.new_code(length)
        if not any(session.execute(select(column).where(column == candidate).limit(1)).first() for column in columns):
            return candidate
    raise RuntimeError(f"no unused {length}-character code after {CODE_ATTEMPTS} attempts")


def _checked_evidence(piece: EvidenceInput) -> EvidenceInput:
    return EvidenceInput(
        milestone_id=validation.milestone_id(piece.milestone_id),
        status=validation.status(piece.status),
        confidence=validation.confidence(piece.confidence),
        cue=piece.cue or "",
        confirmed=bool(piece.confirmed),
        source=validation.evidence_source(piece.source),
    )


def _evidence_row(assessment_id: int, founder_id: int, answer_id: Optional[int], piece: EvidenceInput) -> MilestoneEvidence:
    return MilestoneEvidence(
        assessment_id=assessment_id,
        founder_id=founder_id,
        answer_id=answer_id,
        milestone_id=piece.milestone_id,
        status=Status.parse(piece.status).value,
        confidence=piece.confidence,
        cue=piece.cue,
        confirmed=piece.confirmed,
        source=piece.source,
    )


def _placement_values(item: PlacementInput) -> tuple[str, int, float]:
    if isinstance(item, (tuple, list)) and len(item) == 3:
        return tuple(item)
    if all(hasattr(item, name) for name in ("area_id", "stage", "progress")):
        return item.area_id, item.stage, item.progress
    raise InvalidInput(f"a placement is (area_id, stage, progress) or has those attributes, not {item!r}")


__all__ = ["Store"]
