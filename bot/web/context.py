"""What every handler reaches through the app: the store, the framework, the web settings."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from aiohttp import web

from bot.store import Store
from bot.web.settings import WebSettings

Result = TypeVar("Result")
Record = TypeVar("Record")


@dataclass(frozen=True)
class WebContext:
    store: Store
    framework: Any
    settings: WebSettings


CONTEXT_KEY = web.AppKey("waypoint", WebContext)


def context_of(request: web.Request) -> WebContext:
    return request.app[CONTEXT_KEY]


async def in_thread(function: Callable[..., Result], *arguments: Any) -> Result:
    """Run a blocking store call off the event loop."""
    return await asyncio.to_thread(function, *arguments)


async def gather(request: web.Request, view: Callable[[Store, Any, Record], Result], record: Record) -> Result:
    """What a page shows of one record: `view(store, framework, record)` (bot.web.views), run off the event loop."""
    context = context_of(request)
    return await in_thread(view, context.store, context.framework, record)


# Database ids are 64-bit at most; a longer number in a URL names nothing (and must not overflow).
LARGEST_ID = 2**63 - 1


def id_from_path(request: web.Request, name: str) -> int:
    raw_id = request.match_info[name]
    if not raw_id.isdigit() or int(raw_id) > LARGEST_ID:
        raise web.HTTPNotFound()
    return int(raw_id)
