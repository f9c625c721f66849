"""Waypoint's Slack channel: Rasa's Slack connector made safe for founders talking in DMs and threads.

Register it in credentials.yml as `bot.channels.slack.WaypointSlackInput` (see docs/slack.md). Compared
with Rasa's `SlackInput` it keeps one conversation per founder (workspace + user) and place (DM, or
channel thread), checks every request's signature before reading it, handles each founder message
once whatever Slack redelivers, and posts replies where the founder wrote, buttons as Block Kit.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Mapping, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_API_TIMEOUT_S = 10
MAX_REQUEST_AGE_S = 5 * 60
# Slack retries a delivery three times within about five minutes; an hour covers them with margin.
SEEN_DELIVERY_TTL_S = 60 * 60
FOLLOWED_THREAD_TTL_S = 24 * 60 * 60
MAX_REMEMBERED_KEYS = 20_000
MAX_BUTTONS_PER_BLOCK = 25  # Block Kit's limit per actions block (Rasa's 5 is the old attachments limit)
MAX_BUTTON_TITLE_CHARS = 75
MAX_SECTION_TEXT_CHARS = 3000  # Block Kit's limit for a section's text
SENDER_ID_PREFIX = "slack"
# Messages people write: plain ones and thread replies also sent to the channel. Edits, deletions,
# joins and bot posts carry other subtypes and are not founder turns.
PERSON_MESSAGE_SUBTYPES = frozenset({None, "thread_broadcast"})


# --- Request signatures ----------------------------------------------------------------------------

class RequestCheck(Enum):
    AUTHENTIC = "authentic"
    UNSIGNED = "missing signature or timestamp"
    BAD_SIGNATURE = "signature does not match"
    STALE = "timestamp older than 5 minutes"

    @property
    def http_status(self) -> int:
        # A stale request may be a replay of a genuine one: a bad request, not a bad credential.
        return HTTPStatus.BAD_REQUEST if self is RequestCheck.STALE else HTTPStatus.UNAUTHORIZED


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """Slack's `X-Slack-Signature` for a body sent at `timestamp`: HMAC-SHA256 over `v0:timestamp:body`."""
    signed = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), signed, hashlib.sha256).hexdigest()


def check_request(
    signing_secret: str, timestamp: Optional[str], signature: Optional[str], body: bytes, now: float
) -> RequestCheck:
    """Whether a request was signed by Slack with our secret within the last five minutes."""
    if not signing_secret or not timestamp or not signature:
        return RequestCheck.UNSIGNED
    try:
        sent_at = int(timestamp)
    except ValueError:
        return RequestCheck.BAD_SIGNATURE
    if abs(now - sent_at) > MAX_REQUEST_AGE_S:
        return RequestCheck.STALE
    expected = slack_signature(signing_secret, timestamp, body)
    if hmac.compare_digest(expected.encode(), signature.encode()):
        return RequestCheck.AUTHENTIC
    return RequestCheck.BAD_SIGNATURE


# --- Who is talking, and where ---------------------------------------------------------------------

@dataclass(frozen=True)
class SlackConversation:
    """One founder in one place: a DM (`thread_ts` None) or one thread of a channel.

    Its sender id is Rasa's conversation id: `slack:<team>:<user>:<channel>` for a DM and
    `slack:<team>:<user>:<channel>:<thread_ts>` for a thread (a thread ts is unique only within its
    channel). Slack ids and timestamps never contain a colon.
    """

    team_id: str
    user_id: str
    channel_id: str
    thread_ts: Optional[str] = None

    @property
    def sender_id(self) -> str:
        parts = [SENDER_ID_PREFIX, self.team_id, self.user_id, self.channel_id]
        if self.thread_ts:
            parts.append(self.thread_ts)
        return ":".join(parts)

    @property
    def founder_id(self) -> str:
        """The founder across all their DMs and threads: workspace + user."""
        return f"{SENDER_ID_PREFIX}:{self.team_id}:{self.user_id}"

    @classmethod
    def from_sender_id(cls, sender_id: str) -> Optional["SlackConversation"]:
        parts = sender_id.split(":")
        if parts[0] != SENDER_ID_PREFIX or len(parts) not in (4, 5) or not all(parts[1:]):
            return None
        return cls(*parts[1:])


