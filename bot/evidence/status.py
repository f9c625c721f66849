"""How far along a milestone is, read from the clause that mentions it.

An answer is cut into segments (clauses, roughly): sentences, split again at contrast words
("but", "although"), semicolons, and commas that open a new clause with its own subject. Each
segment is read for negation (from the dependency parse), bare plans, work under way and hedges;
the statuses of the segments that speak about a milestone are then combined.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from framework.status import Status

CONTRAST_WORDS = {"but", "although", "though", "however", "whereas", "except", "apart"}
CLAUSE_SUBJECTS = {"we", "i", "they", "it", "there", "he", "she", "that", "this", "you", "everything", "nothing", "nobody"}
NEGATION_WORDS = {"no", "not", "n't", "never", "nothing", "none", "nobody", "neither", "nor", "nowhere", "nope", "nah", "cannot"}
# Negations that do not deny: "not only", "no longer reliant", "no doubt".
NEGATION_EXCEPTIONS = {("not", "only"), ("not", "just"), ("no", "longer"), ("no", "doubt"), ("no", "matter"), ("not", "least")}
SHORT_SEGMENT = 6


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    sentence: int
    opens_with_contrast: bool
    is_question: bool
    is_first: bool


@dataclass(frozen=True)
class SegmentReading:
    """What one segment says about progress, independent of any milestone."""
    segment: Segment
    kinds: frozenset  # status cue kinds found: no_evidence, yes, no, plan, progress, done
    negated: bool
    hard_not_started: bool


def split_segments(doc) -> list:
    segments = []
    for sentence_number, sentence in enumerate(doc.sents):
        start = sentence.start
        contrast = False
        for token in sentence:
            if token.i == sentence.start:
                continue
            boundary = _is_boundary(token, sentence)
            if boundary and token.i > start:
                segments.append(_segment(doc, start, token.i, sentence_number, contrast, segments))
                start = token.i
                contrast = token.lower_ in CONTRAST_WORDS
        if sentence.end > start:
            segments.append(_segment(doc, start, sentence.end, sentence_number, contrast, segments))
    return segments


def _is_boundary(token, sentence) -> bool:
    lower = token.lower_
    if lower in CONTRAST_WORDS and token.dep_ in ("cc", "mark", "advmod", "prep", "ROOT") and not _is_fixed_phrase(token):
        return True
    if lower in (";", ":", "—", "–") or (lower == "-" and token.whitespace_ and token.i > 0 and token.nbor(-1).whitespace_):
        return True
    previous = token.nbor(-1) if token.i > sentence.start else None
    if previous is not None and previous.lower_ == ",":
        if lower in CLAUSE_SUBJECTS and token.dep_ in ("nsubj", "nsubjpass", "expl"):
            return True
        if lower == "so" and token.dep_ in ("cc", "advmod", "mark"):
            return True
    return False


def _is_fixed_phrase(token) -> bool:
    """'but' inside "not only ... but", "all but": not a turn in the argument."""
    if token.lower_ == "apart":
        return False
    return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "also"


def _segment(doc, start, end, sentence_number, contrast, earlier) -> Segment:
    text_tokens = [token for token in doc[start:end] if not token.is_space]
    is_question = bool(text_tokens) and any(token.text == "?" for token in text_tokens[-2:])
    return Segment(start, end, sentence_number, contrast, is_question, is_first=not earlier)


def negation_positions(doc) -> set:
    positions = set()
    for token in doc:
        lower = token.lower_.replace("’", "'")
        if not (token.dep_ == "neg" or lower in NEGATION_WORDS):
            continue
        following = token.nbor(1).lower_ if token.i + 1 < len(doc) else ""
        if (lower, following) in NEGATION_EXCEPTIONS or (lower == "n't" and following in ("only", "just")):
            continue
        positions.add(token.i)
    return positions


def read_segment(segment: Segment, status_matches: Sequence, negations: set, consumed: set) -> SegmentReading:
    """status_matches: (kind, start, end) already pruned of matches nested in longer ones."""
    inside = [(kind, start, end) for kind, start, end in status_matches if segment.start <= start < segment.end]
    kinds = frozenset(kind for kind, _, _ in inside)
    covered = {position for kind, start, end in inside if kind == "progress" for position in range(start, end)}
    negated = any(segment.start <= position < segment.end and position not in consumed and position not in covered for position in negations)
    hard_not = any(
        kind == "plan" and any(position in negations for position in range(start, end)) for kind, start, end in inside
    )
    return SegmentReading(segment, kinds, negated, hard_not)


def segment_status(reading: SegmentReading) -> Optional[Status]:
    """The status a segment gives to what it speaks about; None when it gives no evidence."""
    if reading.segment.is_question or ("no_evidence" in reading.kinds and "yes" not in reading.kinds):
        return None
    if reading.hard_not_started:
        return Status.NOT_STARTED
    if "progress" in reading.kinds:
        return Status.IN_PROGRESS
    if reading.negated or "no" in reading.kinds:
        return Status.NOT_STARTED
    if "plan" in reading.kinds:
        return Status.NOT_STARTED
    return Status.ACHIEVED


def lead_status(reading: Optional[SegmentReading], token_count: int) -> Optional[Status]:
    """A short opening reply ("Yes,", "Not yet.", "Partly.") answers a targeted question directly."""
    if reading is None or token_count > SHORT_SEGMENT:
        return None
    return segment_status(reading)


def combine(statuses: Sequence[Optional[Status]], lead: Optional[Status] = None, contrast_statuses: Sequence = ()) -> Optional[Status]:
    """One status from the segments that speak about a milestone, in answer order."""
    given = [status for status in statuses if status is not None]
    if lead is not None:
        rest = given[1:] if given and given[0] == lead else given
        if lead is Status.ACHIEVED and any(status is Status.IN_PROGRESS for status in rest):
            return Status.IN_PROGRESS
        if lead is Status.ACHIEVED and any(status is not None and status is not Status.ACHIEVED for status in contrast_statuses):
            return Status.IN_PROGRESS
        if lead is Status.NOT_STARTED and any(status is Status.IN_PROGRESS for status in rest):
            return Status.IN_PROGRESS
        return lead
    if not given:
        return None
    if Status.IN_PROGRESS in given:
        return Status.IN_PROGRESS
    if Status.ACHIEVED in given and Status.NOT_STARTED in given:
        return Status.IN_PROGRESS
    return given[0]
