"""The website widget's routes on the web app: the chat page, the widget's assets and the progress
endpoint that tells the widget which area the bot is asking about.

The widget itself (rasa-webchat plus a small loader) lives in `widget/`; it talks to the Rasa
server's socketio channel directly. Only `/api/progress` needs the server side, because reading a
tracker takes the Rasa HTTP API token, which never reaches a browser.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, Union
from urllib.parse import quote

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)

# The slot `current_area` takes these values, in the framework's guided order (docs/design.md).
AREA_ORDER = ("product", "people", "impact", "users", "revenue")
# rasa-webchat makes uuid4 hex ids; anything else reaching the tracker URL is refused.
SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
TRACKER_TIMEOUT = aiohttp.ClientTimeout(total=5)
WEBCHAT_BUNDLE = Path("node_modules") / "rasa-webchat" / "lib" / "index.js"
# rasa-webchat's styles import the Inter font from Google; served without that line, a founder's
# browser makes no request to a third party and the widget falls back to the system's sans-serif.
THIRD_PARTY_FONT_IMPORT = b"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
# Files a browser may fetch from the widget directory; package.json and node_modules stay private.
WIDGET_ASSETS = {
    "embed.js": "application/javascript",
    "chat-page.js": "application/javascript",
    "progress.js": "application/javascript",
    "waypoint-widget.css": "text/css",
}
RASA_URL_KEY = web.AppKey("waypoint_widget_rasa_url", str)
CLIENT_KEY = web.AppKey("waypoint_widget_http_client", aiohttp.ClientSession)


@dataclass(frozen=True)
class AreaProgress:
    """Where the interview is: the area being asked about, as "Area 4 of 5: users"."""

    area: Optional[str]
    number: Optional[int]
    total: int = len(AREA_ORDER)

    @property
    def label(self) -> Optional[str]:
        if self.area is None or self.number is None:
            return None
        return f"Area {self.number} of {self.total}: {self.area}"

    def to_dict(self) -> dict:
        return {"area": self.area, "number": self.number, "total": self.total, "label": self.label}


def progress_for_area(current_area: Optional[str]) -> AreaProgress:
    """The progress for the slot's value; None or an unknown value means no area is being asked."""
    if current_area not in AREA_ORDER:
        return AreaProgress(area=None, number=None)
    return AreaProgress(area=current_area, number=AREA_ORDER.index(current_area) + 1)


def add_widget_routes(
    app: web.Application,
    *,
    rasa_url: str,
    api_token: str,
    widget_dir: Union[str, Path],
    socket_url: Optional[str] = None,
    allowed_origins: Union[str, Sequence[str]] = "*",
    chat_page: bool = True,
) -> None:
    """Adds `/chat`, `/widget/...` and `/api/progress` to the app.

    `rasa_url` is where this server reaches Rasa's HTTP API (with `api_token`); `socket_url` is
    where browsers reach Rasa's socketio channel (defaults to `rasa_url`); `allowed_origins` are the
    other sites allowed to poll the progress endpoint (the same list as WAYPOINT_CORS_ORIGINS).
    `chat_page=False` leaves `/chat` to an app that renders its own page around `/widget/embed.js`.
    """
    widget_root = Path(widget_dir).resolve()
    browser_socket_url = (socket_url or rasa_url).rstrip("/")
    origins = _origin_list(allowed_origins)
    app[RASA_URL_KEY] = rasa_url.rstrip("/")
    app.cleanup_ctx.append(_http_client)
    if chat_page:
        app.router.add_get("/chat", _chat_page(widget_root, browser_socket_url))
    app.router.add_get("/widget/config.js", _widget_config(browser_socket_url))
    app.router.add_get("/widget/webchat.js", _webchat_bundle(widget_root))
    for file_name, content_type in WIDGET_ASSETS.items():
        app.router.add_get(f"/widget/{file_name}", _static_asset(widget_root / file_name, content_type))
    app.router.add_get("/api/progress", _progress_endpoint(api_token, origins))


async def _http_client(app: web.Application):
    async with aiohttp.ClientSession(timeout=TRACKER_TIMEOUT) as client:
        app[CLIENT_KEY] = client
        yield


def _origin_list(allowed_origins: Union[str, Sequence[str]]) -> tuple[str, ...]:
    if isinstance(allowed_origins, str):
        allowed_origins = allowed_origins.replace(",", " ").split()
    return tuple(origin.rstrip("/") for origin in allowed_origins if origin)


def chat_content_security_policy(browser_socket_url: str) -> str:
    """Scripts and connections only from this server and the Rasa socket; webchat injects its styles
    and its carousel icons come as a data: font."""
    websocket_url = browser_socket_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    return (
        f"default-src 'self'; connect-src 'self' {browser_socket_url} {websocket_url}; img-src 'self' data:; font-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; base-uri 'none'"
    )


