"""The store's schema version: upgrade a database to the migrations' head, or refuse one behind it."""
from __future__ import annotations

from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from bot.config import PROJECT_ROOT
from bot.store.errors import SchemaBehind, SchemaUnknown

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
MIGRATIONS_DIR = PROJECT_ROOT / "bot" / "store" / "migrations"


def alembic_config(url: Optional[str] = None) -> Config:
    """Alembic's config for this repo, usable from any working directory."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["configure_logging"] = False
    if url is not None:
        config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Run the migrations on the database at `url` (what `make migrate` does for the settings' URL)."""
    command.upgrade(alembic_config(url), revision)


def head_revision() -> Optional[str]:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def database_revision(engine: Engine) -> Optional[str]:
    """The revision stamped in the database, or None for a database Alembic never touched."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_current(engine: Engine) -> None:
    """Raise SchemaBehind (naming `make migrate`) unless the database is at the head revision."""
    current = database_revision(engine)
    head = head_revision()
    if current == head:
        return
    known_revisions = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known_revisions:
        raise SchemaUnknown(current, head)
    raise SchemaBehind(current, head)


def is_empty_database(engine: Engine) -> bool:
    """True when the database has no tables at all (a new SQLite file, say)."""
    return not inspect(engine).get_table_names()
