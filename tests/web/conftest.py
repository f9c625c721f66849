"""Web fixtures: a real Store on a temporary SQLite file, the real framework, and a small
synchronous browser around aiohttp's test client (pytest-aiohttp is not installed)."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Iterator, Optional

import pytest
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDictProxy

from bot.store import Store
from bot.web import create_app, load_web_settings
from framework import load_framework
from tests.web.seeding import Seeder, migrated_store

ADMIN_TOKEN = "admin-token-for-tests-0123456789"


@dataclass(frozen=True)
class Page:
    status: int
    headers: CIMultiDictProxy
    text: str


class Browser:
    """Drives the app through a real HTTP server on a private event loop; keeps cookies."""

    def __init__(self, app) -> None:
        self._loop = asyncio.new_event_loop()

        async def start() -> TestClient:
            # Made inside the loop: aiohttp's client objects belong to the loop that runs them.
            client = TestClient(TestServer(app))
            await client.start_server()
            return client

        self._client = self._loop.run_until_complete(start())

    def get(self, path: str, token: Optional[str] = None, **options) -> Page:
        return self._request("GET", path, token, **options)

    def post(self, path: str, data: Optional[dict] = None, token: Optional[str] = None, **options) -> Page:
        return self._request("POST", path, token, data=data, **options)

    def log_in(self, token: str) -> Page:
        return self.post("/dashboard/login", {"token": token}, allow_redirects=True)

    def _request(self, method: str, path: str, token: Optional[str], **options) -> Page:
        headers = dict(options.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        options.setdefault("allow_redirects", False)

        async def send() -> Page:
            response = await self._client.request(method, path, headers=headers, **options)
            return Page(response.status, response.headers, await response.text())

        return self._loop.run_until_complete(send())

    def close(self) -> None:
        self._loop.run_until_complete(self._client.close())
        self._loop.close()


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    opened_store = migrated_store(tmp_path / "waypoint-web.db")
    yield opened_store
    opened_store.dispose()


@pytest.fixture
def seed(store) -> Seeder:
    return Seeder(store)


@pytest.fixture
def browser(store, framework) -> Iterator[Browser]:
    settings = load_web_settings({"WAYPOINT_DASHBOARD_TOKEN": ADMIN_TOKEN, "WAYPOINT_PUBLIC_URL": "http://waypoint.test"})
    opened_browser = Browser(create_app(store, framework, settings))
    yield opened_browser
    opened_browser.close()
