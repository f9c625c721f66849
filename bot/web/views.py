"""What each dashboard page shows, gathered from the store and the framework (synchronous: the
handlers run these in a worker thread so the event loop never waits on the database)."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from framework import place_venture

from bot.store import Store
from bot.store.conversion import json_ready
from bot.store.records import AssessmentRecord, CohortRecord, FounderRecord, VentureRecord
from bot.web.chart import AreaPosition, AreaStageCounts
from bot.web.summary import VentureSummary, area_label, founder_names, summarise_venture

INVITED, STARTED, COMPLETE = "invited", "started", "complete"
# Spreadsheet programs run cells starting with these as formulas; such text gets a leading quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AreaCell:
    area_id: str
    stage: Optional[int]  # None until the venture has an assessment
    progress: float


@dataclass(frozen=True)
class VentureRow:
    venture: VentureRecord
    completion: str
    founder_count: int
    cells: tuple[AreaCell, ...]


@dataclass(frozen=True)
class CohortOverview:
    cohort: CohortRecord
    rows: tuple[VentureRow, ...]
    distribution: tuple[AreaStageCounts, ...]


@dataclass(frozen=True)
class HistoryEntry:
    assessment: AssessmentRecord
    stages: dict[str, int]  # area id -> stage in that assessment


@dataclass(frozen=True)
class VentureDetail:
    venture: VentureRecord
    cohort: Optional[CohortRecord]
    founders: tuple[FounderRecord, ...]
    founder_names: dict[int, str]
    completion: str
    summary: VentureSummary
    history: tuple[HistoryEntry, ...]


def create_cohort_with_token(store, name: Optional[str], welcome_text: Optional[str]) -> tuple[CohortRecord, str]:
    """A new cohort and its manager's dashboard token (raw, to show once; the store keeps a hash)."""
    cohort = store.create_cohort(name or "", welcome_text=welcome_text)
    return cohort, store.create_manager_token(cohort.id)


def completion_of(history: list[AssessmentRecord]) -> str:
    """invited: no check-up yet; complete: the latest check-up was finished; started otherwise."""
    if not history:
        return INVITED
    return COMPLETE if history[-1].is_complete else STARTED


def cohort_overview(store: Store, framework, cohort: CohortRecord) -> CohortOverview:
    rows = tuple(_venture_row(store, framework, venture) for venture in store.ventures_in_cohort(cohort.id))
    return CohortOverview(cohort=cohort, rows=rows, distribution=_distribution(framework, rows))


def _venture_row(store: Store, framework, venture: VentureRecord) -> VentureRow:
    history = store.assessment_history(venture.id)
    founder_count = len(store.founders_of(venture.id))
    if not history:
        cells = tuple(AreaCell(area.id, None, 0.0) for area in framework.areas)
        return VentureRow(venture, INVITED, founder_count, cells)
    profile = place_venture(framework, store.milestone_statuses(history[-1].id))
    cells = tuple(
        AreaCell(area.id, profile.areas[area.id].stage, profile.areas[area.id].progress) for area in framework.areas
    )
    return VentureRow(venture, completion_of(history), founder_count, cells)


def _distribution(framework, rows: tuple[VentureRow, ...]) -> tuple[AreaStageCounts, ...]:
    distribution = []
    for index, area in enumerate(framework.areas):
        stages = Counter(row.cells[index].stage for row in rows)
        unassessed = stages.pop(None, 0)
        distribution.append(AreaStageCounts(area.id, area_label(area), dict(stages), unassessed))
    return tuple(distribution)


def venture_detail(store: Store, framework, venture: VentureRecord) -> VentureDetail:
    founders = tuple(store.founders_of(venture.id))
    history = store.assessment_history(venture.id)
    current_view = store.assessment_view(history[-1].id) if history else None
    entries = tuple(
        HistoryEntry(assessment, _stages(framework, store.milestone_statuses(assessment.id))) for assessment in history
    )
    return VentureDetail(
        venture=venture,
        cohort=store.cohort(venture.cohort_id) if venture.cohort_id is not None else None,
        founders=founders,
        founder_names=founder_names(founders),
        completion=completion_of(history),
        summary=summarise_venture(framework, venture, current_view, founders),
        history=tuple(reversed(entries)),  # newest first
    )


def venture_summary(store: Store, framework, venture: VentureRecord) -> VentureSummary:
    return summarise_venture(framework, venture, store.assessment_for(venture.id), store.founders_of(venture.id))


def _stages(framework, statuses) -> dict[str, int]:
    profile = place_venture(framework, statuses)
    return {area_id: placement.stage for area_id, placement in profile.areas.items()}


def area_positions(framework, summary: VentureSummary) -> list[AreaPosition]:
    return [AreaPosition(area.area_id, area.area_label, area.stage, area.progress) for area in summary.areas]


def stage_names(framework) -> list[str]:
    return [stage.name for stage in framework.stages]


# -- exports ------------------------------------------------------------------------------------


def cohort_json(store: Store, framework, cohort: CohortRecord) -> dict[str, Any]:
    """The cohort and, per venture, its completion, founders and current assessment summary."""
    ventures = []
    for venture in store.ventures_in_cohort(cohort.id):
        founders = store.founders_of(venture.id)
        history = store.assessment_history(venture.id)
        summary = summarise_venture(framework, venture, store.assessment_view(history[-1].id) if history else None, founders)
        ventures.append(
            {
                "id": venture.id,
                "name": venture.name,
                "completion": completion_of(history),
                "last_activity_at": venture.last_activity_at.isoformat(),
                "founders": list(founder_names(founders).values()),
                "assessments": len(history),
                "current": summary.to_dict(),
            }
        )
    return {
        "cohort": {
            "id": cohort.id,
            "name": cohort.name,
            "invite_code": cohort.invite_code,
            "created_at": cohort.created_at.isoformat(),
        },
        "exported_at": datetime.now().astimezone().isoformat(),
        "ventures": json_ready(ventures),
    }


def cohort_csv(store: Store, framework, cohort: CohortRecord) -> str:
    """One row per venture: completion, stage and progress per area, then every milestone's status."""
    area_ids = [area.id for area in framework.areas]
    milestone_ids = [milestone.id for milestone in framework.milestones]
    header = ["venture_id", "venture", "founders", "completion", "last_activity", "overall_stage"]
    header += [f"{area_id}_{column}" for area_id in area_ids for column in ("stage", "progress")]
    header += milestone_ids
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for venture in store.ventures_in_cohort(cohort.id):
        writer.writerow(_csv_row(store, framework, venture, area_ids, milestone_ids))
    return buffer.getvalue()


def _csv_row(store: Store, framework, venture: VentureRecord, area_ids, milestone_ids) -> list[str]:
    history = store.assessment_history(venture.id)
    statuses = store.milestone_statuses(history[-1].id) if history else {}
    profile = place_venture(framework, statuses)
    row = [
        str(venture.id),
        spreadsheet_safe(venture.name),
        str(len(store.founders_of(venture.id))),
        completion_of(history),
        venture.last_activity_at.isoformat(),
        str(profile.overall_stage) if history else "",
    ]
    for area_id in area_ids:
        placement = profile.areas[area_id]
        row += [str(placement.stage), f"{placement.progress:.2f}"] if history else ["", ""]
    row += [statuses[milestone_id].value if milestone_id in statuses else "unknown" for milestone_id in milestone_ids]
    return row


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
