"""Time every table-producing command on a large result against its --format json run.

Run: python benchmarks/tables.py [--sizes 10000 100000] [--runs 5] [--columns 100]
                                 [--terminal] [--rich]
For each size, a synthetic dataset from benchmarks/synth.py is written and compiled once in a
private cache folder; then each query runs as JSON and as a table in turn, RUNS rounds, with
COLUMNS set and stdout a pipe (read to its end). Reported: the median of each, and the table's
ratio to the JSON run of the same query. With --terminal, the table runs write to a
pseudo-terminal instead (TERM=xterm-256color: colour and styles on), the form people read.
With --rich, each round also draws the table with Rich alone (render/table_text.py turned
off, as before it existed), for a before/after in the same run. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = shutil.which("qalamoun") or ""
# The CLI with the one-pass renderer turned off: every table drawn by Rich.
RICH_ONLY = [sys.executable, "-c",
             "import sys; from qalamoun_cli.render import table_text; "
             "table_text.direct = lambda console: False; sys.argv[0] = 'qalamoun'; "
             "from qalamoun_cli.__main__ import main; main()"]


def run(command: list[str], env: dict[str, str], terminal: bool = False) -> tuple[float, bytes]:
    """Return the wall time of COMMAND and its output; stop if it fails."""
    if terminal:
        leader, follower = pty.openpty()
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the follower side closed: the command is done writing
                break
            if not chunk:
                break
            chunks.append(chunk)
        err = proc.stderr.read() if proc.stderr else b""
        code = proc.wait()
        elapsed = time.perf_counter() - start
        os.close(leader)
        out = b"".join(chunks)
    else:
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        elapsed = time.perf_counter() - start
        code, out, err = done.returncode, done.stdout, done.stderr
    if code != 0:
        sys.exit(f"{' '.join(command)}: exit {code}: {err.decode()[:300]}")
    return elapsed, out


def busiest_place(data: Path, env: dict[str, str]) -> str:
    """Return the name of the place with the most events, for `place` with many events."""
    _, out = run([EXE, "--data", str(data), "timeline", "-f", "json"], env)
    counts = Counter(p["id"] for e in json.loads(out) for p in e["places"])
    _, out = run([EXE, "--data", str(data), "places", "-f", "json"], env)
    names = {p["id"]: p["name"] for p in json.loads(out)}
    return names[counts.most_common(1)[0][0]]


def queries(place: str) -> dict[str, list[str]]:
    """Return each timed query (its table form; JSON adds -f json)."""
    return {
        "casualties --source": ["casualties", "--source", "source-0"],
        "timeline (all)": ["timeline"],
        "place (busiest)": ["place", place, "--limit", "1"],
        "places": ["places"],
        "actors": ["actors"],
        "sources": ["sources"],
        "stats": ["stats"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--columns", type=int, default=100)
    parser.add_argument("--terminal", action="store_true",
                        help="write the table runs to a pseudo-terminal")
    parser.add_argument("--rich", action="store_true",
                        help="also time each table drawn by Rich alone")
    args = parser.parse_args()
    if not EXE:
        sys.exit("qalamoun is not on PATH: activate the project's environment")
    with tempfile.TemporaryDirectory(prefix="qalamoun-tables-") as tmp:
        env = {**os.environ, "QALAMOUN_CACHE_DIR": str(Path(tmp) / "cache"),
               "COLUMNS": str(args.columns), "LINES": "50", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        env.pop("FORCE_COLOR", None)
        where = "a pseudo-terminal" if args.terminal else "a pipe"
        print(f"COLUMNS={args.columns}, tables written to {where}, medians of {args.runs} "
              f"runs (seconds)")
        rich_head = f"{'rich':>8}{'ratio':>8}" if args.rich else ""
        print(f"{'events':>8}  {'query':<22}{'json':>8}{'table':>8}{'ratio':>8}{rich_head}"
              f"{'lines':>9}")
        for size in args.sizes:
            data = Path(tmp) / f"synth-{size}.yaml"
            subprocess.run([sys.executable, str(HERE / "synth.py"), str(size), str(data)],
                           check=True, stdout=subprocess.DEVNULL)
            place = busiest_place(data, env)  # also compiles the cache
            for name, query in queries(place).items():
                args_ = ["--data", str(data), *query]
                json_times, table_times, rich_times = [], [], []
                lines = 0
                for _ in range(args.runs):
                    json_times.append(run([EXE, *args_, "-f", "json"], env)[0])
                    elapsed, out = run([EXE, *args_], env, terminal=args.terminal)
                    table_times.append(elapsed)
                    lines = out.count(b"\n")
                    if args.rich:
                        elapsed, rich_out = run([*RICH_ONLY, *args_], env,
                                                terminal=args.terminal)
                        if rich_out != out:
                            sys.exit(f"{name}: Rich alone writes other bytes")
                        rich_times.append(elapsed)
                j, t = statistics.median(json_times), statistics.median(table_times)
                rich = ""
                if args.rich:
                    r = statistics.median(rich_times)
                    rich = f"{r:>8.3f}{r / j:>7.2f}×"
                print(f"{size:>8}  {name:<22}{j:>8.3f}{t:>8.3f}{t / j:>7.2f}×{rich}"
                      f"{lines:>9,}", flush=True)


if __name__ == "__main__":
    main()
