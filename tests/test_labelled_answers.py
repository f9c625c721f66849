"""Checks that Waypoint's own labelled founder answers (tests/data/) are well-formed and cover
the framework, so the mapper's figures measured on them mean something."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).parent / "data"
DEV_FILE = DATA_DIR / "answers_dev.jsonl"
HOLDOUT_FILE = DATA_DIR / "answers_holdout.jsonl"
MILESTONES_MD = Path("/work/shared/framework/milestones.md")

AREAS = ("product", "people", "impact", "users", "revenue")
# Labels say what an answer gives evidence about; "unknown" is expressed by leaving a milestone out.
LABEL_STATUSES = {"achieved", "in_progress", "not_started"}
EXPECTED_KEYS = {"id", "area", "question", "text", "labels"}
MIN_TOTAL_ANSWERS = 300
MIN_DEV_ANSWERS = 230
MIN_HOLDOUT_ANSWERS = 110
MIN_LABELS_PER_MILESTONE = 4
SHORT_REPLY_WORDS = 3


@dataclass(frozen=True)
class LabelledFile:
    path: Path
    id_prefix: str
    min_answers: int


LABELLED_FILES = (
    LabelledFile(DEV_FILE, "d", MIN_DEV_ANSWERS),
    LabelledFile(HOLDOUT_FILE, "h", MIN_HOLDOUT_ANSWERS),
)


def canonical_milestone_ids() -> set[str]:
    """The 54 ids from the framework data when it loads, else from the shared milestones.md."""
    try:
        from framework import load_framework

        return {milestone.id for milestone in load_framework().milestones}
    except ImportError:
        text = MILESTONES_MD.read_text(encoding="utf-8")
        return set(re.findall(r"^- ((?:product|people|impact|users|revenue)-[123]-\d+) ", text, re.M))


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_answers(path: Path) -> list[dict]:
    return [json.loads(line) for line in read_lines(path)]


@pytest.fixture(scope="module")
def milestone_ids() -> set[str]:
    return canonical_milestone_ids()


@pytest.fixture(scope="module")
def all_answers() -> list[dict]:
    return [answer for labelled in LABELLED_FILES for answer in read_answers(labelled.path)]


def test_framework_has_the_54_canonical_milestones(milestone_ids):
    assert len(milestone_ids) == 54


@pytest.mark.parametrize("labelled", LABELLED_FILES, ids=lambda f: f.path.name)
def test_every_line_is_a_json_object_with_the_expected_keys(labelled):
    for number, line in enumerate(read_lines(labelled.path), start=1):
        try:
            answer = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{labelled.path.name}:{number}: not valid JSON ({error})")
        assert isinstance(answer, dict), f"{labelled.path.name}:{number}: not an object"
        assert set(answer) == EXPECTED_KEYS, f"{labelled.path.name}:{number}: keys {sorted(answer)}"


@pytest.mark.parametrize("labelled", LABELLED_FILES, ids=lambda f: f.path.name)
def test_ids_carry_the_prefix_of_their_file(labelled):
    pattern = re.compile(rf"^{labelled.id_prefix}\d{{3}}$")
    bad_ids = [a["id"] for a in read_answers(labelled.path) if not pattern.match(str(a["id"]))]
    assert bad_ids == []


@pytest.mark.parametrize("labelled", LABELLED_FILES, ids=lambda f: f.path.name)
def test_each_file_holds_enough_answers(labelled):
    assert len(read_answers(labelled.path)) >= labelled.min_answers


def test_ids_are_unique_across_both_files(all_answers):
    repeated = [answer_id for answer_id, count in Counter(a["id"] for a in all_answers).items() if count > 1]
    assert repeated == []


def test_there_are_at_least_300_answers_in_total(all_answers):
    assert len(all_answers) >= MIN_TOTAL_ANSWERS


def test_every_answer_names_a_known_area(all_answers):
    unknown = [(a["id"], a["area"]) for a in all_answers if a["area"] not in AREAS]
    assert unknown == []


def test_every_answer_has_a_question_and_a_text(all_answers):
    empty = [
        a["id"]
        for a in all_answers
        if not (isinstance(a["question"], str) and a["question"].strip())
        or not (isinstance(a["text"], str) and a["text"].strip())
    ]
    assert empty == []


def test_labels_use_only_canonical_milestone_ids(all_answers, milestone_ids):
    unknown = [(a["id"], m) for a in all_answers for m in a["labels"] if m not in milestone_ids]
    assert unknown == []


def test_labels_use_only_evidence_statuses(all_answers):
    invalid = [
        (a["id"], milestone_id, status)
        for a in all_answers
        for milestone_id, status in a["labels"].items()
        if status not in LABEL_STATUSES
    ]
    assert invalid == []


def test_every_milestone_is_labelled_at_least_four_times(all_answers, milestone_ids):
    label_counts = Counter(m for a in all_answers for m in a["labels"])
    too_few = {m: label_counts[m] for m in sorted(milestone_ids) if label_counts[m] < MIN_LABELS_PER_MILESTONE}
    assert too_few == {}


def test_some_answers_give_no_evidence_at_all(all_answers):
    # Without answers labelled {} the set could not show a mapper that guesses on every reply.
    no_evidence = [a for a in all_answers if a["labels"] == {}]
    assert len(no_evidence) >= len(all_answers) // 20


def normalised_text(text: str) -> str:
    """Case, spacing and punctuation do not make two answers different; emoji-only replies keep their emoji."""
    words = " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())
    return words or text.strip()


def test_no_answer_text_appears_in_both_files():
    # The held-out file measures generalisation only if none of its answers were seen while tuning.
    dev_texts = {normalised_text(a["text"]) for a in read_answers(DEV_FILE)}
    holdout_texts = {normalised_text(a["text"]) for a in read_answers(HOLDOUT_FILE)}
    assert sorted(dev_texts & holdout_texts) == []


@pytest.mark.parametrize("labelled", LABELLED_FILES, ids=lambda f: f.path.name)
def test_longer_answers_are_not_repeated_within_a_file(labelled):
    # Short replies ("yes", "not yet") recur on purpose: they are labelled by the question asked.
    texts = Counter(normalised_text(a["text"]) for a in read_answers(labelled.path))
    repeated = sorted(text for text, count in texts.items() if count > 1 and len(text.split()) > SHORT_REPLY_WORDS)
    assert repeated == []
