"""Write a synthetic UCDP GED file of N rows: the shared sample's rows, cycled, with new ids.

Run: python benchmarks/synth_ged.py N OUT.csv [--gzip]
Row i (from 0) is the sample's row i mod 1,000 with `id` i + 1; every other cell is as
published, so the sample's 7 rows with low > high and 13 with best outside low–high come
back every 1,000 rows (warnings, never errors). Deterministic; standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" \
    / "ucdp-ged-sample-23.1.csv"


def write(count: int, out: str, *, compress: bool = False) -> None:
    """Write COUNT rows made from the sample's into OUT (gzip-compressed if COMPRESS)."""
    with SAMPLE.open(encoding="utf-8", newline="") as file:
        header, *rows = csv.reader(file)
    at = header.index("id")
    with (gzip.open(out, "wt", encoding="utf-8", newline="", compresslevel=6) if compress
          else open(out, "w", encoding="utf-8", newline="")) as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for i in range(count):
            row = rows[i % len(rows)].copy()
            row[at] = str(i + 1)
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("out", metavar="OUT.csv")
    parser.add_argument("--gzip", action="store_true", help="write it gzip-compressed")
    args = parser.parse_args()
    write(args.count, args.out, compress=args.gzip)


if __name__ == "__main__":
    main()
