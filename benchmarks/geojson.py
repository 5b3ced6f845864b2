"""Time reading GED as GeoJSON against reading the same rows as CSV, side by side.

Run: python benchmarks/geojson.py [--rows 1000 20000] [--runs 5]
For each size, the GED sample's rows are repeated with new ids into a CSV file and into the
GeoJSON scripts/ged_to_geojson.py makes of it; then each is read into records (the reader
alone, no cache, no CLI) in turn, RUNS rounds. Reported: the median of each and GeoJSON's
ratio to CSV. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.ged_to_geojson import convert  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "ucdp-ged-sample-23.1.csv"


def files(count: int) -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """Return COUNT rows of the sample (new ids) as a CSV and a GeoJSON file."""
    import io

    with SAMPLE.open(newline="", encoding="utf-8") as file:
        header, *body = [r for r in csv.reader(file) if r]
    at = header.index("id")
    rows = []
    for number in range(count):
        row = list(body[number % len(body)])
        row[at] = str(number + 1)
        rows.append(row)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return (("g.csv", out.getvalue().encode()),
            ("g.geojson", convert([header, *rows]).encode()))


def main() -> None:
    from qalamoun_cli.load.readers import read_tables

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'rows':>8} {'CSV s':>8} {'GeoJSON s':>10} {'ratio':>6}  (medians of {args.runs})")
    for count in args.rows:
        pair = files(count)
        times: dict[str, list[float]] = {"g.csv": [], "g.geojson": []}
        for _ in range(args.runs):
            for name, raw in pair:
                start = time.perf_counter()
                chronology, problems, _ = read_tables([(name, raw)])
                times[name].append(time.perf_counter() - start)
                assert len(chronology.events) == count
                assert not [p for p in problems if not p.warning], problems[:1]
        csv_s, json_s = (statistics.median(times[n]) for n in ("g.csv", "g.geojson"))
        print(f"{count:>8} {csv_s:>8.3f} {json_s:>10.3f} {json_s / csv_s:>6.2f}")


if __name__ == "__main__":
    main()
