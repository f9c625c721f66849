"""The cue lexicons: every milestone covered, nothing but the framework's ids, phrases that parse."""
from __future__ import annotations

import pytest

from bot.evidence import lexicon as lexicon_module
from bot.evidence.lexicon import LexiconError, load_lexicon, read_milestone_cues
from bot.evidence.patterns import compile_pattern, token_keys
from framework import load_framework

FRAMEWORK_IDS = frozenset(milestone.id for area in load_framework().areas for milestone in load_framework().milestones_for(area.id))


def test_framework_has_the_54_milestones_the_lexicon_is_checked_against():
    assert len(FRAMEWORK_IDS) == 54


def test_every_milestone_in_cues_yml_is_a_framework_milestone():
    cues = read_milestone_cues()
    milestone_ids = set(cues) - {lexicon_module.PASSING_MENTIONS_KEY, lexicon_module.SAME_EVIDENCE_KEY}
    assert milestone_ids <= FRAMEWORK_IDS


@pytest.mark.parametrize("milestone_id", sorted(FRAMEWORK_IDS))
def test_every_milestone_has_answer_and_question_cues(milestone_id):
    cues = read_milestone_cues()[milestone_id]
    assert cues.get("strong"), f"{milestone_id} has no strong cues"
    assert cues.get("ask"), f"{milestone_id} has no question cues"


def test_lexicon_loads_against_the_framework_ids():
    lexicon = load_lexicon(known_ids=FRAMEWORK_IDS)
    assert set(lexicon.milestone_ids) == FRAMEWORK_IDS


def test_unknown_milestone_id_is_rejected_with_its_name(tmp_path):
    bad = tmp_path / "cues.yml"
    bad.write_text("impact-9-9:\n  strong: [theory of change]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="impact-9-9"):
        read_milestone_cues(bad, known_ids=FRAMEWORK_IDS)


def test_milestone_without_strong_cues_is_rejected(tmp_path):
    bad = tmp_path / "cues.yml"
    bad.write_text("impact-1-1:\n  weak: [change]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="impact-1-1"):
        read_milestone_cues(bad)


@pytest.fixture(scope="module")
def parse(mapper):
    return lambda text: token_keys(mapper._parse(text))


def _matches(pattern_text, keys) -> bool:
    from bot.evidence.patterns import PhraseIndex

    return bool(PhraseIndex([("label", compile_pattern(pattern_text))]).matches(keys))


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("trial", "We trialled it twice.", True),
        ("randomised controlled trial", "a randomized controlled trial", True),
        ("key person | key people", "two key people left", True),
        ("key person | key people", "key staff left", False),
        ("signed ... contract", "they signed a two-year delivery contract", True),
        ("signed ... contract", "they signed up and later, after many months of waiting, got a contract", False),
        ("haven't started", "We haven't started yet", True),
        ("co-design", "we co-design every session", True),
        ("we plan? to", "we plan to", True),
        ("plan to", "we want to", False),
        ("draft|drafting plan", "our drafting plan", True),
    ],
)
def test_cue_phrases_match_words_lemmas_and_stems(pattern, text, expected, parse):
    assert _matches(pattern, parse(text)) is expected
