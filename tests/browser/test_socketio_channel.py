"""The widget's socketio channel without a server: allowed origins from configuration, and session
persistence that holds whether python-socketio's enter_room returns a value or a coroutine."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.channels.socketio import ANY_ORIGIN, WaypointSocketIOInput, parse_allowed_origins

CREDENTIALS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
               "session_persistence": True, "metadata_key": "customData"}


async def _no_message_expected(message: Any) -> None:
    raise AssertionError("no user message is sent in these tests")


def _channel(**extra_credentials: Any) -> WaypointSocketIOInput:
    channel = WaypointSocketIOInput.from_credentials({**CREDENTIALS, **extra_credentials})
    assert isinstance(channel, WaypointSocketIOInput)
    channel.blueprint(_no_message_expected)
    return channel


class RecordingRooms:
    """Stands in for the socket server's enter_room and emit, as python-socketio 5.10+ has them (coroutines)."""

    def __init__(self) -> None:
        self.entered: list[tuple[str, str]] = []
        self.emitted: list[tuple[str, Any, str]] = []

    async def enter_room(self, sid: str, room: str, namespace: Any = None) -> None:
        self.entered.append((sid, room))

    async def emit(self, event: str, data: Any, room: str, namespace: Any = None) -> None:
        self.emitted.append((event, data, room))


def _request_session(channel: WaypointSocketIOInput, rooms: RecordingRooms, data: Any) -> None:
    channel.sio.enter_room = rooms.enter_room
    channel.sio.emit = rooms.emit
    handler = channel.sio.handlers["/"]["session_request"]
    asyncio.run(handler("socket-1", data))


@pytest.mark.parametrize("raw_origins, expected", [
    (None, ANY_ORIGIN),
    ("", ANY_ORIGIN),
    ("*", ANY_ORIGIN),
    ("https://a.example https://b.example", ["https://a.example", "https://b.example"]),
    ("https://a.example/, https://b.example", ["https://a.example", "https://b.example"]),
    (["https://a.example", "*"], ANY_ORIGIN),
])
def test_allowed_origins_are_read_like_rasa_run_cors(raw_origins: Any, expected: Any) -> None:
    assert parse_allowed_origins(raw_origins) == expected


def test_origins_come_from_the_environment_when_credentials_do_not_name_them(monkeypatch) -> None:
    monkeypatch.setenv("WAYPOINT_CORS_ORIGINS", "https://incubator.example")
    channel = _channel()
    assert channel.origin_allowed("https://incubator.example")
    assert not channel.origin_allowed("https://elsewhere.example")


def test_origins_in_credentials_win_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("WAYPOINT_CORS_ORIGINS", "https://incubator.example")
    channel = _channel(cors_allowed_origins=["https://partner.example"])
    assert channel.origin_allowed("https://partner.example")
    assert not channel.origin_allowed("https://incubator.example")


def test_a_client_without_origin_header_is_not_a_browser_page_and_may_connect(monkeypatch) -> None:
    monkeypatch.setenv("WAYPOINT_CORS_ORIGINS", "https://incubator.example")
    assert _channel().origin_allowed(None)


def test_returning_widget_joins_the_room_of_its_stored_session_even_when_enter_room_is_a_coroutine() -> None:
    channel, rooms = _channel(), RecordingRooms()
    _request_session(channel, rooms, {"session_id": "stored-session-id"})
    assert rooms.entered == [("socket-1", "stored-session-id")]
    assert rooms.emitted == [("session_confirm", "stored-session-id", "socket-1")]


def test_new_widget_gets_a_fresh_session_id() -> None:
    channel, rooms = _channel(), RecordingRooms()
    _request_session(channel, rooms, {"session_id": None})
    (_, session_id), = rooms.entered
    assert len(session_id) == 32
    assert rooms.emitted == [("session_confirm", session_id, "socket-1")]


def test_without_session_persistence_no_room_is_joined() -> None:
    channel, rooms = _channel(session_persistence=False), RecordingRooms()
    _request_session(channel, rooms, None)
    assert rooms.entered == []
    assert [event for event, _, _ in rooms.emitted] == ["session_confirm"]
