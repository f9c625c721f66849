"""What the founder reads: reflections, questions, summaries and the final profile, worded from the
framework's plain phrases. Plain, warm and short; one question at a time."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Optional

from framework import AreaPlacement, Profile, Recommendation, Status, next_steps, place_area, recommend_area

TARGETED_BUTTONS = [
    {"title": "Yes", "payload": '/inform{"reply":"yes"}'},
    {"title": "Partly", "payload": '/inform{"reply":"partly"}'},
    {"title": "Not yet", "payload": '/inform{"reply":"not_yet"}'},
    {"title": "Not sure", "payload": '/inform{"reply":"not_sure"}'},
]
CONFIRM_BUTTONS = [
    {"title": "Yes, that's right", "payload": "/affirm"},
    {"title": "Not quite", "payload": "/deny"},
]
SCOPE_BUTTONS = [
    {"title": "Full check-up (5 areas)", "payload": "/choose_full_checkup"},
    {"title": "Just one area", "payload": "/choose_one_area"},
]
CONSENT_BUTTONS = [
    {"title": "Yes, that's fine", "payload": "/affirm"},
    {"title": "No, don't store it", "payload": "/deny"},
]
CONTINUE_OR_NEW_BUTTONS = [
    {"title": "Continue where I stopped", "payload": "/continue_checkup"},
    {"title": "Start a new check-up", "payload": "/start_over"},
]
COFOUNDER_BUTTONS = [
    {"title": "Yes, I'm a co-founder", "payload": "/affirm"},
    {"title": "No, it's a different venture", "payload": "/deny"},
]
# What a founder who answered with a button saw, when the message with the buttons is not at hand.
INTERVIEW_BUTTON_WORDS = {button["payload"]: button["title"] for button in TARGETED_BUTTONS + CONFIRM_BUTTONS}

STATUS_WORDS = {
    Status.ACHIEVED: "you have {plain}",
    Status.IN_PROGRESS: "you're working on {plain}",
    Status.NOT_STARTED: "you don't have {plain} yet",
}


def area_buttons(fw) -> list[dict[str, str]]:
    return [{"title": area.short_name.capitalize(), "payload": f'/choose_one_area{{"area":"{area.id}"}}'} for area in fw.areas]


def join_phrases(phrases: Sequence[str]) -> str:
    if not phrases:
        return ""
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def understood_phrases(fw, statuses: Mapping[str, Status], milestone_ids: Iterable[str]) -> list[str]:
    """'you have a Theory of Change', 'you're working on ...' for each milestone with a known status."""
    phrases = []
    for milestone_id in milestone_ids:
        status = Status.parse(statuses.get(milestone_id, Status.UNKNOWN))
        if status in STATUS_WORDS:
            phrases.append(STATUS_WORDS[status].format(plain=fw.milestone(milestone_id).plain))
    return phrases


def reflection(fw, statuses: Mapping[str, Status], milestone_ids: Iterable[str]) -> str:
    """'So you have a Theory of Change and you're working on ..., right?'"""
    phrases = understood_phrases(fw, statuses, milestone_ids)
    if not phrases:
        return "I couldn't link that to anything specific yet. Is that right?"
    return f"So {join_phrases(phrases)}. Did I get that right?"


def area_heading(fw, area_id: str, position: int, total: int, questions_left_phrase: str) -> str:
    area = fw.area(area_id)
    counter = f" (area {position} of {total})" if total > 1 else ""
    return f"Let's talk about {area.name.lower()}{counter}. {questions_left_phrase}"


def area_summary(fw, placement: AreaPlacement) -> str:
    """The stage, what is in place, and the one most useful next step."""
    area = fw.area(placement.area_id)
    stage = fw.stage(placement.stage)
    lines = [f"Thanks! For {area.short_name}, you're working in stage {stage.number}, {stage.name.lower()}."]
    in_place = [fw.milestone(milestone_id).plain for milestone_id in placement.achieved]
    if in_place:
        lines.append(f"Already in place: {join_phrases(in_place)}.")
    recommendations = recommend_area(fw, placement)
    if recommendations:
        lines.append(f"Most useful next step: {recommendations[0].way.text} ({recommendations[0].reason}).")
    return " ".join(lines)


def skipped_area_note(fw, area_id: str) -> str:
    return f"No problem, we'll leave {fw.area(area_id).short_name} for now. You can come back to it in a later check-up."


def covered(statuses: Mapping[str, Status], fw, area_id: str) -> bool:
    """Whether anything is known about an area."""
    return any(
        Status.parse(statuses.get(milestone.id, Status.UNKNOWN)) is not Status.UNKNOWN
        for milestone in fw.milestones_for(area_id)
    )


def profile_for(fw, area_ids: Sequence[str], statuses: Mapping[str, Status]) -> Profile:
    known = {milestone_id: status for milestone_id, status in statuses.items() if fw.has_milestone(milestone_id)}
    return Profile(areas={area_id: place_area(fw, area_id, known) for area_id in area_ids})


def profile_lines(fw, profile: Profile, statuses: Mapping[str, Status]) -> list[str]:
    lines = []
    for area_id, placement in profile.areas.items():
        area = fw.area(area_id)
        if not covered(statuses, fw, area_id):
            lines.append(f"- {area.short_name.capitalize()}: not covered yet")
            continue
        stage = fw.stage(placement.stage)
        share = round(placement.progress * 100)
        lines.append(f"- {area.short_name.capitalize()}: stage {stage.number}, {stage.name.lower()} ({share}% of its milestones in place)")
    return lines


def recommendation_lines(fw, recommendations: Sequence[Recommendation]) -> list[str]:
    return [
        f"{index}. {recommendation.way.text} ({fw.area(recommendation.area_id).short_name}), {recommendation.reason}."
        for index, recommendation in enumerate(recommendations, start=1)
    ]


def top_recommendations(fw, area_ids: Sequence[str], statuses: Mapping[str, Status], n: int = 3) -> list[Recommendation]:
    return next_steps(fw, profile_for(fw, area_ids, statuses), n=n)


def final_report(fw, area_ids: Sequence[str], statuses: Mapping[str, Status], saved: bool) -> str:
    profile = profile_for(fw, area_ids, statuses)
    parts = ["That's the check-up done, thank you! Here's where your venture stands:", *profile_lines(fw, profile, statuses)]
    recommendations = next_steps(fw, profile, n=3)
    if recommendations:
        parts += ["", "The three most useful ways to make progress now:", *recommendation_lines(fw, recommendations)]
    parts.append("")
    if saved:
        parts.append(
            "What next: pick one of these and work on it. Come back after you've made progress for a new "
            "check-up (just say hi), and ask your programme lead for the full report."
        )
    else:
        parts.append("As you chose not to save, none of this is stored. Come back any time for a new check-up.")
    return "\n".join(parts)


def progress_line(questions_left_phrase: str, done_areas: Sequence[str], fw) -> str:
    done_names = [fw.area(area_id).short_name for area_id in done_areas]
    done_part = f"Done so far: {join_phrases(done_names)}. " if done_names else ""
    return f"{done_part}{questions_left_phrase}"


def question_for_milestone(fw, milestone_id: Optional[str]) -> str:
    return fw.milestone(milestone_id).question if milestone_id else ""
