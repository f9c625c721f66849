"""Starts Rasa's command line (`python -m bot.rasa_server run ...`) after two speed-ups to Rasa 3.6's
per-message path that keep its behaviour exactly.

Profiling the Rasa server through whole check-ups showed about a third of its time going into work
that gives the same answer every time:
- every custom action's response is checked with `jsonschema.validate`, which re-checks the fixed
  response schema against the JSON Schema meta-schema before each check (jsonschema 4.17); the
  schema is now checked once and its validator reused;
- every event read back from the tracker store looks its class up by walking all subclasses of
  `Event` again; a found class is now remembered by its type name;
- every policy, for every prediction, asks the tracker for its applied events, which undoes the
  interview form's earlier turns again each time (quadratic in a long check-up); the list is now
  kept on the tracker until an event is added.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional

_installed = False


def install_speedups() -> None:
    """Patches Rasa in this process; safe to call more than once."""
    global _installed
    if _installed:
        return
    _reuse_action_response_validator()
    _remember_event_classes()
    _keep_applied_events_until_the_tracker_changes()
    _installed = True


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _reuse_action_response_validator() -> None:
    from jsonschema import ValidationError, exceptions
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    def validate_action_result(self: RemoteAction, result: dict) -> bool:
        # Same outcome as jsonschema.validate(result, schema): the best-matching error is raised.
        error: Optional[ValidationError] = exceptions.best_match(_action_response_validator().iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = validate_action_result


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    find_by_walking: Callable = Event.resolve_by_type
    known_classes: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
        known = known_classes.get(type_name)
        if known is not None:
            return known
        # Misses (unknown names, defaults, the legacy "topic") keep Rasa's own handling and are not
        # remembered, so an event class imported later is still found.
        found = find_by_walking(type_name, default)
        if found is not None and found is not default and getattr(found, "type_name", None) == type_name:
            known_classes[type_name] = found
        return found

    Event.resolve_by_type = staticmethod(resolve_by_type)


def _keep_applied_events_until_the_tracker_changes() -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    compute_applied_events: Callable = DialogueStateTracker.applied_events

    def applied_events(self: DialogueStateTracker) -> list:
        # Events are only ever appended to a tracker (a restart is an event too), so the number of
        # events and the identity of the first and last one tell whether it changed.
        events = self.events
        version = (len(events), id(events[0]), id(events[-1])) if events else (0, None, None)
        kept = self.__dict__.get("_waypoint_applied_events")
        if kept is None or kept[0] != version:
            kept = (version, compute_applied_events(self))
            self.__dict__["_waypoint_applied_events"] = kept
        return list(kept[1])  # callers may change the list they get

    DialogueStateTracker.applied_events = applied_events


def main() -> None:
    install_speedups()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
