"""The Slack channel's pure parts: request signatures, who a message belongs to, what counts as a
founder's turn, delivery de-duplication, and how buttons are drawn. No server, no Slack."""
from __future__ import annotations

import pytest
from rasa.shared.exceptions import InvalidConfigException

from bot.channels.slack import (
    RecentKeys,
    RequestCheck,
    SlackConversation,
    TurnKind,
    WaypointSlackBot,
    WaypointSlackInput,
    button_blocks,
    check_request,
    escape_for_slack,
    conversation_for,
    founder_id_from_sender_id,
    turn_from_block_actions,
    turn_from_event,
)
from tests.slack.payloads import BOT_USER_ID, button_click, mention, message_event

# The worked example in Slack's "Verifying requests from Slack" guide.
SLACK_DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_DOC_TIMESTAMP = "1531420618"
SLACK_DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
SENT_AT = int(SLACK_DOC_TIMESTAMP)


def check_doc_request(secret=SLACK_DOC_SECRET, timestamp=SLACK_DOC_TIMESTAMP, signature=SLACK_DOC_SIGNATURE,
                      body=SLACK_DOC_BODY, now=SENT_AT + 10):
    return check_request(secret, timestamp, signature, body, now)


# --- signatures -------------------------------------------------------------------------------------

def test_slack_documented_example_request_is_authentic():
    assert check_doc_request() is RequestCheck.AUTHENTIC


@pytest.mark.parametrize("tampering", [
    {"secret": "another-apps-secret"},
    {"body": SLACK_DOC_BODY.replace(b"roadrunner", b"wile.e.coyote")},
    {"signature": SLACK_DOC_SIGNATURE[:-1] + "0"},
    {"timestamp": str(SENT_AT + 1), "now": SENT_AT + 1},
    {"timestamp": "not-a-number"},
])
def test_changed_secret_body_signature_or_timestamp_is_a_bad_signature(tampering):
    assert check_doc_request(**tampering) is RequestCheck.BAD_SIGNATURE


@pytest.mark.parametrize("missing", [{"signature": None}, {"timestamp": None}, {"signature": ""}])
def test_request_without_signature_headers_is_unsigned(missing):
    assert check_doc_request(**missing) is RequestCheck.UNSIGNED


def test_an_empty_signing_secret_never_authenticates_even_a_matching_signature():
    # Anyone can compute an HMAC with an empty key, so an unset secret must not open the door.
    from bot.channels.slack import slack_signature
    forged = slack_signature("", SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY)
    assert check_doc_request(secret="", signature=forged) is RequestCheck.UNSIGNED


@pytest.mark.parametrize("age_s", [301, -301, 3600])
def test_request_more_than_five_minutes_from_now_is_stale(age_s):
    assert check_doc_request(now=SENT_AT + age_s) is RequestCheck.STALE


def test_request_just_under_five_minutes_old_is_accepted():
    assert check_doc_request(now=SENT_AT + 299) is RequestCheck.AUTHENTIC


def test_stale_requests_are_bad_requests_and_signature_failures_unauthorized():
    assert RequestCheck.STALE.http_status == 400
    assert {RequestCheck.UNSIGNED.http_status, RequestCheck.BAD_SIGNATURE.http_status} == {401}


# --- sender ids -------------------------------------------------------------------------------------

def test_thread_sender_id_names_workspace_user_channel_and_thread():
    conversation = conversation_for("T1", "U1", "C1", "1700000000.000100", is_direct_message=False)
    assert conversation.sender_id == "slack:T1:U1:C1:1700000000.000100"


def test_direct_message_sender_id_is_the_whole_dm_whatever_the_thread():
    in_thread = conversation_for("T1", "U1", "D1", "1700000000.000100", is_direct_message=True)
    at_top = conversation_for("T1", "U1", "D1", None, is_direct_message=True)
    assert in_thread.sender_id == at_top.sender_id == "slack:T1:U1:D1"


@pytest.mark.parametrize("other", [
    ("T1", "U2", "C1", "1.1"),   # another founder in the same thread
    ("T1", "U1", "C1", "2.2"),   # the same founder in another thread
    ("T2", "U1", "C1", "1.1"),   # the same user id in another workspace
    ("T1", "U1", "C2", "1.1"),   # the same thread ts in another channel
])
def test_founders_and_threads_never_share_a_sender_id(other):
    assert SlackConversation("T1", "U1", "C1", "1.1").sender_id != SlackConversation(*other).sender_id


