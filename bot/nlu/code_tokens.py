"""Invite and continue codes as one word each for the featurizers.

A code such as "K7PM2Q" is random: its characters tell the classifier nothing, and its character
n-grams are noise that differs in every message. What does tell is its shape: six characters is an
invite code (joining a cohort), eight is a continue code (resuming a check-up). This component runs
after the tokenizer and sets the lemma of every code-shaped token to a placeholder word, so the
count-vector featurizers (which read lemmas) see "invitecode" or "continuecode" instead. The token's
text, and so entity extraction, is untouched.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.store.codes import CONTINUE_CODE_LENGTH, INVITE_CODE_LENGTH, is_code_word

INVITE_CODE_WORD = "invitecode"
CONTINUE_CODE_WORD = "continuecode"


def code_word(token_text: str) -> Optional[str]:
    """The placeholder for a code-shaped token, None for any other token."""
    if is_code_word(token_text, CONTINUE_CODE_LENGTH):
        return CONTINUE_CODE_WORD
    if is_code_word(token_text, INVITE_CODE_LENGTH):
        return INVITE_CODE_WORD
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CodeTokenLemmas(GraphComponent):
    """Gives code-shaped tokens a placeholder lemma (see the module's docstring)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CodeTokenLemmas":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            for token in message.get(TOKENS_NAMES[TEXT]) or []:
                placeholder = code_word(token.text)
                if placeholder:
                    token.lemma = placeholder
        return messages
