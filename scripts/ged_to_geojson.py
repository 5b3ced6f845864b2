"""Write a UCDP GED CSV file as GED-GeoJSON: a FeatureCollection, one feature per row.

Run: python scripts/ged_to_geojson.py IN.csv OUT.geojson
(tests/fixtures/ucdp-ged-sample-23.1.geojson is made so from the CSV fixture beside it.)

Each feature has "type": "Feature", a Point geometry [longitude, latitude] and the row's 49
columns as its properties, in the header's order: an empty cell is null, and a column
whose every cell is a number (id, best, latitude, ...) holds JSON numbers, written exactly
as the CSV has them; the others hold strings. One feature per line, as GIS tools write it.
"""

from __future__ import annotations

import csv
import json
import re
import sys

# JSON's number grammar: a cell that matches it is that number, digit for digit.
NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\Z")


def convert(rows: list[list[str]]) -> str:
    """Return the GeoJSON text of the GED CSV ROWS (the header first)."""
    header, body = rows[0], rows[1:]
    numeric = {c for i, c in enumerate(header)
               if all(NUMBER.match(r[i]) for r in body if r[i] != "")}
    lines = []
    for row in body:
        cells = dict(zip(header, row, strict=True))
        if not (NUMBER.match(cells["longitude"]) and NUMBER.match(cells["latitude"])):
            raise SystemExit(f"row of id {cells['id']}: latitude and longitude must be numbers")
        properties = ", ".join(
            f"{json.dumps(c, ensure_ascii=False)}: "
            + ("null" if v == "" else v if c in numeric else json.dumps(v, ensure_ascii=False))
            for c, v in cells.items())
        lines.append(f'{{ "type": "Feature", "properties": {{ {properties} }}, "geometry": '
                     f'{{ "type": "Point", "coordinates": [ {cells["longitude"]}, '
                     f'{cells["latitude"]} ] }} }}')
    return ('{\n"type": "FeatureCollection",\n"name": "GEDEvent",\n"features": [\n'
            + ",\n".join(lines) + "\n]\n}\n")


def main() -> None:
    source, target = sys.argv[1:3]
    with open(source, newline="", encoding="utf-8") as file:
        rows = [r for r in csv.reader(file) if r]
    with open(target, "w", encoding="utf-8", newline="\n") as file:
        file.write(convert(rows))


if __name__ == "__main__":
    main()
