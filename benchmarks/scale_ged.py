"""Time qalamoun's first run on synthetic UCDP GED files against the sqlite3 shell's .import.

Run: python benchmarks/scale_ged.py [--sizes 10000 100000 400000] [--first-runs 3]
         [--runs 5] [--work DIR] [--exe QALAMOUN] [--settle SECONDS] [--markdown]

benchmarks/synth_ged.py writes each file (kept in --work DIR). Each round runs, one right
after the other, the peer

    sqlite3 FRESH.db -cmd '.mode csv' '.import OUT.csv ged'

(the shell reads the same CSV into a table: no checks, no mapping, no indexes) and
qalamoun's first run on a cold cache (a fresh cache folder each time):

    qalamoun --data OUT.csv timeline --from 2015-05-09 --to 2015-05-09 --format json

The ratio is the median of the round-by-round ratios; peak memory is each child's own
(os.wait4, as in benchmarks/scale.py, whose helpers run the children). On the largest
size the warm queries then run against the import floor, RUNS rounds interleaved.
Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scale import FLOOR_CODE, HERE, child_env, execute, interpreter, median_ratio, settle

DAY = "2015-05-09"  # one sample row, so one event a thousand rows
FIRST_RUN = ["timeline", "--from", DAY, "--to", DAY, "--format", "json"]
WARM = {
    "timeline json": FIRST_RUN,
    "timeline table": ["timeline", "--from", DAY, "--to", DAY],
    "place misspelt json": ["place", "damascu city", "--limit", "1", "-f", "json"],
    "casualties json": ["casualties", "--from", DAY, "--to", DAY, "-f", "json"],
    "casualties source json": ["casualties", "--source", "ucdp-ged", "--from", DAY, "--to",
                               DAY, "-f", "json"],
}


def dataset(work: Path, size: int) -> Path:
    """Return synth_ged.py's file of SIZE rows in WORK, writing it only if it is not there."""
    digest = hashlib.sha256((HERE / "synth_ged.py").read_bytes()).hexdigest()[:8]
    data = work / f"ged-{size}-{digest}.csv"
    if not data.exists():
        partial = data.with_suffix(".partial")
        subprocess.run([sys.executable, str(HERE / "synth_ged.py"), str(size), str(partial)],
                       check=True)
        os.replace(partial, data)
    return data


def sqlite_import(db: Path, data: Path) -> list[str]:
    """Return the sqlite3 shell's command that reads DATA into a new table of DB."""
    return ["sqlite3", str(db), "-cmd", ".mode csv", f".import {data} ged"]


def first_runs(size: int, args: argparse.Namespace, temp: Path) -> dict:
    """Run the peer and qalamoun's first run FIRST_RUNS rounds on SIZE rows."""
    data = dataset(args.work, size)
    samples: dict[str, list] = {"sqlite3 .import": [], "first run": []}
    env = None
    for round_ in range(args.first_runs):
        if args.settle:
            settle(args.settle)
        db = temp / f"import-{size}.db"
        db.unlink(missing_ok=True)
        samples["sqlite3 .import"].append(execute(sqlite_import(db, data), os.environ.copy()))
        db.unlink()
        if env is not None:
            shutil.rmtree(env["QALAMOUN_CACHE_DIR"])
        env = child_env(args.work, temp / f"cache-{size}-{round_}")
        samples["first run"].append(execute([args.exe, "--data", str(data), *FIRST_RUN], env,
                                            read=True))
    return {"size": size, "data": data, "env": env, "samples": samples}


def warm(result: dict, args: argparse.Namespace) -> dict[str, list]:
    """Run the warm queries on RESULT's cache, RUNS rounds, with the import floor."""
    data, env = result["data"], result["env"]
    commands = {"import floor": [interpreter(args.exe), "-c", FLOOR_CODE],
                **{name: [args.exe, "--data", str(data), *argv] for name, argv in WARM.items()}}
    for name, command in commands.items():  # checked once: each must find something
        execute(command, env, read=name != "import floor")
    samples: dict[str, list] = {}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples.setdefault(name, []).append(execute(command, env))
    return samples


def show(rows: list[list[str]], header: list[str], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join([":---", *["---:"] * (len(header) - 1)]) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    for line in (header, *rows):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(line, widths, strict=True))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000, 400000])
    parser.add_argument("--first-runs", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5, help="rounds of warm queries")
    parser.add_argument("--work", type=Path, metavar="DIR", help="keep the GED files here")
    parser.add_argument("--exe", default=shutil.which("qalamoun") or "")
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="before each round of first runs, wait up to SECONDS for the "
                             "load average to fall under 0.3 (a quiet machine: a large file "
                             "is read by one process per CPU idle when it starts)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if not args.exe or not shutil.which(args.exe) or not shutil.which("sqlite3"):
        sys.exit("qalamoun (pip install .) and the sqlite3 shell must be on PATH")
    args.exe = shutil.which(args.exe)
    temp = Path(tempfile.mkdtemp(prefix="qalamoun-scale-ged-"))
    args.work = args.work or temp
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{args.exe}; {args.first_runs} first runs, {args.runs} warm rounds; load average "
          f"before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    try:
        rows, result = [], None
        for size in args.sizes:
            result = first_runs(size, args, temp)
            peer, own = result["samples"]["sqlite3 .import"], result["samples"]["first run"]
            ratio, low, high = median_ratio([s.seconds for s in own], [s.seconds for s in peer])
            rows.append([f"{size:,}", f"{statistics.median(s.seconds for s in peer):.2f}",
                         f"{max(s.peak_mb for s in peer):.0f}",
                         f"{statistics.median(s.seconds for s in own):.2f}",
                         f"{max(s.peak_mb for s in own):.0f}",
                         f"{ratio:.1f} ({low:.1f}–{high:.1f})"])
            print(f"# {size:,} rows done", file=sys.stderr, flush=True)
        show(rows, ["GED rows", ".import s", ".import MB", "first run s", "first run MB",
                    "× .import (pairs min–max)"], args.markdown)
        assert result is not None
        samples = warm(result, args)
        floor = [s.seconds for s in samples["import floor"]]
        print(f"\nwarm, {result['size']:,} rows:\n")
        show([[name, f"{statistics.median(s.seconds for s in runs):.3f}",
               f"{max(s.peak_mb for s in runs):.0f}",
               "" if name == "import floor" else
               "{:.2f} ({:.2f}–{:.2f})".format(*median_ratio([s.seconds for s in runs], floor))]
              for name, runs in samples.items()],
             ["command", "median s", "peak MB", "× floor (pairs min–max)"], args.markdown)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
