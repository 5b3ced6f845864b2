"""Time qalamoun on synthetic chronologies of 1,000 to 400,000 events, with peak memory.

Run: python benchmarks/scale.py [--sizes 1000 10000 100000 400000] [--runs 5]
         [--first-runs 3] [--work DIR] [--baseline OTHER_QALAMOUN]
         [--skip-baseline-above N] [--json OUT] [--markdown] [--exe QALAMOUN]

For each size, benchmarks/synth.py writes the data (kept in --work DIR under a name that
carries synth.py's digest, so that a rerun does not write it again). The first run is a
narrow `timeline --format json` on a cold cache (a fresh private QALAMOUN_CACHE_DIR each
time); the warm queries then run on the cache of the last first run: a narrow timeline,
one place by its exact name and misspelt, the claims of a few days, and `casualties
--source S`, as JSON, JSON Lines and tables. Each command runs once with its output read
and checked (it must succeed and find something: a failing query times nothing), then RUNS
rounds in which every command runs in turn: the import floor (`python -c "import typer,
rich.table, yaml"` with the interpreter of qalamoun's own shebang), each query with this
qalamoun and, with --baseline, with the other one right after it, and the plain-script
peer of `casualties --source S --format json` (benchmarks/peer_sqlite.py, on the file
`qalamoun export sqlite` writes; its output must be the same bytes). Interleaving keeps
ratios meaningful when the load of a shared machine drifts; ratios to the baseline and to
the peer are medians of the round-by-round ratios.

Peak memory is each child's own maximum resident set (os.wait4), in MB, the largest over
its runs. Linux counts into a child's figure the resident set of this script at the moment
it starts the child, so this script stays small (outputs are counted, never kept) and
prints its own peak: no child can report less. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
FLOOR_CODE = "import typer, rich.table, yaml"
SOURCE = "source-0"  # synth.py's first source (a monitor), present at every size


class Sample(NamedTuple):
    """One run of a command: wall time, peak memory, and what it printed (when read)."""

    seconds: float
    peak_mb: float
    out_bytes: int
    digest: str


def execute(command: list[str], env: dict[str, str], *, read: bool = False) -> Sample:
    """Run COMMAND once; stop if it fails, or, when READ, if it prints nothing to find."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE if read else subprocess.DEVNULL,
                                 stderr=errors, env=env)
        size, head, digest = 0, b"", hashlib.sha256()
        if read:
            # Counted and hashed a piece at a time: keeping it would grow this process, and
            # with it the peak memory the next children report.
            while piece := child.stdout.read(1 << 16):
                head = head or piece[:64]
                size += len(piece)
                digest.update(piece)
            child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)}: exit {child.returncode}: "
                     f"{errors.read(300).decode(errors='replace')}")
    if read and (size == 0 or head.startswith((b"[]", b"{}"))):
        sys.exit(f"{' '.join(command)}: found nothing")
    return Sample(elapsed, usage.ru_maxrss / 1024, size, digest.hexdigest())


def child_env(work: Path, cache: Path) -> dict[str, str]:
    """Return the environment of the commands, with CACHE as qalamoun's cache folder.

    Python's bytecode is written and used, as in an installed program, but in a folder of
    WORK's: with PYTHONDONTWRITEBYTECODE, an editable install recompiles every module on
    every run (about 25 ms) and an installed one does not, which is not what is measured.
    """
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "QALAMOUN_CACHE_DIR": str(cache), "COLUMNS": "100",
            "PYTHONPYCACHEPREFIX": str(work / "bytecode")}


def interpreter(exe: str) -> str:
    """Return the Python that runs the script EXE (its shebang, or pip's /bin/sh form)."""
    with open(exe, "rb") as script:
        lines = script.read(4096).decode(errors="replace").splitlines()
    first = lines[0][2:].strip() if lines and lines[0].startswith("#!") else ""
    if first == "/bin/sh" and len(lines) > 1 and lines[1].startswith("'''exec' "):
        return shlex.split(lines[1])[1]
    if not first or first.split()[0].endswith("sh"):
        sys.exit(f"{exe}: cannot tell which Python runs it from its first line")
    return first.split()[0]


def dataset(work: Path, size: int) -> Path:
    """Return synth.py's data of SIZE events in WORK, writing it only if it is not there."""
    digest = hashlib.sha256((HERE / "synth.py").read_bytes()).hexdigest()[:8]
    data = work / f"synth-{size}-{digest}.yaml"
    if not data.exists():
        print(f"# writing {data} ...", file=sys.stderr, flush=True)
        partial = data.with_suffix(".partial")
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(size), str(partial)],
                       check=True)
        os.replace(partial, data)  # an interrupted run leaves no file that looks whole
    return data


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