def _chat_page(widget_root: Path, browser_socket_url: str):
    page = widget_root / "index.html"
    headers = {"Cache-Control": "no-cache", "Content-Security-Policy": chat_content_security_policy(browser_socket_url)}

    async def chat_page(request: web.Request) -> web.StreamResponse:
        # The page reads ?cohort= itself (as text); the server only hands over the file.
        return web.FileResponse(page, headers=headers)

    return chat_page


def _widget_config(browser_socket_url: str):
    config = {"socketUrl": browser_socket_url, "socketPath": "/socket.io/"}
    # A script rather than JSON, so a page on another site can load it without CORS.
    body = f"window.WAYPOINT_WIDGET_CONFIG = {json.dumps(config)};\n"

    async def widget_config(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type="application/javascript", headers={"Cache-Control": "no-cache"})

    return widget_config


def webchat_bundle_without_font_import(bundle: bytes) -> bytes:
    return bundle.replace(THIRD_PARTY_FONT_IMPORT, b"")


def _webchat_bundle(widget_root: Path):
    bundle_path = widget_root / WEBCHAT_BUNDLE
    served: dict[str, bytes] = {}

    async def webchat_bundle(request: web.Request) -> web.Response:
        if "bundle" not in served:
            if not bundle_path.is_file():
                raise web.HTTPServiceUnavailable(
                    text="The chat widget is not installed on this server: run scripts/setup-web.sh."
                )
            served["bundle"] = webchat_bundle_without_font_import(bundle_path.read_bytes())
        return web.Response(body=served["bundle"], content_type="application/javascript",
                            headers={"Cache-Control": "public, max-age=3600"})

    return webchat_bundle


def _static_asset(path: Path, content_type: str):
    async def static_asset(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(path, headers={"Content-Type": content_type, "Cache-Control": "no-cache"})

    return static_asset


def _progress_endpoint(api_token: str, origins: tuple[str, ...]):
    async def progress(request: web.Request) -> web.Response:
        cors_headers = _cors_headers(request.headers.get("Origin"), origins)
        session_id = request.query.get("sender", "")
        if not SESSION_ID_PATTERN.match(session_id):
            return web.json_response({"error": "sender must be the widget's session id"}, status=400, headers=cors_headers)
        try:
            current_area = await _current_area(request.app, session_id, api_token)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.warning("progress: could not read the tracker of %s: %s", session_id, error)
            return web.json_response({"error": "progress is not available right now"}, status=502, headers=cors_headers)
        return web.json_response(progress_for_area(current_area).to_dict(), headers=cors_headers)

    return progress


def _cors_headers(origin: Optional[str], origins: tuple[str, ...]) -> dict[str, str]:
    if origin is None:
        return {}
    if "*" in origins or origin in origins:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {"Vary": "Origin"}


async def _current_area(app: web.Application, session_id: str, api_token: str) -> Optional[str]:
    tracker_url = f"{app[RASA_URL_KEY]}/conversations/{quote(session_id, safe='')}/tracker"
    params = {"include_events": "NONE", "token": api_token}
    async with app[CLIENT_KEY].get(tracker_url, params=params) as response:
        if response.status != 200:
            raise ValueError(f"Rasa answered {response.status}")
        tracker = await response.json()
    return (tracker.get("slots") or {}).get("current_area")


def widget_only_app(*, rasa_url: str, api_token: str, widget_dir: Union[str, Path], **options) -> web.Application:
    """An app with nothing but the widget's routes: for trying the widget and for its browser test."""
    app = web.Application()
    add_widget_routes(app, rasa_url=rasa_url, api_token=api_token, widget_dir=widget_dir, **options)
    return app


def main(argv: Optional[Sequence[str]] = None) -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser(description="Serve only the chat widget (the web app serves it too).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default=os.environ.get("WAYPOINT_RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--socket-url", default=os.environ.get("WAYPOINT_SOCKET_URL"))
    parser.add_argument("--widget-dir", default=str(Path(__file__).resolve().parent.parent / "widget"))
    arguments = parser.parse_args(argv)
    api_token = os.environ.get("WAYPOINT_API_TOKEN", "")
    if not api_token:
        logger.warning("WAYPOINT_API_TOKEN is not set: the progress indicator cannot read conversations")
    app = widget_only_app(
        rasa_url=arguments.rasa_url,
        api_token=api_token,
        widget_dir=arguments.widget_dir,
        socket_url=arguments.socket_url,
        allowed_origins=os.environ.get("WAYPOINT_CORS_ORIGINS", "*"),
    )
    web.run_app(app, host=arguments.host, port=arguments.port, print=None)


if __name__ == "__main__":
    main()
