"""Waypoint's own NLU components: code-shaped words, the linear intent classifier (trained,
stored and loaded again without pickles) and the area extractor."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.area_extractor import PickedAreaExtractor
from bot.nlu.code_tokens import CONTINUE_CODE_WORD, INVITE_CODE_WORD, code_word
from bot.nlu.intent_classifier import LinearIntentClassifier
from bot.store.codes import CONTINUE_CODE_LENGTH, INVITE_CODE_LENGTH, token_shapes, typed_code_in

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(
    "token, expected",
    [
        ("K7PM2Q", INVITE_CODE_WORD),
        ("k7pm2q", INVITE_CODE_WORD),
        ("K7PM2QXA", CONTINUE_CODE_WORD),
        ("QWERTYUI", CONTINUE_CODE_WORD),
        ("PLANET", INVITE_CODE_WORD),
        ("continue", None),
        ("planet", None),
        ("people", None),
        ("K7PM2QX", None),
        ("2024", None),
    ],
)
def test_code_shaped_words_get_the_placeholder_of_their_length(token, expected):
    assert code_word(token) == expected


def test_the_nlu_data_reads_codes_the_way_the_featurizer_and_actions_do():
    regexes = {}
    for path in DATA.glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "regex" in block:
                regexes[block["regex"]] = [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
    assert regexes["invite_code"] == list(token_shapes(INVITE_CODE_LENGTH))
    assert regexes["continue_code"] == list(token_shapes(CONTINUE_CODE_LENGTH))


@pytest.mark.parametrize(
    "text, length, expected",
    [
        ("I'm joining with code abc23k", INVITE_CODE_LENGTH, "abc23k"),
        ("our cohort is ABC-23K thanks", INVITE_CODE_LENGTH, "ABC-23K"),
        ("my code is planet", INVITE_CODE_LENGTH, "planet"),
        ("we work on the planet", INVITE_CODE_LENGTH, None),
        ("continue with K7PM 2QXA please", CONTINUE_CODE_LENGTH, "K7PM 2QXA"),
        ("continue with K7PM 2QXA please", INVITE_CODE_LENGTH, None),
        ("", INVITE_CODE_LENGTH, None),
    ],
)
def test_a_typed_code_is_found_in_the_message(text, length, expected):
    assert typed_code_in(text, length) == expected


VOCABULARY = ["hello", "hi", "bye", "goodbye", "code", "join"]


def featurized(text: str, intent: str | None = None) -> Message:
    counts = np.array([[text.lower().split().count(word) for word in VOCABULARY]], dtype=float)
    message = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    message.add_features(Features(scipy.sparse.coo_matrix(counts), "sentence", TEXT, "counts"))
    return message


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def test_the_classifier_learns_stores_and_loads_again(storage):
    resource = Resource("linear_intents")
    classifier = LinearIntentClassifier.create({}, storage, resource, context())
    data = TrainingData(
        [featurized(text, "greet") for text in ("hello", "hi", "hello hi", "hi hi")]
        + [featurized(text, "goodbye") for text in ("bye", "goodbye", "bye bye", "goodbye bye")]
        + [featurized(text, "join_cohort") for text in ("join code", "code", "join", "code join")]
    )
    classifier.train(data)

    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    messages = loaded.process([featurized("hello there"), featurized("bye now"), featurized("my code")])

    assert [message.get(INTENT)["name"] for message in messages] == ["greet", "goodbye", "join_cohort"]
    ranking = messages[0].get("intent_ranking")
    assert [entry["name"] for entry in ranking][0] == "greet"
    assert sum(entry["confidence"] for entry in ranking) == pytest.approx(1.0)
    assert ranking[0]["confidence"] > 0.5


def test_an_untrained_classifier_leaves_messages_unclassified(storage):
    classifier = LinearIntentClassifier.load({}, storage, Resource("never_trained"), context())
    message = classifier.process([featurized("hello")])[0]
    assert message.get(INTENT) is None


def annotated(text: str, intent: str, word: str, value: str) -> Message:
    start = text.index(word)
    return Message(data={
        TEXT: text, INTENT: intent,
        ENTITIES: [{"entity": "area", "start": start, "end": start + len(word), "value": value}],
    })


def classified(text: str, intent: str) -> Message:
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})


def test_area_words_are_an_area_only_in_a_message_that_picks_one(storage):
    resource = Resource("areas")
    extractor = PickedAreaExtractor.create({}, storage, resource, context())
    extractor.train(TrainingData([
        annotated("just the team please", "choose_one_area", "team", "people"),
        annotated("only impact", "choose_one_area", "impact", "impact"),
        Message(data={TEXT: "we help young people and their team", INTENT: "inform"}),
        # A story's user turn names an entity without a position in a text.
        Message(data={INTENT: "choose_one_area", ENTITIES: [{"entity": "area", "value": "users"}]}),
    ]))
    loaded = PickedAreaExtractor.load({}, storage, resource, context())

    picked, answer = loaded.process([
        classified("can we do the Team today?", "choose_one_area"),
        classified("our team is small and we measure impact", "inform"),
    ])

    assert [(entity["value"], entity["start"], entity["end"]) for entity in picked.get(ENTITIES)] == [("people", 14, 18)]
    assert not answer.get(ENTITIES)
