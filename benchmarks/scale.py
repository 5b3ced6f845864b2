"""Time qalamoun on synthetic chronologies of 1,000 / 10,000 / 100,000 events.

Run: python benchmarks/scale.py [--sizes 1000 10000 100000] [--runs 5]
For each size: the bare parse time (PyYAML's C loader, in-process), the first (cold-cache)
run of a command, and the warm medians of timeline, place and casualties (JSON and table).
Uses benchmarks/synth.py and a private cache folder. Standard library only (plus PyYAML for
the bare-parse reference).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = shutil.which("qalamoun") or ""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Return the wall time of COMMAND; stop if it fails (a failing query times nothing)."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[:300]}")
    return elapsed


def bare_parse(path: Path) -> float:
    code = ("import sys, time, yaml; raw = open(sys.argv[1], 'rb').read(); "
            "t = time.perf_counter(); yaml.load(raw, Loader=yaml.CSafeLoader); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True)
    return float(out.stdout)


def first_place_and_day(data: Path) -> tuple[str, date]:
    """Return the name of the first place and the start of the first event with claims (as
    synth.py writes them), so that every query finds something at every size."""
    place = day = None
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  - id: place-0"):
                place = next(lines).split(":", 1)[1].strip().strip('"')
            elif place and line.startswith("    date: "):
                day = date.fromisoformat(line.split("start: ")[1][:10])
            elif place and day and line.startswith("    claims:"):
                return place, day
    raise SystemExit(f"{data}: no place-0 or no event with claims")


def queries_for(data: Path | None) -> dict[str, list[str]]:
    """Return the timed queries: three days, one place (exact and misspelt), claims of three
    days (JSON) and of one day (tables)."""
    place, day = first_place_and_day(data) if data else ("Place Name", date(2020, 1, 1))
    first_word, _, rest = place.partition(" ")
    misspelt = f"{first_word[:-1]} {rest}".lower()  # a letter short, lower case: fuzzy path
    start, end = day.isoformat(), (day + timedelta(days=2)).isoformat()
    return {
        "timeline json": ["timeline", "--from", start, "--to", end, "-f", "json"],
        "timeline table": ["timeline", "--from", start, "--to", end],
        "place json": ["place", place, "--limit", "1", "-f", "json"],
        "place table": ["place", place, "--limit", "1"],
        "place misspelt json": ["place", misspelt, "--limit", "1", "-f", "json"],
        "casualties json": ["casualties", "--from", start, "--to", end, "-f", "json"],
        "casualties table": ["casualties", "--from", start, "--to", start],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not EXE:
        sys.exit("qalamoun is not on PATH: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="qalamoun-scale-"))
    env = {**os.environ, "QALAMOUN_CACHE_DIR": str(work / "cache"), "COLUMNS": "100"}
    names = list(queries_for(None))
    print(f"{'events':>8} {'bare parse s':>12} {'first run s':>11} {'ratio':>6}  "
          + "  ".join(f"{name} s" for name in names))
    for size in args.sizes:
        data = work / f"synth-{size}.yaml"
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(size), str(data)],
                       check=True)
        parse = bare_parse(data)
        queries = queries_for(data)
        first = timed([EXE, "--data", str(data), *queries["timeline json"]], env)
        warm = []
        for argv in queries.values():
            timed([EXE, "--data", str(data), *argv], env)
            warm.append(statistics.median(timed([EXE, "--data", str(data), *argv], env)
                                          for _ in range(args.runs)))
        print(f"{size:>8} {parse:>12.2f} {first:>11.2f} {first / parse:>6.2f}  "
              + "  ".join(f"{w:>{len(name) + 2}.2f}" for name, w in zip(names, warm,
                                                                          strict=True)))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
