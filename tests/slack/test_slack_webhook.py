"""Waypoint's Slack channel end to end, without Slack: a Rasa server started like scripts/run.sh starts
it (credentials file with the Slack block, model, HTTP API behind a token) receives signed requests
shaped like Slack's, and a local stand-in for the Slack Web API records what the bot posts.

The assistant is a tiny one (tests/slack/assistant: a greeting with two buttons, a reply per button)
so these tests check the channel, not the interview. "No reply" is checked without sleeping: a later
message in the same conversation is answered strictly after anything the earlier one caused (Rasa
handles one conversation's messages in order), so once its reply is there the count is final.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.slack.payloads import (
    BOT_USER_ID,
    button_click,
    form_body,
    json_body,
    mention,
    message_event,
    signed_headers,
    unique_ts,
)
from tests.slack.webhook_client import FORM, JSON, SlackWebhookClient, new_id, user_texts
from tests.support.stack import free_port, http_json

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ASSISTANT_DIR = Path(__file__).resolve().parent / "assistant"
RASA = PROJECT_ROOT / ".venv" / "bin" / "rasa"
READY_TIMEOUT_S = 120
SIGNING_SECRET = "test-signing-secret-" + secrets.token_hex(8)
BOT_TOKEN = "xoxb-test-" + secrets.token_hex(8)
GREETING = "Hello! Which area shall we look at first?"
# The block docs/slack.md asks for in credentials.yml, verbatim.
CREDENTIALS_YML = """\
bot.channels.slack.WaypointSlackInput:
  slack_token: ${SLACK_BOT_TOKEN}
  slack_signing_secret: ${SLACK_SIGNING_SECRET}
  use_threads: true
