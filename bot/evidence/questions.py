"""Which milestone(s) a question asks about: cue phrases in the question plus word-vector
similarity to each milestone's own targeted question. An open question targets none."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy

ASK_WEIGHT = {"ask": 2.0, "strong": 1.5, "weak": 0.5}
SIMILARITY_WEIGHT = 4.0
SAME_AREA_BONUS = 1.0
# A question is targeted when its best milestone clearly beats the area's open question.
MIN_TARGET_SCORE = 3.4
# Milestones scoring this close to the best are asked about too (e.g. "key person" questions
# concern both product-3-3 and people-3-2).
TIE_MARGIN = 0.35
# References named with this prefix stand for an area's open question, not a milestone.
OPEN_PREFIX = "open:"


@dataclass(frozen=True)
class MilestoneReference:
    milestone_id: str
    area_id: str
    vector: numpy.ndarray


def content_vector(doc) -> Optional[numpy.ndarray]:
    """Mean vector of content words, normalised; None when no word has a vector."""
    vectors = [token.vector for token in doc if token.has_vector and not token.is_stop and not token.is_punct]
    if not vectors:
        vectors = [token.vector for token in doc if token.has_vector and not token.is_punct]
    if not vectors:
        return None
    mean = numpy.mean(vectors, axis=0)
    norm = numpy.linalg.norm(mean)
    return mean / norm if norm else None


def score_question(question_keys, question_doc, area: str, lexicon, references, cue_area) -> dict:
    """milestone id -> score for the question text."""
    scores: dict = {}
    seen = set()
    for label, pattern, _, _ in lexicon.question_cues.matches(question_keys):
        if (label.milestone_id, pattern.text) in seen:
            continue
        seen.add((label.milestone_id, pattern.text))
        if label.kind == "weak" and cue_area(label.milestone_id) != area:
            continue
        scores[label.milestone_id] = scores.get(label.milestone_id, 0.0) + ASK_WEIGHT[label.kind]
    question_vector = content_vector(question_doc)
    for reference in references:
        similarity = float(question_vector @ reference.vector) if question_vector is not None else 0.0
        bonus = SAME_AREA_BONUS if reference.area_id == area else 0.0
        cue_score = min(scores.get(reference.milestone_id, 0.0), 4.0)
        scores[reference.milestone_id] = cue_score + SIMILARITY_WEIGHT * max(similarity, 0.0) + bonus
    return scores


def targeted_milestones(scores: dict) -> tuple:
    """The milestone ids a question targets, best first; () for an open question."""
    if not scores:
        return ()
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best_id, best_score = ranked[0]
    if best_score < MIN_TARGET_SCORE or best_id.startswith(OPEN_PREFIX):
        return ()
    return tuple(
        milestone_id for milestone_id, score in ranked
        if score >= best_score - TIE_MARGIN and not milestone_id.startswith(OPEN_PREFIX)
    )
