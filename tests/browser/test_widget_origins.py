"""Which web pages may talk to the bot: the socketio channel honours WAYPOINT_CORS_ORIGINS on both
transports, long-polling (guarded by Sanic-CORS) and websocket (which browsers never CORS-check).

The stack in conftest.py allows only the widget server's own origin.
"""
from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Optional

import pytest
import socketio
import websockets

from tests.browser.conftest import WaypointUnderTest

pytestmark = pytest.mark.slow

FOREIGN_ORIGIN = "https://not-an-incubator.example"
CONNECT_TIMEOUT_S = 10


@pytest.fixture(scope="module")
def allowed_origin(waypoint: WaypointUnderTest) -> str:
    if not waypoint.allowed_origins or waypoint.allowed_origins.strip() == "*":
        pytest.skip("the Rasa server under test allows every origin")
    return waypoint.allowed_origins.replace(",", " ").split()[0]


async def _confirmed_session(rasa_url: str, origin: str, transport: str) -> Optional[str]:
    """The session id the server confirms to a page on `origin`, or None when it refuses the page."""
    if transport == "websocket":
        return await _confirmed_session_over_websocket(rasa_url, origin)
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
    try:
        await client.connect(rasa_url, headers={"Origin": origin}, transports=["polling"], wait_timeout=CONNECT_TIMEOUT_S)
    except socketio.exceptions.ConnectionError:
        return None
    try:
        await client.emit("session_request", {"session_id": None})
        return await asyncio.wait_for(confirmed, CONNECT_TIMEOUT_S)
    finally:
        await client.disconnect()


async def _confirmed_session_over_websocket(rasa_url: str, origin: str) -> Optional[str]:
    # The Engine.IO 4 / Socket.IO 5 packets by hand: python-socketio's own websocket client needs a
    # newer aiohttp than Rasa 3.6 allows. "0{...}" open, "40" connect, "44" refused, "42[...]" event.
    url = rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, origin=origin, open_timeout=CONNECT_TIMEOUT_S) as socket:
        assert (await _receive(socket)).startswith("0")
        await socket.send("40")
        if (await _receive(socket)).startswith("44"):
            return None
        await socket.send('42["session_request",{"session_id":null}]')
        while True:
            packet = await _receive(socket)
            if packet.startswith("42"):
                event, session_id = json.loads(packet[2:])
                if event == "session_confirm":
                    return session_id


async def _receive(socket) -> str:
    packet = await asyncio.wait_for(socket.recv(), CONNECT_TIMEOUT_S)
    if packet == "2":  # an Engine.IO ping: answer it and read on
        await socket.send("3")
        return await _receive(socket)
    return packet


def _polling_handshake_headers(rasa_url: str, origin: str) -> list[str]:
    request = urllib.request.Request(f"{rasa_url}/socket.io/?EIO=4&transport=polling", headers={"Origin": origin})
    with urllib.request.urlopen(request, timeout=CONNECT_TIMEOUT_S) as response:
        return response.headers.get_all("Access-Control-Allow-Origin") or []


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_page_on_an_allowed_origin_gets_a_session(waypoint: WaypointUnderTest, allowed_origin: str, transport: str) -> None:
    assert asyncio.run(_confirmed_session(waypoint.rasa_url, allowed_origin, transport))


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_page_on_another_origin_is_refused(waypoint: WaypointUnderTest, allowed_origin: str, transport: str) -> None:
    assert asyncio.run(_confirmed_session(waypoint.rasa_url, FOREIGN_ORIGIN, transport)) is None


def test_polling_answer_names_the_allowed_origin_exactly_once(waypoint: WaypointUnderTest, allowed_origin: str) -> None:
    # Two Access-Control-Allow-Origin headers (engine.io's and Sanic-CORS's) make browsers drop the answer.
    assert _polling_handshake_headers(waypoint.rasa_url, allowed_origin) == [allowed_origin]


def test_polling_answer_does_not_open_cors_to_another_origin(waypoint: WaypointUnderTest, allowed_origin: str) -> None:
    assert _polling_handshake_headers(waypoint.rasa_url, FOREIGN_ORIGIN) == []
