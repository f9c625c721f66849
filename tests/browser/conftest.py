"""The running pieces the widget tests talk to: Waypoint started the way the README starts it (with
the trained model), and the widget's routes served by `python -m bot.web_widget` next to it.

Set WAYPOINT_BROWSER_TEST_RASA_URL (and WAYPOINT_API_TOKEN) to test against a Waypoint you already
run instead (started with the default WAYPOINT_CORS_ORIGINS=*); the origin tests are then skipped.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest

from tests.support.stack import free_port, stack_in

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "rasa" / "waypoint.tar.gz"
WIDGET_DIR = PROJECT_ROOT / "widget"
WEB_READY_TIMEOUT_S = 30


@dataclass(frozen=True)
class WaypointUnderTest:
    rasa_url: str
    api_token: str
    widget_origin: str
    # The origins the Rasa server was started with; None when it is someone else's server.
    allowed_origins: Optional[str]


@pytest.fixture(scope="session")
def widget_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def waypoint(tmp_path_factory, widget_port: int) -> Iterator[WaypointUnderTest]:
    widget_origin = f"http://127.0.0.1:{widget_port}"
    external_rasa = os.environ.get("WAYPOINT_BROWSER_TEST_RASA_URL")
    if external_rasa:
        yield WaypointUnderTest(external_rasa.rstrip("/"), os.environ.get("WAYPOINT_API_TOKEN", ""), widget_origin, None)
        return
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(PROJECT_ROOT)}: run `make train` first")
    # Only the widget's own page may connect, so the origin tests can show another one is refused.
    stack = stack_in(tmp_path_factory.mktemp("widget-stack"), {"WAYPOINT_CORS_ORIGINS": widget_origin})
    stack.start()
    try:
        yield WaypointUnderTest(stack.rasa_url, stack.api_token, widget_origin, widget_origin)
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def widget_server(waypoint: WaypointUnderTest, widget_port: int) -> Iterator[str]:
    """The widget's routes on their own small aiohttp server; yields its base URL."""
    environment = {**os.environ, "WAYPOINT_API_TOKEN": waypoint.api_token,
                   "WAYPOINT_CORS_ORIGINS": waypoint.allowed_origins or "*"}
    command = [sys.executable, "-m", "bot.web_widget", "--port", str(widget_port), "--rasa-url", waypoint.rasa_url,
               "--widget-dir", str(WIDGET_DIR)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for_page(waypoint.widget_origin + "/chat", process)
        yield waypoint.widget_origin
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for_page(url: str, process: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + WEB_READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"bot.web_widget exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the widget page {url} did not answer within {WEB_READY_TIMEOUT_S} s")
