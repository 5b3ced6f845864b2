"""Time whole `qalamoun` processes against the floor of importing the libraries they need.

Run: python benchmarks/startup.py [--runs N] [--baseline OTHER_QALAMOUN]
Each command is run once to warm the caches, then N times; medians and ratios to the import
floor (`python -c "import typer, rich.table, yaml"`) are printed, measured side by side in one
run, in the same environment. With --baseline (another installed `qalamoun`, e.g. the previous
version in its own virtual environment), each command also runs with it in turn, and the
median of the pair-by-pair ratios says how much faster or slower this version is: pairing
keeps the ratio meaningful when the load of a shared machine drifts. Standard library only.
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
ARGS = {
    "--help": ["--help"],
    "timeline table": ["timeline", "--from", "2015-05-13"],
    "timeline json": ["timeline", "--from", "2015-05-13", "--format", "json"],
    "place table": ["place", "Tallat Mussa"],
    "place json": ["place", "Tallat Mussa", "--format", "json"],
    "casualties table": ["casualties", "--source", "SOHR"],
    "casualties json": ["casualties", "--source", "SOHR", "--format", "json"],
    "show table": ["show", "2015-05-13-tallat-mussa-captured"],
    "actors csv": ["actors", "--format", "csv"],
    "stats table": ["stats"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env={**os.environ, "COLUMNS": "100"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", metavar="QALAMOUN",
                        help="another qalamoun executable to pair every command with")
    args = parser.parse_args()
    exe = shutil.which("qalamoun") or ""
    if not exe:
        sys.exit("qalamoun is not on PATH: pip install . first")
    if args.baseline and not shutil.which(args.baseline):
        sys.exit(f"--baseline {args.baseline}: not an executable")
    commands = {"import floor": FLOOR, "python -c pass": [sys.executable, "-c", "pass"],
                **{name: [exe, *argv] for name, argv in ARGS.items()}}
    if args.baseline:
        commands.update({f"baseline {name}": [args.baseline, *argv]
                         for name, argv in ARGS.items()})
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        wall(command)
    # Interleave the commands so that drift in machine load hits all of them alike.
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(wall(command))
    floor = statistics.median(samples["import floor"])
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {args.runs} runs")
    print(f"{'command':<20} {'median ms':>10} {'× floor':>8}"
          + (f" {'× baseline':>11} {'pairs min–max':>14}" if args.baseline else ""))
    for name in ("import floor", "python -c pass", *ARGS):
        median = statistics.median(samples[name])
        line = f"{name:<20} {median * 1000:>10.1f} {median / floor:>8.2f}"
        if args.baseline and name in ARGS:
            ratios = [a / b for a, b in zip(samples[name], samples[f"baseline {name}"],
                                            strict=True)]
            line += (f" {statistics.median(ratios):>11.3f} "
                     f"{min(ratios):>6.2f}–{max(ratios):<6.2f}")
        print(line)


if __name__ == "__main__":
    main()