def queries_for(data: Path) -> dict[str, list[str]]:
    """Return the timed queries: three days, one place (exact and misspelt), claims of three
    days (JSON) and of one day (tables), every incident one source has a claim on, and the
    events and records a word of the place's name finds (--text, search)."""
    place, day = first_place_and_day(data)
    first_word, _, rest = place.partition(" ")
    misspelt = f"{first_word[:-1]} {rest}".lower()  # a letter short, lower case: fuzzy path
    start, end = day.isoformat(), (day + timedelta(days=2)).isoformat()
    return {
        "timeline json": ["timeline", "--from", start, "--to", end, "-f", "json"],
        "timeline jsonl": ["timeline", "--from", start, "--to", end, "-f", "jsonl"],
        "timeline table": ["timeline", "--from", start, "--to", end],
        "place json": ["place", place, "--limit", "1", "-f", "json"],
        "place table": ["place", place, "--limit", "1"],
        "place misspelt json": ["place", misspelt, "--limit", "1", "-f", "json"],
        "casualties json": ["casualties", "--from", start, "--to", end, "-f", "json"],
        "casualties table": ["casualties", "--from", start, "--to", start],
        "casualties source json": ["casualties", "--source", SOURCE, "-f", "json"],
        "casualties source table": ["casualties", "--source", SOURCE],
        # Full-text search (textsearch.py): a word of the place's name, found in the names
        # of the events' places and in summaries, through the FTS5 index.
        "timeline text json": ["timeline", "--text", first_word, "-f", "json"],
        "search json": ["search", first_word, "--limit", "20", "-f", "json"],
    }


def median_ratio(tops: list[float], bottoms: list[float]) -> tuple[float, float, float]:
    """Return the median, lowest and highest of the round-by-round ratios TOPS / BOTTOMS."""
    ratios = [a / b for a, b in zip(tops, bottoms, strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


def measure(size: int, args: argparse.Namespace, temp: Path) -> dict:
    """Run every command for SIZE events; return their samples (see --json)."""
    data = dataset(args.work, size)
    queries = queries_for(data)
    python = interpreter(args.exe)
    baseline = args.baseline if args.baseline and (
        args.skip_baseline_above is None or size <= args.skip_baseline_above) else None
    programs = {"": args.exe, **({"baseline ": baseline} if baseline else {})}
    envs, samples = {}, {}

    # First runs, alternating the programs, each on a cache of its own made for it; the
    # last one's cache stays for the warm queries.
    for round_ in range(args.first_runs):
        for tag, exe in programs.items():
            cache = temp / f"{size}-{tag.strip() or 'new'}-cache-{round_}"
            if tag in envs:
                shutil.rmtree(envs[tag]["QALAMOUN_CACHE_DIR"])
            envs[tag] = child_env(args.work, cache)
            if args.settle:
                settle(args.settle)
            sample = execute([exe, "--data", str(data), *queries["timeline json"]],
                             envs[tag], read=True)
            samples.setdefault(f"{tag}first run", []).append(sample)

    db = temp / f"synth-{size}.db"
    execute([args.exe, "--data", str(data), "export", "sqlite", str(db), "--force"],
            envs[""])
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "import floor": ([python, "-c", FLOOR_CODE], envs[""])}
    for name, argv in queries.items():
        for tag, exe in programs.items():
            commands[tag + name] = ([exe, "--data", str(data), *argv], envs[tag])
        if name == "casualties source json":
            commands["peer sqlite3"] = ([python, str(HERE / "peer_sqlite.py"), str(db),
                                         SOURCE], envs[""])
    execute(*commands["import floor"])  # it prints nothing: only its bytecode is made here
    checked = {}
    for name, (command, env) in list(commands.items()):
        if name == "import floor":
            continue
        try:
            checked[name] = execute(command, env, read=True)
        except SystemExit as failed:
            if not name.startswith("baseline "):
                raise
            # A baseline older than a query's option (--text, search) is not timed on it:
            # the table leaves its baseline cells empty.
            print(f"# {failed}: not timed", file=sys.stderr, flush=True)
            del commands[name]
    if checked["peer sqlite3"].digest != checked["casualties source json"].digest:
        sys.exit(f"{size} events: the peer's output differs from qalamoun's "
                 f"({checked['peer sqlite3'].out_bytes} and "
                 f"{checked['casualties source json'].out_bytes} bytes)")
    for _ in range(args.runs):
        for name, (command, env) in commands.items():
            samples.setdefault(name, []).append(execute(command, env))
    for env in envs.values():
        shutil.rmtree(env["QALAMOUN_CACHE_DIR"])
    db.unlink()
    return {
        "events": size, "data": data.name, "source": SOURCE, "baseline": baseline,
        "queries": queries,
        "out_bytes": {name: sample.out_bytes for name, sample in checked.items()},
        "samples": {name: {"seconds": [s.seconds for s in runs],
                           "peak_mb": [round(s.peak_mb, 1) for s in runs]}
                    for name, runs in samples.items()},
    }


def table(result: dict) -> tuple[list[str], list[list[str]], list[str]]:
    """Return the header, rows and closing lines of one size's table."""
    samples, baseline = result["samples"], result["baseline"]
    floor = statistics.median(samples["import floor"]["seconds"])
    header = ["command", "median s", "peak MB", "× floor", "out KB"]
    if baseline:
        header += ["baseline s", "baseline MB", "× baseline (pairs min–max)"]
    rows = []
    names = ["first run", "import floor", *result["queries"], "peer sqlite3"]
    for name in names:
        seconds, peaks = samples[name]["seconds"], samples[name]["peak_mb"]
        median = statistics.median(seconds)
        out = result["out_bytes"].get(name)
        row = [f"{name} (cold cache)" if name == "first run" else name, f"{median:.3f}",
               f"{max(peaks):.0f}", "" if name == "first run" else f"{median / floor:.2f}",
               "" if out is None else f"{out / 1024:.1f}"]
        other = samples.get(f"baseline {name}")
        if baseline and other:
            ratio, low, high = median_ratio(seconds, other["seconds"])
            row += [f"{statistics.median(other['seconds']):.3f}",
                    f"{max(other['peak_mb']):.0f}", f"{ratio:.2f} ({low:.2f}–{high:.2f})"]
        elif baseline:
            row += ["", "", ""]
        rows.append(row)
    ratio, low, high = median_ratio(samples["casualties source json"]["seconds"],
                                    samples["peer sqlite3"]["seconds"])
    notes = [f"casualties --source {result['source']} --format json: {ratio:.2f}× the "
             f"sqlite3 peer (pairs {low:.2f}–{high:.2f})"]
    if baseline and "baseline first run" in samples:
        ratio, low, high = median_ratio(samples["first run"]["seconds"],
                                        samples["baseline first run"]["seconds"])
        notes.append(f"first run: {ratio:.2f}× the baseline's (pairs {low:.2f}–{high:.2f})")
    return header, rows, notes


def show(result: dict, markdown: bool) -> None:
    header, rows, notes = table(result)
    title = f"{result['events']:,} events ({result['data']})"
    if markdown:
        print(f"\n**{title}**\n")
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join([":---", *["---:"] * (len(header) - 1)]) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print("\n" + "".join(f"- {note}\n" for note in notes), end="", flush=True)
        return
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    print(f"\n{title}")
    for line in (header, *rows):
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths, strict=True))))
    print("".join(f"{note}\n" for note in notes), end="", flush=True)