def test_sender_id_round_trips_and_gives_the_founder_across_threads():
    conversation = SlackConversation("T1", "U1", "C1", "1.1")
    assert SlackConversation.from_sender_id(conversation.sender_id) == conversation
    assert founder_id_from_sender_id(conversation.sender_id) == founder_id_from_sender_id("slack:T1:U1:D9") == "slack:T1:U1"


@pytest.mark.parametrize("sender_id", ["a-widget-session-id", "slack:T1", "slack:T1::C1", "rest:T1:U1:C1"])
def test_ids_from_other_channels_are_not_slack_conversations(sender_id):
    assert SlackConversation.from_sender_id(sender_id) is None


# --- founder turns from events -----------------------------------------------------------------------

def test_direct_message_is_a_turn_answered_at_the_top_of_the_dm():
    turn = turn_from_event(message_event(team="T1", user="U1", channel="D1", text="hello"))
    assert turn.kind is TurnKind.DIRECT_MESSAGE
    assert turn.conversation == SlackConversation("T1", "U1", "D1", None)
    assert turn.text == "hello" and turn.reply_thread_ts is None


def test_reply_in_a_dm_thread_stays_in_the_dm_conversation_but_is_answered_in_that_thread():
    turn = turn_from_event(message_event(team="T1", user="U1", channel="D1", text="yes", thread_ts="5.5"))
    assert turn.conversation.sender_id == "slack:T1:U1:D1"
    assert turn.reply_thread_ts == "5.5"


def test_mention_in_a_channel_starts_a_thread_conversation_without_the_mention_text():
    envelope = mention(team="T1", user="U1", channel="C1", text="hi there", ts="7.7")
    turn = turn_from_event(envelope)
    assert turn.kind is TurnKind.MENTION
    assert turn.conversation.sender_id == "slack:T1:U1:C1:7.7"
    assert turn.reply_thread_ts == "7.7"
    assert turn.text == "hi there"


def test_reply_in_a_channel_thread_belongs_to_that_thread():
    turn = turn_from_event(message_event(team="T1", user="U1", channel="C1", text="we have users", thread_ts="7.7"))
    assert turn.kind is TurnKind.CHANNEL_MESSAGE
    assert turn.conversation.thread_ts == "7.7" and turn.reply_thread_ts == "7.7"


def test_mention_and_message_events_of_one_message_share_a_delivery_key():
    as_mention = turn_from_event(mention(team="T1", user="U1", channel="C1", text="hi", ts="8.8"))
    as_message = turn_from_event(message_event(team="T1", user="U1", channel="C1", text=f"<@{BOT_USER_ID}> hi", ts="8.8"))
    assert as_mention.delivery_key == as_message.delivery_key


@pytest.mark.parametrize("bot_fields", [
    {"bot_id": "B0WAYPOINT"},
    {"subtype": "bot_message"},
    {"user": BOT_USER_ID},
    {"subtype": "message_changed"},
    {"subtype": "channel_join"},
])
def test_messages_not_written_by_a_person_are_not_turns(bot_fields):
    envelope = message_event(team="T1", user="U1", channel="D1", text="Hello from a bot")
    envelope["event"].update(bot_fields)
    assert turn_from_event(envelope) is None


def test_a_bare_mention_with_nothing_said_is_not_a_turn():
    assert turn_from_event(mention(team="T1", user="U1", channel="C1", text="")) is None


def test_other_event_types_are_not_turns():
    envelope = message_event(team="T1", user="U1", channel="C1", text="x", event_type="reaction_added")
    assert turn_from_event(envelope) is None


# --- founder turns from button clicks ----------------------------------------------------------------

def test_click_in_a_channel_thread_sends_the_button_payload_into_that_thread():
    payload = button_click(team="T1", user="U1", channel="C1", value='/choose_area{"area":"impact"}', thread_ts="7.7")
    turn = turn_from_block_actions(payload)
    assert turn.kind is TurnKind.BUTTON
    assert turn.text == '/choose_area{"area":"impact"}'
    assert turn.conversation.sender_id == "slack:T1:U1:C1:7.7" and turn.reply_thread_ts == "7.7"


def test_click_in_a_dm_continues_the_dm_conversation():
    dm_message = turn_from_event(message_event(team="T1", user="U1", channel="D1", text="hello"))
    click = turn_from_block_actions(button_click(team="T1", user="U1", channel="D1", value="/affirm"))
    assert click.conversation == dm_message.conversation and click.reply_thread_ts is None


def test_link_button_without_a_value_is_not_a_turn():
    payload = button_click(team="T1", user="U1", channel="D1", value="")
    assert turn_from_block_actions(payload) is None


