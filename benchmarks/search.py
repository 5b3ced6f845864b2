"""Time in-process place search over every name of the shipped dataset (no process start-up).

Run: python benchmarks/search.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.search import name_index

QUERIES = ["Tallat Mussa", "Talat Musa", "Aarsal", "عرسال", "Ras al-Marra", "Jarajeer",
           "Flitah", "Xyzzy", "Jebel Barouh", "Tal Thaljah"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    chronology = load_dataset()
    start = time.perf_counter()
    index = name_index(chronology, "place")
    build = time.perf_counter() - start
    index.search(QUERIES[0])  # warm-up: imports rapidfuzz
    per_query = []
    for _ in range(args.repeat):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query)
            per_query.append(time.perf_counter() - start)
    print(f"names indexed: {len(index.names)}; index build: {build * 1000:.2f} ms")
    print(f"search: median {statistics.median(per_query) * 1e6:.0f} µs, "
          f"max {max(per_query) * 1e6:.0f} µs over {len(per_query)} queries")


if __name__ == "__main__":
    main()
