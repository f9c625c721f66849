"""The framework facts the mapper needs: milestone ids, their areas and targeted questions, and
each area's open question."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MilestoneCatalogue:
    milestones: tuple  # framework Milestone objects (id, area_id, question, ...)
    open_questions: dict  # area id -> the area's open question

    @property
    def ids(self) -> frozenset:
        return frozenset(milestone.id for milestone in self.milestones)

    def has(self, milestone_id: str) -> bool:
        return milestone_id in self.ids

    def area_of(self, milestone_id: str) -> str:
        return milestone_id.split("-", 1)[0]


def load_catalogue() -> MilestoneCatalogue:
    from framework import load_framework

    fw = load_framework()
    milestones = tuple(milestone for area in fw.areas for milestone in fw.milestones_for(area.id))
    return MilestoneCatalogue(milestones, {area.id: area.open_question for area in fw.areas})
