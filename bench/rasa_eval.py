"""Runs the `rasa` command line with one change to its NLU evaluation, for bench/nlu_cv.py.

`rasa test nlu` scores the intent a classifier ranked first even when the FallbackClassifier sent
the message to nlu_fallback: it undoes the fallback with a deep copy of the whole parsed message.
That copy includes the message's spaCy document and features and made a cross-validation run take
20 minutes or more. Here the fallback is undone by replacing just the two intent fields (the parsed
message itself is left as it was, as before), and each undone fallback is counted: the count is
written as JSON to the file named by WAYPOINT_FALLBACK_COUNT_FILE, so the bench can say how many
test messages the bot would have answered with a clarifying question.

    python -m bench.rasa_eval test nlu ...   (same arguments as `rasa`)
"""
from __future__ import annotations

import atexit
import json
import os
import sys
from typing import Any

from rasa.nlu.classifiers import fallback_classifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY

COUNT_FILE_VARIABLE = "WAYPOINT_FALLBACK_COUNT_FILE"
# Rasa shuffles the cross-validation folds with numpy's global random state; a seed in this variable
# makes the folds the same from run to run, so that two configurations can be compared on one split.
SEED_VARIABLE = "WAYPOINT_CV_SEED"
undone = {"fallbacks": 0}


def undo_fallback_prediction(prediction: dict[str, Any]) -> dict[str, Any]:
    """The prediction as if there were no FallbackClassifier (Rasa's semantics, without the deep copy)."""
    ranking = prediction.get(INTENT_RANKING_KEY, [])
    if len(ranking) < 2:
        return prediction
    undone["fallbacks"] += 1
    return {**prediction, INTENT: ranking[1], INTENT_RANKING_KEY: ranking[1:]}


def write_count() -> None:
    path = os.environ.get(COUNT_FILE_VARIABLE)
    if path:
        with open(path, "w", encoding="utf-8") as count_file:
            json.dump(undone, count_file)


def main() -> None:
    fallback_classifier.undo_fallback_prediction = undo_fallback_prediction
    atexit.register(write_count)
    if os.environ.get(SEED_VARIABLE):
        import numpy

        numpy.random.seed(int(os.environ[SEED_VARIABLE]))
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
