"""Time --side and --source-kind beside the --actor and --source lists they stand for.

Each filter runs as a whole command (process start included) on a synthetic chronology, in
turns, so that the load of the machine falls on all of them alike; the counts show that
each pair selects the same events.

Run: python benchmarks/filters.py [--events N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(args: list[str]) -> subprocess.CompletedProcess:
    exe = shutil.which("qalamoun")
    command = [exe] if exe else [sys.executable, "-m", "qalamoun_cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "synth.yaml")
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(args.events), data],
                       check=True, capture_output=True)
        base = ["--data", data, "timeline", "--from", "2015-05-01", "--to", "2015-05-31",
                "--count"]
        _run(base)  # compiles the dataset into the cache
        actors = [a["name"] for a in json.loads(_run(
            ["--data", data, "actors", "--side", "government", "--format", "json"]).stdout)]
        sources = [s["name"] for s in json.loads(_run(
            ["--data", data, "sources", "--kind", "state-media", "--format", "json"]).stdout)]
        cases = {
            "no filter": base,
            "--side government": [*base, "--side", "government"],
            f"--actor x{len(actors)} (its actors)": [*base, *(
                a for name in actors for a in ("--actor", name))],
            "--source-kind state-media": [*base, "--source-kind", "state-media"],
            f"--source x{len(sources)} (its sources)": [*base, *(
                a for name in sources for a in ("--source", name))],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        counts: dict[str, str] = {}
        for _ in range(args.repeat):
            for name, command in cases.items():
                start = time.perf_counter()
                counts[name] = _run(command).stdout.strip()
                times[name].append(time.perf_counter() - start)
    first = statistics.median(times["no filter"])
    for name in cases:
        median = statistics.median(times[name])
        print(f"{name:32} median {median * 1000:5.0f} ms  x{median / first:.2f}  "
              f"events {counts[name]}")


if __name__ == "__main__":
    main()
