"""The sentence encoder's vector as a dense sentence feature, and the intent classifier reading it:
paraphrases that share no word with the training examples are still classified by what they mean."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import EncoderNotAvailable
from bot.nlu.intent_classifier import WEIGHTS_FILE, LinearIntentClassifier
from bot.nlu.sentence_featurizer import SentenceEncoderFeaturizer

# The n-gram stand-in: counts of these words only, so the test paraphrases below have none.
VOCABULARY = ["hello", "hi", "bye", "goodbye", "thanks", "help", "skip", "question"]

TRAINING = {
    "greet": ["hello", "hi", "hello there", "hi hi"],
    "goodbye": ["bye", "goodbye", "bye bye", "goodbye then"],
    "skip_question": ["skip", "skip this question", "let's skip this one", "I'd rather not answer that question"],
}
# None of them uses a word of VOCABULARY: to the n-grams they are empty.
PARAPHRASES = {
    "good morning everyone": "greet",
    "see you later, take care": "goodbye",
    "can we pass on this one and move on": "skip_question",
    "next one please, I don't want to answer": "skip_question",
}


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


def context(node_name: str = "test") -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name)


@pytest.fixture(scope="module")
def featurizer() -> SentenceEncoderFeaturizer:
    return SentenceEncoderFeaturizer({}, "sentence_encoder")


def sparse_featurized(text: str, intent: str | None = None) -> Message:
    words = text.lower().replace(",", " ").split()
    counts = np.array([[words.count(word) for word in VOCABULARY]], dtype=float)
    message = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    message.add_features(Features(scipy.sparse.coo_matrix(counts), "sentence", TEXT, "counts"))
    return message


def training_data() -> TrainingData:
    return TrainingData([sparse_featurized(text, intent) for intent, texts in TRAINING.items() for text in texts])


def test_a_message_gets_the_encoders_384_wide_unit_vector_as_a_dense_sentence_feature(featurizer):
    message = featurizer.process([Message(data={TEXT: "we have ten paying customers"})])[0]

    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, 384)
    assert sentence.type == "sentence" and sentence.attribute == TEXT
    assert np.linalg.norm(sentence.features) == pytest.approx(1.0, abs=1e-5)
    # Training data gets the same vector as the message at parse time.
    data = featurizer.process_training_data(TrainingData([Message(data={TEXT: "we have ten paying customers", INTENT: "inform"})]))
    assert np.allclose(data.training_examples[0].get_dense_features(TEXT)[1].features, sentence.features)


def test_a_message_without_text_gets_no_dense_feature(featurizer):
    message = featurizer.process([Message(data={INTENT: "greet"})])[0]
    assert message.get_dense_features(TEXT) == (None, None)


def test_paraphrases_unseen_in_training_are_classified_by_their_meaning(storage, featurizer):
    sparse_only = LinearIntentClassifier.create({}, storage, Resource("sparse_only"), context())
    sparse_only.train(training_data())
    with_meaning = LinearIntentClassifier.create({}, storage, Resource("with_meaning"), context())
    with_meaning.train(featurizer.process_training_data(training_data()))
    loaded = LinearIntentClassifier.load({}, storage, Resource("with_meaning"), context())

    texts = list(PARAPHRASES)
    by_words = [message.get(INTENT)["name"] for message in sparse_only.process([sparse_featurized(text) for text in texts])]
    by_meaning = [message.get(INTENT)["name"] for message in loaded.process(featurizer.process([sparse_featurized(text) for text in texts]))]

    # To the n-grams alone the paraphrases are all the same empty message: one intent for all.
    assert len(set(by_words)) == 1
    assert by_meaning == list(PARAPHRASES.values())


def test_the_dense_weights_are_stored_as_plain_arrays_and_predict_the_same_after_loading(storage, featurizer):
    resource = Resource("stored")
    trained = LinearIntentClassifier.create({"dense_weight": 0.5}, storage, resource, context())
    trained.train(featurizer.process_training_data(training_data()))
    loaded = LinearIntentClassifier.load({"dense_weight": 0.5}, storage, resource, context())

    with storage.read_from(resource) as directory:
        arrays = np.load(directory / WEIGHTS_FILE, allow_pickle=False)
        assert arrays["dense_weights"].shape == (len(TRAINING), 384)
    messages = featurizer.process([sparse_featurized(text) for text in ["hello", "good morning everyone"]])
    assert np.allclose(trained.predict(messages), loaded.predict(messages))


def test_a_zero_dense_weight_leaves_the_dense_features_out(storage, featurizer):
    classifier = LinearIntentClassifier.create({"dense_weight": 0}, storage, Resource("no_dense"), context())
    classifier.train(featurizer.process_training_data(training_data()))
    assert classifier.dense_weights is None


def test_a_missing_encoder_directory_fails_with_the_encoders_clear_message(storage, tmp_path):
    missing = tmp_path / "no-encoder-here"
    with pytest.raises(EncoderNotAvailable) as raised:
        SentenceEncoderFeaturizer.create({"model": str(missing)}, storage, Resource("encoder"), context("encoder"))
    assert str(missing) in str(raised.value)
    assert "model.safetensors" in str(raised.value)
    assert "make setup" in str(raised.value)
