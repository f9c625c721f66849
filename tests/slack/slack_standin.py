"""A local stand-in for the Slack Web API: answers every method with `{"ok": true}` like Slack does
and records the calls, so tests can check what the bot posted without reaching Slack."""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from aiohttp import web


@dataclass(frozen=True)
class ApiCall:
    method: str  # e.g. "chat.postMessage"
    authorization: str
    arguments: dict[str, Any]

    @property
    def channel(self) -> Optional[str]:
        return self.arguments.get("channel")

    @property
    def thread_ts(self) -> Optional[str]:
        return self.arguments.get("thread_ts")

    @property
    def text(self) -> str:
        return self.arguments.get("text") or ""

    @property
    def buttons(self) -> list[dict[str, Any]]:
        blocks = self.arguments.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        return [element for block in blocks if block.get("type") == "actions" for element in block["elements"]]


class SlackApiStandIn:
    """Runs on 127.0.0.1 on a free port in a background thread; `url` is the Web API base URL."""

    def __init__(self) -> None:
        self._calls: list[ApiCall] = []
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: Optional[web.AppRunner] = None
        self.url = ""

    def start(self) -> "SlackApiStandIn":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def calls(self, method: str = "chat.postMessage", channel: Optional[str] = None) -> list[ApiCall]:
        with self._lock:
            return [c for c in self._calls if c.method == method and (channel is None or c.channel == channel)]

    def wait_for_posts(self, channel: str, count: int, timeout_s: float = 20.0) -> list[ApiCall]:
        """The bot's posts to `channel` once there are at least `count` (fails after `timeout_s`)."""
        return self._wait(lambda: self.calls(channel=channel), count, timeout_s, f"{count} post(s) to {channel}")

    @staticmethod
    def _wait(read: Callable[[], list[ApiCall]], count: int, timeout_s: float, what: str) -> list[ApiCall]:
        deadline = time.monotonic() + timeout_s
        while True:
            found = read()
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout_s} s for {what}, got {len(found)}: {found}")
            time.sleep(0.05)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._answer)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # port 0: the OS picked a free one
        self.url = f"http://127.0.0.1:{port}/api/"

    async def _answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            arguments = await request.json()
        else:
            arguments = dict(await request.post())
        call = ApiCall(method, request.headers.get("Authorization", ""), arguments)
        with self._lock:
            self._calls.append(call)
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        return web.json_response({"ok": True, "channel": call.channel, "ts": ts, "message": {"text": call.text, "ts": ts}})
