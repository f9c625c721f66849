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
LEAD_WORDS = 4
# Making something, said in the progressive ("we're writing it", "she's building the app"): work
# under way. Running or delivering in the progressive is just the service operating, so not here.
MAKING_VERBS = {
    "write", "draft", "build", "develop", "design", "create", "test", "trial", "pilot", "explore",
    "recruit", "hire", "negotiate", "discuss", "rework", "rebuild", "redesign", "rewrite", "map",
    "prepare", "finalise", "finalize", "set", "put", "pull", "move", "migrate", "review", "update",
    "document", "formalise", "formalize", "learn", "figure", "sort", "research", "interview", "work",
    "talk", "train",
}
# Intentions count only when they are the founder's own ("we'll ...", not "they'll commission us").
OWN_SUBJECTS = {"we", "i", "it", "there", "us", "you"}
PLAN_NOUNS = {"wishlist", "wish", "list", "roadmap", "backlog", "pipeline", "todo", "to-do"}


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


def _in_relative_clause(token) -> bool:
    """"the damp that nobody's fixing": a negation inside a relative clause describes a thing,
    it does not deny the founder's claim."""
    current = token
    for _ in range(6):
        if current.dep_ in ("relcl", "acl"):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def negation_positions(doc) -> set:
    positions = set()
    for token in doc:
        if _in_relative_clause(token):
            continue
        lower = token.lower_.replace("’", "'")
        if not (token.dep_ == "neg" or lower in NEGATION_WORDS):
            continue
        following = token.nbor(1).lower_ if token.i + 1 < len(doc) else ""
        if (lower, following) in NEGATION_EXCEPTIONS or (lower == "n't" and following in ("only", "just")):
            continue
        positions.add(token.i)
    return positions


def progressive_making(doc) -> list:
    """("progress", i, i + 1) for each verb of making in the progressive aspect."""
    found = []
    for token in doc:
        making = token.lemma_.lower() in MAKING_VERBS or (token.lemma_ == "do" and any(c.dep_ == "dobj" for c in token.children))
        if token.tag_ != "VBG" or not making:
            continue
        if any(child.dep_ in ("aux", "auxpass") and child.lemma_ == "be" for child in token.children):
            found.append(("progress", token.i, token.i + 1))
    return found


def is_own_intention(doc, start: int, end: int) -> bool:
    """False when a plan word belongs to someone else's clause ("they'll commission us")."""
    span = doc[start:end]
    if any(token.lower_ in PLAN_NOUNS for token in span):
        return True
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for candidate in (verb, verb.head):
        subjects = [child for child in candidate.children if child.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects:
            return subjects[0].lower_ in OWN_SUBJECTS
        if candidate.dep_ not in ("xcomp", "aux", "conj"):
            break
    return True


def lead_reply(doc, status_matches) -> Optional[str]:
    """The kind of a short opening reply ("Yes,", "Not yet.", "Partly -"), or None."""
    words = []
    for token in doc:
        if token.is_punct and words:
            break
        if not token.is_punct:
            words.append(token)
        if len(words) > LEAD_WORDS:
            return None
    if not words:
        return None
    end = words[-1].i + 1
    kinds = {kind for kind, start, match_end in status_matches if start < end and match_end <= end}
    for kind in ("no_evidence", "progress", "lead_progress", "no", "plan", "yes"):
        if kind in kinds:
            return "progress" if kind == "lead_progress" else kind
    return None


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


def is_plain_statement(reading: SegmentReading) -> bool:
    """A statement with no word about progress at all: it counts as done only when nothing
    else in the answer says otherwise ("We haven't changed anything yet, we've run it once")."""
    return not reading.negated and not (reading.kinds & {"progress", "no", "plan", "yes", "no_evidence"})


LEAD_STATUS = {"yes": Status.ACHIEVED, "no": Status.NOT_STARTED, "plan": Status.NOT_STARTED, "progress": Status.IN_PROGRESS}


def combine(readings: Sequence[SegmentReading], lead: Optional[Status] = None) -> Optional[Status]:
    """One status from the segments that speak about a milestone, in answer order."""
    statuses = [(reading, segment_status(reading)) for reading in readings]
    statuses = [(reading, status) for reading, status in statuses if status is not None]
    turned = [status for reading, status in statuses if reading.segment.opens_with_contrast]
    if lead is not None:
        later = [status for reading, status in statuses if not is_plain_statement(reading)]
        if lead is Status.ACHIEVED and (Status.IN_PROGRESS in later or Status.NOT_STARTED in turned):
            return Status.IN_PROGRESS
        if lead is Status.NOT_STARTED and Status.IN_PROGRESS in turned:
            return Status.IN_PROGRESS
        return lead
    explicit = [status for reading, status in statuses if not is_plain_statement(reading)]
    if not statuses:
        return None
    if not explicit:
        return Status.ACHIEVED
    if Status.IN_PROGRESS in explicit:
        return Status.IN_PROGRESS
    if Status.ACHIEVED in explicit and Status.NOT_STARTED in explicit:
        return Status.IN_PROGRESS
    return explicit[0]
