"""The widget's routes on the web app, against a stand-in for Rasa's HTTP API: the page, its assets,
and /api/progress turning the tracker's `current_area` into "Area 4 of 5: users"."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web_widget import THIRD_PARTY_FONT_IMPORT, add_widget_routes, progress_for_area

WIDGET_DIR = Path(__file__).resolve().parents[2] / "widget"
API_TOKEN = "rasa-api-token-for-tests"


def _rasa_stand_in(slots_by_sender: dict[str, dict[str, Any]], seen_requests: list) -> web.Application:
    async def tracker(request: web.Request) -> web.Response:
        seen_requests.append(request.rel_url)
        if request.query.get("token") != API_TOKEN:
            return web.json_response({"message": "no token"}, status=401)
        sender = request.match_info["sender"]
        return web.json_response({"sender_id": sender, "slots": slots_by_sender.get(sender, {"current_area": None})})

    app = web.Application()
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    return app


def _get(path: str, slots_by_sender: Optional[dict] = None, headers: Optional[dict] = None,
         allowed_origins: str = "*", seen_requests: Optional[list] = None) -> tuple[int, dict, Any]:
    async def run() -> tuple[int, dict, Any]:
        rasa = TestServer(_rasa_stand_in(slots_by_sender or {}, seen_requests if seen_requests is not None else []))
        await rasa.start_server()
        app = web.Application()
        add_widget_routes(app, rasa_url=str(rasa.make_url("")), api_token=API_TOKEN, widget_dir=WIDGET_DIR,
                          socket_url="https://rasa.waypoint.example", allowed_origins=allowed_origins)
        async with TestClient(TestServer(app)) as client:
            response = await client.get(path, headers=headers)
            body = await (response.json() if response.content_type == "application/json" else response.text())
            answer = (response.status, dict(response.headers), body)
        await rasa.close()
        return answer

    return asyncio.run(run())


@pytest.mark.parametrize("area, label", [("product", "Area 1 of 5: product"), ("users", "Area 4 of 5: users"),
                                         ("revenue", "Area 5 of 5: revenue")])
def test_area_label_counts_in_the_guided_order(area: str, label: str) -> None:
    assert progress_for_area(area).label == label


@pytest.mark.parametrize("slot_value", [None, "", "marketing"])
def test_no_area_being_asked_has_no_label(slot_value: Optional[str]) -> None:
    assert progress_for_area(slot_value).label is None


def test_progress_reads_the_current_area_from_the_senders_tracker() -> None:
    status, _, body = _get("/api/progress?sender=abcdef0123456789", {"abcdef0123456789": {"current_area": "people"}})
    assert status == 200
    assert body == {"area": "people", "number": 2, "total": 5, "label": "Area 2 of 5: people"}


def test_progress_before_the_interview_names_no_area() -> None:
    status, _, body = _get("/api/progress?sender=abcdef0123456789")
    assert status == 200
    assert body["label"] is None


@pytest.mark.parametrize("sender", ["", "short", "../../status", "a" * 65, "abc def 12345"])
def test_progress_refuses_anything_but_a_session_id(sender: str) -> None:
    seen_requests: list = []
    status, _, _ = _get(f"/api/progress?sender={sender}", seen_requests=seen_requests)
    assert status == 400
    assert seen_requests == []


def test_progress_tells_the_widget_when_rasa_refuses() -> None:
    async def run() -> int:
        app = web.Application()
        add_widget_routes(app, rasa_url="http://127.0.0.1:9", api_token=API_TOKEN, widget_dir=WIDGET_DIR)
        async with TestClient(TestServer(app)) as client:
            return (await client.get("/api/progress?sender=abcdef0123456789")).status

    assert asyncio.run(run()) == 502


def test_progress_answers_cross_origin_only_to_allowed_sites() -> None:
    allowed = "https://incubator.example"
    _, allowed_headers, _ = _get("/api/progress?sender=abcdef0123456789", headers={"Origin": allowed}, allowed_origins=allowed)
    _, foreign_headers, _ = _get("/api/progress?sender=abcdef0123456789", headers={"Origin": "https://elsewhere.example"},
                                 allowed_origins=allowed)
    assert allowed_headers.get("Access-Control-Allow-Origin") == allowed
    assert "Access-Control-Allow-Origin" not in foreign_headers


def test_config_script_points_browsers_at_the_public_socket_url() -> None:
    status, headers, body = _get("/widget/config.js")
    assert status == 200
    assert headers["Content-Type"].startswith("application/javascript")
    assert '"socketUrl": "https://rasa.waypoint.example"' in body


def test_chat_page_loads_the_embed_script() -> None:
    status, _, body = _get("/chat?cohort=K7PM2Q")
    assert status == 200
    assert '<script src="/widget/embed.js"' in body


def test_chat_page_runs_only_scripts_from_this_server() -> None:
    _, headers, _ = _get("/chat")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self' https://rasa.waypoint.example wss://rasa.waypoint.example;" in policy


def test_an_app_with_its_own_chat_page_keeps_it() -> None:
    async def run() -> tuple[int, int]:
        app = web.Application()
        add_widget_routes(app, rasa_url="http://127.0.0.1:9", api_token=API_TOKEN, widget_dir=WIDGET_DIR, chat_page=False)
        async with TestClient(TestServer(app)) as client:
            return (await client.get("/chat")).status, (await client.get("/widget/embed.js")).status

    assert asyncio.run(run()) == (404, 200)


@pytest.mark.parametrize("path", ["/widget/package.json", "/widget/node_modules/rasa-webchat/package.json",
                                  "/widget/../bot/config.py"])
def test_only_the_widget_assets_are_served(path: str) -> None:
    status, _, _ = _get(path)
    assert status == 404


def test_webchat_bundle_is_served_without_the_google_font_import(tmp_path: Path) -> None:
    bundle = tmp_path / "node_modules" / "rasa-webchat" / "lib" / "index.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(b'var css="' + THIRD_PARTY_FONT_IMPORT + b'.rw-launcher{color:red}";')

    async def run() -> str:
        app = web.Application()
        add_widget_routes(app, rasa_url="http://127.0.0.1:9", api_token=API_TOKEN, widget_dir=tmp_path)
        async with TestClient(TestServer(app)) as client:
            return await (await client.get("/widget/webchat.js")).text()

    assert asyncio.run(run()) == 'var css=".rw-launcher{color:red}";'


def test_missing_webchat_bundle_says_how_to_install_it(tmp_path: Path) -> None:
    async def run() -> tuple[int, str]:
        app = web.Application()
        add_widget_routes(app, rasa_url="http://127.0.0.1:9", api_token=API_TOKEN, widget_dir=tmp_path)
        async with TestClient(TestServer(app)) as client:
            response = await client.get("/widget/webchat.js")
            return response.status, await response.text()

    status, text = asyncio.run(run())
    assert status == 503
    assert "scripts/setup-web.sh" in text
