"""The venture page: stages, milestones, the founders' own words, disagreements and history."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import ADMIN_TOKEN


@pytest.fixture
def two_founders_disagree(seed):
    cohort, _token = seed.cohort()
    seeded = seed.venture("Green Bikes", cohort=cohort, founder_name="Asha")
    cofounder = seed.cofounder(seeded, "sender-bilal", "Bilal")
    seed.answer(seeded, "impact", "We ran a randomised trial with 200 riders last spring.", {"impact-2-1": "achieved"})
    seed.answer(seeded, "impact", "No trial yet, we only have anecdotes.", {"impact-2-1": "not_started"}, founder=cofounder)
    seed.answer(seeded, "impact", "We wrote our Theory of Change together.", {"impact-1-1": "achieved"}, founder=cofounder)
    return seeded


def venture_page(browser, seeded):
    page = browser.get(f"/dashboard/ventures/{seeded.venture.id}", token=ADMIN_TOKEN)
    assert page.status == 200
    return page.text


def test_venture_page_quotes_the_founders_words_with_their_dates(browser, two_founders_disagree):
    text = venture_page(browser, two_founders_disagree)
    milestone_row = re.search(r'<tr id="impact-1-1">.*?</tr>', text, re.S).group(0)
    assert "We wrote our Theory of Change together." in milestone_row
    assert "Bilal" in milestone_row
    assert two_founders_disagree.assessment.started_at.strftime("%d %b %Y") in milestone_row
    assert 'class="status status-achieved"' in milestone_row


def test_venture_page_shows_where_two_founders_disagree(browser, two_founders_disagree):
    text = venture_page(browser, two_founders_disagree)
    disagreement = re.search(r"Where the founders disagree(.*?)<h2>", text, re.S).group(1)
    assert "impact-2-1" in disagreement
    assert "Asha" in disagreement and "Bilal" in disagreement
    assert "status-achieved" in disagreement and "status-not_started" in disagreement
    assert "randomised trial with 200 riders" in disagreement
    assert "impact-1-1" not in disagreement


def test_agreeing_founders_show_no_disagreement(browser, seed):
    seeded = seed.venture("Calm Co")
    cofounder = seed.cofounder(seeded, "sender-cara", "Cara")
    seed.answer(seeded, "users", "Families told us they need this.", {"users-1-1": "achieved"})
    seed.answer(seeded, "users", "Yes, the need is clear.", {"users-1-1": "achieved"}, founder=cofounder)
    assert "Where the founders disagree" not in venture_page(browser, seeded)


def test_venture_page_shows_stage_per_area_and_recommendations(browser, seed, framework):
    seeded = seed.venture("Green Bikes")
    seed.achieve_stage_one(seeded, "product", framework)
    text = venture_page(browser, seeded)
    product = re.search(r'<section class="card area-detail" id="area-product">.*?</section>', text, re.S).group(0)
    assert 'class="stage stage-2">Stage 2' in product
    first_way = framework.ways_for("product", stage=2)[0].text
    assert first_way in text
    assert "Next steps" in text


def test_history_lists_each_reassessment_newest_first_with_its_stages(browser, seed, store, framework):
    seeded = seed.venture("Green Bikes")
    store.complete_assessment(seeded.assessment.id)
    second = store.start_assessment(seeded.venture.id)
    for milestone in framework.milestones_for("revenue", stage=1):
        store.set_milestone_status(second.id, seeded.founder.id, milestone.id, "achieved", source="correction")
    history = re.search(r'<table class="history">.*?<tbody>(.*?)</tbody>', venture_page(browser, seeded), re.S).group(1)
    newest, oldest = re.findall(r"<tr>.*?</tr>", history, re.S)
    assert "In progress" in newest and 'data-area="revenue"><span class="stage stage-2"' in newest
    assert "Complete" in oldest and 'data-area="revenue"><span class="stage stage-1"' in oldest


def test_unknown_venture_id_is_404(browser):
    assert browser.get("/dashboard/ventures/987654", token=ADMIN_TOKEN).status == 404
