"""Time per founder message over the REST channel, through the action server and the store, for
concurrent conversations; and, in the same run, a bare /model/parse call as the baseline.

Starts Waypoint the way the README does (scripts/run.sh) on free ports with its own databases and
runs N scripted founders at once through whole check-ups, twice:
- paced: each founder takes a few seconds to read a reply and type the next message (uniform in
  --think, seeded), as founders in a widget or Slack do; this is the figure the target is about;
- back to back: each founder sends the next message the moment the reply arrives, a stress figure
  for N clients hammering one server process (it measures queueing more than a turn's work).
Prints p50/p95 per message for both, and the /model/parse baseline at the same concurrency.
    .venv/bin/python bench/turn_latency.py [--conversations 20] [--think 2 6] [--skip-back-to-back]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.founder import ScriptedFounder  # noqa: E402
from tests.support.stack import RunningStack, http_json, stack_in  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_conversations(stack: RunningStack, count: int, think: "tuple[float, float] | None" = None, seed: int = 7) -> list[float]:
    pace = random.Random(seed)
    think_seconds = (lambda: pace.uniform(*think)) if think else None
    founders = [
        ScriptedFounder(stack, sender_id=f"bench-{time.time_ns()}-{index}", think_seconds=think_seconds)
        for index in range(count)
    ]
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(lambda founder: founder.run_checkup(), founders))
    return [turn.seconds for founder in founders for turn in founder.turns]


def parse_baseline(stack: RunningStack, count: int, think: "tuple[float, float] | None" = None, seed: int = 11) -> list[float]:
    """Bare /model/parse calls from `count` clients at once, paced like the founders or back to back."""
    url = f"{stack.rasa_url}/model/parse?token={stack.api_token}"
    sample_messages = ["Hi", "Sam", "we ran a proper trial with a control group", "what is an RCT?", "yes", "not yet"]
    pace = random.Random(seed)

    def client(index: int) -> list[float]:
        seconds = []
        for text in sample_messages[index % 2:] + sample_messages[: index % 2]:
            if think:
                time.sleep(pace.uniform(*think))
            started = time.perf_counter()
            http_json("POST", url, {"text": text})
            seconds.append(time.perf_counter() - started)
        return seconds

    with ThreadPoolExecutor(max_workers=count) as pool:
        return [second for seconds in pool.map(client, range(count)) for second in seconds]


def report(mode: str, pacing: str, turn_seconds: list[float], parse_seconds: list[float]) -> float:
    """Prints one mode's figures; returns the p95 per message in ms."""
    turn_p50, turn_p95 = percentile(turn_seconds, 0.5) * 1000, percentile(turn_seconds, 0.95) * 1000
    parse_p50, parse_p95 = percentile(parse_seconds, 0.5) * 1000, percentile(parse_seconds, 0.95) * 1000
    print(f"{mode} ({pacing}):")
    print(f"  per message:        p50 {turn_p50:7.1f} ms   p95 {turn_p95:7.1f} ms   mean "
          f"{statistics.mean(turn_seconds) * 1000:7.1f} ms   ({len(turn_seconds)} messages)")
    print(f"  /model/parse alone: p50 {parse_p50:7.1f} ms   p95 {parse_p95:7.1f} ms   ({len(parse_seconds)} calls)")
    print(f"  ratio to baseline:  p50 {turn_p50 / parse_p50:5.1f}x   p95 {turn_p95 / parse_p95:5.1f}x")
    return turn_p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"),
                        help="seconds a paced founder takes before each message (default 2 6)")
    parser.add_argument("--skip-back-to-back", action="store_true", help="measure the paced founders only")
    arguments = parser.parse_args()
    think = (min(arguments.think), max(arguments.think))
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as workdir:
        stack = stack_in(Path(workdir))
        started = time.perf_counter()
        stack.start()
        print(f"servers up in {time.perf_counter() - started:.1f} s")
        try:
            ScriptedFounder(stack, sender_id="bench-warm-up").run_checkup()  # loads spaCy and the model caches
            paced_seconds = run_conversations(stack, arguments.conversations, think)
            stress_seconds = [] if arguments.skip_back_to_back else run_conversations(stack, arguments.conversations)
            paced_parse_seconds = parse_baseline(stack, arguments.conversations, think)
            stress_parse_seconds = [] if arguments.skip_back_to_back else parse_baseline(stack, arguments.conversations)
        finally:
            stack.stop()
    print(f"{arguments.conversations} concurrent conversations over REST, whole check-ups")
    paced_p95 = report("paced", f"{think[0]:g}-{think[1]:g} s to reply", paced_seconds, paced_parse_seconds)
    if stress_seconds:
        report("back to back", "no pause", stress_seconds, stress_parse_seconds)
    print(f"target: p95 <= 150 ms per message (paced) -> {'met' if paced_p95 <= 150 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