def settle(longest: float, below: float = 0.3) -> None:
    """Wait until the 1-minute load average is under BELOW, or LONGEST seconds have passed.

    A large first run reads its file with one process per CPU idle when it starts
    (load/parallel.py, from /proc/stat): another session's work takes a CPU away and
    slows the run besides. The runs' own load does not (they are counted as they are
    then, not over the last minute), so back-to-back runs need no settling where
    /proc/stat can be read; elsewhere the load average counts the idle CPUs, and the run
    just before raises it for a minute.
    """
    import time

    deadline = time.monotonic() + longest
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000, 400000])
    parser.add_argument("--runs", type=int, default=5, help="rounds of warm queries")
    parser.add_argument("--first-runs", type=int, default=3, help="cold-cache runs")
    parser.add_argument("--work", type=Path, metavar="DIR",
                        help="keep the generated data here (default: a temporary folder)")
    parser.add_argument("--baseline", metavar="QALAMOUN",
                        help="another qalamoun executable to pair every command with")
    parser.add_argument("--skip-baseline-above", type=int, metavar="N",
                        help="run the baseline only on sizes of at most N events")
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="before each first run, wait up to SECONDS for the load "
                             "average to fall under 0.3 (a quiet machine)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="save every sample here")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--exe", default=shutil.which("qalamoun") or "",
                        help="the qalamoun to measure (default: the one on PATH)")
    args = parser.parse_args()
    if not args.exe or not shutil.which(args.exe):
        sys.exit("qalamoun is not on PATH: pip install . first (or give --exe)")
    args.exe = shutil.which(args.exe)
    if args.baseline:
        if not shutil.which(args.baseline):
            sys.exit(f"--baseline {args.baseline}: not an executable")
        args.baseline = shutil.which(args.baseline)
    if args.runs < 1 or args.first_runs < 1:
        sys.exit("--runs and --first-runs must be at least 1")
    temp = Path(tempfile.mkdtemp(prefix="qalamoun-scale-"))
    args.work = args.work or temp
    args.work.mkdir(parents=True, exist_ok=True)
    machine = (f"{platform.node()}: {platform.processor() or platform.machine()}, "
               f"{os.cpu_count()} cores, Python {platform.python_version()}")
    against = f" against {args.baseline}" if args.baseline else ""
    print(("" if args.markdown else "# ") + f"{machine}; {args.exe}{against}; "
          f"{args.first_runs} first runs, {args.runs} rounds")
    results = []
    try:
        for size in args.sizes:
            results.append(measure(size, args, temp))
            show(results[-1], args.markdown)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(("\n" if args.markdown else "\n# ")
          + f"this script's own peak: {own:.0f} MB (no child's peak can read lower)")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "exe": args.exe,
                                         "baseline": args.baseline, "runs": args.runs,
                                         "own_peak_mb": round(own, 1), "sizes": results},
                                        indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
