"""The real framework data: it loads, holds exactly the canonical milestones, and its texts are
usable in the conversation."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from framework import Framework, Status, load_framework

SHARED_DIR = Path(__file__).resolve().parents[3] / "shared"
FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "framework"


def canonical_ids_from_shared_notes() -> set[str]:
    notes = SHARED_DIR / "framework" / "milestones.md"
    if not notes.is_file():
        pytest.skip(f"the shared framework notes are not here ({notes}); they sit beside the repo on the dev machine")
    return set(re.findall(r"^- ([a-z]+-[1-3]-\d+) ", notes.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_milestones_are_exactly_the_54_canonical_ids(fw: Framework) -> None:
    canonical_ids = canonical_ids_from_shared_notes()
    assert len(canonical_ids) == 54
    assert set(fw.milestone_ids) == canonical_ids
    assert len(fw.milestone_ids) == len(set(fw.milestone_ids))


def test_default_framework_is_loaded_once(fw: Framework) -> None:
    assert load_framework() is load_framework()


def test_three_stages_and_five_areas_in_guided_order(fw: Framework) -> None:
    assert [stage.number for stage in fw.stages] == [1, 2, 3]
    assert fw.area_ids == ("product", "people", "impact", "users", "revenue")
    assert [area.short_name for area in fw.areas] == list(fw.area_ids)


@pytest.mark.parametrize("area_id", ["product", "people", "impact", "users", "revenue"])
def test_each_area_describes_every_stage_and_asks_one_open_question(fw: Framework, area_id: str) -> None:
    area = fw.area(area_id)
    assert sorted(area.stage_descriptions) == [1, 2, 3]
    assert area.open_question.strip()
    assert area.why_asked.strip()
    assert len(area.summary) < len(area.description)


def test_milestone_fields_match_their_id(fw: Framework) -> None:
    for milestone in fw.milestones:
        assert milestone.id == f"{milestone.area_id}-{milestone.stage}-{milestone.number}"


def test_milestones_for_a_stage_come_in_id_order(fw: Framework) -> None:
    numbers = [milestone.number for milestone in fw.milestones_for("users", stage=2)]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert all(milestone.area_id == "impact" for milestone in fw.milestones_for("impact"))


def test_targeted_questions_are_short_plain_questions(fw: Framework) -> None:
    jargon = re.compile(r"\b(RCT|NPS|Theory of Change|quasi-experimental|KPI)\b", re.IGNORECASE)
    for milestone in fw.milestones:
        assert milestone.question.endswith("?"), milestone.id
        assert len(milestone.question.split()) <= 30, milestone.id
        assert not jargon.search(milestone.question), milestone.id


def test_plain_phrases_fit_inside_a_sentence(fw: Framework) -> None:
    for milestone in fw.milestones:
        sentence = f"So you have {milestone.plain}."
        assert milestone.plain[0].islower(), milestone.id
        assert not milestone.plain.endswith((".", "?")), sentence


def test_every_milestone_is_served_by_a_way_of_its_own_area_and_stage(fw: Framework) -> None:
    for milestone in fw.milestones:
        ways_of_its_stage = fw.ways_for(milestone.area_id, milestone.stage)
        serving = [way for way in ways_of_its_stage if milestone.id in way.milestone_ids]
        assert serving, milestone.id


def test_way_ids_name_their_area_and_stage(fw: Framework) -> None:
    for way in fw.ways:
        assert re.fullmatch(rf"{way.area_id}-{way.stage}-w\d+", way.id)
        assert way.milestone_ids


def test_ways_for_a_stage_keep_source_order(fw: Framework) -> None:
    way_numbers = [int(way.id.rsplit("w", 1)[1]) for way in fw.ways_for("revenue", stage=1)]
    assert way_numbers == list(range(1, len(way_numbers) + 1))


def test_glossary_has_at_least_twenty_defined_terms(fw: Framework) -> None:
    assert len(fw.glossary) >= 20
    for term in fw.glossary:
        assert term.definition.endswith("."), term.term


def test_unknown_area_or_milestone_raises_key_error(fw: Framework) -> None:
    with pytest.raises(KeyError, match="finance"):
        fw.area("finance")
    with pytest.raises(KeyError, match="impact-9-9"):
        fw.milestone("impact-9-9")


def test_status_enum_is_the_shared_one() -> None:
    assert Status.parse("In_Progress") is Status.IN_PROGRESS


def test_framework_imports_no_rasa_database_or_spacy() -> None:
    forbidden = ("rasa", "rasa_sdk", "sqlalchemy", "spacy", "bot")
    for module_path in FRAMEWORK_DIR.glob("*.py"):
        tree = ast.parse(module_path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            assert not set(roots) & set(forbidden), f"{module_path.name} imports {roots}"


KEY_TERMS = ["Theory of Change", "RCT", "NPS", "power use", "commissioner", "delivery funder", "value proposition"]


@pytest.mark.parametrize("key_term", KEY_TERMS)
def test_milestone_texts_keep_the_frameworks_key_terms(fw: Framework, key_term: str) -> None:
    assert any(key_term.lower() in milestone.text.lower() for milestone in fw.milestones)
