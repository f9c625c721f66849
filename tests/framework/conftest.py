"""Shared fixtures for the framework's tests: the real framework, and a helper that writes a
broken copy of its data into a temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from framework import Framework, load_framework
from framework.loader import DEFAULT_DATA_DIR


@pytest.fixture(scope="session")
def fw() -> Framework:
    return load_framework()


BreakData = Callable[[str, Callable[[Any], None]], Path]


@pytest.fixture
def break_data(tmp_path: Path) -> BreakData:
    """Copies the real data into tmp_path, applies `edit` to the parsed YAML of one file
    (a path relative to the data folder) and writes it back; returns the copy's folder."""
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)

    def apply(relative_path: str, edit: Callable[[Any], None]) -> Path:
        path = data_dir / relative_path
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return data_dir

    return apply
