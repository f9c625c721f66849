"""A scripted founder that holds a whole check-up with a running Waypoint over the REST channel.

It decides each message the way a widget or a script would: from the tracker's slots (the form's
requested slot, `awaiting`, `interview_phase`, `current_area`) and the bot's buttons. Used by the
end-to-end test and by bench/turn_latency.py.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from tests.support.stack import RunningStack

# Open answers of a venture past the concept stage in most areas: plain words, no jargon needed.
FULL_ANSWERS = {
    "product": (
        "We have a working prototype of the app that we tested with twelve families, and a written "
        "design and testing plan the team and our school partners can deliver. We looked at existing "
        "reading apps and adapted an open-source one rather than building from scratch."
    ),
    "people": (
        "Three of us work on it full time. Two of us were teaching assistants for years, so we know "
        "the problem first hand, and we co-design every feature with a parents' network of forty families. "
        "Our designer is on the team."
    ),
    "impact": (
        "We wrote a theory of change last year that sets out how reading at home leads to better "
        "results and how we measure it. We have listed the key assumptions behind it, and research "
        "from the education endowment foundation backs them up."
    ),
    "users": (
        "We surveyed 300 parents and the need is big: most can't find books at their child's level. "
        "We've written detailed personas from interviews. Parents who saw the concept loved it and "
        "sixty signed up to our waiting list to get it when it launches."
    ),
    "revenue": (
        "We mapped who could pay: schools, councils and literacy charities, with their sizes and "
        "needs. We compared the other programmes they buy today. Our value proposition is clear on "
        "why we're different, and we have a business plan with a roadmap for approaching schools."
    ),
}

YES = '/inform{"reply":"yes"}'


@dataclass
class Turn:
    message: str
    replies: list[dict[str, Any]]
    seconds: float


@dataclass
class ScriptedFounder:
    stack: RunningStack
    sender_id: str
    name: str = "Sam Okafor"
    venture: str = "Reading Buddies"
    role: str = "co-founder"
    area_answers: dict[str, str] = field(default_factory=lambda: dict(FULL_ANSWERS))
    targeted_reply: str = YES
    on_turn: Optional[Callable[[Turn], None]] = None
    # Seconds the founder spends reading the last reply and typing the next message (not timed).
    think_seconds: Optional[Callable[[], float]] = None
    turns: list[Turn] = field(default_factory=list)

    def say(self, message: str) -> list[dict[str, Any]]:
        if self.think_seconds is not None:
            time.sleep(self.think_seconds())
        started = time.perf_counter()
        replies = self.stack.say(self.sender_id, message)
        turn = Turn(message=message, replies=replies, seconds=time.perf_counter() - started)
        self.turns.append(turn)
        if self.on_turn:
            self.on_turn(turn)
        return replies

    def next_message(self, slots: dict[str, Any], replies: list[dict[str, Any]]) -> Optional[str]:
        """What this founder says next, or None when the check-up is over."""
        requested = slots.get("requested_slot")
        if requested == "founder_name":
            return self.name
        if requested == "venture_name":
            return self.venture
        if requested == "founder_role":
            return self.role
        awaiting = slots.get("awaiting")
        if awaiting == "done":
            return None
        if awaiting == "consent":
            return "/affirm"
        if awaiting == "scope":
            return "/choose_full_checkup"
        if awaiting == "continue_or_new":
            return "/continue_checkup"
        phase = slots.get("interview_phase")
        if phase == "open" and slots.get("current_area"):
            return self.area_answers[slots["current_area"]]
        if phase == "confirm":
            return "/affirm"
        if phase == "targeted":
            return self.targeted_reply
        buttons = [button for reply in replies for button in reply.get("buttons", [])]
        return buttons[0]["payload"] if buttons else None

    def run_checkup(self, max_turns: int = 80) -> list[Turn]:
        """Greets, then answers until the bot says the check-up is done; fails loudly on a dead end."""
        replies = self.say("Hi")
        if not replies:
            raise AssertionError(f"the bot gave no reply to the greeting:\n{self.stack.log_tail()}")
        for _ in range(max_turns):
            message = self.next_message(self.stack.slots(self.sender_id), replies)
            if message is None:
                return self.turns
            replies = self.say(message)
            if not replies:
                raise AssertionError(f"the bot gave no reply to {message!r}:\n{self.stack.log_tail()}")
        raise AssertionError(f"the check-up did not finish in {max_turns} turns; last replies: {replies}")

    def interview_questions(self) -> int:
        """Bot turns that asked the founder something during the interview (after the scope choice)."""
        started = next((i for i, turn in enumerate(self.turns) if turn.message == "/choose_full_checkup"), None)
        if started is None:
            return 0
        return sum(1 for turn in self.turns[started:-1] if turn.replies)

    def bot_text(self) -> str:
        return "\n".join(reply.get("text") or "" for turn in self.turns for reply in turn.replies)
