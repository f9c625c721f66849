"""Founders, cohorts, ventures and the codes people type to find them."""
from __future__ import annotations

import pytest

from bot.store import InvalidInput, NotFound
from bot.store.codes import CODE_ALPHABET, INVITE_CODE_LENGTH


def test_the_same_sender_on_the_same_channel_is_the_same_founder(store):
    first = store.founder_for("slack", "T1:U1", display_name="Asha")
    again = store.founder_for("slack", "T1:U1")
    assert again.id == first.id
    assert again.display_name == "Asha"
    assert again.last_seen_at >= first.last_seen_at


def test_the_same_sender_id_on_another_channel_is_another_founder(store):
    on_slack = store.founder_for("slack", "42")
    on_widget = store.founder_for("socketio", "42")
    assert on_slack.id != on_widget.id


def test_a_later_display_name_never_overwrites_the_one_given(store):
    founder = store.founder_for("rest", "s1", display_name="Asha")
    assert store.founder_for("rest", "s1", display_name="asha-bot").display_name == "Asha"
    assert store.update_founder(founder.id, display_name="Asha K.", role="CEO").display_name == "Asha K."
    assert store.founder(founder.id).role == "CEO"


def test_consent_is_recorded_with_its_time(store):
    founder = store.founder_for("rest", "s1")
    assert not founder.has_consented
    consenting = store.record_consent(founder.id)
    assert consenting.has_consented
    assert consenting.consent_at.tzinfo is not None


def test_invite_codes_are_unique_and_easy_to_read(store):
    cohorts = [store.create_cohort(f"Cohort {number}") for number in range(40)]
    invite_codes = [cohort.invite_code for cohort in cohorts]
    assert len(set(invite_codes)) == len(invite_codes)
    for code in invite_codes:
        assert len(code) == INVITE_CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


def test_an_invite_code_is_found_whatever_its_case_and_spacing(store):
    cohort = store.create_cohort("Spring 2027", welcome_text="Welcome to the Spring cohort!")
    typed = f" {cohort.invite_code[:3].lower()} {cohort.invite_code[3:].lower()} "
    found = store.cohort_by_invite(typed)
    assert found == cohort
    assert found.welcome_text == "Welcome to the Spring cohort!"


def test_an_unknown_invite_code_is_not_found_with_a_readable_message(store):
    store.create_cohort("Spring 2027")
    with pytest.raises(NotFound, match="No cohort has the invite code 'NOPE99'"):
        store.cohort_by_invite("NOPE99")


def test_cohorts_are_listed_in_creation_order(store):
    names = ["Spring", "Summer", "Autumn"]
    for name in names:
        store.create_cohort(name)
    assert [cohort.name for cohort in store.list_cohorts()] == names


@pytest.mark.parametrize("blank_name", ["", "   ", None])
def test_a_venture_needs_a_name(store, blank_name):
    founder = store.founder_for("rest", "s1")
    with pytest.raises(InvalidInput, match="venture name is empty"):
        store.create_venture(blank_name, founder.id)


def test_creating_a_venture_attaches_its_founder(store):
    founder = store.founder_for("rest", "s1")
    venture = store.create_venture("  Green Bikes ", founder.id)
    assert venture.name == "Green Bikes"
    assert store.venture_for_founder(founder.id) == venture
    assert store.founder(founder.id).venture_id == venture.id


def test_a_venture_joins_a_cohort(store, interview):
    cohort = store.create_cohort("Spring 2027")
    joined = store.join_cohort(interview.venture.id, cohort.id)
    assert joined.cohort_id == cohort.id
    assert store.ventures_in_cohort(cohort.id) == [joined]


def test_joining_an_unknown_cohort_is_refused(store, interview):
    with pytest.raises(NotFound):
        store.join_cohort(interview.venture.id, 999_999)


def test_a_cofounder_joins_with_the_venture_invite_code(store, interview):
    cofounder = store.founder_for("slack", "T1:U2", display_name="Ben")
    venture = store.venture_by_invite(interview.venture.invite_code.lower())
    store.join_venture(cofounder.id, venture.id)
    assert [founder.id for founder in store.founders_of(venture.id)] == [interview.founder.id, cofounder.id]


def test_a_cofounder_finds_the_venture_by_name_in_their_cohort(store):
    cohort = store.create_cohort("Spring 2027")
    founder = store.founder_for("rest", "s1")
    venture = store.create_venture("Green Bikes", founder.id, cohort_id=cohort.id)
    assert store.find_venture(cohort.id, "  green bikes ") == venture
    assert store.find_venture(cohort.id, "Blue Bikes") is None


def test_a_continue_code_finds_the_founder_from_another_channel(store, interview):
    code = store.set_continue_code(interview.founder.id)
    on_slack = store.continue_with_code(code.lower(), "slack", "T1:U9")
    assert on_slack.id == interview.founder.id
    assert store.founder_for("slack", "T1:U9").id == interview.founder.id
    assert store.identities_of(interview.founder.id) == [("rest", "sender-1"), ("slack", "T1:U9")]


def test_saying_a_continue_code_after_a_greeting_replaces_the_empty_new_founder(store, interview):
    code = store.set_continue_code(interview.founder.id)
    greeter = store.founder_for("socketio", "browser-2")
    assert greeter.id != interview.founder.id
    assert store.continue_with_code(code, "socketio", "browser-2").id == interview.founder.id
    with pytest.raises(NotFound):
        store.founder(greeter.id)


def test_a_continue_code_cannot_take_over_a_conversation_with_its_own_checkup(store, start_interview):
    first = start_interview(sender_id="a")
    second = start_interview(sender_id="b", venture_name="Other")
    code = store.set_continue_code(first.founder.id)
    with pytest.raises(InvalidInput, match="already has its own check-up"):
        store.continue_with_code(code, "rest", "b")
    assert store.founder_for("rest", "b").id == second.founder.id


def test_an_unknown_continue_code_is_not_found(store):
    with pytest.raises(NotFound, match="continue code"):
        store.founder_by_continue_code("ABCD2345")


def test_a_manager_token_opens_only_its_cohort(store):
    spring = store.create_cohort("Spring")
    autumn = store.create_cohort("Autumn")
    spring_token = store.create_manager_token(spring.id)
    store.create_manager_token(autumn.id)
    assert store.cohort_for_manager_token(spring_token) == spring
    assert store.cohort_for_manager_token(spring_token + "x") is None
    assert store.cohort_for_manager_token("") is None


def test_looking_a_founder_up_creates_no_one(store, row_counts):
    assert store.find_founder("rest", "stranger") is None
    assert row_counts()["founders"] == 0
    known = store.founder_for("rest", "known")
    assert store.find_founder("rest", "known") == known