# --- remembering deliveries ----------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_new_once_within_its_ttl_and_new_again_after_it():
    clock = FakeClock()
    seen = RecentKeys(ttl_s=60, max_keys=10, clock=clock)
    assert seen.first_time("event:Ev1") is True
    assert seen.first_time("event:Ev1") is False
    clock.now += 61
    assert seen.first_time("event:Ev1") is True


def test_remembered_keys_are_bounded_forgetting_the_oldest_first():
    seen = RecentKeys(ttl_s=60, max_keys=3, clock=FakeClock())
    for key in ["a", "b", "c", "d"]:
        seen.remember(key)
    assert len(seen) == 3 and "a" not in seen and "d" in seen


# --- drawing and addressing replies ------------------------------------------------------------------

def test_buttons_become_block_kit_buttons_carrying_their_payloads():
    blocks = button_blocks([{"title": "Yes", "payload": "/affirm"}, {"title": "Not yet", "payload": "/deny"}])
    assert [block["type"] for block in blocks] == ["actions"]
    elements = blocks[0]["elements"]
    assert [(e["type"], e["text"]["text"], e["value"]) for e in elements] == [("button", "Yes", "/affirm"), ("button", "Not yet", "/deny")]
    assert len({e["action_id"] for e in elements}) == 2


def test_more_than_25_buttons_are_split_over_actions_blocks_instead_of_dropped():
    buttons = [{"title": f"Option {n}", "payload": f"/pick{{\"n\":{n}}}"} for n in range(30)]
    blocks = button_blocks(buttons)
    assert [len(block["elements"]) for block in blocks] == [25, 5]
    assert len({e["action_id"] for block in blocks for e in block["elements"]}) == 30


def test_long_button_titles_are_cut_to_slacks_limit():
    (block,) = button_blocks([{"title": "x" * 200, "payload": "/x"}])
    assert len(block["elements"][0]["text"]["text"]) == 75


def test_founder_text_repeated_in_a_reply_cannot_ping_the_channel_or_fake_a_link():
    assert escape_for_slack("Thanks, <!channel> & <https://evil.example|Bank>!") == (
        "Thanks, &lt;!channel&gt; &amp; &lt;https://evil.example|Bank&gt;!"
    )
    assert escape_for_slack("*Area 2 of 5*: users") == "*Area 2 of 5*: users"


def test_reply_addressed_by_sender_id_goes_to_its_channel_and_thread():
    bot = WaypointSlackBot(client=None)
    assert bot.destination("slack:T1:U1:C1:7.7") == ("C1", "7.7")
    assert bot.destination("slack:T1:U1:D1") == ("D1", None)
    assert WaypointSlackBot(client=None, thread_ts="9.9").destination("D1") == ("D1", "9.9")


# --- configuration -------------------------------------------------------------------------------------

def test_api_url_comes_from_credentials_else_the_environment_else_slack(monkeypatch):
    secrets = {"slack_token": "xoxb-test", "slack_signing_secret": "s3cret"}
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    assert WaypointSlackInput.from_credentials(secrets).client.base_url == "https://slack.com/api/"
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    assert WaypointSlackInput.from_credentials(secrets).client.base_url == "http://127.0.0.1:9/api/"
    with_url = {**secrets, "slack_api_url": "http://127.0.0.1:8/api/"}
    assert WaypointSlackInput.from_credentials(with_url).client.base_url == "http://127.0.0.1:8/api/"


def test_web_api_calls_have_a_timeout():
    channel = WaypointSlackInput.from_credentials({"slack_token": "xoxb-test", "slack_signing_secret": "s", "slack_api_timeout": 4})
    assert channel.client.timeout == 4


def test_channel_without_token_or_secret_starts_switched_off():
    assert WaypointSlackInput.from_credentials({"slack_token": "", "slack_signing_secret": ""}).is_configured is False
    assert WaypointSlackInput.from_credentials({"slack_token": "xoxb-test", "slack_signing_secret": ""}).is_configured is False


def test_turning_threads_off_is_refused_at_start_up():
    with pytest.raises(InvalidConfigException):
        WaypointSlackInput.from_credentials({"slack_token": "x", "slack_signing_secret": "s", "use_threads": False})


def test_switched_off_channel_answers_503_without_reading_the_request():
    import asyncio
    from types import SimpleNamespace

    channel = WaypointSlackInput.from_credentials({"slack_token": "", "slack_signing_secret": ""})
    never_read = SimpleNamespace(headers=None, body=None)  # reading its headers or body would raise
    answer = asyncio.run(channel.handle_request(never_read, on_new_message=None))
    assert answer.status == 503
