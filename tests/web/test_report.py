"""The founder's report behind its link: printable page, chart, statuses; a revoked link is gone."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from framework import next_steps, place_venture
from tests.web.conftest import ADMIN_TOKEN

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def report_link(seed, store, framework):
    seeded = seed.venture("Green Bikes")
    seed.achieve_stage_one(seeded, "users", framework)
    seed.answer(seeded, "impact", "We have a Theory of Change on one page.", {"impact-1-1": "achieved"})
    return seeded, store.create_report_token(seeded.venture.id)


def test_report_link_shows_the_venture_statuses_and_recommendations(browser, report_link, store, framework):
    seeded, token = report_link
    page = browser.get(f"/report/{token}")
    assert page.status == 200
    assert "Green Bikes" in page.text
    assert f'src="/report/{token}/chart.svg"' in page.text
    assert re.search(r'<tr id="impact-1-1">\s*<td><span class="status status-achieved">', page.text)
    assert re.search(r'<tr id="impact-1-2">\s*<td><span class="status status-unknown">', page.text)
    assert "Users: stage 2, Proven solution" in page.text
    profile = place_venture(framework, store.milestone_statuses(seeded.assessment.id))
    for step in next_steps(framework, profile):
        assert step.way.text in page.text


def test_report_page_is_printable_and_sends_no_referrer(browser, report_link):
    _seeded, token = report_link
    page = browser.get(f"/report/{token}")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    css = browser.get("/static/waypoint.css").text
    assert "@media print" in css


def test_report_chart_has_the_five_areas_against_the_three_stages(browser, report_link, framework):
    _seeded, token = report_link
    response = browser.get(f"/report/{token}/chart.svg")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    chart = ElementTree.fromstring(response.text)
    areas = chart.findall(f"{SVG}g[@class='area']")
    assert [area.get("data-area") for area in areas] == [area.id for area in framework.areas]
    stages = {area.get("data-area"): area.get("data-stage") for area in areas}
    assert stages["users"] == "2" and stages["impact"] == "1"
    headings = {text.text for text in chart.findall(f"{SVG}text")}
    assert {stage.name for stage in framework.stages} <= headings


def test_revoked_report_link_is_a_friendly_404(browser, report_link, store):
    seeded, token = report_link
    store.revoke_report_tokens(seeded.venture.id)
    for path in (f"/report/{token}", f"/report/{token}/chart.svg"):
        page = browser.get(path)
        assert page.status == 404
        assert "Green Bikes" not in page.text
    assert "send me my report" in browser.get(f"/report/{token}").text


def test_made_up_report_link_is_404(browser, report_link):
    assert browser.get("/report/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").status == 404
    assert browser.get("/report/" + "x" * 5000).status in (404, 414)


def test_manager_sees_the_same_report_from_the_dashboard(browser, report_link):
    seeded, _token = report_link
    page = browser.get(f"/dashboard/ventures/{seeded.venture.id}/report", token=ADMIN_TOKEN)
    assert page.status == 200
    assert "Green Bikes" in page.text
    assert f'src="/dashboard/ventures/{seeded.venture.id}/chart.svg"' in page.text
