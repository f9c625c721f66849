"""Finding the glossary term a founder asks about inside free text."""
from __future__ import annotations

import pytest

from framework import Framework

QUESTIONS = {
    "what's an RCT?": "RCT",
    "What does theory of change mean": "Theory of Change",
    "do we need a ToC": "Theory of Change",
    "our TOCs are out of date": "Theory of Change",
    "is a randomized control trial expensive?": "RCT",
    "Randomised Controlled Trials, what are they": "RCT",
    "explain quasi experimental study please": "quasi-experimental study",
    "NPS??": "NPS",
    "what is a net promoter score": "NPS",
    "who counts as a power user": "power users",
    "what's a commissioner": "commissioner",
    "difference between a delivery funder and an investor": "delivery funder",
    "how do I fill in a business model canvas": "business model canvas",
    "what makes a good value proposition": "value proposition",
    "is ethnography just watching people": "ethnography",
    "how many people in a focus group": "focus group",
    "what does co design mean": "co-design",
    "what is lived experience": "lived experience",
    "what is an impact evaluation": "impact evaluation",
    "what does behavioral data mean": "behavioural data",
    "what's a route to market": "route to market",
    "what does effect size mean": "effect size",
    "what are milestones": "milestones",
}


@pytest.mark.parametrize("question, term", QUESTIONS.items(), ids=QUESTIONS.keys())
def test_term_or_alias_is_found_in_a_question(fw: Framework, question: str, term: str) -> None:
    found = fw.lookup_term(question)
    assert found is not None and found.term == term


@pytest.mark.parametrize("text", ["we sell stocks and shares", "a protocol for the session", "hello there", ""])
def test_no_term_is_found_inside_longer_words_or_in_unrelated_text(fw: Framework, text: str) -> None:
    assert fw.lookup_term(text) is None


def test_the_longest_mention_wins_over_a_shorter_term_in_the_same_text(fw: Framework) -> None:
    found = fw.lookup_term("is an external evaluation the same as an RCT or a quasi-experimental study?")
    assert found is not None and found.term == "quasi-experimental study"


def test_a_term_named_inside_another_terms_alias_does_not_win(fw: Framework) -> None:
    # "stage" is a name of "stages", but here it is part of an alias of "milestones".
    found = fw.lookup_term("what are end of stage milestones?")
    assert found is not None and found.term == "milestones"


def test_every_glossary_name_finds_its_own_term(fw: Framework) -> None:
    for term in fw.glossary:
        for name in term.names:
            found = fw.lookup_term(f"what does {name} mean?")
            assert found is term, f"{name!r} found {found.term if found else None!r}, not {term.term!r}"
