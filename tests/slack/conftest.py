"""The local stand-in for the Slack Web API, one per test module (the server under test is told its URL)."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.slack.slack_standin import SlackApiStandIn


@pytest.fixture(scope="module")
def slack_api() -> Iterator[SlackApiStandIn]:
    stand_in = SlackApiStandIn().start()
    yield stand_in
    stand_in.stop()
