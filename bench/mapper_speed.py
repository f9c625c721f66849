"""How fast the answer-to-milestone mapper is: model load time in a fresh process, and per-answer
latency (median and 95th percentile, after warm-up) over the labelled answers, twice: as the batch
interface meets them (each question new to the mapper, so it is read and encoded too), and as the
assistant does (its questions are its own few dozen, read once and then remembered; every answer
is still new).

    python bench/mapper_speed.py [labelled.jsonl ...]
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_FILES = (ROOT.parent / "shared" / "eval" / "dev_sample.jsonl", ROOT / "tests" / "data" / "answers_dev.jsonl")
LOAD_RUNS = 3
WARM_UP_ANSWERS = 20

# Run in a fresh interpreter so nothing is cached: time from the import to a mapper that has
# mapped its first answer (ready to serve).
LOAD_SCRIPT = """
import time
start = time.perf_counter()
from bot.evidence import load_mapper
mapper = load_mapper()
mapper.map_answer("We have a theory of change.", area="impact", question="Do you have a theory of change?")
print(time.perf_counter() - start)
"""


def load_seconds() -> float:
    completed = subprocess.run([sys.executable, "-c", LOAD_SCRIPT], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(completed.stdout.strip().splitlines()[-1])


def read_answers(paths) -> list:
    answers = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            answers.extend(json.loads(line) for line in lines if line.strip())
    return answers


def latencies_ms(mapper, answers: list) -> list:
    timings = []
    for answer in answers:
        start = time.perf_counter()
        mapper.map_answer(answer["text"], area=answer["area"], question=answer.get("question"), milestone=answer.get("milestone"))
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def summary(timings: list) -> str:
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"


def main(argv=None) -> int:
    paths = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])] or [p for p in DEFAULT_FILES if p.is_file()]
    loads = [load_seconds() for _ in range(LOAD_RUNS)]
    print(f"model load (fresh process, spaCy + lexicons + first answer): median {statistics.median(loads):.2f} s"
          f"  (runs: {', '.join(f'{seconds:.2f}' for seconds in loads)})")
    answers = read_answers(paths)
    from bot.evidence import load_mapper

    mapper = load_mapper()
    for answer in answers[:WARM_UP_ANSWERS]:
        mapper.map_answer(answer["text"] + " (warm-up)", area=answer["area"], question=answer.get("question"))
    print(f"per answer over {len(answers)} answers, each question new (batch interface): {summary(latencies_ms(mapper, answers))}")
    # The same answers again with only the answers' own readings forgotten: the questions are now
    # known, as the assistant's own questions are after their first use.
    mapper.sentence_vector.cache_clear()
    print(f"per answer over {len(answers)} answers, questions read before (the assistant): {summary(latencies_ms(mapper, answers))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