def conversation_for(
    team_id: str, user_id: str, channel_id: str, thread_ts: Optional[str], is_direct_message: bool
) -> SlackConversation:
    """The conversation a message belongs to: the whole DM, or the thread it is in (or starts)."""
    return SlackConversation(team_id, user_id, channel_id, None if is_direct_message else thread_ts)


def founder_id_from_sender_id(sender_id: str) -> Optional[str]:
    """`slack:<team>:<user>` for a Slack sender id, None for other channels' ids."""
    conversation = SlackConversation.from_sender_id(sender_id)
    return conversation.founder_id if conversation else None


def is_direct_message_channel(channel_id: str, channel_type: Optional[str] = None) -> bool:
    # Events say channel_type "im"; interaction payloads only give the id, and DM ids start with D.
    return channel_type == "im" or channel_id.startswith("D")


class TurnKind(Enum):
    DIRECT_MESSAGE = "direct_message"
    MENTION = "mention"
    CHANNEL_MESSAGE = "channel_message"
    BUTTON = "button"


@dataclass(frozen=True)
class SlackTurn:
    """A founder's message or button click, ready for Rasa."""

    conversation: SlackConversation
    text: str
    kind: TurnKind
    reply_thread_ts: Optional[str]  # None: reply at the top of the DM
    delivery_key: str  # the same for every delivery of one founder message (or click)


def bot_user_ids(envelope: Mapping[str, Any]) -> List[str]:
    """The app's own bot user(s) in this workspace, from the event's authorizations."""
    authorizations = envelope.get("authorizations") or []
    return [auth["user_id"] for auth in authorizations if auth.get("is_bot") and auth.get("user_id")]


def is_written_by_a_person(event: Mapping[str, Any], own_user_ids: Iterable[str]) -> bool:
    return (
        bool(event.get("user"))
        and not event.get("bot_id")
        and event.get("subtype") in PERSON_MESSAGE_SUBTYPES
        and event["user"] not in set(own_user_ids)
    )


def turn_from_event(envelope: Mapping[str, Any]) -> Optional[SlackTurn]:
    """The founder turn in an Events API `event_callback`, or None if it is not a person's message."""
    event = envelope.get("event") or {}
    if envelope.get("type") != "event_callback" or event.get("type") not in ("message", "app_mention"):
        return None
    own_user_ids = bot_user_ids(envelope)
    if not is_written_by_a_person(event, own_user_ids):
        return None
    channel_id, message_ts = event.get("channel"), event.get("ts")
    # In a channel shared with another workspace the user belongs to their own team (user_team).
    team_id = event.get("user_team") or event.get("team") or envelope.get("team_id")
    if not (channel_id and message_ts and team_id):
        return None
    text = SlackInput._sanitize_user_message(event.get("text") or "", own_user_ids)
    if not text:
        return None
    direct = is_direct_message_channel(channel_id, event.get("channel_type"))
    thread_ts = event.get("thread_ts") or (None if direct else message_ts)
    if direct:
        kind = TurnKind.DIRECT_MESSAGE
    else:
        kind = TurnKind.MENTION if event["type"] == "app_mention" else TurnKind.CHANNEL_MESSAGE
    return SlackTurn(
        conversation=conversation_for(team_id, event["user"], channel_id, thread_ts, direct),
        text=text,
        kind=kind,
        reply_thread_ts=thread_ts,
        # app_mention and message.* events for one message differ in event_id but share channel + ts.
        delivery_key=f"message:{channel_id}:{message_ts}",
    )


