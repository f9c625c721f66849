"""The website widget in a real browser: Debian's Chromium, headless, driven by playwright-core
(tests/browser/drive_widget.mjs) against Waypoint started the way the README starts it.

One conversation is held and observed once (opening the launcher, a typed greeting, quick-reply
clicks until the interview reaches an area, a reload, one more answer); each test checks one thing
the founder would notice. The screenshot is left in artifacts/browser/widget.png.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "drive_widget.mjs"
SCREENSHOT = PROJECT_ROOT / "artifacts" / "browser" / "widget.png"
CHROMIUM = os.environ.get("WAYPOINT_CHROMIUM", "/usr/bin/chromium")
DRIVER_TIMEOUT_S = 420
AREA_LABEL = re.compile(r"^Area [1-5] of 5: (product|people|impact|users|revenue)$")


def _check_browser_tools() -> None:
    missing = []
    if shutil.which("node") is None:
        missing.append("node (Node.js 18 or newer)")
    if not (PROJECT_ROOT / "widget" / "node_modules" / "playwright-core").is_dir():
        missing.append("widget/node_modules (run scripts/setup-web.sh)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {CHROMIUM} (scripts/setup-web.sh installs Debian's as root)")
    if missing:
        pytest.fail("the browser test needs: " + "; ".join(missing))


@pytest.fixture(scope="module")
def observed(widget_server: str) -> dict:
    """What the browser saw during one conversation on the /chat page."""
    _check_browser_tools()
    SCREENSHOT.unlink(missing_ok=True)
    environment = {**os.environ, "WIDGET_URL": f"{widget_server}/chat", "SCREENSHOT": str(SCREENSHOT),
                   "WAYPOINT_CHROMIUM": CHROMIUM}
    try:
        finished = subprocess.run(["node", str(DRIVER)], cwd=PROJECT_ROOT, env=environment, capture_output=True,
                                  text=True, timeout=DRIVER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the browser driver did not finish within {DRIVER_TIMEOUT_S} s")
    if finished.returncode != 0:
        pytest.fail(f"the browser driver failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_typed_greeting_gets_a_reply(observed: dict) -> None:
    assert observed["first_reply"]


def test_clicking_a_quick_reply_button_gets_a_reply(observed: dict) -> None:
    assert observed["clicked_buttons"], "the conversation never offered a quick-reply button"
    for click in observed["clicked_buttons"]:
        assert click["replies"], f"no reply after clicking {click['title']!r}"


def test_clicked_button_shows_as_the_founders_message(observed: dict) -> None:
    founder_messages = [message["text"] for message in observed["messages_before_reload"] if message["from"] == "founder"]
    assert observed["clicked_buttons"][0]["title"] in founder_messages


def test_typing_indicator_shows_while_the_bot_answers(observed: dict) -> None:
    assert observed["saw_typing_indicator"]


def test_progress_indicator_names_the_area_being_asked(observed: dict) -> None:
    assert observed["progress_label"] is not None, "the interview never reached an area"
    assert AREA_LABEL.match(observed["progress_label"]), observed["progress_label"]


def test_reload_shows_the_same_conversation(observed: dict) -> None:
    assert observed["messages_after_reload"] == observed["messages_before_reload"]


def test_reload_keeps_the_session(observed: dict) -> None:
    assert observed["session_before_reload"]
    assert observed["session_after_reload"] == observed["session_before_reload"]


def test_progress_indicator_is_back_after_reload(observed: dict) -> None:
    # Read from the server's tracker for the same session, not from the page's own storage.
    assert observed["progress_after_reload"] == observed["progress_label"]


def test_bot_answers_in_the_kept_session_after_reload(observed: dict) -> None:
    # With python-socketio >= 5.10 and Rasa's unawaited enter_room, this reply would never arrive.
    assert observed["reply_after_reload"]
    assert observed["bot_messages_after_reply"] > sum(1 for m in observed["messages_before_reload"] if m["from"] == "bot")


def test_page_runs_without_script_errors_or_blocked_content(observed: dict) -> None:
    assert observed["console_errors"] == []


def test_widget_asks_no_third_party_for_anything(observed: dict) -> None:
    # A founder's browser talks only to Waypoint: no fonts, scripts or trackers from elsewhere.
    assert observed["third_party_requests"] == []


def test_screenshot_is_saved(observed: dict) -> None:
    assert SCREENSHOT.stat().st_size > 10_000
