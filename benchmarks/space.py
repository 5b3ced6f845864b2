"""Time `timeline --near X --within K --format json`, warm, on synthetic data, against the
import floor; and, in process, the R*Tree's candidates against a scan of every place.

Run: python benchmarks/space.py [--size 100000] [--within 5] [--runs 7] [--work DIR]
         [--exe QALAMOUN]

benchmarks/synth.py writes SIZE events (its places have no coordinates); this script gives
7 places in 10 coordinates spread over 2 x 2 degrees (a region the size of the Qalamoun
and its neighbours; seeded, so reruns write the same file), keeping the rest of the data as
synth.py made it: the others are inside them only when synth.py gave them a parent, so
--include-parents has work to do. One first run compiles the cache; then RUNS rounds each
run, in turn, the import floor (`python -c "import typer, rich.table, yaml"`), the --near
query, the same with --include-parents, a --bbox of the same area and, for scale, the
events of the same place by --place, and the narrow three-day timeline benchmarks/scale.py
times. Ratios to the floor are medians of round-by-round ratios. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import FLOOR_CODE, child_env, dataset, execute, interpreter, median_ratio

# The region the coordinates are drawn in: south, west, and its size in degrees.
SOUTH, WEST, SIZE = 33.0, 35.5, 2.0


def with_coordinates(source: Path, out: Path, seed: int = 1) -> None:
    """Write SOURCE (synth.py's YAML) to OUT, giving 70 % of the places coordinates."""
    rng = random.Random(seed)
    with source.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as f:
        in_places = False
        for line in lines:
            f.write(line)
            if not line.startswith(" "):
                in_places = line.startswith("places:")
            elif in_places and line.startswith("    parent: ") and rng.random() < 0.7:
                f.write(f"    lat: {SOUTH + rng.random() * SIZE:.5f}\n"
                        f"    lon: {WEST + rng.random() * SIZE:.5f}\n"
                        f"    coord_precision: exact\n")


def centre_place(data: Path) -> tuple[str, float, float]:
    """Return the name and point of the first located place nearest the region's middle."""
    best, name, point = math.inf, "", (0.0, 0.0)
    with data.open(encoding="utf-8") as lines:
        current = ""
        for line in lines:
            if line.startswith("    name: "):
                current = line.split(":", 1)[1].strip().strip('"')
            elif line.startswith("    lat: "):
                lat = float(line.split(":", 1)[1])
                lon = float(next(lines).split(":", 1)[1])
                far = abs(lat - SOUTH - SIZE / 2) + abs(lon - WEST - SIZE / 2)
                if far < best:
                    best, name, point = far, current, (lat, lon)
            elif line.startswith("events:"):
                break
    return name, *point


def in_process(data: Path, cache: Path, lat: float, lon: float, km: float,
               runs: int) -> tuple[float, float, int, int]:
    """Return the median ms of space.located_in with the R*Tree and with a scan, over RUNS
    tries each, alternated, and how many places each found and how many there are."""
    import os

    os.environ["QALAMOUN_CACHE_DIR"] = str(cache)
    from qalamoun_cli.dataset import load_dataset
    from qalamoun_cli.space import Circle, located_in

    chronology = load_dataset([data])
    assert "rtree" in chronology.features, "this SQLite has no R*Tree"
    region = [Circle(lat, lon, km)]
    timings: dict[bool, list[float]] = {True: [], False: []}
    found = {}
    for _ in range(runs):
        for index in (True, False):
            chronology = load_dataset([data])  # a fresh one: nothing read before
            start = time.perf_counter()
            found[index] = [p.id for p in located_in(chronology, region, index=index)]
            timings[index].append(time.perf_counter() - start)
    assert found[True] == found[False]
    return (statistics.median(timings[True]) * 1000, statistics.median(timings[False]) * 1000,
            len(found[True]), len(chronology.places))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--within", type=float, default=5.0, metavar="KM")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, metavar="DIR")
    parser.add_argument("--exe", default=shutil.which("qalamoun") or "")
    args = parser.parse_args()
    if not args.exe or not shutil.which(args.exe):
        sys.exit("qalamoun is not on PATH: pip install . first (or give --exe)")
    exe = shutil.which(args.exe)
    temp = Path(tempfile.mkdtemp(prefix="qalamoun-space-"))
    work = args.work or temp
    work.mkdir(parents=True, exist_ok=True)
    plain = dataset(work, args.size)
    data = work / f"{plain.stem}-located.yaml"
    if not data.exists():
        with_coordinates(plain, data)
    name, lat, lon = centre_place(data)
    env = child_env(work, temp / "cache")
    km = f"{args.within:g}"
    reach = args.within / 111.2  # degrees of latitude; the box is a little wider in longitude
    box = f"{lon - reach:.4f},{lat - reach:.4f},{lon + reach:.4f},{lat + reach:.4f}"
    queries = {
        "timeline --near --within json": ["timeline", "--near", name, "--within", km, "-f",
                                          "json"],
        "  with --include-parents": ["timeline", "--near", name, "--within", km,
                                     "--include-parents", "-f", "json"],
        "timeline --bbox json": ["timeline", "--bbox", box, "-f", "json"],
        "timeline --place json (that place)": ["timeline", "--place", name, "-f", "json"],
        "timeline 3 days json": ["timeline", "--from", "2019-06-01", "--to", "2019-06-03",
                                 "-f", "json"],
    }
    commands = {"import floor": [interpreter(exe), "-c", FLOOR_CODE]}
    commands.update({label: [exe, "--data", str(data), *argv] for label, argv in queries.items()})
    execute([exe, "--data", str(data), *queries["timeline 3 days json"]], env, read=True)
    sizes = {label: execute(command, env, read=True).out_bytes
             for label, command in commands.items() if label != "import floor"}
    execute(commands["import floor"], env)
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, command in commands.items():
            samples[label].append(execute(command, env).seconds)
    counts = {label: len(json.loads(subprocess.run(command, capture_output=True, env=env,
                                                   check=True).stdout))
              for label, command in commands.items() if label != "import floor"}
    print(f"# {args.size:,} events ({data.name}); --near {name!r} ({lat}, {lon}) --within "
          f"{km}; {args.runs} rounds")
    print("| command | events | median s | × floor (pairs min–max) | out KB |")
    print("|:---|---:|---:|---:|---:|")
    floor = samples["import floor"]
    print(f"| import floor | | {statistics.median(floor):.3f} | 1.00 | |")
    for label in queries:
        ratio, low, high = median_ratio(samples[label], floor)
        print(f"| {label} | {counts[label]} | {statistics.median(samples[label]):.3f} | "
              f"{ratio:.2f} ({low:.2f}–{high:.2f}) | {sizes[label] / 1024:.1f} |")
    tree, scan, found, total = in_process(data, temp / "cache", lat, lon, args.within,
                                          args.runs)
    print(f"\nin process, space.located_in of {found} of {total:,} places: R*Tree "
          f"{tree:.1f} ms, scan {scan:.1f} ms ({scan / tree:.1f}x)")
    shutil.rmtree(temp)


if __name__ == "__main__":
    main()
