"""Time whole `qalamoun` processes against the floor of importing the libraries they need.

Run: python benchmarks/startup.py [--runs N]
Each command is run once to warm the caches, then N times; medians and ratios to the import
floor (`python -c "import typer, rich.table, yaml"`) are printed, measured side by side in one
run, in the same environment. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

FLOOR = [sys.executable, "-c", "import typer, rich.table, yaml"]
EXE = shutil.which("qalamoun") or ""
COMMANDS = {
    "import floor": FLOOR,
    "python -c pass": [sys.executable, "-c", "pass"],
    "--help": [EXE, "--help"],
    "timeline table": [EXE, "timeline", "--from", "2015-05-13"],
    "timeline json": [EXE, "timeline", "--from", "2015-05-13", "--format", "json"],
    "place table": [EXE, "place", "Tallat Mussa"],
    "place json": [EXE, "place", "Tallat Mussa", "--format", "json"],
    "casualties table": [EXE, "casualties", "--source", "SOHR"],
    "casualties json": [EXE, "casualties", "--source", "SOHR", "--format", "json"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env={**os.environ, "COLUMNS": "100"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not EXE:
        sys.exit("qalamoun is not on PATH: pip install . first")
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        wall(command)
    # Interleave the commands so that drift in machine load hits all of them alike.
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            samples[name].append(wall(command))
    floor = statistics.median(samples["import floor"])
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {args.runs} runs")
    print(f"{'command':<20} {'median ms':>10} {'× floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<20} {median * 1000:>10.1f} {median / floor:>8.2f}")


if __name__ == "__main__":
    main()
