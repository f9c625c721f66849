"""Starts Waypoint the way the README does (`make migrate`, then scripts/run.sh) on free ports with
its own databases, for end-to-end tests and benchmarks. Always stops every process it started."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 360


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_json(method: str, url: str, body: Any = None, timeout: float = 30.0, headers: "dict[str, str] | None" = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


@dataclass
class RunningStack:
    workdir: Path
    rasa_port: int
    actions_port: int
    api_token: str
    web_port: int
    env: dict[str, str]
    process: "subprocess.Popen[bytes] | None" = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.workdir / "stack.log"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def dashboard_token(self) -> str:
        return self.env["WAYPOINT_DASHBOARD_TOKEN"]

    @property
    def database_url(self) -> str:
        return self.env.get("DATABASE_URL") or f"sqlite:///{self.env['WAYPOINT_DB_PATH']}"

    def say(self, sender_id: str, message: str, metadata: "dict[str, Any] | None" = None) -> list[dict[str, Any]]:
        """Send a founder message over the REST channel and return the bot's replies."""
        body: dict[str, Any] = {"sender": sender_id, "message": message}
        if metadata:
            body["metadata"] = metadata
        return http_json("POST", f"{self.rasa_url}/webhooks/rest/webhook", body) or []

    def tracker(self, sender_id: str) -> dict[str, Any]:
        return http_json("GET", f"{self.rasa_url}/conversations/{sender_id}/tracker?token={self.api_token}")

    def slots(self, sender_id: str) -> dict[str, Any]:
        return self.tracker(sender_id).get("slots", {})

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def start(self) -> "RunningStack":
        subprocess.run(["make", "--no-print-directory", "migrate"], cwd=PROJECT_ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=PROJECT_ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"scripts/run.sh exited with {self.process.returncode}:\n{self.log_tail()}")
            if "Waypoint is up" in (self.log_path.read_text(errors="replace") if self.log_path.exists() else ""):
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Waypoint did not come up within {READY_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def stack_in(workdir: Path, extra_env: "dict[str, str] | None" = None) -> RunningStack:
    """A stack whose databases live in `workdir`, on free ports, with a fresh API token."""
    workdir.mkdir(parents=True, exist_ok=True)
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    api_token = secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "WAYPOINT_DB_PATH": str(workdir / "waypoint.db"),
        "WAYPOINT_TRACKER_DB": str(workdir / "tracker.db"),
        "WAYPOINT_API_TOKEN": api_token,
        "WAYPOINT_RASA_PORT": str(rasa_port),
        "WAYPOINT_ACTIONS_PORT": str(actions_port),
        "WAYPOINT_WEB_PORT": str(web_port),
        "WAYPOINT_PUBLIC_URL": f"http://127.0.0.1:{web_port}",
        "WAYPOINT_DASHBOARD_TOKEN": secrets.token_urlsafe(24),
        **(extra_env or {}),
    }
    # Settings of the surrounding environment that would point this stack at another one's servers or data.
    for inherited in ("DATABASE_URL", "WAYPOINT_TRACKER_URL", "WAYPOINT_REDIS_URL", "WAYPOINT_ACTION_SERVER_URL",
                      "WAYPOINT_RASA_URL", "WAYPOINT_RASA_PUBLIC_URL", "WAYPOINT_CORS_ORIGINS", "SLACK_BOT_TOKEN",
                      "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
        if inherited not in (extra_env or {}):
            env.pop(inherited, None)
    return RunningStack(workdir=workdir, rasa_port=rasa_port, actions_port=actions_port,
                        api_token=env["WAYPOINT_API_TOKEN"], web_port=web_port, env=env)
