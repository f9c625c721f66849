"""Talks to a running Rasa server's Slack webhook the way Slack does (signed event and interaction
requests) and reads the conversations back through Rasa's HTTP API."""
from __future__ import annotations

import itertools
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

from tests.slack.payloads import form_body, json_body, signed_headers
from tests.support.stack import http_json

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    """A fresh Slack-style id (T..., U..., C..., D...), so that every test talks in its own places."""
    return f"{prefix}0{next(_ids):06d}{secrets.token_hex(2).upper()}"


def user_texts(tracker: dict[str, Any]) -> list[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


class SlackWebhookClient:
    def __init__(self, rasa_url: str, api_token: str, signing_secret: str) -> None:
        self.rasa_url = rasa_url
        self.api_token = api_token
        self.signing_secret = signing_secret

    def send(self, body: bytes, content_type: str, extra_headers: Optional[dict[str, str]] = None,
             headers: Optional[dict[str, str]] = None) -> "tuple[int, dict[str, str], str]":
        """POST to the Slack webhook, signed like Slack unless `headers` replaces the signed ones."""
        signed = signed_headers(self.signing_secret, body, content_type) if headers is None else headers
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/slack/webhook", data=body, method="POST",
                                         headers={**signed, **(extra_headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def event(self, envelope: dict[str, Any], **kwargs: Any) -> "tuple[int, dict[str, str], str]":
        return self.send(json_body(envelope), JSON, **kwargs)

    def click(self, payload: dict[str, Any]) -> "tuple[int, dict[str, str], str]":
        return self.send(form_body(payload), FORM)

    def tracker(self, sender_id: str) -> dict[str, Any]:
        """Everything Rasa has stored for the conversation: every session, and from before any restart."""
        quoted = urllib.parse.quote(sender_id, safe=":")  # Sanic does not unquote %3A in the path
        return http_json("GET", f"{self.rasa_url}/conversations/{quoted}/tracker?include_events=ALL&token={self.api_token}")

    def settled_tracker(self, sender_id: str, user_messages: int, timeout_s: float = 20.0, saved_by_rasa: bool = False) -> dict[str, Any]:
        """The tracker once it holds exactly `user_messages` founder messages and the bot is listening
        again. Rasa saves the tracker after it has posted the turn's replies, so they are all posted by then.
        `saved_by_rasa`: a conversation just forgotten by the action server holds only its forget marker
        (no action at all) until Rasa saves the turn, so wait for Rasa's `action_listen`."""
        listening = ("action_listen",) if saved_by_rasa else ("action_listen", None)
        deadline = time.monotonic() + timeout_s
        while True:
            tracker = self.tracker(sender_id)
            if len(user_texts(tracker)) == user_messages and tracker.get("latest_action_name") in listening:
                return tracker
            if time.monotonic() > deadline:
                raise AssertionError(f"{sender_id} did not settle with {user_messages} user message(s): {user_texts(tracker)}")
            time.sleep(0.05)

    def user_texts(self, sender_id: str, expected_count: int) -> list[str]:
        return user_texts(self.settled_tracker(sender_id, expected_count))
