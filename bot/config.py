"""Waypoint's configuration, read from the environment in this one place, with embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "waypoint.db"
DEFAULT_SPACY_MODEL = PROJECT_ROOT / "models" / "en_core_web_md"
DEFAULT_ENCODER_MODEL = PROJECT_ROOT / "models" / "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Settings:
    database_url: str
    spacy_model_path: Path
    encoder_model_path: Path = DEFAULT_ENCODER_MODEL

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(environ: "os._Environ[str] | dict[str, str] | None" = None) -> Settings:
    """Settings from the environment: DATABASE_URL wins; else WAYPOINT_DB_PATH; else var/waypoint.db."""
    env = os.environ if environ is None else environ
    database_url = env.get("DATABASE_URL") or sqlite_url(Path(env.get("WAYPOINT_DB_PATH") or DEFAULT_DB_PATH))
    spacy_model_path = Path(env.get("WAYPOINT_SPACY_MODEL") or DEFAULT_SPACY_MODEL)
    encoder_model_path = Path(env.get("WAYPOINT_ENCODER_MODEL") or DEFAULT_ENCODER_MODEL)
    return Settings(database_url=database_url, spacy_model_path=spacy_model_path, encoder_model_path=encoder_model_path)
