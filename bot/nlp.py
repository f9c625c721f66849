"""Loads the English spaCy pipeline (en_core_web_md, with word vectors) from the directory the setup unpacked."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.config import load_settings

SETUP_HINT = "Run `make setup` (it downloads, verifies and unpacks the model), or set WAYPOINT_SPACY_MODEL to a spaCy model directory."


class ModelNotAvailable(RuntimeError):
    """The spaCy model directory is missing or cannot be loaded."""


def load_english(path: "Path | str | None" = None):
    """Load the pipeline at `path` (default: the configured model); raise ModelNotAvailable with a fix."""
    model_dir = Path(path) if path is not None else load_settings().spacy_model_path
    if not (model_dir / "meta.json").is_file() or not (model_dir / "config.cfg").is_file():
        raise ModelNotAvailable(f"No spaCy model found at {model_dir} (meta.json and config.cfg are missing). {SETUP_HINT}")
    import spacy

    try:
        nlp = spacy.load(model_dir)
    except Exception as error:  # spaCy raises many kinds here: version mismatch, corrupt files
        raise ModelNotAvailable(f"The spaCy model at {model_dir} could not be loaded: {error}. {SETUP_HINT}") from error
    if not nlp.vocab.vectors.size:
        raise ModelNotAvailable(f"The spaCy model at {model_dir} has no word vectors; Waypoint needs en_core_web_md. {SETUP_HINT}")
    return nlp


@lru_cache(maxsize=1)
def shared_english():
    """One pipeline per process: loading takes seconds, so every caller shares it."""
    return load_english()
