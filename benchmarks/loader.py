"""Compare the strict loader as landed (each file composed whole) with the streaming one.

Run: python benchmarks/loader.py [--sizes 1000 10000 100000] [--runs 3] [--baseline REV]
     [--loaders old stream] [--work DIR]
Each measurement is a child process that reads one synthetic file (benchmarks/synth.py,
kept in --work between runs) and checks it with one loader; it reports the seconds spent
in check_files and its peak resident memory (resource.getrusage). The loaders, run in
turn within each round so that a busy machine slows all of them alike:
  old          the loader of --baseline (a git revision), exactly as landed;
  old-nogc     the same, with the garbage collector disabled around it;
  stream       this tree's check_files in one process (the event stream, collector
               paused);
  parallel     this tree's check_files as the CLI runs it: a large file's events list
               read in parts by as many processes as the CPUs allow (up to 4);
  stream-gc    the same as stream with the collector left running;
  whole        this tree's check_whole_files (composed whole, collector paused).
Prints the medians and the ratios to the first loader listed. Standard library only (the
loaders use PyYAML).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOADERS = ("old", "old-nogc", "stream", "parallel", "stream-gc", "whole")

CHILD = r"""
import gc, json, resource, sys, time
loader, path, baseline = sys.argv[1], sys.argv[2], sys.argv[3]
if loader.startswith("old"):
    import qalamoun_cli.load
    qalamoun_cli.load.__path__.insert(0, baseline)
    from qalamoun_cli.load.build import check_files
    if loader == "old-nogc":
        gc.disable()
else:
    import functools
    from qalamoun_cli.load import build
    check_files = build.check_whole_files if loader == "whole" else build.check_files
    if loader in ("stream", "stream-gc"):
        check_files = functools.partial(check_files, parts=1)
    if loader == "stream-gc":
        gc.disable = lambda: None  # the loader pauses the collector with gc.disable()
raw = open(path, "rb").read()
def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
before = cpu(resource.RUSAGE_SELF)
start = time.perf_counter()
chronology, problems = check_files([(path, raw)])
seconds = time.perf_counter() - start
own_cpu = cpu(resource.RUSAGE_SELF) - before
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
parts = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "parts_mb": parts, "cpu": own_cpu,
                  "parts_cpu": cpu(resource.RUSAGE_CHILDREN),
                  "events": len(chronology.events),
                  "problems": len(problems)}))
"""


def baseline_dir(revision: str, into: Path) -> Path:
    """Write the load/ package of REVISION into INTO; return that folder."""
    into.mkdir(parents=True, exist_ok=True)
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", revision,
                              "src/qalamoun_cli/load/"], capture_output=True, text=True,
                             check=True).stdout.split()
    for path in listing:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{path}"],
                              capture_output=True, check=True).stdout
        (into / Path(path).name).write_bytes(text)
    return into


def synthetic(size: int, work: Path) -> Path:
    """Return a synthetic dataset of SIZE events in WORK, written once."""
    path = work / f"synth-{size}.yaml"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(size), str(path)],
                       check=True)
    return path


def measure(loader: str, path: Path, baseline: Path) -> dict:
    """Run LOADER on PATH in a child process; return what it reports."""
    done = subprocess.run([sys.executable, "-c", CHILD, loader, str(path), str(baseline)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{loader} on {path}: exit {done.returncode}: {done.stderr[-500:]}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="git revision of 'old' (default: where this "
                        "branch leaves main, so that the rest of the code is the same)")
    parser.add_argument("--loaders", nargs="+", choices=LOADERS, default=["old", "stream"])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) /
                        "qalamoun-loader-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.baseline is None:
        args.baseline = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
                                       capture_output=True, text=True,
                                       check=True).stdout.strip()[:12]
    with tempfile.TemporaryDirectory() as tmp:
        baseline = baseline_dir(args.baseline, Path(tmp) / "load")
        print(f"old = {args.baseline}; medians of {args.runs} runs; ratios to "
              f"{args.loaders[0]}")
        # parts MB: the largest peak of the processes that read parts of a file (they
        # share the first process's pages until written, so peaks overlap). CPU: the
        # seconds of work of the process and of all its parts, which a busy machine
        # stretches less than the wall-clock time.
        print(f"{'events':>8} {'loader':>10} {'seconds':>9} {'peak MB':>9} "
              f"{'time ×':>7} {'memory ×':>9} {'parts MB':>9} {'CPU s':>7} "
              f"{'parts CPU s':>11}")
        for size in args.sizes:
            path = synthetic(size, args.work)
            results: dict[str, list[dict]] = {name: [] for name in args.loaders}
            for run in range(args.runs):
                # Alternate the order: whichever runs second is not always favoured.
                order = args.loaders if run % 2 == 0 else args.loaders[::-1]
                for name in order:
                    results[name].append(measure(name, path, baseline))
            counts = {(r["events"], r["problems"]) for rs in results.values() for r in rs}
            if len(counts) != 1:
                sys.exit(f"{size}: the loaders disagree (events, problems): {counts}")
            medians = {name: (statistics.median(r["seconds"] for r in rs),
                              statistics.median(r["peak_mb"] for r in rs),
                              max(r.get("parts_mb", 0) for r in rs),
                              statistics.median(r.get("cpu", 0) for r in rs),
                              statistics.median(r.get("parts_cpu", 0) for r in rs))
                       for name, rs in results.items()}
            first = medians[args.loaders[0]]
            for name, (seconds, peak, parts, own, part) in medians.items():
                print(f"{size:>8} {name:>10} {seconds:>9.2f} {peak:>9.0f} "
                      f"{seconds / first[0]:>7.2f} {peak / first[1]:>9.2f} "
                      f"{parts:>9.0f} {own:>7.2f} {part:>11.2f}", flush=True)


if __name__ == "__main__":
    main()
