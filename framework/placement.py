"""Places a venture on the framework from its milestone statuses: per area, the stage it is
working in and its progress within that stage, and the overall profile across the areas."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Union

from framework.model import STAGE_NUMBERS, Framework
from framework.status import Status

StatusLike = Union[Status, str]


@dataclass(frozen=True)
class AreaPlacement:
    """Where one area stands. The milestone id tuples cover the current stage only."""

    area_id: str
    stage: int
    progress: float
    achieved: tuple[str, ...]
    in_progress: tuple[str, ...]
    not_started: tuple[str, ...]
    unknown: tuple[str, ...]
    unmet: tuple[str, ...]

    def status_of(self, milestone_id: str) -> Status:
        """The status of a milestone of the current stage."""
        for status, milestone_ids in (
            (Status.ACHIEVED, self.achieved),
            (Status.IN_PROGRESS, self.in_progress),
            (Status.NOT_STARTED, self.not_started),
            (Status.UNKNOWN, self.unknown),
        ):
            if milestone_id in milestone_ids:
                return status
        raise KeyError(f"{milestone_id!r} is not a milestone of {self.area_id} stage {self.stage}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "area_id": self.area_id,
            "stage": self.stage,
            "progress": self.progress,
            "achieved": list(self.achieved),
            "in_progress": list(self.in_progress),
            "not_started": list(self.not_started),
            "unknown": list(self.unknown),
            "unmet": list(self.unmet),
        }


@dataclass(frozen=True)
class Profile:
    """A venture's placement in every area, in guided order."""

    areas: Mapping[str, AreaPlacement] = field(hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "areas", MappingProxyType(dict(self.areas)))

    @property
    def overall_stage(self) -> int:
        """The lowest stage across the areas: a venture is only as far along as its
        least developed area."""
        return min(placement.stage for placement in self.areas.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall_stage": self.overall_stage,
            "areas": {area_id: placement.to_dict() for area_id, placement in self.areas.items()},
        }


def place_area(fw: Framework, area_id: str, statuses: Mapping[str, StatusLike]) -> AreaPlacement:
    """The stage `area_id` is working in: the first stage whose milestones are not all
    achieved (stage 3 when every milestone is). Missing ids count as unknown; unknown and
    in-progress milestones are not achieved. Raises ValueError on ids the framework lacks."""
    known_statuses = _parse_statuses(fw, statuses)
    stage = _current_stage(fw, area_id, known_statuses)
    stage_ids = [milestone.id for milestone in fw.milestones_for(area_id, stage)]
    stage_statuses = {
        milestone_id: known_statuses.get(milestone_id, Status.UNKNOWN) for milestone_id in stage_ids
    }

    def ids_with(status: Status) -> tuple[str, ...]:
        return tuple(milestone_id for milestone_id, found in stage_statuses.items() if found is status)

    achieved = ids_with(Status.ACHIEVED)
    return AreaPlacement(
        area_id=area_id,
        stage=stage,
        progress=len(achieved) / len(stage_ids),
        achieved=achieved,
        in_progress=ids_with(Status.IN_PROGRESS),
        not_started=ids_with(Status.NOT_STARTED),
        unknown=ids_with(Status.UNKNOWN),
        unmet=tuple(milestone_id for milestone_id in stage_ids if milestone_id not in achieved),
    )


def place_venture(fw: Framework, statuses: Mapping[str, StatusLike]) -> Profile:
    """The placement of every area from one mapping of milestone id to status."""
    known_statuses = _parse_statuses(fw, statuses)
    return Profile(areas={area_id: place_area(fw, area_id, known_statuses) for area_id in fw.area_ids})


def _parse_statuses(fw: Framework, statuses: Mapping[str, StatusLike]) -> dict[str, Status]:
    unknown_ids = sorted(milestone_id for milestone_id in statuses if not fw.has_milestone(milestone_id))
    if unknown_ids:
        raise ValueError(f"unknown milestone id(s): {', '.join(map(str, unknown_ids))}")
    return {milestone_id: Status.parse(status) for milestone_id, status in statuses.items()}


def _current_stage(fw: Framework, area_id: str, statuses: Mapping[str, Status]) -> int:
    for stage in STAGE_NUMBERS:
        milestones = fw.milestones_for(area_id, stage)
        if not all(statuses.get(milestone.id) is Status.ACHIEVED for milestone in milestones):
            return stage
    # Stage 3 has no end: an area with every milestone achieved keeps improving there.
    return STAGE_NUMBERS[-1]
