"""Which piece of evidence decides a milestone's status when there are several.

The rule: for each milestone, evidence the founder confirmed (a confirmation, a correction, an
answer to a targeted question) beats what the mapper inferred on its own; among pieces of equal
standing, the latest one (highest id, i.e. recorded last) wins. So a founder's later correction
replaces their earlier confirmation, and a later mapper guess never undoes a confirmation.
"""
from __future__ import annotations

from typing import Iterable, Protocol

from framework.status import Status


class EvidenceLike(Protocol):
    id: int
    milestone_id: str
    status: Status
    confirmed: bool


def deciding_evidence(evidence: Iterable[EvidenceLike]) -> dict[str, EvidenceLike]:
    """milestone id -> the piece of evidence that decides its status."""
    deciding: dict[str, EvidenceLike] = {}
    for piece in evidence:
        current = deciding.get(piece.milestone_id)
        if current is None or _standing(piece) > _standing(current):
            deciding[piece.milestone_id] = piece
    return deciding


def statuses_from_evidence(evidence: Iterable[EvidenceLike]) -> dict[str, Status]:
    return {milestone_id: piece.status for milestone_id, piece in sorted(deciding_evidence(evidence).items())}


def _standing(piece: EvidenceLike) -> tuple[bool, int]:
    return (bool(piece.confirmed), piece.id)
