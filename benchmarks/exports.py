"""Time the map, timeline and package exports against the JSON of the same events.

Run: python benchmarks/exports.py [--events 2000 20000] [--runs 5]
For each size, a synthetic dataset (benchmarks/synth.py) is loaded once; then each form is
written to memory in turn, RUNS rounds (every place given a point, so the maps draw every
event): timeline JSON (the baseline), GeoJSON, KML,
TimelineJS, the Data Package's files (the SQLite tables filled in memory and read back) and
the SQLite database. Reported: the median of each and its ratio to JSON. Standard library
only.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402


def forms(chronology, terms, folder):
    """Return each form's name and a function that writes it for CHRONOLOGY."""
    from qalamoun_cli.render import json_records
    from qalamoun_cli.render.datapackage import package
    from qalamoun_cli.render.geo import events_collection
    from qalamoun_cli.render.kml import events_document
    from qalamoun_cli.render.sqlite_db import About, write_database
    from qalamoun_cli.render.timelinejs import document
    from qalamoun_cli.render.writers import write_json

    events = list(chronology.events)

    def json_form():
        write_json(io.StringIO(), list(json_records.events(chronology, events)))

    def sqlite_form():
        path = Path(folder) / "out.db"
        write_database(path, chronology, About(terms.origin, terms.licence), replace=True)

    return [
        ("json", json_form),
        ("geojson", lambda: write_json(io.StringIO(),
                                       events_collection(chronology, events, "x")[0])),
        ("kml", lambda: events_document(chronology, events, "x")),
        ("timelinejs", lambda: write_json(io.StringIO(),
                                          document(chronology, events, "x")[0])),
        ("datapackage", lambda: package(chronology, terms)),
        ("sqlite", sqlite_form),
    ]


def main() -> None:
    os.environ["QALAMOUN_CACHE_DIR"] = ""  # read the YAML, do not compile a copy
    from qalamoun_cli.dataset import load_dataset
    from qalamoun_cli.terms import dataset_terms

    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in args.events:
            path = Path(folder) / f"synth-{count}.yaml"
            synth.write(count, str(path), seed=7)
            chronology = load_dataset([path])
            # synth.py's places have no coordinates: give each a point, so that the maps
            # draw every event (at 1 to 3 points) rather than leave them all out.
            chronology.places = {
                i: p._replace(lat=33 + n % 100 / 100, lon=36 + n % 97 / 100,
                              coord_precision="approximate")
                for n, (i, p) in enumerate(chronology.places.items())}
            terms = dataset_terms([path], chronology)
            times: dict[str, list[float]] = {}
            for _ in range(args.runs):
                for name, write in forms(chronology, terms, folder):
                    start = time.perf_counter()
                    write()
                    times.setdefault(name, []).append(time.perf_counter() - start)
            medians = {name: statistics.median(t) for name, t in times.items()}
            print(f"{count} events (medians of {args.runs}):")
            for name, median in medians.items():
                print(f"  {name:<12} {median:8.3f} s  {median / medians['json']:5.2f} x json")


if __name__ == "__main__":
    main()
