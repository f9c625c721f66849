"""Reads the cue lexicons (cues.yml, status_cues.yml), checks them and compiles them for matching.

A broken lexicon is a programmer's error, so it fails loudly at load with the file and entry named.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.evidence.patterns import PatternError, PhraseIndex, compile_pattern, exact_words

HERE = Path(__file__).resolve().parent
MILESTONE_CUES_FILE = HERE / "cues.yml"
STATUS_CUES_FILE = HERE / "status_cues.yml"

CUE_KINDS = ("strong", "weak", "ask")
# Questions are short and their key words sit further apart ("changes based on what you learned").
QUESTION_GAP = 7
STATUS_KINDS = ("no_evidence", "yes", "no", "plan", "progress", "lead_progress", "done")


class LexiconError(ValueError):
    """cues.yml or status_cues.yml cannot be used."""


@dataclass(frozen=True)
class CueLabel:
    """What a matched milestone phrase stands for."""
    milestone_id: str
    kind: str  # strong | weak | ask


PASSING_MENTIONS_KEY = "passing_mentions"
SAME_EVIDENCE_KEY = "same_evidence"


@dataclass(frozen=True)
class Lexicon:
    milestone_ids: tuple
    passing_mentions: frozenset  # milestones whose cues count in another area's targeted answer
    same_evidence: dict  # milestone id -> the ids that share its evidence
    answer_cues: PhraseIndex  # strong and weak phrases, labelled CueLabel
    question_cues: PhraseIndex  # strong, weak and ask phrases, labelled CueLabel
    status_cues: PhraseIndex  # labelled with a STATUS_KINDS name


def _read_yaml(path: Path) -> dict:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(content, dict):
        raise LexiconError(f"{path.name}: expected a mapping at the top level")
    return content


def _compile(path: Path, entry: str, phrase) -> object:
    if not isinstance(phrase, str) or not phrase.strip():
        raise LexiconError(f"{path.name}: {entry}: every cue must be a non-empty string, got {phrase!r}")
    try:
        return compile_pattern(phrase)
    except PatternError as error:
        raise LexiconError(f"{path.name}: {entry}: {error}") from error


def _phrases(phrase_list) -> list:
    """Entries may hold several alternatives on one line (" | "); each stays one pattern."""
    return list(phrase_list or [])


def read_milestone_cues(path: Path = MILESTONE_CUES_FILE, known_ids=None) -> dict:
    """milestone id -> {kind: [phrases]}, checked against the known milestone ids when given."""
    content = _read_yaml(path)
    passing = content.pop(PASSING_MENTIONS_KEY, [])
    groups = content.pop(SAME_EVIDENCE_KEY, [])
    for milestone_id in [*passing, *(member for group in groups for member in group)]:
        if milestone_id not in content:
            raise LexiconError(f"{path.name}: {milestone_id} in {PASSING_MENTIONS_KEY}/{SAME_EVIDENCE_KEY} has no cues")
    for milestone_id, kinds in content.items():
        if known_ids is not None and milestone_id not in known_ids:
            raise LexiconError(f"{path.name}: {milestone_id}: not one of the framework's milestone ids")
        if not isinstance(kinds, dict) or not kinds.get("strong"):
            raise LexiconError(f"{path.name}: {milestone_id}: needs at least one 'strong' cue")
        unknown = set(kinds) - set(CUE_KINDS)
        if unknown:
            raise LexiconError(f"{path.name}: {milestone_id}: unknown cue kind(s) {sorted(unknown)}")
    if known_ids is not None:
        missing = sorted(set(known_ids) - set(content))
        if missing:
            raise LexiconError(f"{path.name}: no cues for milestone(s) {', '.join(missing)}")
    same_evidence = {member: tuple(other for other in group if other != member) for group in groups for member in group}
    return {**content, PASSING_MENTIONS_KEY: frozenset(passing), SAME_EVIDENCE_KEY: same_evidence}


def load_lexicon(known_ids=None) -> Lexicon:
    milestone_cues = read_milestone_cues(known_ids=known_ids)
    passing_mentions = milestone_cues.pop(PASSING_MENTIONS_KEY)
    same_evidence = milestone_cues.pop(SAME_EVIDENCE_KEY)
    answer_patterns, question_patterns = [], []
    for milestone_id, kinds in milestone_cues.items():
        for kind in CUE_KINDS:
            for phrase in _phrases(kinds.get(kind)):
                pattern = _compile(MILESTONE_CUES_FILE, f"{milestone_id}.{kind}", phrase)
                label = CueLabel(milestone_id, kind)
                question_patterns.append((label, pattern))
                if kind != "ask":
                    answer_patterns.append((label, pattern))
    status_content = _read_yaml(STATUS_CUES_FILE)
    unknown = set(status_content) - set(STATUS_KINDS)
    if unknown:
        raise LexiconError(f"{STATUS_CUES_FILE.name}: unknown status kind(s) {sorted(unknown)}")
    status_patterns = [
        (kind, exact_words(_compile(STATUS_CUES_FILE, kind, phrase)))
        for kind, phrase_list in status_content.items()
        for phrase in _phrases(phrase_list)
    ]
    return Lexicon(
        milestone_ids=tuple(milestone_cues),
        passing_mentions=passing_mentions,
        same_evidence=same_evidence,
        answer_cues=PhraseIndex(answer_patterns),
        question_cues=PhraseIndex(question_patterns, max_gap=QUESTION_GAP),
        status_cues=PhraseIndex(status_patterns, use_stems=False),
    )
