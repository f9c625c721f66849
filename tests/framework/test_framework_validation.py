"""Broken framework data fails at load time with a message naming the file and the entry."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from framework import FrameworkError, load_framework


def stage_of(area: dict, stage: int) -> dict:
    return next(entry for entry in area["stages"] if entry["stage"] == stage)


def milestone_in(area: dict, milestone_id: str) -> dict:
    stage = int(milestone_id.split("-")[1])
    return next(entry for entry in stage_of(area, stage)["milestones"] if entry["id"] == milestone_id)


def way_in(area: dict, way_id: str) -> dict:
    stage = int(way_id.split("-")[1])
    return next(entry for entry in stage_of(area, stage)["ways"] if entry["id"] == way_id)


def drop_field(milestone_id: str, field_name: str) -> Callable[[dict], None]:
    return lambda area: milestone_in(area, milestone_id).pop(field_name)


def set_milestone(milestone_id: str, field_name: str, value: Any) -> Callable[[dict], None]:
    return lambda area: milestone_in(area, milestone_id).__setitem__(field_name, value)


def set_way(way_id: str, field_name: str, value: Any) -> Callable[[dict], None]:
    return lambda area: way_in(area, way_id).__setitem__(field_name, value)


def remove_milestone_and_its_links(milestone_id: str) -> Callable[[dict], None]:
    def edit(area: dict) -> None:
        stage = stage_of(area, int(milestone_id.split("-")[1]))
        stage["milestones"] = [entry for entry in stage["milestones"] if entry["id"] != milestone_id]
        for way in stage["ways"]:
            remaining_links = [link for link in way["milestones"] if link != milestone_id]
            way["milestones"] = remaining_links or [stage["milestones"][0]["id"]]

    return edit


def add_milestone_with_a_way(milestone_id: str) -> Callable[[dict], None]:
    def edit(area: dict) -> None:
        stage = stage_of(area, int(milestone_id.split("-")[1]))
        stage["milestones"].append(dict(stage["milestones"][0], id=milestone_id))
        stage["ways"][0]["milestones"].append(milestone_id)

    return edit


def relink_ways(way_ids: list[str], milestone_id: str) -> Callable[[dict], None]:
    def edit(area: dict) -> None:
        for way_id in way_ids:
            way_in(area, way_id)["milestones"] = [milestone_id]

    return edit


def add_alias(term_name: str, alias: str) -> Callable[[dict], None]:
    def edit(glossary: dict) -> None:
        term = next(entry for entry in glossary["terms"] if entry["term"] == term_name)
        term["aliases"].append(alias)

    return edit


def drop_term_field(term_name: str, field_name: str) -> Callable[[dict], None]:
    return lambda glossary: next(entry for entry in glossary["terms"] if entry["term"] == term_name).pop(field_name)


CASES = [
    pytest.param(
        "areas/impact.yml",
        drop_field("impact-1-2", "plain"),
        "milestone impact-1-2",
        "missing or empty 'plain'",
        id="missing field",
    ),
    pytest.param(
        "areas/users.yml",
        set_milestone("users-2-1", "question", "  "),
        "milestone users-2-1",
        "missing or empty 'question'",
        id="empty field",
    ),
    pytest.param(
        "areas/users.yml",
        lambda area: milestone_in(area, "users-1-1").update(questoin="?"),
        "milestone users-1-1",
        "unexpected field(s): questoin",
        id="misspelt field",
    ),
    pytest.param(
        "areas/impact.yml",
        set_milestone("impact-1-3", "id", "impact-1-2"),
        "milestone impact-1-2",
        "duplicate id",
        id="duplicate milestone id",
    ),
    pytest.param(
        "areas/impact.yml",
        set_way("impact-2-w2", "id", "impact-2-w1"),
        "way impact-2-w1",
        "duplicate id",
        id="duplicate way id",
    ),
    pytest.param(
        "areas/impact.yml",
        set_way("impact-2-w3", "milestones", []),
        "way impact-2-w3",
        "links to no milestone",
        id="way links to no milestone",
    ),
    pytest.param(
        "areas/impact.yml",
        set_way("impact-1-w6", "milestones", ["impact-1-9"]),
        "way impact-1-w6",
        "unknown milestone 'impact-1-9'",
        id="way links to unknown milestone",
    ),
    pytest.param(
        "areas/impact.yml",
        set_way("impact-1-w6", "milestones", ["users-1-1"]),
        "way impact-1-w6",
        "users-1-1, a milestone of another area",
        id="way links to another area",
    ),
    pytest.param(
        "areas/impact.yml",
        set_way("impact-1-w6", "milestones", ["impact-2-1"]),
        "way impact-1-w6",
        "of stage 2",
        id="way links to another stage",
    ),
    pytest.param(
        "areas/impact.yml",
        set_milestone("impact-1-1", "id", "impact-one-1"),
        "milestone impact-one-1",
        "does not match <area>-<stage>-<n>",
        id="milestone id of the wrong shape",
    ),
    pytest.param(
        "areas/impact.yml",
        set_milestone("impact-1-1", "id", "users-1-9"),
        "milestone users-1-9",
        "listed under area 'impact'",
        id="milestone id naming another area",
    ),
    pytest.param(
        "areas/impact.yml",
        set_milestone("impact-2-3", "id", "impact-3-9"),
        "milestone impact-3-9",
        "listed under stage 2",
        id="milestone id naming another stage",
    ),
    pytest.param(
        "areas/revenue.yml",
        set_way("revenue-2-w1", "id", "revenue-3-w9"),
        "way revenue-3-w9",
        "listed under stage 2",
        id="way id naming another stage",
    ),
    pytest.param(
        "areas/impact.yml",
        remove_milestone_and_its_links("impact-3-4"),
        "milestone impact-3-4",
        "missing",
        id="canonical milestone missing",
    ),
    pytest.param(
        "areas/users.yml",
        add_milestone_with_a_way("users-3-5"),
        "milestone users-3-5",
        "not a canonical milestone id",
        id="extra milestone",
    ),
    pytest.param(
        "areas/impact.yml",
        relink_ways(["impact-3-w1", "impact-3-w2"], "impact-3-2"),
        "milestone impact-3-1",
        "no way",
        id="milestone no way serves",
    ),
    pytest.param(
        "areas/people.yml",
        lambda area: area["stages"].pop(),
        "area people",
        "expected 3 stages, found 2",
        id="area stage missing",
    ),
    pytest.param(
        "areas/revenue.yml",
        lambda area: area.pop("open_question"),
        "area revenue",
        "missing or empty 'open_question'",
        id="area open question missing",
    ),
    pytest.param(
        "areas/revenue.yml",
        lambda area: area.__setitem__("id", "money"),
        "area revenue",
        "file is named after 'revenue'",
        id="area id not its file name",
    ),
    pytest.param(
        "framework.yml",
        lambda overview: overview["stages"].pop(),
        "stages",
        "expected 3 stages, found 2",
        id="framework stage missing",
    ),
    pytest.param(
        "framework.yml",
        lambda overview: overview["stages"][1].__setitem__("number", 4),
        "stage #2",
        "expected number 2, found 4",
        id="framework stage misnumbered",
    ),
    pytest.param(
        "framework.yml",
        lambda overview: overview["areas"].pop(),
        "areas",
        "expected 5 areas, found 4",
        id="framework area missing",
    ),
    pytest.param(
        "framework.yml",
        lambda overview: overview["areas"].__setitem__(4, "impact"),
        "area impact",
        "duplicate id",
        id="framework area duplicated",
    ),
    pytest.param(
        "glossary.yml",
        add_alias("Theory of Change", "Randomised Controlled Trial"),
        "term RCT",
        "alias 'randomised controlled trial' is also a name of term 'Theory of Change'",
        id="glossary alias of two terms",
    ),
    pytest.param(
        "glossary.yml",
        drop_term_field("NPS", "definition"),
        "term NPS",
        "missing or empty 'definition'",
        id="glossary definition missing",
    ),
]


@pytest.mark.parametrize("relative_path, edit, entry, problem", CASES)
def test_broken_data_names_file_entry_and_problem(
    break_data, relative_path: str, edit, entry: str, problem: str
) -> None:
    data_dir = break_data(relative_path, edit)
    with pytest.raises(FrameworkError) as failure:
        load_framework(data_dir)
    message = str(failure.value)
    assert message.startswith(f"{data_dir / relative_path}: {entry}: "), message
    assert problem in message


def test_unchanged_copy_of_the_data_loads(break_data) -> None:
    data_dir = break_data("glossary.yml", lambda glossary: None)
    assert len(load_framework(data_dir).milestones) == 54


def test_missing_area_file_is_named(break_data) -> None:
    data_dir = break_data("glossary.yml", lambda glossary: None)
    (data_dir / "areas" / "users.yml").unlink()
    with pytest.raises(FrameworkError, match=r"areas/users\.yml: file is missing"):
        load_framework(data_dir)


def test_area_file_not_listed_in_the_overview_is_named(break_data) -> None:
    data_dir = break_data("glossary.yml", lambda glossary: None)
    (data_dir / "areas" / "finance.yml").write_text("id: finance\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"areas/finance\.yml: area finance: not listed"):
        load_framework(data_dir)


def test_invalid_yaml_is_named(break_data) -> None:
    data_dir = break_data("glossary.yml", lambda glossary: None)
    (data_dir / "glossary.yml").write_text("terms: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"glossary\.yml: not valid YAML"):
        load_framework(data_dir)


def test_errors_in_the_default_data_name_the_file_from_the_repo_root() -> None:
    from framework.loader import DEFAULT_DATA_DIR, _Source

    assert _Source(DEFAULT_DATA_DIR / "areas" / "impact.yml").name == str(Path("framework/data/areas/impact.yml"))
