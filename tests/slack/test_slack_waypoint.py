"""Waypoint itself in Slack, without Slack: the stack started the way the README starts it
(scripts/run.sh: action server, Rasa server with the trained model, web app) with Slack credentials,
signed requests shaped like Slack's, and the local stand-in for the Slack Web API recording what the
bot posts. The channel's finer points (mentions, bot messages, duplicate events, forged clicks) are
tested against a tiny assistant in test_slack_webhook.py; these tests check the real conversation.

A turn is over when the tracker, read through Rasa's HTTP API, holds the founder's message and the
bot listens again: Rasa saves it after posting the turn's replies, so no test sleeps.
"""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

import pytest

from tests.slack.payloads import button_click, json_body, mention, message_event, signed_headers
from tests.slack.slack_standin import ApiCall, SlackApiStandIn
from tests.slack.webhook_client import JSON, SlackWebhookClient, new_id, user_texts
from tests.support.stack import RunningStack, stack_in

pytestmark = pytest.mark.slow

SIGNING_SECRET = "waypoint-signing-secret-" + secrets.token_hex(8)
BOT_TOKEN = "xoxb-waypoint-" + secrets.token_hex(8)
NAME, VENTURE, ROLE = "Sam Okafor", "Reading Buddies", "co-founder"
TURN_TIMEOUT_S = 120  # generous: the first answers wait for the mapper to load, on a busy machine


@pytest.fixture(scope="module")
def stack(tmp_path_factory, slack_api: SlackApiStandIn) -> Iterator[RunningStack]:
    running = stack_in(
        tmp_path_factory.mktemp("slack-stack"),
        {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack_api.url},
    ).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def slack(stack: RunningStack) -> SlackWebhookClient:
    return SlackWebhookClient(stack.rasa_url, stack.api_token, SIGNING_SECRET)


@dataclass
class SlackFounder:
    """One Slack user talking to Waypoint in one place: their DM, or a thread of a channel."""

    slack: SlackWebhookClient
    slack_api: SlackApiStandIn
    team: str
    user: str
    channel: str
    thread_ts: Optional[str] = None
    messages_sent: int = 0  # founder messages in the stored conversation
    last_envelope: dict[str, Any] = field(default_factory=dict)

    @property
    def sender_id(self) -> str:
        parts = ["slack", self.team, self.user, self.channel] + ([self.thread_ts] if self.thread_ts else [])
        return ":".join(parts)

    def posts(self) -> list[ApiCall]:
        return [post for post in self.slack_api.calls(channel=self.channel) if post.thread_ts == self.thread_ts]

    def say(self, text: str) -> list[ApiCall]:
        """Write in the DM, or in the thread (a first mention in a channel starts the thread); returns
        the bot's replies to this message."""
        if self.channel.startswith("D"):
            envelope = message_event(team=self.team, user=self.user, channel=self.channel, text=text)
        else:
            envelope = mention(team=self.team, user=self.user, channel=self.channel, text=text, thread_ts=self.thread_ts)
            self.thread_ts = self.thread_ts or envelope["event"]["ts"]
        self.last_envelope = envelope
        return self._turn(lambda: self.slack.event(envelope))

    def click(self, post: ApiCall, title: str, forgets_the_conversation: bool = False, wait: bool = True) -> list[ApiCall]:
        """Click one of the buttons of a bot post. A click that deletes the founder's data leaves a
        stored conversation with no founder message in it. `wait=False`: return at once, as a founder
        who writes again straight away."""
        (button,) = [button for button in post.buttons if button["text"]["text"] == title]
        payload = button_click(team=self.team, user=self.user, channel=self.channel, value=button["value"],
                               title=title, message_ts=f"{int(time.time())}.000100", thread_ts=self.thread_ts)
        return self._turn(lambda: self.slack.click(payload), messages_after=0 if forgets_the_conversation else None, wait=wait)

    def _turn(self, send, messages_after: Optional[int] = None, wait: bool = True) -> list[ApiCall]:  # type: ignore[no-untyped-def]
        posted_before = len(self.posts())
        status, _, body = send()
        assert status == 200, body
        self.messages_sent = self.messages_sent + 1 if messages_after is None else messages_after
        if not wait:
            return []
        self.slack.settled_tracker(self.sender_id, self.messages_sent, timeout_s=TURN_TIMEOUT_S, saved_by_rasa=True)
        return self.posts()[posted_before:]

    def slots(self) -> dict[str, Any]:
        return self.slack.tracker(self.sender_id)["slots"]


def founder_in(slack: SlackWebhookClient, slack_api: SlackApiStandIn, place: str = "dm", **fields: str) -> SlackFounder:
    channel = "D" + new_id("D")[1:] if place == "dm" else new_id("C")
    return SlackFounder(slack, slack_api, team=fields.get("team") or new_id("T"), user=fields.get("user") or new_id("U"),
                        channel=fields.get("channel") or channel)


def button_titles(post: ApiCall) -> list[str]:
    return [button["text"]["text"] for button in post.buttons]


def consented(founder: SlackFounder) -> list[ApiCall]:
    """Greets, gives name, venture and role, and clicks yes to storing them; returns the replies to the click."""
    founder.say("hi")
    founder.say(NAME)
    founder.say(VENTURE)
    consent_question = [post for post in founder.say(ROLE) if post.buttons][-1]
    return founder.click(consent_question, "Yes, that's fine")


