"""The Rasa server's speed-ups (bot/rasa_server.py) must not change what Rasa accepts or rebuilds."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from bot.rasa_server import install_speedups


@pytest.fixture(scope="module", autouse=True)
def speedups() -> None:
    install_speedups()
    install_speedups()  # a second call changes nothing


def remote_action() -> RemoteAction:
    return RemoteAction("action_anything", action_endpoint=None)


def test_a_well_formed_action_response_is_accepted() -> None:
    response = {
        "events": [{"event": "slot", "name": "current_area", "value": "impact"}, {"event": "followup", "name": "action_listen"}],
        "responses": [{"text": "Thanks!"}],
    }
    assert remote_action()._validate_action_result(response) is True


@pytest.mark.parametrize(
    "response",
    [
        {"events": "slot current_area impact"},
        {"events": [{"name": "current_area"}]},
        {"events": [{"event": "slot", "name": "current_area", "value": "impact"}], "responses": ["Thanks!"]},
    ],
)
def test_a_malformed_action_response_is_still_refused_with_rasas_explanation(response: dict) -> None:
    with pytest.raises(ValidationError) as refused:
        remote_action()._validate_action_result(response)
    assert "Failed to validate Action server response" in refused.value.message


@pytest.mark.parametrize(
    ("type_name", "event_class"),
    [("slot", SlotSet), ("user", UserUttered), ("bot", BotUttered), ("action", ActionExecuted)],
)
def test_stored_events_are_rebuilt_as_the_same_classes(type_name: str, event_class: type) -> None:
    assert Event.resolve_by_type(type_name) is event_class
    assert Event.resolve_by_type(type_name) is event_class  # the remembered answer is the same


def test_unknown_event_names_keep_rasas_handling() -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None


def test_a_stored_conversation_reads_back_unchanged() -> None:
    events = [UserUttered("hi", {"name": "greet", "confidence": 1.0}), SlotSet("current_area", "impact"), BotUttered("Hello")]
    rebuilt = [Event.from_parameters(event.as_dict()) for event in events]
    assert rebuilt == events


def form_turns(count: int) -> list[Event]:
    """A check-up's shape: the interview form active over several founder answers."""
    from rasa.shared.core.events import ActiveLoop

    events: list[Event] = [ActionExecuted("action_listen"), UserUttered("let's start", {"name": "choose_full_checkup"})]
    events += [ActionExecuted("interview_form"), ActiveLoop("interview_form")]
    for turn in range(count):
        events += [
            SlotSet("current_area", "impact"),
            BotUttered(f"question {turn}"),
            ActionExecuted("action_listen"),
            UserUttered(f"answer {turn}", {"name": "inform"}),
            ActionExecuted("interview_form"),
        ]
    return events


def tracker_of(events: list[Event]):
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker("founder", slots=[])
    for event in events:
        tracker.update(event)
    return tracker


def test_a_conversation_read_again_after_new_events_sees_them() -> None:
    events = form_turns(6)
    tracker = tracker_of(events[:-5])
    before = tracker.applied_events()
    for event in events[-5:]:
        tracker.update(event)
    after = tracker.applied_events()

    assert after == tracker_of(events).applied_events()
    assert after != before
    assert "answer 5" not in [getattr(event, "text", None) for event in before]


def test_changing_the_returned_events_does_not_change_the_conversation() -> None:
    tracker = tracker_of(form_turns(3))
    tracker.applied_events().clear()
    assert tracker.applied_events() == tracker_of(form_turns(3)).applied_events() != []
