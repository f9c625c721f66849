"""NLU cross-validation: trains the pipeline of config.yml on k-1 folds of data/nlu.yml, tests on the
held-out fold, and prints the intent macro F1 over the intents in the data (target >= 0.95).

    .venv/bin/python bench/nlu_cv.py [--folds 3] [--confusions 10]

A message the FallbackClassifier sends to nlu_fallback counts as a miss for its true intent.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUTPUT_DIR = PROJECT_ROOT / "var" / "nlu-cv"
SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}
TARGET_F1 = 0.95


def run_cross_validation(folds: int) -> None:
    command = [
        str(PROJECT_ROOT / ".venv" / "bin" / "rasa"), "test", "nlu",
        "--nlu", "data/nlu.yml", "--config", "config.yml",
        "--cross-validation", "--folds", str(folds),
        "--out", str(OUTPUT_DIR), "--no-plot", "--quiet",
    ]
    environment = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    finished = subprocess.run(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if finished.returncode != 0:
        sys.exit(f"rasa test nlu failed ({finished.returncode}):\n" + "\n".join(finished.stderr.splitlines()[-15:]))


def intent_scores(report: dict) -> dict[str, dict]:
    """Per-intent rows of the report, only for intents that have test examples."""
    return {
        intent: row
        for intent, row in report.items()
        if intent not in SUMMARY_KEYS and isinstance(row, dict) and row.get("support", 0) > 0
    }


def most_common_confusions(errors: list[dict], limit: int) -> list[tuple[tuple[str, str], int]]:
    """(true intent, predicted intent) pairs among the misclassified test messages, most frequent first."""
    pairs = Counter((error["intent"], (error.get("intent_prediction") or {}).get("name") or "?") for error in errors)
    return pairs.most_common(limit)


def print_confusions(limit: int) -> None:
    errors_path = OUTPUT_DIR / "intent_errors.json"
    errors = json.loads(errors_path.read_text()) if errors_path.exists() else []
    if not errors or limit <= 0:
        return
    print(f"most common confusions (true -> predicted), {len(errors)} misclassified messages:")
    for (true_intent, predicted_intent), count in most_common_confusions(errors, limit):
        print(f"  {count:3d}  {true_intent} -> {predicted_intent}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3, help="number of cross-validation folds")
    parser.add_argument("--confusions", type=int, default=10, help="how many confused intent pairs to list")
    arguments = parser.parse_args()
    started = time.monotonic()
    run_cross_validation(arguments.folds)
    report = json.loads((OUTPUT_DIR / "intent_report.json").read_text())
    scores = intent_scores(report)
    macro_f1 = sum(row["f1-score"] for row in scores.values()) / len(scores)
    print(f"NLU cross-validation, {arguments.folds} folds, {len(scores)} intents ({time.monotonic() - started:.0f} s)")
    for intent, row in sorted(scores.items(), key=lambda item: item[1]["f1-score"]):
        print(f"  {intent:22s} F1 {row['f1-score']:.3f}  (support {row['support']})")
    print(f"intent macro F1: {macro_f1:.3f} (target >= {TARGET_F1}); accuracy {report.get('accuracy', float('nan')):.3f}")
    print_confusions(arguments.confusions)
    print(f"errors: {OUTPUT_DIR / 'intent_errors.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
