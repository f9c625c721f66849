"""The running pieces the widget tests talk to: Waypoint started the way the README starts it
(scripts/run.sh, with the trained model), whose web app serves the chat page and the widget.

Set WAYPOINT_BROWSER_TEST_WEB_URL, WAYPOINT_BROWSER_TEST_RASA_URL (and WAYPOINT_API_TOKEN) to test a
Waypoint you already run instead (started with the default WAYPOINT_CORS_ORIGINS=*); the origin
tests are then skipped.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest

from tests.support.stack import stack_in

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "rasa" / "waypoint.tar.gz"


@dataclass(frozen=True)
class WaypointUnderTest:
    rasa_url: str
    api_token: str
    widget_origin: str
    # The origins the Rasa server was started with; None when it is someone else's server.
    allowed_origins: Optional[str]


@pytest.fixture(scope="session")
def waypoint(tmp_path_factory) -> Iterator[WaypointUnderTest]:
    external_web = os.environ.get("WAYPOINT_BROWSER_TEST_WEB_URL")
    external_rasa = os.environ.get("WAYPOINT_BROWSER_TEST_RASA_URL")
    if external_web and external_rasa:
        yield WaypointUnderTest(external_rasa.rstrip("/"), os.environ.get("WAYPOINT_API_TOKEN", ""),
                                external_web.rstrip("/"), None)
        return
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(PROJECT_ROOT)}: run `make train` first")
    stack = stack_in(tmp_path_factory.mktemp("widget-stack"))
    # Only Waypoint's own chat page may connect, so the origin tests can show another one is refused.
    stack.env["WAYPOINT_CORS_ORIGINS"] = stack.web_url
    stack.start()
    try:
        yield WaypointUnderTest(stack.rasa_url, stack.api_token, stack.web_url, stack.web_url)
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def widget_server(waypoint: WaypointUnderTest) -> str:
    """The base URL of the web app serving /chat and the widget."""
    return waypoint.widget_origin
