"""Cohort and venture commands: create and find cohorts, export and delete a venture."""
from __future__ import annotations

import json
import re

import pytest

from bot.store.errors import NotFound


def printed_value(output: str, label: str) -> str:
    return re.search(rf"^{label}:\s+(\S+)$", output, re.M).group(1)


def test_cohort_create_prints_a_code_the_store_finds_and_the_ways_to_join(run_cli, store):
    result = run_cli("cohort", "create", "Spring 2027", "--welcome", "Welcome, spring founders!")
    assert result.exit_code == 0, result.err
    invite_code = printed_value(result.out, "Invite code")
    cohort = store.cohort_by_invite(invite_code)
    assert (cohort.name, cohort.welcome_text) == ("Spring 2027", "Welcome, spring founders!")
    assert printed_value(result.out, "Widget link") == f"https://waypoint.example.org/chat?cohort={invite_code}"
    assert f"Slack phrase:    join with code {invite_code}" in result.out


def test_cohort_create_prints_a_dashboard_token_that_opens_only_that_cohort(run_cli, store):
    result = run_cli("cohort", "create", "Spring 2027")
    token = printed_value(result.out, "Dashboard token")
    assert store.cohort_for_manager_token(token).invite_code == printed_value(result.out, "Invite code")
    assert "shown only this once" in result.out


def test_cohort_create_with_an_empty_name_is_a_usage_error(run_cli, store):
    result = run_cli("cohort", "create", "   ")
    assert result.exit_code == 2
    assert "cohort name is empty" in result.err
    assert store.list_cohorts() == []


def test_cohort_list_and_show(run_cli, seed):
    cohort, _token = seed.cohort("Spring 2027")
    seed.venture("Green Bikes", cohort=cohort)
    seed.venture("Quiet Start", cohort=cohort, start=False)
    listing = run_cli("cohort", "list")
    assert f"{cohort.invite_code}  Spring 2027  (2 ventures" in listing.out
    shown = run_cli("cohort", "show", cohort.invite_code.lower())
    assert shown.exit_code == 0
    assert re.search(r"Green Bikes\s+\[started,", shown.out)
    assert re.search(r"Quiet Start\s+\[invited,", shown.out)


def test_cohort_show_with_an_unknown_code_exits_1(run_cli, store):
    result = run_cli("cohort", "show", "NOPE99")
    assert result.exit_code == 1
    assert "no cohort has the invite code 'NOPE99'" in result.err


def test_venture_export_prints_the_stored_answers_as_json(run_cli, seed):
    seeded = seed.venture("Green Bikes")
    seed.answer(seeded, "users", "Forty families asked for it.", {"users-1-1": "achieved"})
    result = run_cli("venture", "export", str(seeded.venture.id))
    assert result.exit_code == 0, result.err
    export = json.loads(result.out)
    assert export["venture"]["name"] == "Green Bikes"
    assert export["assessments"][0]["answers"][0]["text"] == "Forty families asked for it."


def test_venture_delete_needs_yes_then_removes_the_venture(run_cli, seed, store):
    seeded = seed.venture("Green Bikes")
    refused = run_cli("venture", "delete", str(seeded.venture.id))
    assert refused.exit_code == 2 and "--yes" in refused.err
    assert store.venture(seeded.venture.id).name == "Green Bikes"
    deleted = run_cli("venture", "delete", str(seeded.venture.id), "--yes")
    assert deleted.exit_code == 0
    with pytest.raises(NotFound):
        store.venture(seeded.venture.id)


@pytest.mark.parametrize("command", [("venture", "export", "4242"), ("venture", "delete", "4242", "--yes")])
def test_unknown_venture_id_exits_1(run_cli, store, command):
    result = run_cli(*command)
    assert result.exit_code == 1
    assert "no venture has the id 4242" in result.err


def test_missing_arguments_are_usage_errors(run_cli):
    with pytest.raises(SystemExit) as exit_info:
        run_cli("venture", "export", "not-a-number")
    assert exit_info.value.code == 2
