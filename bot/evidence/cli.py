"""The batch interface: JSON lines in ({"id", "area", "question", "text", "milestone"?}), one
JSON line out per input line, in order ({"id", "milestones": {milestone id: status}})."""
from __future__ import annotations

import json
import sys
from typing import IO, Iterable, Optional

AREAS = ("product", "people", "impact", "users", "revenue")


class BadRecord(ValueError):
    """An input line the mapper cannot read; the message says why."""


def parse_record(line: str) -> dict:
    if not line.strip():
        raise BadRecord("empty line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadRecord(f"not valid JSON: {error.msg}") from None
    if not isinstance(record, dict):
        raise BadRecord("expected a JSON object")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise BadRecord("'text' must be a string")
    for field in ("question", "milestone", "area"):
        if record.get(field) is not None and not isinstance(record[field], str):
            raise BadRecord(f"'{field}' must be a string")
    return record


def map_record(mapper, record: dict) -> dict:
    """The milestones one record gives evidence about, as {milestone id: status value}."""
    found = mapper.map_answer(
        record.get("text") or "",
        area=record.get("area") or "",
        question=record.get("question"),
        milestone=record.get("milestone"),
    )
    return {evidence.milestone_id: evidence.status.value for evidence in found}


def _record_id(line: str) -> Optional[object]:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("id") if isinstance(record, dict) else None


def map_line(mapper, line: str) -> dict:
    try:
        record = parse_record(line)
        return {"id": record.get("id"), "milestones": map_record(mapper, record)}
    except BadRecord as error:
        return {"id": _record_id(line), "milestones": {}, "error": str(error)}
    except Exception as error:  # one bad answer must not end a batch of thousands
        return {"id": _record_id(line), "milestones": {}, "error": f"could not map this answer: {error}"}


def run(lines: Iterable[str], out: IO[str], mapper=None) -> int:
    """Map every non-blank line; return how many lines had an error."""
    if mapper is None:
        from bot.evidence.mapper import load_mapper

        mapper = load_mapper()
    errors = 0
    for line in lines:
        result = map_line(mapper, line)
        errors += "error" in result
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return errors


def main() -> int:
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8")
    run(sys.stdin, sys.stdout)
    return 0