"""


# --- module fixtures: model, server (the Slack API stand-in is in conftest.py) ---------------------------

@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("slack-assistant")
    subprocess.run(
        [str(RASA), "train", "--config", str(ASSISTANT_DIR / "config.yml"), "--domain", str(ASSISTANT_DIR / "domain.yml"),
         "--data", str(ASSISTANT_DIR / "data"), "--out", str(workdir), "--fixed-model-name", "slack-test", "--quiet"],
        cwd=workdir, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300,
    )
    return workdir / "slack-test.tar.gz"


@pytest.fixture(scope="module")
def server(tmp_path_factory, model_path, slack_api):
    workdir = tmp_path_factory.mktemp("slack-server")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS_YML)
    # The test assistant needs no action server or stored conversations: its own empty endpoints,
    # not the project's endpoints.yml (which names Waypoint's action server and tracker store).
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text("# in-memory tracker store, no action server\n")
    port, api_token = free_port(), secrets.token_urlsafe(16)
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack_api.url, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    log_path = workdir / "rasa.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(RASA), "run", "--model", str(model_path), "--credentials", str(credentials),
             "--endpoints", str(endpoints), "--port", str(port),
             "--enable-api", "--auth-token", api_token],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        rasa_url = f"http://127.0.0.1:{port}"
        wait_until_ready(process, rasa_url, api_token, log_path)
        yield SlackWebhookClient(rasa_url, api_token, SIGNING_SECRET)
    finally:
        stop(process)


def wait_until_ready(process: subprocess.Popen, rasa_url: str, api_token: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rasa run exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-4000:]}")
        try:
            if http_json("GET", f"{rasa_url}/status?token={api_token}", timeout=2).get("model_file"):
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    stop(process)
    raise RuntimeError(f"rasa run not ready within {READY_TIMEOUT_S} s:\n{log_path.read_text(errors='replace')[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def founder():
    """A fresh workspace, user, DM channel and public channel for one test."""
    return {"team": new_id("T"), "user": new_id("U"), "dm": "D" + new_id("D")[1:], "channel": new_id("C")}


def say_in_dm(server: SlackWebhookClient, founder: dict[str, str], text: str, **fields: Any) -> dict[str, Any]:
    envelope = message_event(team=founder["team"], user=founder["user"], channel=founder["dm"], text=text, **fields)
    status, _, _ = server.event(envelope)
    assert status == 200
    return envelope


# --- set-up handshake ------------------------------------------------------------------------------------

def test_url_verification_challenge_is_answered(server):
    body = json_body({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    status, _, text = server.send(body, JSON)
    assert status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


# --- replies where the founder wrote --------------------------------------------------------------------

def test_direct_message_gets_a_reply_in_the_dm_with_block_kit_buttons(server, slack_api, founder):
    say_in_dm(server, founder, "hello")
    (reply,) = slack_api.wait_for_posts(founder["dm"], 1)
    assert reply.text == GREETING
    assert reply.thread_ts is None
    assert reply.authorization == f"Bearer {BOT_TOKEN}"
    assert [(b["type"], b["text"]["text"], b["value"]) for b in reply.buttons] == [
        ("button", "Impact", '/choose_area{"area": "impact"}'),
        ("button", "Users", '/choose_area{"area": "users"}'),
    ]


def test_mention_in_a_channel_is_answered_in_a_thread_under_it(server, slack_api, founder):
    envelope = mention(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hi")
    assert server.event(envelope)[0] == 200
    (reply,) = slack_api.wait_for_posts(founder["channel"], 1)
    assert reply.text == GREETING and reply.thread_ts == envelope["event"]["ts"]


def test_button_click_reaches_the_bot_and_is_answered_in_the_same_thread(server, slack_api, founder):
    envelope = mention(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hello")
    server.event(envelope)
    (question,) = slack_api.wait_for_posts(founder["channel"], 1)
    thread_ts = envelope["event"]["ts"]
    status, _, _ = server.click(button_click(team=founder["team"], user=founder["user"], channel=founder["channel"],
                                             value=question.buttons[0]["value"], title="Impact", thread_ts=thread_ts))
    assert status == 200
    _, answer = slack_api.wait_for_posts(founder["channel"], 2)
    assert answer.text == "Good choice: let's talk about impact." and answer.thread_ts == thread_ts
    sender_id = f"slack:{founder['team']}:{founder['user']}:{founder['channel']}:{thread_ts}"
    assert server.settled_tracker(sender_id, 2)["slots"]["area"] == "impact"


def test_button_click_in_a_dm_is_answered_in_the_dm(server, slack_api, founder):
    say_in_dm(server, founder, "hi")
    (question,) = slack_api.wait_for_posts(founder["dm"], 1)
    server.click(button_click(team=founder["team"], user=founder["user"], channel=founder["dm"], value=question.buttons[1]["value"]))
    _, answer = slack_api.wait_for_posts(founder["dm"], 2)
    assert answer.text == "Good choice: let's talk about users." and answer.thread_ts is None


def test_reply_repeating_founder_text_is_escaped_so_it_cannot_ping_the_channel(server, slack_api, founder):
    server.click(button_click(team=founder["team"], user=founder["user"], channel=founder["dm"],
                              value='/choose_area{"area": "<!channel>"}'))
    (answer,) = slack_api.wait_for_posts(founder["dm"], 1)
    assert answer.text == "Good choice: let's talk about &lt;!channel&gt;."


def test_reply_in_a_thread_the_founder_started_with_a_mention_needs_no_new_mention(server, slack_api, founder):
    envelope = mention(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hello")
    server.event(envelope)
    slack_api.wait_for_posts(founder["channel"], 1)
    thread_ts = envelope["event"]["ts"]
    server.event(message_event(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hi again", thread_ts=thread_ts))
    _, answer = slack_api.wait_for_posts(founder["channel"], 2)
    assert answer.text == GREETING and answer.thread_ts == thread_ts


def test_channel_chatter_that_never_mentions_the_bot_is_ignored(server, slack_api, founder):
    thread_ts = unique_ts()
    server.event(message_event(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hello all", ts=thread_ts))
    server.event(message_event(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hi", thread_ts=thread_ts))
    # A mention in the same thread is the same conversation, so it is answered after anything the
    # two plain messages could have caused.
    server.event(mention(team=founder["team"], user=founder["user"], channel=founder["channel"], text="hello", thread_ts=thread_ts))
    sender_id = f"slack:{founder['team']}:{founder['user']}:{founder['channel']}:{thread_ts}"
    assert server.user_texts(sender_id, 1) == ["hello"]
    assert len(slack_api.calls(channel=founder["channel"])) == 1


# --- separate conversations ------------------------------------------------------------------------------

def test_two_founders_and_two_threads_keep_separate_conversations(server, slack_api, founder):
    team, channel = founder["team"], founder["channel"]
    alice, bob = founder["user"], new_id("U")
    first = mention(team=team, user=alice, channel=channel, text="hello")
    second = mention(team=team, user=alice, channel=channel, text="hi")
    thread_1, thread_2 = first["event"]["ts"], second["event"]["ts"]
    server.event(first)
    server.event(second)
    server.event(mention(team=team, user=bob, channel=channel, text="hi", thread_ts=thread_1))
    slack_api.wait_for_posts(channel, 3)
    server.click(button_click(team=team, user=alice, channel=channel, value='/choose_area{"area": "impact"}', thread_ts=thread_1))
    slack_api.wait_for_posts(channel, 4)

    alice_1 = server.settled_tracker(f"slack:{team}:{alice}:{channel}:{thread_1}", 2)
    alice_2 = server.settled_tracker(f"slack:{team}:{alice}:{channel}:{thread_2}", 1)
    bob_1 = server.settled_tracker(f"slack:{team}:{bob}:{channel}:{thread_1}", 1)
    assert user_texts(alice_1) == ["hello", '/choose_area{"area": "impact"}']
    assert user_texts(alice_2) == ["hi"]
    assert user_texts(bob_1) == ["hi"]
    assert alice_1["slots"]["area"] == "impact"
    assert alice_2["slots"]["area"] is None and bob_1["slots"]["area"] is None


def test_same_user_id_in_two_workspaces_is_two_founders(server, slack_api, founder):
    other_team = new_id("T")
    say_in_dm(server, founder, "hello")
    server.event(message_event(team=other_team, user=founder["user"], channel=founder["dm"], text="hi"))
    slack_api.wait_for_posts(founder["dm"], 2)
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hello"]
    assert server.user_texts(f"slack:{other_team}:{founder['user']}:{founder['dm']}", 1) == ["hi"]


# --- requests that must not be answered -------------------------------------------------------------------

def forged_headers(body: bytes) -> dict[str, str]:
    return signed_headers("not-our-signing-secret", body, JSON)


def stale_headers(body: bytes) -> dict[str, str]:
    return signed_headers(SIGNING_SECRET, body, JSON, sent_at=int(time.time()) - 6 * 60)


def unsigned_headers(body: bytes) -> dict[str, str]:
    return {"Content-Type": JSON}


@pytest.mark.parametrize("make_headers, status", [(forged_headers, 401), (unsigned_headers, 401), (stale_headers, 400)])
def test_forged_unsigned_or_stale_event_is_rejected_and_not_answered(server, slack_api, founder, make_headers, status):
    envelope = message_event(team=founder["team"], user=founder["user"], channel=founder["dm"], text="hello")
    body = json_body(envelope)
    assert server.send(body, JSON, headers=make_headers(body))[0] == status
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hi"]
    assert len(slack_api.calls(channel=founder["dm"])) == 1


def test_forged_button_click_is_rejected(server, slack_api, founder):
    body = form_body(button_click(team=founder["team"], user=founder["user"], channel=founder["dm"], value="/greet"))
    assert server.send(body, FORM, headers=signed_headers("not-our-signing-secret", body, FORM))[0] == 401
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hi"]
    assert len(slack_api.calls(channel=founder["dm"])) == 1


def test_slack_retry_of_a_handled_event_gets_no_second_reply(server, slack_api, founder):
    envelope = say_in_dm(server, founder, "hello")
    slack_api.wait_for_posts(founder["dm"], 1)
    status, headers, _ = server.event(envelope, extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200 and headers.get("X-Slack-No-Retry") == "1"
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 2) == ["hello", "hi"]
    assert len(slack_api.calls(channel=founder["dm"])) == 2


def test_slack_retry_of_an_event_that_never_arrived_is_answered_once(server, slack_api, founder):
    # Slack retries when the first delivery failed (e.g. the server was restarting): that retry is
    # the founder's only copy of the message, so it is handled.
    envelope = message_event(team=founder["team"], user=founder["user"], channel=founder["dm"], text="hello")
    assert server.event(envelope, extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})[0] == 200
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hello"]
    assert len(slack_api.wait_for_posts(founder["dm"], 1)) == 1


def test_same_event_id_delivered_twice_is_handled_once(server, slack_api, founder):
    envelope = message_event(team=founder["team"], user=founder["user"], channel=founder["dm"], text="hello")
    server.event(envelope)
    server.event(envelope)
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 2) == ["hello", "hi"]
    assert len(slack_api.calls(channel=founder["dm"])) == 2


def test_mention_delivered_as_app_mention_and_as_message_is_answered_once(server, slack_api, founder):
    team, user, channel = founder["team"], founder["user"], founder["channel"]
    start = mention(team=team, user=user, channel=channel, text="hello")
    thread_ts = start["event"]["ts"]
    server.event(start)
    slack_api.wait_for_posts(channel, 1)
    # In a thread the bot follows, one mention arrives as two events with different event ids.
    ts = unique_ts()
    server.event(message_event(team=team, user=user, channel=channel, text=f"<@{BOT_USER_ID}> hi", ts=ts, thread_ts=thread_ts))
    server.event(mention(team=team, user=user, channel=channel, text="hi", ts=ts, thread_ts=thread_ts))
    server.event(message_event(team=team, user=user, channel=channel, text="hello", thread_ts=thread_ts))
    assert server.user_texts(f"slack:{team}:{user}:{channel}:{thread_ts}", 3) == ["hello", "hi", "hello"]
    assert len(slack_api.calls(channel=channel)) == 3


@pytest.mark.parametrize("app_mention_first", [True, False])
def test_first_mention_delivered_as_two_events_in_either_order_is_answered_once(server, slack_api, founder, app_mention_first):
    team, user, channel = founder["team"], founder["user"], founder["channel"]
    as_mention = mention(team=team, user=user, channel=channel, text="hello")
    ts = as_mention["event"]["ts"]
    as_message = message_event(team=team, user=user, channel=channel, text=f"<@{BOT_USER_ID}> hello", ts=ts)
    for envelope in ([as_mention, as_message] if app_mention_first else [as_message, as_mention]):
        assert server.event(envelope)[0] == 200
    server.event(message_event(team=team, user=user, channel=channel, text="hi", thread_ts=ts))
    assert server.user_texts(f"slack:{team}:{user}:{channel}:{ts}", 2) == ["hello", "hi"]
    assert len(slack_api.calls(channel=channel)) == 2


@pytest.mark.parametrize("bot_fields", [{"bot_id": "B0WAYPOINT"}, {"subtype": "bot_message", "bot_id": "B0OTHER"}])
def test_bot_messages_are_ignored(server, slack_api, founder, bot_fields):
    envelope = message_event(team=founder["team"], user=founder["user"], channel=founder["dm"], text="hello from a bot")
    envelope["event"].update(bot_fields)
    assert server.event(envelope)[0] == 200
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hi"]
    assert len(slack_api.calls(channel=founder["dm"])) == 1


def test_the_apps_own_messages_are_ignored(server, slack_api, founder):
    envelope = message_event(team=founder["team"], user=BOT_USER_ID, channel=founder["dm"], text="hello")
    assert server.event(envelope)[0] == 200
    say_in_dm(server, founder, "hi")
    assert server.user_texts(f"slack:{founder['team']}:{founder['user']}:{founder['dm']}", 1) == ["hi"]
    assert server.user_texts(f"slack:{founder['team']}:{BOT_USER_ID}:{founder['dm']}", 0) == []
    assert len(slack_api.calls(channel=founder["dm"])) == 1
