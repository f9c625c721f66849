"""Build cohorts, ventures, founders and answers through the Store's public API, for the web and
CLI tests (imported by both conftest files)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Optional

from bot.store import EvidenceInput, Store, upgrade
from bot.store.records import AssessmentRecord, CohortRecord, FounderRecord, VentureRecord

_message_numbers = itertools.count(1)


def migrated_store(database_path) -> Store:
    """A store on a new SQLite file, migrated the way `make migrate` does it."""
    url = f"sqlite:///{database_path}"
    upgrade(url)
    return Store.from_url(url)


@dataclass(frozen=True)
class SeededVenture:
    venture: VentureRecord
    founder: FounderRecord
    assessment: Optional[AssessmentRecord]


@dataclass(frozen=True)
class Seeder:
    store: Store

    def cohort(self, name: str = "Spring 2027") -> tuple[CohortRecord, str]:
        """A cohort and its raw dashboard token."""
        cohort = self.store.create_cohort(name, welcome_text="Welcome to the spring cohort.")
        return cohort, self.store.create_manager_token(cohort.id)

    def venture(
        self,
        name: str,
        cohort: Optional[CohortRecord] = None,
        sender_id: Optional[str] = None,
        founder_name: str = "Asha",
        start: bool = True,
    ) -> SeededVenture:
        founder = self.store.founder_for("rest", sender_id or f"sender-{name}", display_name=founder_name)
        venture = self.store.create_venture(name, founder.id, cohort_id=cohort.id if cohort else None)
        assessment = self.store.start_assessment(venture.id) if start else None
        return SeededVenture(venture, self.store.founder(founder.id), assessment)

    def cofounder(self, seeded: SeededVenture, sender_id: str, founder_name: str) -> FounderRecord:
        founder = self.store.founder_for("rest", sender_id, display_name=founder_name)
        return self.store.join_venture(founder.id, seeded.venture.id)

    def answer(
        self,
        seeded: SeededVenture,
        area: str,
        text: str,
        statuses: dict[str, str],
        founder: Optional[FounderRecord] = None,
    ) -> None:
        """The founder's words, with the milestone statuses the mapper read from them."""
        speaker = founder or seeded.founder
        self.store.record_answer(
            seeded.assessment.id,
            speaker.id,
            message_id=f"message-{next(_message_numbers)}",
            area=area,
            question=f"Tell me about your {area}.",
            text=text,
            evidence=[EvidenceInput(milestone_id, status, cue=text[:40]) for milestone_id, status in statuses.items()],
        )

    def achieve_stage_one(self, seeded: SeededVenture, area: str, framework) -> None:
        """Every stage-1 milestone of the area achieved, so that the area sits in stage 2."""
        milestone_ids = [milestone.id for milestone in framework.milestones_for(area, stage=1)]
        self.answer(seeded, area, f"All of the {area} basics are done.", {milestone_id: "achieved" for milestone_id in milestone_ids})
