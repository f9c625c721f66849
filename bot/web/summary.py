"""A venture's assessment as the pages and the CLI show it: per area the stage, the progress, every
milestone with its status and the founders' words behind it, the recommendations, and where the
founders of one venture disagree. Built from store records and the framework; no I/O here."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Optional, Sequence

from framework import Status, next_steps, place_venture, recommend_area

from bot.store.records import AssessmentView, EvidenceRecord, FounderRecord, VentureRecord
from bot.store.rules import deciding_evidence

RECOMMENDATIONS_PER_AREA = 3
NEXT_STEPS = 3


@dataclass(frozen=True)
class EvidenceLine:
    """One thing a founder said about a milestone."""

    founder_id: int
    founder_name: str
    status: Status
    words: str
    source: str
    recorded_at: datetime


@dataclass(frozen=True)
class MilestoneLine:
    milestone_id: str
    stage: int
    text: str
    status: Status
    evidence: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class RecommendationLine:
    area_id: str
    area_name: str
    way: str
    reason: str


@dataclass(frozen=True)
class AreaSummary:
    area_id: str
    area_label: str  # short: "Impact"
    area_name: str  # the framework's full name: "The capacity to deliver impact"
    stage: int
    stage_name: str
    progress: float
    milestones: tuple[MilestoneLine, ...]
    recommendations: tuple[RecommendationLine, ...]

    @property
    def achieved_in_stage(self) -> tuple[MilestoneLine, ...]:
        return tuple(line for line in self.milestones if line.stage == self.stage and line.status is Status.ACHIEVED)

    def milestones_of_stage(self, stage: int) -> tuple[MilestoneLine, ...]:
        return tuple(line for line in self.milestones if line.stage == stage)


@dataclass(frozen=True)
class FounderPosition:
    founder_name: str
    status: Status
    words: str
    recorded_at: datetime


@dataclass(frozen=True)
class Disagreement:
    """A milestone on which founders of the same venture gave different statuses."""

    milestone_id: str
    milestone_text: str
    area_name: str
    positions: tuple[FounderPosition, ...]


@dataclass(frozen=True)
class VentureSummary:
    venture_id: int
    venture_name: str
    assessment_id: Optional[int]
    assessment_status: str  # "not started" when the venture has no assessment yet
    started_at: Optional[datetime]
    completed_at: Optional[datetime]
    overall_stage: int
    areas: tuple[AreaSummary, ...]
    next_steps: tuple[RecommendationLine, ...]
    disagreements: tuple[Disagreement, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `python -m bot report --json` and the dashboard's exports."""
        return {
            "venture": {"id": self.venture_id, "name": self.venture_name},
            "assessment": {
                "id": self.assessment_id,
                "status": self.assessment_status,
                "started_at": _iso(self.started_at),
                "completed_at": _iso(self.completed_at),
            },
            "overall_stage": self.overall_stage,
            "areas": [_area_dict(area) for area in self.areas],
            "next_steps": [_recommendation_dict(step) for step in self.next_steps],
            "disagreements": [_disagreement_dict(disagreement) for disagreement in self.disagreements],
        }


def area_label(area) -> str:
    """The short name of an area, capitalised for headings and charts ("Impact")."""
    return area.short_name[:1].upper() + area.short_name[1:]


def founder_names(founders: Iterable[FounderRecord]) -> dict[int, str]:
    """A name to show for each founder: the one they gave, else 'Founder 1', 'Founder 2'..."""
    names = {}
    for position, founder in enumerate(sorted(founders, key=lambda founder: founder.id), start=1):
        names[founder.id] = founder.display_name or f"Founder {position}"
    return names


def summarise_venture(
    framework, venture: VentureRecord, view: Optional[AssessmentView], founders: Sequence[FounderRecord]
) -> VentureSummary:
    statuses = dict(view.statuses) if view else {}
    evidence = view.evidence if view else ()
    names = founder_names(founders)
    profile = place_venture(framework, statuses)
    evidence_by_milestone = _evidence_lines(evidence, names)
    areas = tuple(
        _area_summary(framework, area, profile.areas[area.id], statuses, evidence_by_milestone)
        for area in framework.areas
    )
    steps = tuple(_recommendation_line(framework, step) for step in next_steps(framework, profile, n=NEXT_STEPS))
    assessment = view.assessment if view else None
    return VentureSummary(
        venture_id=venture.id,
        venture_name=venture.name,
        assessment_id=assessment.id if assessment else None,
        assessment_status=assessment.status if assessment else "not started",
        started_at=assessment.started_at if assessment else None,
        completed_at=assessment.completed_at if assessment else None,
        overall_stage=profile.overall_stage,
        areas=areas,
        next_steps=steps,
        disagreements=find_disagreements(framework, evidence, names),
    )


