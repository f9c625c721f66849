"""The cohort page: ventures by areas coloured by stage, completion, the chart, the invite."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import ADMIN_TOKEN


@pytest.fixture
def cohort_with_three_ventures(seed, store, framework):
    cohort, _token = seed.cohort("Spring 2027")
    impact_ahead = seed.venture("Green Bikes", cohort=cohort)
    seed.achieve_stage_one(impact_ahead, "impact", framework)
    store.complete_assessment(impact_ahead.assessment.id)
    just_started = seed.venture("Water Wise", cohort=cohort)
    seed.answer(just_started, "users", "We spoke to forty families about it.", {"users-1-1": "in_progress"})
    seed.venture("Quiet Start", cohort=cohort, start=False)
    return cohort


def grid_row(page_text: str, venture_name: str) -> str:
    return re.search(rf"<tr>\s*<td><a [^>]*>{venture_name}</a>.*?</tr>", page_text, re.S).group(0)


def cell(row_html: str, area_id: str) -> str:
    return re.search(rf'<td data-area="{area_id}">(.*?)</td>', row_html, re.S).group(1)


def test_grid_colours_each_area_by_the_venture_stage(browser, cohort_with_three_ventures):
    page = browser.get(f"/dashboard/cohorts/{cohort_with_three_ventures.id}", token=ADMIN_TOKEN)
    green_bikes = grid_row(page.text, "Green Bikes")
    assert 'class="stage stage-2">Stage 2' in cell(green_bikes, "impact")
    assert 'class="stage stage-1">Stage 1' in cell(green_bikes, "users")
    assert "Not yet" in cell(grid_row(page.text, "Quiet Start"), "impact")


def test_grid_shows_completion_of_each_venture(browser, cohort_with_three_ventures):
    page = browser.get(f"/dashboard/cohorts/{cohort_with_three_ventures.id}", token=ADMIN_TOKEN)
    assert 'class="completion-complete">Complete' in grid_row(page.text, "Green Bikes")
    assert 'class="completion-started">Started' in grid_row(page.text, "Water Wise")
    assert 'class="completion-invited">Invited' in grid_row(page.text, "Quiet Start")


def test_cohort_page_shows_invite_code_and_join_link(browser, cohort_with_three_ventures):
    cohort = cohort_with_three_ventures
    page = browser.get(f"/dashboard/cohorts/{cohort.id}", token=ADMIN_TOKEN)
    assert f"<code>{cohort.invite_code}</code>" in page.text
    assert f"http://waypoint.test/chat?cohort={cohort.invite_code}" in page.text
    assert f"join with code {cohort.invite_code}" in page.text


def test_stage_distribution_chart_counts_ventures_per_stage(browser, cohort_with_three_ventures, framework):
    page = browser.get(f"/dashboard/cohorts/{cohort_with_three_ventures.id}", token=ADMIN_TOKEN)
    chart = re.search(r"<svg.*?</svg>", page.text, re.S).group(0)
    assert re.findall(r'<g class="area" data-area="(\w+)"', chart) == [area.id for area in framework.areas]
    impact_bar = re.search(r'data-area="impact">(.*?)</g>', chart, re.S).group(1)
    assert "Impact: 1 in stage 1" in impact_bar
    assert "Impact: 1 in stage 2" in impact_bar
    assert "Impact: 1 in not assessed" in impact_bar
