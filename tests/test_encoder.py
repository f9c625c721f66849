"""The sentence encoder (bot/encoder.py): the model's own similarities, its tokenizer, and a clear
failure when its files are missing."""
from __future__ import annotations

import numpy
import pytest

from bot.encoder import EncoderNotAvailable, load_encoder, shared_encoder


@pytest.fixture(scope="module")
def encoder():
    return shared_encoder()


def similarity(encoder, first: str, second: str) -> float:
    vectors = encoder.encode([first, second])
    return float(vectors[0] @ vectors[1])


@pytest.mark.parametrize("first, second, published", [
    # all-MiniLM-L6-v2's similarities as sentence-transformers publishes them for these pairs.
    ("The new movie is awesome", "The new movie is so great", 0.8939),
    ("The cat sits outside", "The dog plays in the garden", 0.2838),
    ("I love pasta", "Do you like pizza?", 0.5096),
    ("A man is playing guitar", "A woman watches TV", -0.0327),
])
def test_encoder_reproduces_the_models_published_similarities(encoder, first, second, published):
    assert similarity(encoder, first, second) == pytest.approx(published, abs=5e-4)


def test_plain_words_land_near_the_framework_term(encoder):
    trial = "We ran a proper trial with a control group."
    assert similarity(encoder, trial, "We have run a randomised controlled trial.") > similarity(encoder, trial, "We have a business plan.")


def test_vectors_are_unit_length_whatever_the_text(encoder):
    texts = ["", "🙂🙂🙂", "<b>bold</b> claims", "nous avons un plan", "word " * 2000]
    vectors = encoder.encode(texts)
    assert vectors.shape == (len(texts), 384)
    assert numpy.allclose(numpy.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_huge_text_is_read_as_far_as_the_model_reads(encoder):
    page = "We ran a pilot with two schools and the teachers loved it. " * 40
    assert numpy.allclose(encoder.encode_one(page * 2000), encoder.encode_one(page), atol=1e-6)


def test_tokenizer_splits_punctuation_and_unknown_words(encoder):
    tokenizer = encoder._tokenizer
    ids = tokenizer.ids("Hello, world!")
    assert ids[0] == tokenizer.cls_id and ids[-1] == tokenizer.sep_id
    assert len(ids) == 6  # [CLS] hello , world ! [SEP]
    assert tokenizer.ids("x" * 150)[1] == tokenizer.unk_id


def test_missing_model_directory_names_the_fix(tmp_path):
    with pytest.raises(EncoderNotAvailable, match="make setup"):
        load_encoder(tmp_path / "nowhere")
