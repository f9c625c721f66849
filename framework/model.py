"""The Progressively framework as typed, immutable values: stages, areas, milestones, ways to
make progress and glossary terms, gathered in one `Framework` with lookups by id."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Optional

STAGE_NUMBERS = (1, 2, 3)


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    short_name: str
    summary: str
    description: str
    open_question: str
    why_asked: str
    # A read-only mapping, left out of the hash because mappings are unhashable.
    stage_descriptions: Mapping[int, str] = field(hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage_descriptions", MappingProxyType(dict(self.stage_descriptions)))


@dataclass(frozen=True)
class Milestone:
    id: str
    area_id: str
    stage: int
    number: int
    text: str
    plain: str
    question: str
    why_asked: str


@dataclass(frozen=True)
class Way:
    id: str
    area_id: str
    stage: int
    text: str
    milestone_ids: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    aliases: tuple[str, ...]
    definition: str

    @property
    def names(self) -> tuple[str, ...]:
        """The term first, then its aliases."""
        return (self.term, *self.aliases)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive pattern for a phrase as whole words: spaces and hyphens are
    interchangeable ("quasi experimental" = "quasi-experimental") and a plural 's' is allowed
    ("RCTs"), but the phrase never matches inside a longer word ("toc" in "stocks")."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
    body = r"[\s\-]*".join(words)
    return re.compile(rf"(?<!\w){body}(?:e?s)?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Framework:
    stages: tuple[Stage, ...]
    areas: tuple[Area, ...]
    milestones: tuple[Milestone, ...]
    ways: tuple[Way, ...]
    glossary: tuple[GlossaryTerm, ...]
    _areas_by_id: Mapping[str, Area] = field(init=False, repr=False, compare=False, hash=False)
    _milestones_by_id: Mapping[str, Milestone] = field(init=False, repr=False, compare=False, hash=False)
    _term_patterns: tuple[tuple[re.Pattern[str], GlossaryTerm], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_areas_by_id", MappingProxyType({area.id: area for area in self.areas}))
        milestones_by_id = {milestone.id: milestone for milestone in self.milestones}
        object.__setattr__(self, "_milestones_by_id", MappingProxyType(milestones_by_id))
        patterns = tuple(
            (_phrase_pattern(name), term) for term in self.glossary for name in term.names
        )
        object.__setattr__(self, "_term_patterns", patterns)

    @property
    def area_ids(self) -> tuple[str, ...]:
        """Area ids in guided order."""
        return tuple(area.id for area in self.areas)

    @property
    def milestone_ids(self) -> tuple[str, ...]:
        return tuple(milestone.id for milestone in self.milestones)

    def stage(self, number: int) -> Stage:
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise KeyError(f"unknown stage {number!r} (expected one of {STAGE_NUMBERS})")

    def area(self, area_id: str) -> Area:
        try:
            return self._areas_by_id[area_id]
        except KeyError:
            raise KeyError(f"unknown area {area_id!r} (known: {', '.join(self.area_ids)})") from None

    def milestone(self, milestone_id: str) -> Milestone:
        try:
            return self._milestones_by_id[milestone_id]
        except KeyError:
            raise KeyError(f"unknown milestone {milestone_id!r}") from None

    def has_milestone(self, milestone_id: str) -> bool:
        return milestone_id in self._milestones_by_id

    def milestones_for(self, area_id: str, stage: Optional[int] = None) -> tuple[Milestone, ...]:
        """The area's milestones in id order; only those of `stage` when it is given."""
        self.area(area_id)
        return tuple(
            milestone
            for milestone in self.milestones
            if milestone.area_id == area_id and (stage is None or milestone.stage == stage)
        )

    def ways_for(self, area_id: str, stage: Optional[int] = None) -> tuple[Way, ...]:
        """The area's ways to make progress in source order; only those of `stage` when given."""
        self.area(area_id)
        return tuple(
            way for way in self.ways if way.area_id == area_id and (stage is None or way.stage == stage)
        )

    def lookup_term(self, text: str) -> Optional[GlossaryTerm]:
        """The glossary term named in free text ("what's an RCT?"), or None. When several
        terms appear, the longest mention wins ("quasi-experimental study" over "study"),
        then the earliest."""
        best: Optional[tuple[int, int, GlossaryTerm]] = None
        for pattern, term in self._term_patterns:
            for match in pattern.finditer(text):
                rank = (-(match.end() - match.start()), match.start())
                if best is None or rank < best[:2]:
                    best = (*rank, term)
        return best[2] if best else None
