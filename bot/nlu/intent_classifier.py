"""Intent classification with a linear model over the pipeline's sparse and dense sentence features.

Founder messages are short, and what separates Waypoint's intents is mostly which words and word
pieces they contain. A multinomial logistic regression over tf-idf weighted word and character
n-grams (the count-vector featurizers' sentence features) classifies them as well as DIET did in
cross-validation, better on the held-out messages, trains in seconds and answers in well under a
millisecond, without TensorFlow in the message path.

The counts are weighted as sublinear tf-idf (1 + log count, times the inverse document frequency
learned in training) and each message's vector is scaled to unit length, so that a long message
does not win by its length. Dense sentence features (the sentence encoder's unit vector of the
message, bot/nlu/sentence_featurizer.py) are put beside them, times `dense_weight`: they carry what
a message means when its words are new to the classifier. Confidences are the model's softmax
probabilities, which the FallbackClassifier after it compares with its threshold.

The trained model is stored as plain arrays (numpy .npz) and a JSON list of intents: loading it
runs no pickled code.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "weights.npz"
INTENTS_FILE = "intents.json"


class TfidfWeights:
    """Sublinear tf-idf weighting with unit-length rows, learned from the training matrix."""

    def __init__(self, idf: np.ndarray) -> None:
        self.idf = idf

    @classmethod
    def fit(cls, counts: scipy.sparse.csr_matrix) -> "TfidfWeights":
        documents = counts.shape[0]
        document_frequency = np.bincount(counts.nonzero()[1], minlength=counts.shape[1])
        return cls(np.log((1.0 + documents) / (1.0 + document_frequency)) + 1.0)

    def apply(self, counts: scipy.sparse.csr_matrix) -> scipy.sparse.csr_matrix:
        weighted = counts.astype(np.float64).tocsr(copy=True)
        weighted.data = np.where(weighted.data > 0, 1.0 + np.log(np.maximum(weighted.data, 1e-12)), 0.0)
        weighted = weighted @ scipy.sparse.diags(self.idf)
        lengths = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        lengths[lengths == 0] = 1.0
        return scipy.sparse.diags(1.0 / lengths) @ weighted


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def sentence_features(message: Message) -> Optional[scipy.sparse.csr_matrix]:
    """The message's sentence-level sparse features (all featurizers' blocks side by side)."""
    _, sentence = message.get_sparse_features(TEXT)
    if sentence is None:
        return None
    return scipy.sparse.csr_matrix(sentence.features)


def dense_sentence_features(message: Message) -> Optional[np.ndarray]:
    """The message's dense sentence features as one row (all dense featurizers' blocks side by side)."""
    _, sentence = message.get_dense_features(TEXT)
    if sentence is None:
        return None
    return np.asarray(sentence.features, dtype=np.float64).reshape(-1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Multinomial logistic regression on tf-idf weighted sparse and dense sentence features (see module docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Inverse regularisation strength: the n-gram features are many and sparse, and a weak
            # penalty lets a rare but telling word ("adios", "RCT") carry its intent.
            "C": 30.0,
            # The dense sentence features' scale beside the unit-length sparse vector: the larger,
            # the more the penalty lets them weigh against the n-grams. 0 leaves them out.
            "dense_weight": 1.0,
            "max_iter": 3000,
            "random_seed": 7,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        intents: Optional[list[str]] = None,
        weights: Optional[np.ndarray] = None,
        bias: Optional[np.ndarray] = None,
        tfidf: Optional[TfidfWeights] = None,
        dense_weights: Optional[np.ndarray] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.intents = intents or []
        self.weights = weights
        self.bias = bias
        self.tfidf = tfidf
        # Weights of the dense features, with `dense_weight` folded in (None: trained without them).
        self.dense_weights = dense_weights
        self._warned_of_missing_dense = False

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        rows, dense_rows, labels = [], [], []
        for example in training_data.intent_examples:
            features = sentence_features(example)
            if example.get(INTENT) and features is not None:
                rows.append(features)
                dense_rows.append(dense_sentence_features(example))
                labels.append(example.get(INTENT))
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier needs examples of at least two intents; it was not trained.")
            return self._resource
        counts = scipy.sparse.vstack(rows).tocsr()
        self.tfidf = TfidfWeights.fit(counts)
        inputs = self.tfidf.apply(counts)
        dense_weight = float(self.config["dense_weight"])
        uses_dense = dense_weight > 0 and any(row is not None for row in dense_rows)
        if uses_dense:
            widths = {row.shape[0] for row in dense_rows if row is not None}
            if len(widths) > 1:
                raise ValueError(f"LinearIntentClassifier: the training examples' dense sentence features differ in width ({sorted(widths)}).")
            width = widths.pop()
            missing = sum(row is None for row in dense_rows)
            if missing:
                logger.warning(f"LinearIntentClassifier: {missing} training examples have no dense sentence features; they count as zeros.")
            dense = np.vstack([np.zeros(width) if row is None else row for row in dense_rows]) * dense_weight
            inputs = scipy.sparse.hstack([inputs, scipy.sparse.csr_matrix(dense)]).tocsr()
        model = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"], random_state=self.config["random_seed"]
        )
        model.fit(inputs, labels)
        self.intents = [str(intent) for intent in model.classes_]
        coefficients = model.coef_.astype(np.float64)
        sparse_width = counts.shape[1]
        self.weights = coefficients[:, :sparse_width]
        self.dense_weights = coefficients[:, sparse_width:] * dense_weight if uses_dense else None
        self.bias = model.intercept_.astype(np.float64)
        self.persist()
        return self._resource

    def predict(self, messages: list[Message]) -> Optional[np.ndarray]:
        """Intent probabilities per message (rows follow `messages`, columns `self.intents`)."""
        if self.weights is None or not messages:
            return None
        rows = []
        for message in messages:
            features = sentence_features(message)
            rows.append(features if features is not None else scipy.sparse.csr_matrix((1, self.tfidf.idf.shape[0])))
        counts = scipy.sparse.vstack(rows).tocsr()
        scores = np.asarray(self.tfidf.apply(counts) @ self.weights.T) + self.bias
        if self.dense_weights is not None:
            scores += self._dense_rows(messages) @ self.dense_weights.T
        return softmax(scores)

    def _dense_rows(self, messages: list[Message]) -> np.ndarray:
        width = self.dense_weights.shape[1]
        dense = np.zeros((len(messages), width))
        for index, message in enumerate(messages):
            row = dense_sentence_features(message)
            if row is not None and row.shape[0] == width:
                dense[index] = row
            elif not self._warned_of_missing_dense:
                self._warned_of_missing_dense = True
                logger.warning(
                    f"LinearIntentClassifier was trained with {width} dense sentence features but a message has "
                    f"{'none' if row is None else row.shape[0]}; is the sentence featurizer missing from the pipeline?"
                )
        return dense

    def process(self, messages: list[Message]) -> list[Message]:
        probabilities = self.predict(messages)
        if probabilities is None:
            return messages
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)
            ranking = [
                {INTENT_NAME_KEY: self.intents[index], PREDICTED_CONFIDENCE_KEY: float(row[index])}
                for index in order[: self.config["ranking_length"] or len(order)]
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            dense = {} if self.dense_weights is None else {"dense_weights": self.dense_weights}
            np.savez(directory / WEIGHTS_FILE, weights=self.weights, bias=self.bias, idf=self.tfidf.idf, **dense)
            (directory / INTENTS_FILE).write_text(json.dumps(self.intents), encoding="utf-8")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / WEIGHTS_FILE, allow_pickle=False)
                intents = json.loads((directory / INTENTS_FILE).read_text(encoding="utf-8"))
                return cls(
                    config, model_storage, resource, intents,
                    arrays["weights"], arrays["bias"], TfidfWeights(arrays["idf"]),
                    arrays["dense_weights"] if "dense_weights" in arrays.files else None,
                )
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier has no trained model in this Rasa model; it will not classify.")
            return cls(config, model_storage, resource)

