"""The end of the check-up: the profile across the areas covered, the top three ways to make
progress with their reasons, and what to do next. The placement is saved and the assessment closed."""
from __future__ import annotations

from typing import Any

from framework import place_area
from rasa_sdk import Tracker

from bot.actions import services, texts
from bot.actions.base import Reply, WaypointAction
from bot.actions.ledger import open_ledger
from bot.actions.state import InterviewState


class FinishInterview(WaypointAction):
    def name(self) -> str:
        return "action_finish_interview"

    def respond(self, tracker: Tracker, domain: dict[str, Any]) -> Reply:
        fw = services.framework()
        state = InterviewState.from_tracker(tracker)
        ledger = open_ledger(tracker)
        statuses = ledger.statuses()
        area_ids = state.planned_areas or fw.area_ids
        ledger.save_placement(place_area(fw, area_id, statuses) for area_id in area_ids)
        ledger.complete()
        report = texts.final_report(fw, area_ids, statuses, saved=ledger.saves)
        return Reply().say(report).set(awaiting="done", current_area=None, current_milestone=None, **ledger.slots())
