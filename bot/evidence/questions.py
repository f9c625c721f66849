"""Which milestone(s) a question asks about: cue phrases in the question plus word-vector
similarity to each milestone's own wording. An open question ("Tell me about your team") targets none."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import numpy

# Question words ("ask" cues) are written for questions; answer cues found in a question only
# hint, because questions name things ("feedback from commissioners") without asking about them.
CUE_WEIGHT = {"ask": 2.0, "strong": 0.75, "weak": 0.25}
MAX_CUE_SCORE = 4.0
SIMILARITY_WEIGHT = 3.0
SAME_AREA_BONUS = 1.0
# Without a cue word, similarity alone targets a milestone only when it beats the area's open
# question by this much.
SIMILARITY_MARGIN = 0.08
# Milestones scoring this close to the best, with cue words of their own, are asked about too
# (e.g. "key person" questions concern both product-3-3 and people-3-2).
TIE_MARGIN = 0.1
# Ways of asking about a whole area rather than one milestone, besides the area's own open question.
OPEN_TEMPLATES = (
    "Tell me about your {area}.",
    "Where are you at with your {area} right now?",
    "How are things going with the {area}?",
)
# Without a cue word, the best milestone must also clearly beat the next one.
CLEAR_WINNER = 0.03
# ...and be close to the milestone's own wording in absolute terms.
MIN_SIMILARITY = 0.75
# References named with this prefix stand for an area's open question, not a milestone.
OPEN_PREFIX = "open:"


@dataclass(frozen=True)
class MilestoneReference:
    reference_id: str  # a milestone id, or OPEN_PREFIX + area id
    area_id: str
    vectors: tuple  # unit vectors of the milestone's question, plain wording and text


@dataclass(frozen=True)
class QuestionScore:
    reference_id: str
    cue_score: float
    similarity: float
    total: float


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


def cue_scores(question_keys, area: str, lexicon, area_of) -> dict:
    scores: dict = {}
    seen = set()
    for label, pattern, _, _ in lexicon.question_cues.matches(question_keys):
        if (label.milestone_id, pattern.text) in seen:
            continue
        seen.add((label.milestone_id, pattern.text))
        if label.kind != "ask" and area_of(label.milestone_id) != area:
            continue
        scores[label.milestone_id] = scores.get(label.milestone_id, 0.0) + CUE_WEIGHT[label.kind]
    return {milestone_id: min(score, MAX_CUE_SCORE) for milestone_id, score in scores.items()}


def score_question(question_keys, question_doc, area: str, lexicon, references, area_of) -> list:
    """A QuestionScore per reference (milestones and open questions), best first."""
    cues = cue_scores(question_keys, area, lexicon, area_of)
    question_vector = content_vector(question_doc)
    scored = []
    for reference in references:
        similarity = max((float(question_vector @ vector) for vector in reference.vectors), default=0.0) if question_vector is not None else 0.0
        cue_score = cues.get(reference.reference_id, 0.0)
        if reference.area_id != area and cue_score == 0.0:
            continue
        bonus = SAME_AREA_BONUS if reference.area_id == area else 0.0
        total = cue_score + SIMILARITY_WEIGHT * max(similarity, 0.0) + bonus
        scored.append(QuestionScore(reference.reference_id, cue_score, similarity, total))
    return sorted(scored, key=lambda score: -score.total)


def targeted_milestones(scored: list) -> tuple:
    """The milestone ids a question targets, best first; () for an open question."""
    milestones = [score for score in scored if not score.reference_id.startswith(OPEN_PREFIX)]
    if not milestones:
        return ()
    best = milestones[0]
    open_similarity = max((s.similarity for s in scored if s.reference_id.startswith(OPEN_PREFIX)), default=0.0)
    runner_up = milestones[1].similarity if len(milestones) > 1 else 0.0
    if best.cue_score == 0.0 and (
        best.similarity < max(open_similarity + SIMILARITY_MARGIN, MIN_SIMILARITY) or best.similarity - runner_up < CLEAR_WINNER
    ):
        return ()
    ties = [s.reference_id for s in milestones[1:] if s.cue_score > 0 and s.total >= best.total - TIE_MARGIN]
    return (best.reference_id, *ties)


# Questions asked the negative way round: whether the venture would fail without someone, or
# hangs on one person or funder ("Would it all fall apart without you?", "Does delivery still
# depend on you?"). There a "yes" says the milestone is not reached. A negation or "less" before
# the words turns the question back ("less dependent on one funder", "so delivery doesn't fall apart").
_WHO_IT_HANGS_ON = r"(?:you|one|a single|any one|any single|a few|one or two|a couple|the founders?|your founders?|him|her|them|a handful|one person|one funder|a key)"
_NEGATIVE_WAY_ROUND = re.compile(
    r"\b(?:collapse|fall apart|fall over|fold|grind to a halt|go under|close down|shut down|be in trouble"
    rf"|depend(?:s|ent)? (?:on|upon) {_WHO_IT_HANGS_ON}|rel(?:y|ies|iant) (?:on|upon) {_WHO_IT_HANGS_ON}"
    rf"|hinges? on {_WHO_IT_HANGS_ON}|(?:all |still )?down to you)\b"
)
_TURNED_BACK = re.compile(r"\b(?:less|not|no longer|never)\b|n't\b")


def asks_the_negative_way_round(question: Optional[str]) -> bool:
    lowered = (question or "").lower().replace("\u2019", "'")
    match = _NEGATIVE_WAY_ROUND.search(lowered)
    return match is not None and not _TURNED_BACK.search(lowered[: match.start()])
