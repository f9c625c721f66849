"""Time per founder message over the REST channel, through the action server and the store, for
concurrent conversations; and, in the same run, a bare /model/parse call as the baseline.

Starts Waypoint the way the README does (scripts/run.sh) on free ports with its own databases,
runs N scripted founders at once through whole check-ups, and prints p50/p95 per message.
    .venv/bin/python bench/turn_latency.py [--conversations 20]
"""
from __future__ import annotations

import argparse
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


def run_conversations(stack: RunningStack, count: int) -> list[float]:
    founders = [ScriptedFounder(stack, sender_id=f"bench-{time.time_ns()}-{index}") for index in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(lambda founder: founder.run_checkup(), founders))
    return [turn.seconds for founder in founders for turn in founder.turns]


def parse_baseline(stack: RunningStack, messages: list[str], count: int) -> list[float]:
    url = f"{stack.rasa_url}/model/parse?token={stack.api_token}"

    def timed_parse(text: str) -> float:
        started = time.perf_counter()
        http_json("POST", url, {"text": text})
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(timed_parse, messages))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as workdir:
        stack = stack_in(Path(workdir))
        started = time.perf_counter()
        stack.start()
        print(f"servers up in {time.perf_counter() - started:.1f} s")
        try:
            ScriptedFounder(stack, sender_id="bench-warm-up").run_checkup()  # loads spaCy and the model caches
            turn_seconds = run_conversations(stack, arguments.conversations)
            sample_messages = ["Hi", "Sam", "we ran a proper trial with a control group", "what is an RCT?", "yes"] * 40
            parse_seconds = parse_baseline(stack, sample_messages, arguments.conversations)
        finally:
            stack.stop()
    turn_p50, turn_p95 = percentile(turn_seconds, 0.5) * 1000, percentile(turn_seconds, 0.95) * 1000
    parse_p50, parse_p95 = percentile(parse_seconds, 0.5) * 1000, percentile(parse_seconds, 0.95) * 1000
    print(f"{arguments.conversations} concurrent conversations, {len(turn_seconds)} founder messages over REST")
    print(f"per message:        p50 {turn_p50:7.1f} ms   p95 {turn_p95:7.1f} ms   mean {statistics.mean(turn_seconds) * 1000:7.1f} ms")
    print(f"/model/parse alone: p50 {parse_p50:7.1f} ms   p95 {parse_p95:7.1f} ms   ({len(parse_seconds)} calls, same concurrency)")
    print(f"ratio to baseline:  p50 {turn_p50 / parse_p50:5.1f}x   p95 {turn_p95 / parse_p95:5.1f}x")
    print(f"target: p95 <= 150 ms per message -> {'met' if turn_p95 <= 150 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
