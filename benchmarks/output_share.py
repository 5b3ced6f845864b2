"""Time qalamoun commands whole, and how much of each run is writing its output.

Run: python benchmarks/output_share.py --data FILE [--runs 7] [--python PYTHON]
         [--json OUT] -- ARGS [-- ARGS ...]

Issue 15's goals for `place` and `casualties --source` at 400,000 events are "1.5x the
import floor plus the time to write their output". Each command (ARGS, after --data FILE)
runs RUNS times, interleaved with the import floor (`python -c "import typer, rich.table,
yaml"`). A run is the whole process, timed from outside; inside, a small wrapper times the
output step (cli.output.Output.emit: the result's records made, encoded and written to
standard output, which is /dev/null) and writes that figure to a file. The wrapper runs the
CLI as its entry point does. Printed per command: medians of the whole run, of the output
step, of the rest (whole minus output), of the floor, the rest over the floor, and the
whole over (1.5 x floor + output), these two as medians of the ratios of each run to the
floor run just before it. Warm the cache first (run each command once); use the
interpreter qalamoun is installed in (--python). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_CODE = "import typer, rich.table, yaml"

WRAPPER = """
import sys, time
from qalamoun_cli.cli import output
real = output.Output.emit
report = sys.argv.pop(1)
sys.argv[0] = "qalamoun"

def emit(self, result):
    start = time.perf_counter()
    try:
        return real(self, result)
    finally:
        with open(report, "w") as out:
            out.write(repr(time.perf_counter() - start))

output.Output.emit = emit
from qalamoun_cli.__main__ import main
main()
"""


def whole(command: list[str]) -> float:
    """Return the wall time of COMMAND, its output thrown away; fail if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        raise SystemExit(f"{command}: exit {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument("commands", nargs="+", help="ARGS [-- ARGS ...]")
    options = parser.parse_args()
    commands: list[list[str]] = [[]]
    for word in options.commands:
        if word == "--":
            commands.append([])
        else:
            commands[-1].append(word)
    commands = [c for c in commands if c]
    floor = [options.python, "-c", FLOOR_CODE]
    results = []
    with tempfile.TemporaryDirectory() as temp:
        share = os.path.join(temp, "output-seconds")
        for args in commands:
            run = [options.python, "-c", WRAPPER, share, "--data", options.data, *args]
            whole(run)  # warm: the cache, the page cache
            totals, outputs, floors = [], [], []
            for _ in range(options.runs):
                floors.append(whole(floor))
                totals.append(whole(run))
                outputs.append(float(Path(share).read_text()))
            total, out, base = (statistics.median(x) for x in (totals, outputs, floors))
            runs = list(zip(totals, outputs, floors, strict=True))
            rest = statistics.median(t - o for t, o, _ in runs)
            # Ratios pair by pair (each run against the floor run just before it): the
            # machine's drift hits both alike.
            results.append({
                "command": args, "whole": total, "output": out, "rest": rest, "floor": base,
                "rest_over_floor": statistics.median((t - o) / f for t, o, f in runs),
                "whole_over_goal": statistics.median(t / (1.5 * f + o) for t, o, f in runs)})
    print("| command | whole s | output s | rest s | floor s | rest × floor "
          "| whole ÷ (1.5 floor + output) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| `{' '.join(r['command'])}` | {r['whole']:.3f} | {r['output']:.3f} | "
              f"{r['rest']:.3f} | {r['floor']:.3f} | {r['rest_over_floor']:.2f} | "
              f"{r['whole_over_goal']:.2f} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{options.runs} runs each, interleaved with the floor (ratios: medians of the "
          f"pairs); load average {load:.2f}")
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
