"""Rasa's socketio channel, as the website widget needs it: browser origins checked on every
transport, and session persistence that survives newer python-socketio releases.

Rasa 3.6 builds its socket server with `cors_allowed_origins=[]`, which in python-engineio 4 means
"no origin check and no CORS headers at all": Sanic-CORS (`rasa run --cors`) then guards the
long-polling requests, but a page that opens the websocket transport directly is never checked.
Handing the origins to engine.io instead would add its own Access-Control-Allow-Origin header next to
Sanic-CORS's, and browsers refuse a response with two. So this channel leaves the headers to
Sanic-CORS and refuses the socket.io connection itself when the page's Origin is not allowed.

Rasa 3.6 also calls `sio.enter_room()` without `await`; from python-socketio 5.10 that is a coroutine,
the socket never joins its session room and every reply is lost (rasa issue 13027). The lock pins
5.9.0; the handler below awaits the call when it is a coroutine, so an upgrade cannot bring the bug
back.

credentials.yml (replaces the built-in `socketio:` entry; both would claim /socket.io):

    bot.channels.socketio.WaypointSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      metadata_key: customData
"""
from __future__ import annotations

import inspect
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Sequence, Text, Union

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)

ORIGINS_ENV = "WAYPOINT_CORS_ORIGINS"
ANY_ORIGIN = "*"

# "*" for every origin, else the exact origins a browser sends ("https://incubator.example.org").
AllowedOrigins = Union[str, list]


def parse_allowed_origins(raw_origins: Optional[Union[str, Sequence[str]]]) -> AllowedOrigins:
    """Origins from a space- or comma-separated string (as `rasa run --cors` takes them) or a list.

    Nothing configured means every origin, as `scripts/run.sh` does for `--cors`; a `*` anywhere
    wins. Trailing slashes are dropped because a browser's Origin header never has one.
    """
    if raw_origins is None:
        return ANY_ORIGIN
    if isinstance(raw_origins, str):
        raw_origins = raw_origins.replace(",", " ").split()
    origins = [origin.strip().rstrip("/") for origin in raw_origins if origin and origin.strip()]
    if not origins or ANY_ORIGIN in origins:
        return ANY_ORIGIN
    return origins


class WaypointSocketIOInput(SocketIOInput):
    """Rasa's socketio input with origin checks on every transport and an awaited `enter_room`."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        # Optional in credentials.yml; otherwise the same variable that feeds `rasa run --cors`.
        raw_origins = credentials.pop("cors_allowed_origins", None)
        if raw_origins is None:
            raw_origins = os.environ.get(ORIGINS_ENV)
        channel = super().from_credentials(credentials)
        assert isinstance(channel, WaypointSocketIOInput)
        channel.allowed_origins = parse_allowed_origins(raw_origins)
        return channel

    def __init__(self, *args: Any, allowed_origins: AllowedOrigins = ANY_ORIGIN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins = allowed_origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None, "SocketIOInput.blueprint() always creates the socket server"
        namespace = self.namespace or "/"
        rasa_connect = sio.handlers[namespace]["connect"]
        sio.on("connect", namespace=self.namespace)(self._origin_checked(rasa_connect))
        sio.on("session_request", namespace=self.namespace)(self._session_request_handler())
        return socketio_blueprint

    def origin_allowed(self, origin: Optional[Text]) -> bool:
        """No Origin header means no browser page (a script, a test client): the token rules apply."""
        if origin is None or self.allowed_origins == ANY_ORIGIN:
            return True
        return origin.rstrip("/") in self.allowed_origins

    def _origin_checked(self, rasa_connect: Callable[..., Awaitable[bool]]) -> Callable[..., Awaitable[bool]]:
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not self.origin_allowed(origin):
                logger.warning("socketio: refused a connection from %s (not in %s)", origin, ORIGINS_ENV)
                return False
            return await rasa_connect(sid, environ, auth)

        return connect

    def _session_request_handler(self) -> Callable[[Text, Optional[Dict]], Awaitable[None]]:
        sio = self.sio
        assert sio is not None

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            # The widget sends the id it stored; a new visitor gets a fresh one.
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return session_request
