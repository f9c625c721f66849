"""Recommends ways to make progress: per area, the ways of its current stage ranked by the unmet
milestones they serve, each with a one-line reason; and a short cross-area list of next steps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from framework.model import Framework, Way
from framework.placement import AreaPlacement, Profile
from framework.status import Status

# A milestone already under way needs the help a little less than one not started or unknown;
# the weight stays above one half so that serving more unmet milestones always ranks higher.
_WEIGHT_BY_STATUS = {Status.NOT_STARTED: 1.0, Status.UNKNOWN: 1.0, Status.IN_PROGRESS: 0.75}


@dataclass(frozen=True)
class Recommendation:
    way: Way
    area_id: str
    serves: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "way_id": self.way.id,
            "area_id": self.area_id,
            "text": self.way.text,
            "serves": list(self.serves),
            "reason": self.reason,
        }


def recommend_area(fw: Framework, placement: AreaPlacement) -> list[Recommendation]:
    """The ways of the area's current stage that serve at least one unmet milestone, most
    useful first (ties keep the source order)."""
    scored = []
    for way in fw.ways_for(placement.area_id, placement.stage):
        serves = tuple(milestone_id for milestone_id in way.milestone_ids if milestone_id in placement.unmet)
        if not serves:
            continue
        score = sum(_WEIGHT_BY_STATUS[placement.status_of(milestone_id)] for milestone_id in serves)
        recommendation = Recommendation(
            way=way, area_id=placement.area_id, serves=serves, reason=_reason(fw, placement, serves)
        )
        scored.append((score, recommendation))
    # sorted() is stable, so equal scores keep the source order.
    return [recommendation for _, recommendation in sorted(scored, key=lambda pair: -pair[0])]


def next_steps(fw: Framework, profile: Profile, n: int = 3) -> list[Recommendation]:
    """Up to `n` recommendations across areas: areas in the lowest stage first (guided order
    among equals), taking one way from each area before a second from any."""
    areas_in_order = sorted(
        profile.areas.values(), key=lambda placement: (placement.stage, fw.area_ids.index(placement.area_id))
    )
    per_area = [recommend_area(fw, placement) for placement in areas_in_order]
    chosen: list[Recommendation] = []
    for round_index in range(max((len(recommendations) for recommendations in per_area), default=0)):
        for recommendations in per_area:
            if len(chosen) == n:
                return chosen
            if round_index < len(recommendations):
                chosen.append(recommendations[round_index])
    return chosen


def _reason(fw: Framework, placement: AreaPlacement, serves: tuple[str, ...]) -> str:
    """One line built from the milestones' plain phrases, worded by what we know of them."""

    def plain_phrases(status: Status) -> list[str]:
        return [fw.milestone(served).plain for served in serves if placement.status_of(served) is status]

    clauses = []
    if missing := plain_phrases(Status.NOT_STARTED):
        clauses.append(f"because you do not yet have {_join(missing)}")
    if started := plain_phrases(Status.IN_PROGRESS):
        clauses.append(f"to finish {_join(started)}")
    if unclear := plain_phrases(Status.UNKNOWN):
        clauses.append(f"in case you do not yet have {_join(unclear)}")
    return ", and ".join(clauses)


def _join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"