def turn_from_block_actions(payload: Mapping[str, Any]) -> Optional[SlackTurn]:
    """The founder turn in a `block_actions` interaction (a button click): the button's value."""
    actions = payload.get("actions") or []
    if payload.get("type") != "block_actions" or not actions or not actions[0].get("type"):
        return None
    action = actions[0]
    value = SlackInput._get_interactive_response(action)
    user = payload.get("user") or {}
    container = payload.get("container") or {}
    message = payload.get("message") or {}
    team_id = user.get("team_id") or (payload.get("team") or {}).get("id")
    channel_id = (payload.get("channel") or {}).get("id") or container.get("channel_id")
    message_ts = container.get("message_ts") or message.get("ts")
    if not (value and user.get("id") and team_id and channel_id and message_ts):
        return None
    direct = is_direct_message_channel(channel_id)
    thread_ts = container.get("thread_ts") or message.get("thread_ts") or (None if direct else message_ts)
    return SlackTurn(
        conversation=conversation_for(team_id, user["id"], channel_id, thread_ts, direct),
        text=value,
        kind=TurnKind.BUTTON,
        reply_thread_ts=thread_ts,
        delivery_key=f"click:{channel_id}:{message_ts}:{user['id']}:{action.get('action_ts', '')}",
    )


# --- Remembering what was already handled -----------------------------------------------------------

class RecentKeys:
    """Keys remembered for `ttl_s` seconds, at most `max_keys` of them (the oldest are forgotten first).

    In memory, so it deduplicates within one process: with several Rasa replicas behind a load
    balancer, keep this state in Redis (SET key NX EX ttl) instead.
    """

    def __init__(self, ttl_s: float, max_keys: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._max_keys = max_keys
        self._clock = clock
        self._expiry_by_key: "OrderedDict[str, float]" = OrderedDict()

    def __contains__(self, key: str) -> bool:
        self._forget_expired()
        return key in self._expiry_by_key

    def __len__(self) -> int:
        self._forget_expired()
        return len(self._expiry_by_key)

    def remember(self, key: str) -> None:
        """Remember `key` (again) for the full ttl."""
        self._forget_expired()
        self._expiry_by_key.pop(key, None)
        self._expiry_by_key[key] = self._clock() + self._ttl_s
        while len(self._expiry_by_key) > self._max_keys:
            self._expiry_by_key.popitem(last=False)

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen within the ttl (and remembers it), False afterwards."""
        if key in self:
            return False
        self.remember(key)
        return True

    def _forget_expired(self) -> None:
        now = self._clock()
        # Every key has the same ttl, so insertion order is expiry order.
        while self._expiry_by_key and next(iter(self._expiry_by_key.values())) <= now:
            self._expiry_by_key.popitem(last=False)


# --- Posting to Slack ------------------------------------------------------------------------------

def button_blocks(buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa buttons as Block Kit actions blocks (25 buttons per block; each value is the payload)."""
    elements = [button_element(index, button) for index, button in enumerate(buttons)]
    return [
        {"type": "actions", "elements": elements[start:start + MAX_BUTTONS_PER_BLOCK]}
        for start in range(0, len(elements), MAX_BUTTONS_PER_BLOCK)
    ]


def button_element(index: int, button: Mapping[str, Any]) -> Dict[str, Any]:
    title = str(button.get("title") or button.get("payload") or "")[:MAX_BUTTON_TITLE_CHARS]
    element: Dict[str, Any] = {
        "type": "button",
        "action_id": f"waypoint_button_{index}",
        "text": {"type": "plain_text", "text": title, "emoji": True},
    }
    if button.get("url"):
        element["url"] = button["url"]
    else:
        element["value"] = str(button.get("payload") or title)
    return element


def text_block(text: str) -> Dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_SECTION_TEXT_CHARS]}}