def _area_summary(framework, area, placement, statuses, evidence_by_milestone) -> AreaSummary:
    milestones = tuple(
        MilestoneLine(
            milestone_id=milestone.id,
            stage=milestone.stage,
            text=milestone.text,
            status=statuses.get(milestone.id, Status.UNKNOWN),
            evidence=tuple(evidence_by_milestone.get(milestone.id, ())),
        )
        for milestone in framework.milestones_for(area.id)
    )
    ranked = recommend_area(framework, placement)[:RECOMMENDATIONS_PER_AREA]
    return AreaSummary(
        area_id=area.id,
        area_label=area_label(area),
        area_name=area.name,
        stage=placement.stage,
        stage_name=_stage_name(framework, placement.stage),
        progress=placement.progress,
        milestones=milestones,
        recommendations=tuple(_recommendation_line(framework, recommendation) for recommendation in ranked),
    )


def _stage_name(framework, stage_number: int) -> str:
    for stage in framework.stages:
        if stage.number == stage_number:
            return stage.name
    return f"Stage {stage_number}"


def _recommendation_line(framework, recommendation) -> RecommendationLine:
    return RecommendationLine(
        area_id=recommendation.area_id,
        area_name=area_label(framework.area(recommendation.area_id)),
        way=recommendation.way.text,
        reason=recommendation.reason,
    )


def _words(piece: EvidenceRecord) -> str:
    # The founder's whole answer when there is one; a button click or correction has only its cue.
    return piece.answer_text or piece.cue or ""


def _evidence_lines(evidence: Iterable[EvidenceRecord], names: dict[int, str]) -> dict[str, list[EvidenceLine]]:
    lines: dict[str, list[EvidenceLine]] = defaultdict(list)
    for piece in evidence:
        lines[piece.milestone_id].append(
            EvidenceLine(
                founder_id=piece.founder_id,
                founder_name=names.get(piece.founder_id, "A founder"),
                status=piece.status,
                words=_words(piece),
                source=piece.source,
                recorded_at=piece.created_at,
            )
        )
    return lines


def find_disagreements(framework, evidence: Sequence[EvidenceRecord], names: dict[int, str]) -> tuple[Disagreement, ...]:
    """Milestones where founders' own deciding statuses differ (unknowns say nothing, so are left out)."""
    evidence_by_founder: dict[int, list[EvidenceRecord]] = defaultdict(list)
    for piece in evidence:
        evidence_by_founder[piece.founder_id].append(piece)
    positions_by_milestone: dict[str, list[FounderPosition]] = defaultdict(list)
    for founder_id, pieces in sorted(evidence_by_founder.items()):
        for milestone_id, piece in deciding_evidence(pieces).items():
            if piece.status is Status.UNKNOWN:
                continue
            positions_by_milestone[milestone_id].append(
                FounderPosition(names.get(founder_id, "A founder"), piece.status, _words(piece), piece.created_at)
            )
    disagreements = []
    for milestone_id, positions in sorted(positions_by_milestone.items()):
        if len({position.status for position in positions}) < 2:
            continue
        milestone = framework.milestone(milestone_id)
        disagreements.append(
            Disagreement(milestone_id, milestone.text, area_label(framework.area(milestone.area_id)), tuple(positions))
        )
    return tuple(disagreements)


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment else None


def _area_dict(area: AreaSummary) -> dict[str, Any]:
    return {
        "area": area.area_id,
        "name": area.area_label,
        "full_name": area.area_name,
        "stage": area.stage,
        "stage_name": area.stage_name,
        "progress": round(area.progress, 3),
        "milestones": [
            {
                "id": line.milestone_id,
                "stage": line.stage,
                "text": line.text,
                "status": line.status.value,
                "evidence": [
                    {
                        "founder": evidence.founder_name,
                        "status": evidence.status.value,
                        "text": evidence.words,
                        "source": evidence.source,
                        "recorded_at": evidence.recorded_at.isoformat(),
                    }
                    for evidence in line.evidence
                ],
            }
            for line in area.milestones
        ],
        "recommendations": [_recommendation_dict(recommendation) for recommendation in area.recommendations],
    }


def _recommendation_dict(recommendation: RecommendationLine) -> dict[str, str]:
    return {"area": recommendation.area_id, "way": recommendation.way, "reason": recommendation.reason}


def _disagreement_dict(disagreement: Disagreement) -> dict[str, Any]:
    return {
        "milestone": disagreement.milestone_id,
        "text": disagreement.milestone_text,
        "founders": [
            {"founder": position.founder_name, "status": position.status.value, "text": position.words}
            for position in disagreement.positions
        ],
    }
