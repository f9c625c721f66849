"""What a message means, as one dense sentence feature: the sentence encoder's vector of its text.

The word and character n-grams tell the intent classifier which words a message uses, but not that
"ciao for now" says what "goodbye" says, or that "that's not what I meant" corrects like "no, I
meant". bot/encoder.py (all-MiniLM-L6-v2, run in numpy) gives every text a unit vector of 384
numbers in which paraphrases lie close together; this component adds that vector to each message,
in training and at parse time, as a dense SENTENCE feature of its text, for the intent classifier
to read beside the sparse ones.

Only a sentence feature is added, no sequence (per-token) feature: the encoder pools its tokens
itself, and Waypoint's LinearIntentClassifier reads sentence features only. (Rasa's DIET would want
a dense sequence feature to go with a dense sentence feature; it is not in this pipeline.)

The encoder is loaded once per process (bot.encoder.shared_encoder: the directory of settings, i.e.
models/all-MiniLM-L6-v2 or WAYPOINT_ENCODER_MODEL), or from the `model` directory the config names.
A missing model fails training and loading with the encoder's own message, which says how to get
it. Nothing is stored with the Rasa model: the encoder is fixed, not trained here.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import SentenceEncoder, load_encoder, shared_encoder

# Texts already encoded in this process (cross-validation featurizes the same messages once per
# fold; a conversation repeats "yes" and "no"). 8192 vectors of 384 float32 are 12 MB at most.
CACHE_SIZE = 8192


class _VectorCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._vectors: "OrderedDict[tuple[int, str], np.ndarray]" = OrderedDict()

    def get(self, encoder: SentenceEncoder, text: str) -> np.ndarray:
        key = (id(encoder), text)
        vector = self._vectors.get(key)
        if vector is None:
            vector = encoder.encode_one(text)
            vector.setflags(write=False)
            self._vectors[key] = vector
            if len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end(key)
        return vector


_cache = _VectorCache(CACHE_SIZE)
_encoders_by_path: dict[str, SentenceEncoder] = {}


def encoder_for(path: Optional[str]) -> SentenceEncoder:
    """The shared encoder, or the one at `path`; raises bot.encoder.EncoderNotAvailable if it is missing."""
    if not path:
        return shared_encoder()
    if path not in _encoders_by_path:
        _encoders_by_path[path] = load_encoder(path)
    return _encoders_by_path[path]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the sentence encoder's vector of the text as a dense sentence feature (see the module's docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # The encoder's directory; None: the configured one (WAYPOINT_ENCODER_MODEL or models/all-MiniLM-L6-v2).
            "model": None,
        }

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._encoder = encoder_for(self._config["model"])

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    def vector(self, text: str) -> np.ndarray:
        """The unit sentence vector of `text`, shape (384,)."""
        return _cache.get(self._encoder, text)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                sentence = self.vector(text)[np.newaxis, :].copy()
                self.add_features_to_message(sequence=None, sentence=sentence, attribute=TEXT, message=message)
        return messages
