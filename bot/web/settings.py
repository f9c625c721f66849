"""The web app's own settings (public URL, dashboard admin token, port, allowed origins), from the
environment with embedded defaults. They sit here, beside the app, until the lead folds them into
bot.config."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class WebSettings:
    public_url: str
    # None means the admin login is switched off: only cohort tokens open the dashboard.
    dashboard_admin_token: Optional[str]
    host: str
    port: int
    allowed_origins: tuple[str, ...]
    # Where browsers reach the Rasa server's socketio channel (the chat widget connects there).
    rasa_public_url: str
    # Where this server reaches Rasa's HTTP API, and the API's token (never sent to a browser).
    rasa_internal_url: str
    rasa_api_token: str
    # Browsers drop Secure cookies over plain http, so it follows the public URL's scheme.
    secure_cookies: bool

    def join_link(self, invite_code: str) -> str:
        """The widget link that opens the chat already inside the cohort."""
        return f"{self.public_url}/chat?cohort={invite_code}"

    def report_link(self, raw_token: str) -> str:
        return f"{self.public_url}/report/{raw_token}"


def slack_join_phrase(invite_code: str) -> str:
    return f"join with code {invite_code}"


def load_web_settings(environ: Optional[Mapping[str, str]] = None) -> WebSettings:
    """WAYPOINT_PUBLIC_URL, WAYPOINT_DASHBOARD_TOKEN, WAYPOINT_WEB_HOST, WAYPOINT_WEB_PORT,
    WAYPOINT_CORS_ORIGINS (the sites allowed to embed the widget, comma or space separated; the same
    setting the Rasa server's --cors and socketio channel use), WAYPOINT_RASA_PUBLIC_URL,
    WAYPOINT_RASA_URL and WAYPOINT_API_TOKEN; every one optional."""
    env = os.environ if environ is None else environ
    rasa_local_url = f"http://127.0.0.1:{env.get('WAYPOINT_RASA_PORT') or 5005}"
    public_url = (env.get("WAYPOINT_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")
    admin_token = (env.get("WAYPOINT_DASHBOARD_TOKEN") or "").strip() or None
    return WebSettings(
        public_url=public_url,
        dashboard_admin_token=admin_token,
        host=env.get("WAYPOINT_WEB_HOST") or DEFAULT_HOST,
        port=_port(env.get("WAYPOINT_WEB_PORT")),
        allowed_origins=_origins(env.get("WAYPOINT_CORS_ORIGINS")),
        rasa_public_url=(env.get("WAYPOINT_RASA_PUBLIC_URL") or rasa_local_url).rstrip("/"),
        rasa_internal_url=(env.get("WAYPOINT_RASA_URL") or rasa_local_url).rstrip("/"),
        rasa_api_token=env.get("WAYPOINT_API_TOKEN") or "",
        secure_cookies=public_url.startswith("https://"),
    )


def _port(raw_port: Optional[str]) -> int:
    if not raw_port:
        return DEFAULT_PORT
    try:
        port = int(raw_port)
    except ValueError:
        raise ValueError(f"WAYPOINT_WEB_PORT must be a number, got {raw_port!r}") from None
    if not 0 < port < 65536:
        raise ValueError(f"WAYPOINT_WEB_PORT must be between 1 and 65535, got {port}")
    return port


def _origins(raw_origins: Optional[str]) -> tuple[str, ...]:
    if not raw_origins:
        return ()
    return tuple(origin.rstrip("/") for origin in raw_origins.replace(",", " ").split())
