"""A cohort's CSV and JSON exports: one entry per venture, stages, statuses, founders' words."""
from __future__ import annotations

import csv
import io
import json

import pytest

from tests.web.conftest import ADMIN_TOKEN


@pytest.fixture
def exported_cohort(seed, store, framework):
    cohort, token = seed.cohort("Spring 2027")
    green_bikes = seed.venture("Green Bikes", cohort=cohort)
    seed.achieve_stage_one(green_bikes, "impact", framework)
    seed.answer(green_bikes, "impact", "We ran a small pilot study.", {"impact-2-2": "in_progress"})
    seed.venture("=HYPERLINK(\"http://evil\")", cohort=cohort, start=False)
    other_cohort, _ = seed.cohort("Autumn 2027")
    seed.venture("Elsewhere Ltd", cohort=other_cohort)
    return cohort, token


def test_csv_export_has_a_row_per_venture_with_stages_and_statuses(browser, exported_cohort):
    cohort, _token = exported_cohort
    response = browser.get(f"/dashboard/cohorts/{cohort.id}/export.csv", token=ADMIN_TOKEN)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"waypoint-{cohort.invite_code}.csv" in response.headers["Content-Disposition"]
    rows = {row["venture"]: row for row in csv.DictReader(io.StringIO(response.text))}
    assert set(rows) == {"Green Bikes", "'=HYPERLINK(\"http://evil\")"}
    green_bikes = rows["Green Bikes"]
    assert (green_bikes["completion"], green_bikes["impact_stage"], green_bikes["users_stage"]) == ("started", "2", "1")
    assert green_bikes["impact-1-1"] == "achieved"
    assert green_bikes["impact-2-2"] == "in_progress"
    assert green_bikes["revenue-1-1"] == "unknown"


def test_csv_export_neutralises_spreadsheet_formulas_in_venture_names(browser, exported_cohort):
    cohort, _token = exported_cohort
    text = browser.get(f"/dashboard/cohorts/{cohort.id}/export.csv", token=ADMIN_TOKEN).text
    names = [row["venture"] for row in csv.DictReader(io.StringIO(text))]
    assert not any(name.startswith("=") for name in names)


def test_json_export_holds_each_venture_summary_and_the_founders_words(browser, exported_cohort):
    cohort, token = exported_cohort
    response = browser.get(f"/dashboard/cohorts/{cohort.id}/export.json", token=token)
    assert response.status == 200
    export = json.loads(response.text)
    assert export["cohort"]["invite_code"] == cohort.invite_code
    ventures = {venture["name"]: venture for venture in export["ventures"]}
    assert set(ventures) == {"Green Bikes", '=HYPERLINK("http://evil")'}
    green_bikes = ventures["Green Bikes"]
    assert green_bikes["completion"] == "started"
    assert green_bikes["founders"] == ["Asha"]
    impact = next(area for area in green_bikes["current"]["areas"] if area["area"] == "impact")
    assert impact["stage"] == 2
    pilot = next(milestone for milestone in impact["milestones"] if milestone["id"] == "impact-2-2")
    assert pilot["status"] == "in_progress"
    assert pilot["evidence"][0]["text"] == "We ran a small pilot study."
