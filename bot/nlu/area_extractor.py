"""Finds the area a founder picks ("just users", "can we only do the money side").

An area word is only an area pick in a message that picks one: "we help young people" names no
area, "let's just do people" does. So the extractor learns from the annotated training examples two
things: which words name which area (`[team](area:people)` teaches "team" -> people), and which
intents carry an area (the intents whose examples annotate one). At run time it marks the known
area words as the `area` entity, and only in messages classified as one of those intents; so it
runs after the intent classifier.
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MODEL_FILE = "areas.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class PickedAreaExtractor(GraphComponent, EntityExtractorMixin):
    """Marks area words as the `area` entity in messages that pick an area (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"entity": "area"}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        words: Optional[dict[str, str]] = None,
        intents: Optional[list[str]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.words = words or {}
        self.intents = set(intents or [])
        self._pattern = _words_pattern(self.words)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PickedAreaExtractor":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        entity = self.config["entity"]
        words: dict[str, str] = {}
        intents: set[str] = set()
        for example in training_data.training_examples:
            for annotation in example.get(ENTITIES) or []:
                # Stories name entities without a position in a text: only NLU examples teach words.
                if annotation.get(ENTITY_ATTRIBUTE_TYPE) != entity or not example.get(TEXT) or ENTITY_ATTRIBUTE_START not in annotation:
                    continue
                text = example.get(TEXT)[annotation[ENTITY_ATTRIBUTE_START]:annotation[ENTITY_ATTRIBUTE_END]]
                words[text.lower()] = str(annotation.get(ENTITY_ATTRIBUTE_VALUE) or text).lower()
                if example.get(INTENT):
                    intents.add(example.get(INTENT))
        self.words, self.intents = words, intents
        self._pattern = _words_pattern(words)
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = self.areas_in(message)
            if found:
                message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
        return messages

    def areas_in(self, message: Message) -> list[dict[str, Any]]:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if self._pattern is None or intent not in self.intents:
            return []
        text = message.get(TEXT) or ""
        return [
            {
                ENTITY_ATTRIBUTE_TYPE: self.config["entity"],
                ENTITY_ATTRIBUTE_START: match.start(),
                ENTITY_ATTRIBUTE_END: match.end(),
                ENTITY_ATTRIBUTE_VALUE: self.words[match.group(0).lower()],
                EXTRACTOR: self.__class__.__name__,
            }
            for match in self._pattern.finditer(text)
        ]

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_text(
                json.dumps({"words": self.words, "intents": sorted(self.intents)}), encoding="utf-8"
            )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "PickedAreaExtractor":
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, stored["words"], stored["intents"])


def _words_pattern(words: dict[str, str]) -> Optional[re.Pattern[str]]:
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
