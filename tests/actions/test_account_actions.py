"""A founder's own account through the real actions and a real store: the report link, a continue
code used from a second sender, the export, and deletion (store and conversation tracker)."""
from __future__ import annotations

import asyncio
import re

import pytest

from bot.actions.account import (
    ConfirmDelete,
    DeleteData,
    ExportData,
    GiveContinueCode,
    KeepData,
    RevokeReport,
    SendReport,
    UseContinueCode,
)
from bot.actions.interview import ResumeInterview
from bot.store import NotFound
from bot.tracking import marker_id

from .conftest import PROJECT_ROOT, Conversation, buttons_of, texts_of

PUBLIC_URL = "https://waypoint.example"
REPORT_LINK = re.compile(re.escape(PUBLIC_URL) + r"/report/(\S+)")
CONTINUE_CODE = re.compile(r"continue code is ([A-Z2-9]{8})")


@pytest.fixture(autouse=True)
def public_url(monkeypatch):
    monkeypatch.setenv("WAYPOINT_PUBLIC_URL", PUBLIC_URL)


@pytest.fixture
def tracker_db(tmp_path, monkeypatch):
    """Rasa's SQL tracker store on a fresh SQLite file, the one bot.tracking would configure."""
    monkeypatch.delenv("WAYPOINT_TRACKER_URL", raising=False)
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("WAYPOINT_TRACKER_DB", str(path))
    return f"sqlite:///{path}"


def answered_impact(talk: Conversation) -> Conversation:
    talk.start("impact")
    talk.answer("We have a Theory of Change and we survey our users every year")
    return talk


def founder_of(store, sender_id: str):
    return store.find_founder("rest", sender_id)


def report_token(messages) -> str:
    match = REPORT_LINK.search(texts_of(messages))
    assert match, f"no report link in {texts_of(messages)!r}"
    return match.group(1)


def continue_code_from(talk: Conversation) -> str:
    match = CONTINUE_CODE.search(texts_of(talk.say(GiveContinueCode(), "give me a code to continue on my laptop", "ask_continue_code")))
    assert match, "no continue code in the reply"
    return match.group(1)


# -- report links -------------------------------------------------------------------------------


def test_report_link_opens_the_founders_own_venture(onboarded, wired):
    messages = onboarded.say(SendReport(), "send me my report", "ask_report")
    venture = wired.venture_for_report_token(report_token(messages))
    assert venture is not None and venture.id == founder_of(wired, "founder-1").venture_id
    assert "revoke" in texts_of(messages).lower()


def test_each_request_gets_a_different_unguessable_link(onboarded):
    first = report_token(onboarded.say(SendReport(), "send me my report", "ask_report"))
    second = report_token(onboarded.say(SendReport(), "report please", "ask_report"))
    assert first != second and len(first) >= 32


def test_revoked_report_links_no_longer_open(onboarded, wired):
    token = report_token(onboarded.say(SendReport(), "send me my report", "ask_report"))
    reply = texts_of(onboarded.say(RevokeReport(), "revoke my report links", "revoke_report"))
    assert wired.venture_for_report_token(token) is None
    assert "no longer open" in reply


def test_report_before_consent_is_explained_without_a_link(conversation):
    reply = texts_of(conversation.say(SendReport(), "send me my report", "ask_report"))
    assert "/report/" not in reply and "don't have anything saved" in reply


def test_report_after_declining_consent_gives_no_link(wired):
    talk = Conversation("no-consent")
    talk.onboard(consent=False)
    assert "/report/" not in texts_of(talk.say(SendReport(), "send me my report", "ask_report"))


# -- continue codes -----------------------------------------------------------------------------


