"""Scores the answer-to-milestone mapper against labelled answers (format: ../shared/eval/README.md).

    python bench/mapper_eval.py [labelled.jsonl ...] [--predictions FILE] [--errors]

With no file: the shared dev sample, tests/data/answers_dev.jsonl and tests/data/answers_holdout.jsonl,
each reported on its own when present. Predictions come from the mapper in-process, through the same
code as `python -m bot.evidence`, or from a file of that CLI's output lines (--predictions).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_FILES = (
    ROOT.parent / "shared" / "eval" / "dev_sample.jsonl",
    ROOT / "tests" / "data" / "answers_dev.jsonl",
    ROOT / "tests" / "data" / "answers_holdout.jsonl",
)
ACHIEVED = "achieved"


@dataclass
class Scores:
    answers: int = 0
    labelled_pairs: int = 0
    correct_pairs: int = 0
    true_achieved: int = 0
    predicted_achieved: int = 0
    labelled_achieved: int = 0
    not_started_labels: int = 0
    achieved_on_not_started: int = 0
    mistakes: list = field(default_factory=list)

    def add(self, record: dict, predicted: dict) -> None:
        labels = record.get("labels") or {}
        self.answers += 1
        for milestone_id, truth in labels.items():
            self.labelled_pairs += 1
            self.correct_pairs += predicted.get(milestone_id) == truth
            self.labelled_achieved += truth == ACHIEVED
            if truth == "not_started":
                self.not_started_labels += 1
                self.achieved_on_not_started += predicted.get(milestone_id) == ACHIEVED
        for milestone_id, status in predicted.items():
            if status == ACHIEVED:
                self.predicted_achieved += 1
                self.true_achieved += labels.get(milestone_id) == ACHIEVED
        if predicted != labels:
            self.mistakes.append((record, predicted))

    @property
    def precision(self) -> float:
        return self.true_achieved / self.predicted_achieved if self.predicted_achieved else 0.0

    @property
    def recall(self) -> float:
        return self.true_achieved / self.labelled_achieved if self.labelled_achieved else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct_pairs / self.labelled_pairs if self.labelled_pairs else 0.0

    @property
    def false_achieved_rate(self) -> float:
        return self.achieved_on_not_started / self.not_started_labels if self.not_started_labels else 0.0


def read_jsonl(path: Path) -> list:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(records: list, predictions: dict) -> Scores:
    scores = Scores()
    for record in records:
        scores.add(record, predictions.get(record["id"], {}))
    return scores


def predict_in_process(records: list) -> dict:
    from bot.evidence.cli import map_line
    from bot.evidence.mapper import load_mapper

    mapper = load_mapper()
    predictions = {}
    for record in records:
        query = {key: record[key] for key in ("id", "area", "question", "text", "milestone") if key in record}
        predictions[record["id"]] = map_line(mapper, json.dumps(query))["milestones"]
    return predictions


def predictions_from_file(path: Path) -> dict:
    return {row["id"]: row.get("milestones", {}) for row in read_jsonl(path)}


def report(name: str, scores: Scores, show_errors: bool) -> None:
    print(f"== {name}: {scores.answers} answers, {scores.labelled_pairs} labelled pairs")
    print(f"   achieved  precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}"
          f"   ({scores.true_achieved} right of {scores.predicted_achieved} predicted, {scores.labelled_achieved} labelled)")
    print(f"   status accuracy over labelled pairs {scores.accuracy:.3f}  ({scores.correct_pairs}/{scores.labelled_pairs})")
    print(f"   achieved predicted on not_started {scores.false_achieved_rate:.3f}"
          f"  ({scores.achieved_on_not_started}/{scores.not_started_labels})")
    if show_errors:
        for record, predicted in scores.mistakes:
            print(f"   - {record['id']} [{record['area']}] Q: {record.get('question', '')}")
            print(f"     A: {record['text'][:300]}")
            print(f"     truth {record.get('labels')}  predicted {predicted}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="labelled JSON lines files")
    parser.add_argument("--predictions", type=Path, help="score this CLI output instead of running the mapper")
    parser.add_argument("--errors", action="store_true", help="list every answer the mapper got wrong")
    arguments = parser.parse_args(argv)
    files = arguments.files or [path for path in DEFAULT_FILES if path.is_file()]
    if not files:
        parser.error("no labelled file given and none of the default ones exists")
    for path in files:
        records = read_jsonl(path)
        predictions = predictions_from_file(arguments.predictions) if arguments.predictions else predict_in_process(records)
        report(str(path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path), score(records, predictions), arguments.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
