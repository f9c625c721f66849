"""The committed learned models: trained on the training answers as they are now, and reproducible."""
from __future__ import annotations

import numpy
import pytest

from bot.evidence import learned, train

pytestmark = pytest.mark.skipif(not learned.MODEL_FILE.is_file(), reason="no trained model committed")


@pytest.fixture(scope="module")
def committed():
    return learned.load_models()


def test_committed_model_was_trained_on_the_current_training_files(committed):
    current = train.file_hashes(train.training_files())
    in_repo = {name: digest for name, digest in committed.training_hashes.items() if not name.startswith("shared/")}
    assert in_repo, "the artifact records no training files"
    stale = [name for name, digest in in_repo.items() if current.get(name) != digest]
    assert not stale, f"retrain with `python -m bot.evidence.train`: changed since training: {stale}"
    assert {name for name in current if not name.startswith("shared/")} == set(in_repo)


def test_holdout_is_never_a_training_file(committed):
    assert not any("holdout" in name for name in committed.training_hashes)


# Retraining runs the same solver on the same data, but the order of floating-point sums may differ
# with the machine's BLAS threads: predictions agree to about 1e-6, and any change of data or
# features moves them by far more than the tolerance below.
REPRODUCED = 1e-4


def test_retraining_reproduces_the_committed_predictions(committed, mapper):
    present = [path for path in train.training_files() if train.file_hashes([path]).popitem()[0] in committed.training_hashes]
    retrained = train.train_models(present)
    records = train.read_records(present)[::7]
    for record in records:
        text, reading, answer_vector = mapper.answer_features(record["text"], record["area"], tuple(record["labels"])[:1])
        assert numpy.allclose(
            list(committed.status_probabilities(text, reading, answer_vector).values()),
            list(retrained.status_probabilities(text, reading, answer_vector).values()), atol=REPRODUCED,
        )
        question_text, vector, answer_vector = mapper.question_features(record["question"], record["text"])
        assert committed.question_probabilities(question_text, vector, record["area"], answer_vector) == pytest.approx(
            retrained.question_probabilities(question_text, vector, record["area"], answer_vector), abs=REPRODUCED
        )


def test_negated_words_are_marked_for_the_status_model(mapper):
    marked = mapper.answer_features("We haven't run a trial yet, but we have a plan.", "impact", ("impact-2-1",))[0]
    assert "NEG_trial" in marked.split()
    assert "NEG_plan" not in marked.split()


def test_targeting_arithmetic_matches_the_trained_model(committed, mapper):
    """question_probabilities computes the softmax itself (for speed): it must agree with
    scikit-learn's own decision function (plus the description and meaning closeness, when
    weighted), renormalised over the question's area."""
    question_text, vector, answer_vector = mapper.question_features("Do you have a written plan for testing the next version?", "Not yet, it's all in my head.")
    fast = committed.question_probabilities(question_text, vector, "product", answer_vector)
    logits = committed.question_model.decision_function(committed.question_matrix([question_text], [vector]))[0]
    logits = logits + committed._description_logits(question_text, "product") + committed._meaning_logits(vector, answer_vector, "product")
    exponentials = numpy.exp(logits - logits.max())
    in_area = {
        label: value for label, value in zip(committed.question_model.classes_, exponentials)
        if label == learned.OPEN or label.startswith("product-")
    }
    total = sum(in_area.values())
    assert set(fast) == set(in_area)
    assert fast == pytest.approx({label: value / total for label, value in in_area.items()}, abs=1e-9)
