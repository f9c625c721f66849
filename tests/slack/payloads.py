"""Requests shaped like the ones Slack sends (Events API callbacks and block_actions interactions),
signed the way Slack signs them. Field shapes follow Slack's docs (api.slack.com/types/event,
docs.slack.dev/reference/interaction-payloads/block_actions-payload)."""
from __future__ import annotations

import itertools
import json
import time
import urllib.parse
from typing import Any, Optional

from slack_sdk.signature import SignatureVerifier

BOT_USER_ID = "U0WAYPOINT"
APP_ID = "A0WAYPOINT"
_counter = itertools.count(1)


def unique_ts() -> str:
    """A Slack message timestamp (seconds.microseconds), different on every call."""
    return f"{int(time.time())}.{next(_counter):06d}"


def unique_event_id() -> str:
    return f"Ev0{next(_counter):08d}"


def message_event(
    *,
    team: str,
    user: str,
    channel: str,
    text: str,
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
    event_type: str = "message",
    event_id: Optional[str] = None,
    **event_fields: Any,
) -> dict[str, Any]:
    """An `event_callback` envelope around a `message` (DM when the channel id starts with D) or
    `app_mention` event."""
    ts = ts or unique_ts()
    event: dict[str, Any] = {
        "type": event_type,
        "client_msg_id": f"c0ffee00-0000-4000-8000-{next(_counter):012d}",
        "text": text,
        "user": user,
        "ts": ts,
        "team": team,
        "channel": channel,
        "event_ts": ts,
    }
    if event_type == "message":
        event["channel_type"] = "im" if channel.startswith("D") else "channel"
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(event_fields)
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or unique_event_id(),
        "event_time": int(float(ts)),
        "authorizations": [
            {"enterprise_id": None, "team_id": team, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
    }


def mention(*, team: str, user: str, channel: str, text: str, **fields: Any) -> dict[str, Any]:
    return message_event(team=team, user=user, channel=channel, text=f"<@{BOT_USER_ID}> {text}", event_type="app_mention", **fields)


def button_click(
    *,
    team: str,
    user: str,
    channel: str,
    value: str,
    title: str = "A button",
    message_ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
) -> dict[str, Any]:
    """A `block_actions` payload for a click on a button of one of the bot's messages."""
    message_ts = message_ts or unique_ts()
    container: dict[str, Any] = {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False}
    message: dict[str, Any] = {"bot_id": "B0WAYPOINT", "type": "message", "text": "A question", "user": BOT_USER_ID, "ts": message_ts, "team": team}
    if thread_ts:
        container["thread_ts"] = thread_ts
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "founder", "name": "founder", "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": f"{next(_counter)}.1379717998065.9bc163894734c1f415a2c504e81dec91",
        "team": {"id": team, "domain": "incubator"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "cohort"},
        "message": message,
        "response_url": f"https://hooks.slack.com/actions/{team}/1/abc",
        "actions": [
            {
                "action_id": "waypoint_button_0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": title, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
        "state": {"values": {}},
    }


def json_body(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope).encode()


def form_body(payload: dict[str, Any]) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def signed_headers(signing_secret: str, body: bytes, content_type: str, sent_at: Optional[int] = None) -> dict[str, str]:
    """Headers Slack sends: signature computed by the Slack SDK's own verifier (not by the code under test)."""
    timestamp = str(int(time.time()) if sent_at is None else sent_at)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=timestamp, body=body.decode())
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
