"""NLU intent quality, two figures (target >= 0.95 for the first):

1. cross-validation: trains the pipeline of config.yml on k-1 folds of all NLU training data in
   data/ (every data/nlu*.yml, the same data `rasa train` uses) and tests on the held-out fold;
2. held-out: trains once on all of data/ and tests on tests/data/nlu_holdout.yml, messages written
   apart from the training data. It shows how the classifier does on new wording; it is a check,
   not something to tune the training data against.

    .venv/bin/python bench/nlu_cv.py [--folds 3] [--seed N] [--confusions 10] [--skip-holdout | --holdout-only]

Rasa shuffles the folds differently on each run (about +-0.005 in macro F1); --seed fixes the split,
for comparing two configurations on the same folds.

F1 scores the intent the classifier ranked first, also for a message the FallbackClassifier sent to
nlu_fallback (this is how `rasa test nlu` scores); the bench prints separately how many test
messages fell below the fallback threshold, which in a conversation get a clarifying question.
Rasa runs through bench/rasa_eval.py, which only makes that undoing of fallbacks cheap and counts
them. Models and reports go to var/ (never models/rasa).
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
from typing import Optional

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TRAINING_DATA = "data"
HOLDOUT_DATA = "tests/data/nlu_holdout.yml"
CV_OUTPUT_DIR = PROJECT_ROOT / "var" / "nlu-cv"
HOLDOUT_MODEL_DIR = PROJECT_ROOT / "var" / "nlu-holdout-model"
HOLDOUT_OUTPUT_DIR = PROJECT_ROOT / "var" / "nlu-holdout"
HOLDOUT_MODEL_NAME = "nlu-holdout"
CV_FALLBACK_COUNT = PROJECT_ROOT / "var" / "nlu-cv-fallbacks.json"
HOLDOUT_FALLBACK_COUNT = PROJECT_ROOT / "var" / "nlu-holdout-fallbacks.json"
SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}
TARGET_F1 = 0.95


def run_rasa(arguments: list[str], fallback_count_file: Optional[Path] = None, seed: Optional[int] = None) -> None:
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "bench.rasa_eval", *arguments]
    environment = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    if fallback_count_file is not None:
        environment["WAYPOINT_FALLBACK_COUNT_FILE"] = str(fallback_count_file)
    if seed is not None:
        environment["WAYPOINT_CV_SEED"] = str(seed)
    finished = subprocess.run(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if finished.returncode != 0:
        sys.exit(f"rasa {' '.join(arguments[:2])} failed ({finished.returncode}):\n" + "\n".join(finished.stderr.splitlines()[-15:]))


def run_cross_validation(folds: int, seed: Optional[int] = None) -> None:
    run_rasa([
        "test", "nlu", "--nlu", TRAINING_DATA, "--config", "config.yml",
        "--cross-validation", "--folds", str(folds),
        "--out", str(CV_OUTPUT_DIR), "--no-plot", "--quiet",
    ], fallback_count_file=CV_FALLBACK_COUNT, seed=seed)


def run_holdout_test() -> None:
    """Trains the NLU pipeline once on all of data/, then scores the held-out messages with it."""
    run_rasa([
        "train", "nlu", "--nlu", TRAINING_DATA, "--config", "config.yml",
        "--out", str(HOLDOUT_MODEL_DIR), "--fixed-model-name", HOLDOUT_MODEL_NAME, "--quiet",
    ])
    run_rasa([
        "test", "nlu", "--model", str(HOLDOUT_MODEL_DIR / f"{HOLDOUT_MODEL_NAME}.tar.gz"),
        "--nlu", HOLDOUT_DATA, "--out", str(HOLDOUT_OUTPUT_DIR), "--no-plot", "--quiet",
    ], fallback_count_file=HOLDOUT_FALLBACK_COUNT)


def intent_scores(report: dict) -> dict[str, dict]:
    """Per-intent rows of the report, only for intents that have test examples."""
    return {
        intent: row
        for intent, row in report.items()
        if intent not in SUMMARY_KEYS and isinstance(row, dict) and row.get("support", 0) > 0
    }


def macro_f1(scores: dict[str, dict]) -> float:
    return sum(row["f1-score"] for row in scores.values()) / len(scores)


def most_common_confusions(errors: list[dict], limit: int) -> list[tuple[tuple[str, str], int]]:
    """(true intent, predicted intent) pairs among the misclassified test messages, most frequent first."""
    pairs = Counter((error["intent"], (error.get("intent_prediction") or {}).get("name") or "?") for error in errors)
    return pairs.most_common(limit)


def print_fallbacks(count_file: Path, messages: int) -> None:
    if not count_file.exists() or not messages:
        return
    fallbacks = json.loads(count_file.read_text())["fallbacks"]
    print(f"below the fallback threshold (the bot asks to clarify; F1 uses the top intent): {fallbacks} of {messages} ({fallbacks / messages:.1%})")


def print_confusions(output_dir: Path, limit: int) -> None:
    errors_path = output_dir / "intent_errors.json"
    errors = json.loads(errors_path.read_text()) if errors_path.exists() else []
    if not errors or limit <= 0:
        return
    print(f"most common confusions (true -> predicted), {len(errors)} misclassified messages:")
    for (true_intent, predicted_intent), count in most_common_confusions(errors, limit):
        print(f"  {count:3d}  {true_intent} -> {predicted_intent}")


def report_cross_validation(folds: int, confusions: int, seconds: float) -> float:
    report = json.loads((CV_OUTPUT_DIR / "intent_report.json").read_text())
    scores = intent_scores(report)
    examples = sum(row["support"] for row in scores.values())
    print(f"NLU cross-validation, {folds} folds, {examples} examples, {len(scores)} intents ({seconds:.0f} s)")
    for intent, row in sorted(scores.items(), key=lambda item: item[1]["f1-score"]):
        print(f"  {intent:22s} F1 {row['f1-score']:.3f}  (support {row['support']})")
    cv_f1 = macro_f1(scores)
    print(f"cross-validated intent macro F1: {cv_f1:.3f} (target >= {TARGET_F1}); accuracy {report.get('accuracy', float('nan')):.3f}")
    print_fallbacks(CV_FALLBACK_COUNT, examples)
    print_confusions(CV_OUTPUT_DIR, confusions)
    print(f"errors: {CV_OUTPUT_DIR / 'intent_errors.json'}")
    return cv_f1


def report_holdout(seconds: float, weakest: int = 5) -> float:
    report = json.loads((HOLDOUT_OUTPUT_DIR / "intent_report.json").read_text())
    scores = intent_scores(report)
    examples = sum(row["support"] for row in scores.values())
    holdout_f1 = macro_f1(scores)
    print(f"NLU held-out ({HOLDOUT_DATA}), model trained on all of {TRAINING_DATA}/, {examples} messages, {len(scores)} intents ({seconds:.0f} s)")
    ranked = sorted(scores.items(), key=lambda item: item[1]["f1-score"])
    print("  weakest: " + ", ".join(f"{intent} {row['f1-score']:.2f}" for intent, row in ranked[:weakest]))
    print(f"held-out intent macro F1: {holdout_f1:.3f}; accuracy {report.get('accuracy', float('nan')):.3f}")
    print_fallbacks(HOLDOUT_FALLBACK_COUNT, examples)
    return holdout_f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3, help="number of cross-validation folds")
    parser.add_argument("--seed", type=int, default=None, help="fix the folds' shuffle (default: a new split each run)")
    parser.add_argument("--confusions", type=int, default=10, help="how many confused intent pairs to list")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--skip-holdout", action="store_true", help="only the cross-validation figure")
    which.add_argument("--holdout-only", action="store_true", help="only the held-out figure")
    arguments = parser.parse_args()
    figures: list[str] = []
    if not arguments.holdout_only:
        started = time.monotonic()
        run_cross_validation(arguments.folds, arguments.seed)
        figures.append(f"cross-validated {report_cross_validation(arguments.folds, arguments.confusions, time.monotonic() - started):.3f}")
    if not arguments.skip_holdout:
        started = time.monotonic()
        run_holdout_test()
        figures.append(f"held-out {report_holdout(time.monotonic() - started):.3f}")
    print("intent macro F1: " + ", ".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