def escape_for_slack(text: str) -> str:
    """Text safe to post: replies may repeat what a founder typed, and Slack reads `<!channel>`,
    `<@U123>` or `<url|label>` in a message as a ping, a mention or a link. *Bold* still works."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WaypointSlackBot(SlackBot):
    """Posts the bot's replies with `chat.postMessage` into the founder's DM or thread.

    The destination comes from the channel and thread the founder wrote in; when Rasa gives only a
    recipient id (a reply triggered through the HTTP API), it is read from the sender id.
    """

    def __init__(self, client: AsyncWebClient, slack_channel: Optional[str] = None, thread_ts: Optional[str] = None) -> None:
        OutputChannel.__init__(self)
        self.client = client
        self.slack_channel = slack_channel
        self.thread_id = thread_ts
        self.proxy = None

    def destination(self, recipient: str) -> "tuple[str, Optional[str]]":
        """The Slack channel id and thread ts to post to, for a channel id or a Waypoint sender id."""
        conversation = SlackConversation.from_sender_id(recipient)
        if conversation is None:
            return recipient, self.thread_id
        return conversation.channel_id, self.thread_id or conversation.thread_ts

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        # `as_user` is a classic-app parameter; a bot token posts as the bot anyway.
        kwargs.pop("as_user", None)
        channel_id, thread_ts = self.destination(channel)
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        try:
            await self.client.chat_postMessage(channel=channel_id, **kwargs)
        except (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            # Nobody but the log can be told: the founder simply does not see this reply.
            logger.error("Slack chat.postMessage to %s failed: %s", channel_id, error)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._post_message(self.slack_channel or recipient_id, text=escape_for_slack(text.strip()), mrkdwn=True)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        safe_text = escape_for_slack(text.strip())
        await self._post_message(
            self.slack_channel or recipient_id,
            text=safe_text,  # shown in notifications and by clients that cannot draw blocks
            blocks=[text_block(safe_text), *button_blocks(buttons)],
        )


# --- Receiving from Slack --------------------------------------------------------------------------

def as_bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


def media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


class WaypointSlackInput(SlackInput):
    """Slack input channel at /webhooks/slack/webhook (events and interactivity both go there).

    Credentials: `slack_token`, `slack_signing_secret` (both required to take requests; when either is
    empty the channel answers 503 so the rest of Waypoint still runs), `slack_api_url` (default: the
    `SLACK_API_URL` environment variable, else Slack's), `slack_api_timeout` (seconds, default 10),
    `slack_channel` (a channel where every message is for the bot) and `use_threads` (must stay true).
    """

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            slack_token=str(credentials.get("slack_token") or ""),
            slack_signing_secret=str(credentials.get("slack_signing_secret") or ""),
            slack_channel=credentials.get("slack_channel") or None,
            proxy=credentials.get("proxy") or None,
            use_threads=as_bool(credentials.get("use_threads", True)),
            slack_api_url=credentials.get("slack_api_url") or os.environ.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL,
            slack_api_timeout_s=int(credentials.get("slack_api_timeout") or DEFAULT_API_TIMEOUT_S),
        )

    def __init__(
        self,
        slack_token: Text,
        slack_signing_secret: Text,
        slack_channel: Optional[Text] = None,
        proxy: Optional[Text] = None,
        use_threads: bool = True,
        slack_api_url: Text = DEFAULT_SLACK_API_URL,
        slack_api_timeout_s: int = DEFAULT_API_TIMEOUT_S,
    ) -> None:
        if not use_threads:
            raise InvalidConfigException(
                "Waypoint keeps one conversation per Slack thread, so its Slack channel needs "
                "`use_threads: true` in credentials.yml."
            )
        super().__init__(
            slack_token,
            slack_channel=slack_channel,
            proxy=proxy,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=True,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity="thread",
        )
        self.slack_api_url = slack_api_url
        self.client = AsyncWebClient(
            token=slack_token or None,
            base_url=slack_api_url,
            timeout=slack_api_timeout_s,
            proxy=proxy,
            retry_handlers=[AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        )
        self.seen_deliveries = RecentKeys(SEEN_DELIVERY_TTL_S, MAX_REMEMBERED_KEYS)
        self.followed_threads = RecentKeys(FOLLOWED_THREAD_TTL_S, MAX_REMEMBERED_KEYS)

    @property
    def is_configured(self) -> bool:
        return bool(self.slack_token and self.slack_signing_secret)

    def _validate_credentials(self) -> None:
        # Rasa refuses to start without a signing secret; Waypoint starts and keeps Slack switched off
        # (503) so that `make run` works before anyone has created a Slack app.
        if not (self.slack_token and self.slack_signing_secret):
            logger.warning("Slack channel is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to switch it on.")

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return WaypointSlackBot(self.client, channel or self.slack_channel, thread_id)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.is_configured else "not configured"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.handle_request(request, on_new_message)

        return slack_webhook

    async def handle_request(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if not self.is_configured:
            return response.text("Slack is not configured on this server.", status=HTTPStatus.SERVICE_UNAVAILABLE)
        check = check_request(
            self.slack_signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            request.body,
            time.time(),
        )
        if check is not RequestCheck.AUTHENTIC:
            logger.warning("Rejected a request to the Slack webhook: %s.", check.value)
            return response.text(f"Rejected: {check.value}.", status=check.http_status)
        kind = media_type(request)
        if kind == "application/json":
            return self._handle_event(request, on_new_message)
        if kind == "application/x-www-form-urlencoded":
            return self._handle_interaction(request, on_new_message)
        return response.text("Unsupported content type.", status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

    def _handle_event(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            envelope = json.loads(request.body)
        except ValueError:
            return response.text("Body is not JSON.", status=HTTPStatus.BAD_REQUEST)
        if not isinstance(envelope, dict):
            return response.text("Body is not a JSON object.", status=HTTPStatus.BAD_REQUEST)
        if envelope.get("type") == "url_verification":
            return response.json({"challenge": envelope.get("challenge")})
        event_id = envelope.get("event_id")
        is_retry = bool(request.headers.get(self.retry_num_header))
        # A retry of an event we have seen is dropped; a retry of one we never saw (we were down) is
        # the only delivery left, so it is handled.
        if (event_id and not self.seen_deliveries.first_time(f"event:{event_id}")) or (is_retry and not event_id):
            return self._already_handled()
        turn = turn_from_event(envelope)
        if turn is None or not self._is_for_the_bot(turn):
            # Not marked as handled: a `message` event we skip must not hide the `app_mention` twin.
            return response.text("Not a message for the bot.")
        return self._accept(turn, on_new_message)

    def _handle_interaction(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            payload = json.loads(request.form.get("payload") or "")
        except ValueError:
            return response.text("Form field `payload` is not JSON.", status=HTTPStatus.BAD_REQUEST)
        turn = turn_from_block_actions(payload) if isinstance(payload, dict) else None
        if turn is None:
            return response.text("Not an interaction for the bot.")
        return self._accept(turn, on_new_message)

    def _is_for_the_bot(self, turn: SlackTurn) -> bool:
        if turn.kind is not TurnKind.CHANNEL_MESSAGE:
            return True
        # A plain channel message is for the bot in its own channel, or in a thread where this
        # founder has already talked to it (so they need not mention it in every reply).
        return turn.conversation.channel_id == self.slack_channel or thread_key(turn) in self.followed_threads

    def _accept(self, turn: SlackTurn, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if not self.seen_deliveries.first_time(turn.delivery_key):
            return self._already_handled()
        if turn.conversation.thread_ts:
            self.followed_threads.remember(thread_key(turn))
        user_message = UserMessage(
            turn.text,
            self.get_output_channel(turn.conversation.channel_id, turn.reply_thread_ts),
            turn.conversation.sender_id,
            input_channel=self.name(),
            metadata=turn_metadata(turn),
        )
        # Answer Slack now (it wants a reply within 3 s) and let Rasa reply through the Web API.
        task = asyncio.create_task(on_new_message(user_message))
        self._background_tasks.add(task)
        task.add_done_callback(self._forget_task)
        return response.text("")

    def _forget_task(self, task: "asyncio.Task[Any]") -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Handling a Slack message failed", exc_info=task.exception())

    def _already_handled(self) -> HTTPResponse:
        return response.text("Already handled.", headers={"X-Slack-No-Retry": "1"})


def thread_key(turn: SlackTurn) -> str:
    conversation = turn.conversation
    return f"{conversation.team_id}:{conversation.user_id}:{conversation.channel_id}:{conversation.thread_ts}"


def turn_metadata(turn: SlackTurn) -> Dict[str, Any]:
    """Metadata Rasa stores with the user message; actions find the founder's Slack identity here."""
    conversation = turn.conversation
    return {
        "out_channel": conversation.channel_id,
        "thread_id": turn.reply_thread_ts,
        "slack": {
            "team_id": conversation.team_id,
            "user_id": conversation.user_id,
            "channel_id": conversation.channel_id,
            "thread_ts": conversation.thread_ts,
            "founder_id": conversation.founder_id,
            "kind": turn.kind.value,
        },
    }