def save_to_tracker_store(talk: Conversation) -> None:
    """What Rasa does after each turn: the conversation's events go to the tracker store."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracking import WaypointTrackerStore

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_dict(talk.sender_id, talk.events, domain.slots)
    asyncio.run(WaypointTrackerStore(domain=domain).save(tracker))


def test_continue_code_moves_a_second_sender_onto_the_same_founder_and_area(onboarded, wired, tracker_db):
    answered_impact(onboarded)
    code = continue_code_from(onboarded)
    save_to_tracker_store(onboarded)
    laptop = Conversation("laptop-1")
    welcome = laptop.say(UseContinueCode(), f"continue with code {code}", "use_continue_code", [{"entity": "continue_code", "value": code}])
    assert founder_of(wired, "laptop-1").id == founder_of(wired, "founder-1").id
    assert laptop.slots["awaiting"] == "continue_or_new"
    assert laptop.slots["current_area"] == "impact" and "impact" in texts_of(welcome)
    assert laptop.slots["venture_name"] == "Sunrise Kitchen" and laptop.slots["consent_given"] is True
    laptop.say(ResumeInterview(), "yes", "affirm")
    assert laptop.slots["awaiting"] == "interview"
    assert laptop.slots["current_area"] == onboarded.slots["current_area"] == "impact"
    assert laptop.slots["interview_phase"] == onboarded.slots["interview_phase"]
    assert laptop.slots["current_milestone"] == onboarded.slots["current_milestone"]
    assert texts_of(laptop.ask()) == texts_of(onboarded.ask()), "the other device asks a different question"


def test_without_the_other_conversation_the_check_up_resumes_from_the_stored_answers(onboarded, wired, tracker_db):
    onboarded.start()
    onboarded.answer("We sell a meal subscription and have 40 paying customers")
    code = continue_code_from(onboarded)
    laptop = Conversation("laptop-1")
    laptop.say(UseContinueCode(), f"continue with code {code}", "use_continue_code")
    assert laptop.slots["current_area"] == "product" and laptop.slots["awaiting"] == "continue_or_new"


def test_continue_code_is_found_in_plain_text_without_the_entity(onboarded, wired):
    code = continue_code_from(onboarded)
    phone = Conversation("phone-1")
    phone.say(UseContinueCode(), f"continue with code {code[:4]}-{code[4:].lower()}", "use_continue_code")
    assert founder_of(wired, "phone-1").id == founder_of(wired, "founder-1").id


def test_an_unknown_continue_code_gets_a_clear_message_and_links_nothing(wired):
    stranger = Conversation("stranger")
    reply = texts_of(stranger.say(UseContinueCode(), "continue with code ZZZZ2222", "use_continue_code"))
    assert "couldn't find the continue code ZZZZ2222" in reply
    assert founder_of(wired, "stranger") is None and stranger.slots["awaiting"] is None


def test_an_eight_letter_word_is_not_taken_for_a_code(wired):
    reply = texts_of(Conversation("asker").say(UseContinueCode(), "I want to continue with a code", "use_continue_code"))
    assert "What's your continue code?" in reply


def test_no_continue_code_before_consent(conversation):
    reply = texts_of(conversation.say(GiveContinueCode(), "give me a continue code", "ask_continue_code"))
    assert CONTINUE_CODE.search(reply) is None


# -- export -------------------------------------------------------------------------------------


def test_export_attaches_the_founders_answers_as_json(onboarded):
    answered_impact(onboarded)
    messages = onboarded.say(ExportData(), "export my data", "export_my_data")
    export = messages[0]["custom"]
    answers = [answer["text"] for assessment in export["venture"]["assessments"] for answer in assessment["answers"]]
    assert "We have a Theory of Change and we survey our users every year" in answers
    assert export["founder"]["display_name"] == "Maya"
    assert f"{len(answers)} answers over 1 check-ups" in messages[0]["text"]


def test_export_without_stored_data_says_so(conversation):
    messages = conversation.say(ExportData(), "export my data", "export_my_data")
    assert not messages[0]["custom"] and "nothing" in texts_of(messages)


# -- delete -------------------------------------------------------------------------------------


def save_conversation(sender_id: str, *texts: str, restart: bool = False):
    """What Rasa's tracker store holds for a sender: their messages (and, once deleted, the restart)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, Restarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracking import WaypointTrackerStore

    tracker = DialogueStateTracker(sender_id, Domain.empty().slots)
    for text in texts:
        tracker.update(UserUttered(text))
    if restart:
        tracker.update(Restarted())
        tracker.update(ActionExecuted("action_listen"))
    asyncio.run(WaypointTrackerStore(domain=Domain.empty()).save(tracker))
    return tracker


def stored_texts(sender_id: str) -> list[str]:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered

    from bot.tracking import WaypointTrackerStore

    tracker = asyncio.run(WaypointTrackerStore(domain=Domain.empty()).retrieve_full_tracker(sender_id))
    return [event.text for event in tracker.events if isinstance(event, UserUttered)] if tracker else []


def test_delete_asks_first_and_no_keeps_everything(onboarded, wired):
    onboarded.slots["awaiting"] = "done"
    messages = onboarded.say(ConfirmDelete(), "delete my data", "delete_my_data")
    assert onboarded.slots["awaiting"] == "delete_confirm" and "Yes, delete everything" in buttons_of(messages)
    onboarded.say(KeepData(), "no", "deny")
    assert onboarded.slots["awaiting"] == "done" and founder_of(wired, "founder-1") is not None


def test_delete_removes_the_founders_data_everywhere(onboarded, wired, tracker_db):
    answered_impact(onboarded)
    code = continue_code_from(onboarded)
    Conversation("laptop-1").say(UseContinueCode(), f"continue with code {code}", "use_continue_code")
    venture_id = founder_of(wired, "founder-1").venture_id
    token = report_token(onboarded.say(SendReport(), "send me my report", "ask_report"))
    save_conversation("founder-1", "We have a Theory of Change and we survey our users every year")
    save_conversation("laptop-1", f"continue with code {code}")
    save_conversation("someone-else", "hi")

    onboarded.say(ConfirmDelete(), "delete my data", "delete_my_data")
    onboarded.say(DeleteData(), "yes", "affirm")

    assert founder_of(wired, "founder-1") is None and founder_of(wired, "laptop-1") is None
    with pytest.raises(NotFound):
        wired.venture(venture_id)
    assert wired.venture_for_report_token(token) is None
    assert stored_texts("founder-1") == [] and stored_texts("laptop-1") == []
    assert stored_texts("someone-else") == ["hi"], "another founder's conversation was touched"
    assert {event["event"] for event in onboarded.events[-2:]} == {"reset_slots", "restart"}
    # Rasa saves the conversation it holds after the action: the marker makes the tracker store drop
    # everything before it then (tests/rasa_stores/test_forget_conversation.py).
    assert marker_id(onboarded.events[-1]) is not None, "the restart is not a forget marker"
