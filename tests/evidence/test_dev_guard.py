"""A guard against regressions on the project's own labelled answers (not a benchmark: the figures
live in bench/mapper_eval.py)."""
from __future__ import annotations

import pytest

from tests.evidence.conftest import DATA_DIR, read_jsonl

DEV_FILE = DATA_DIR / "answers_dev.jsonl"


@pytest.mark.skipif(not DEV_FILE.is_file(), reason="tests/data/answers_dev.jsonl is not there")
def test_achieved_is_rarely_claimed_where_the_founder_has_not_started(map_statuses):
    not_started, claimed_achieved = 0, 0
    for record in read_jsonl(DEV_FILE):
        found = map_statuses(record["text"], record["area"], record.get("question"), record.get("milestone"))
        for milestone_id, truth in record["labels"].items():
            if truth == "not_started":
                not_started += 1
                claimed_achieved += found.get(milestone_id) == "achieved"
    assert not_started > 0
    assert claimed_achieved / not_started < 0.10