# --- tests ------------------------------------------------------------------------------------------------


def test_hi_in_a_dm_gets_waypoints_greeting_in_that_dm(slack, slack_api):
    founder = founder_in(slack, slack_api)
    replies = founder.say("hi")
    assert replies, "Waypoint did not answer the DM"
    assert "I'm Waypoint" in replies[0].text
    assert replies[-1].text == "First, what should I call you?"
    assert all(reply.channel == founder.channel and reply.thread_ts is None for reply in replies)
    assert all(reply.authorization == f"Bearer {BOT_TOKEN}" for reply in replies)


def test_quick_replies_are_block_kit_buttons_and_a_click_gets_the_next_question(slack, slack_api):
    founder = founder_in(slack, slack_api)
    founder.say("hi")
    founder.say(NAME)
    founder.say(VENTURE)
    consent_question = [post for post in founder.say(ROLE) if post.buttons][-1]
    assert [(button["type"], button["value"]) for button in consent_question.buttons] == [("button", "/affirm"), ("button", "/deny")]
    assert button_titles(consent_question) == ["Yes, that's fine", "No, don't store it"]

    replies = founder.click(consent_question, "Yes, that's fine")

    assert button_titles(replies[-1]) == ["Full check-up (5 areas)", "Just one area"]
    slots = founder.slots()
    assert slots["consent_given"] is True and slots["founder_name"] == NAME and slots["awaiting"] == "scope"


def test_two_founders_and_one_founder_in_two_threads_have_separate_conversations(slack, slack_api):
    alice_thread_1 = founder_in(slack, slack_api, place="channel")
    team, channel = alice_thread_1.team, alice_thread_1.channel
    alice_thread_2 = founder_in(slack, slack_api, team=team, user=alice_thread_1.user, channel=channel)
    bob = founder_in(slack, slack_api, team=team)

    alice_thread_1.say("hi")
    greeting_in_thread_2 = alice_thread_2.say("hello")
    bob.say("hi")
    alice_thread_1.say(NAME)
    assert "Priya Shah" in bob.say("Priya Shah")[0].text

    assert alice_thread_1.thread_ts != alice_thread_2.thread_ts
    assert greeting_in_thread_2[-1].text == "First, what should I call you?"
    assert all(post.thread_ts == alice_thread_2.thread_ts for post in greeting_in_thread_2)
    assert alice_thread_1.slots()["founder_name"] == NAME
    assert alice_thread_2.slots()["founder_name"] is None
    assert bob.slots()["founder_name"] == "Priya Shah"
    assert user_texts(slack.tracker(alice_thread_2.sender_id)) == ["hello"]


def test_a_slack_retry_of_a_handled_message_gets_no_second_reply(slack, slack_api):
    founder = founder_in(slack, slack_api)
    greeting = founder.say("hi")
    status, headers, _ = slack.event(founder.last_envelope, extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200 and headers.get("X-Slack-No-Retry") == "1"
    # The next message is answered after anything the retry could have caused (one conversation, in order).
    founder.say(NAME)
    assert user_texts(slack.tracker(founder.sender_id)) == ["hi", NAME]
    assert len([post for post in founder.posts() if post.text == greeting[-1].text]) == 1


@pytest.mark.parametrize("sent_by, sent_at_offset_s, status", [("someone else", 0, 401), ("slack", -6 * 60, 400)])
def test_forged_or_stale_requests_are_rejected_by_the_running_stack(slack, slack_api, sent_by, sent_at_offset_s, status):
    founder = founder_in(slack, slack_api)
    body = json_body(message_event(team=founder.team, user=founder.user, channel=founder.channel, text=f"{NAME} here"))
    secret = SIGNING_SECRET if sent_by == "slack" else "not-the-signing-secret"
    headers = signed_headers(secret, body, JSON, sent_at=int(time.time()) + sent_at_offset_s)
    assert slack.send(body, JSON, headers=headers)[0] == status
    founder.say("hi")
    assert user_texts(slack.tracker(founder.sender_id)) == ["hi"]


def test_deleting_in_slack_leaves_no_founder_words_in_the_conversation_or_the_store(stack, slack, slack_api):
    from bot.store import Store

    founder = founder_in(slack, slack_api)
    consented(founder)
    store = Store.from_url(stack.database_url)
    try:
        assert store.find_founder("slack", founder.sender_id) is not None, "consent did not store the founder"
        confirm = [post for post in founder.say("delete my data") if post.buttons][-1]
        founder.click(confirm, "Yes, delete everything", forgets_the_conversation=True, wait=False)
        # Sent at once, while the deletion's turn may still run: it is handled after that turn is saved.
        founder.say("hello again")

        texts = [post.text for post in founder.posts()]
        (done_at,) = [index for index, text in enumerate(texts) if "everything I had stored about you is deleted" in text]
        assert "I'm Waypoint" in texts[done_at + 1], "the message right after the deletion was not answered as a new founder's"
        stored = json.dumps(slack.tracker(founder.sender_id))
        assert [words for words in (NAME, VENTURE, ROLE, "delete my data") if words in stored] == []
        assert user_texts(slack.tracker(founder.sender_id)) == ["hello again"]
        assert store.find_founder("slack", founder.sender_id) is None
    finally:
        store.dispose()
