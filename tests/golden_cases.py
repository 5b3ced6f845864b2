"""The command lines whose whole output is pinned in tests/golden/ (what users read)."""

from __future__ import annotations

import re

# The README's "Side by side across datasets" example.
TOTALS_ACROSS = ["--data", "data", "--data", "tests/fixtures/ged-qalamoun-2015.csv",
                 "casualties", "--totals",
                 "--from", "2015-05-04", "--to", "2015-06-21", "--place", "Qalamoun",
                 "--place", "Ras al-Maara", "--place", "Al Nabk district",
                 "--place", "Qalamoun mountain range"]

# Each case: a file name and the arguments after `qalamoun`. Data paths are relative to the
# repository; the shipped dataset is used when no --data is given.
CASES: list[tuple[str, list[str]]] = [
    ("timeline-range", ["timeline", "--from", "2015-06-16", "--to", "2015-06-20"]),
    ("timeline-place-json", ["timeline", "--place", "Arsal", "--format", "json"]),
    ("timeline-actor-csv", ["timeline", "--actor", "ISIL", "--format", "csv"]),
    ("timeline-markdown", ["timeline", "--from", "2015-05-13", "--to", "2015-05-13",
                           "--format", "markdown"]),
    ("timeline-geojson", ["timeline", "--from", "2015-05-13", "--to", "2015-05-14",
                          "--format", "geojson"]),
    ("timeline-geojson-parents", ["timeline", "--from", "2015-05-13", "--to", "2015-05-14",
                                  "--format", "geojson", "--include-parents"]),
    ("timeline-kml", ["timeline", "--from", "2015-05-13", "--to", "2015-05-14",
                      "--format", "kml"]),
    ("timeline-timelinejs", ["timeline", "--from", "2015-05-13", "--to", "2015-05-14",
                             "--format", "timelinejs"]),
    ("places-kml", ["places", "--format", "kml"]),
    ("timeline-nothing", ["timeline", "--from", "2030-01-01"]),
    ("place-card", ["place", "Jaroud Jarajir", "--limit", "2"]),
    ("place-json", ["place", "Arsal", "--format", "json"]),
    ("place-no-match", ["place", "Qqqqzzzz"]),
    ("casualties-source", ["casualties", "--source", "Lebanese security"]),
    ("casualties-campaign", ["casualties", "--scope", "campaign"]),
    ("casualties-json", ["casualties", "--from", "2015-05-13", "--to", "2015-05-13",
                         "--format", "json"]),
    ("casualties-jsonl", ["casualties", "--from", "2015-05-13", "--to", "2015-05-13",
                          "--format", "jsonl"]),
    ("casualties-totals", ["casualties", "--totals"]),
    ("casualties-totals-json", ["casualties", "--totals", "--format", "json"]),
    ("casualties-csv", ["casualties", "--format", "csv"]),
    # Groupings of separate claims, never merges (issue 17).
    ("casualties-totals-by-side", ["casualties", "--totals", "--by", "side"]),
    ("casualties-totals-by-source-kind-json", ["casualties", "--totals", "--by",
                                               "source-kind", "--format", "json"]),
    ("casualties-totals-by-side-csv", ["casualties", "--totals", "--by", "side",
                                       "--format", "csv"]),
    # The same filters everywhere (issue 17).
    ("timeline-side-source-kind", ["timeline", "--side", "isil", "--source-kind", "analyst"]),
    # Side by side across datasets: the shipped YAML beside GED rows (see tests/test_totals.py).
    ("casualties-totals-datasets", TOTALS_ACROSS),
    ("casualties-totals-datasets-json", [*TOTALS_ACROSS, "--format", "json"]),
    ("stats-csv", ["stats", "--format", "csv"]),
    ("show", ["show", "2015-06-09-isil-attacks-hezbollah-near-ras-baalbek"]),
    ("show-json", ["show", "2015-05-13-tallat-mussa-captured", "--format", "json"]),
    ("places-located", ["places", "--located"]),
    ("places-json", ["places", "--format", "json"]),
    ("actors", ["actors"]),
    ("actors-json", ["actors", "--format", "json"]),
    ("sources", ["sources"]),
    ("sources-json", ["sources", "--format", "json"]),
    ("stats", ["stats"]),
    ("stats-json", ["stats", "--format", "json"]),
    ("validate", ["validate"]),
    ("validate-example", ["validate", "examples/minimal.yaml"]),
    ("example-timeline", ["--data", "examples/minimal.yaml", "timeline"]),
    ("usage-error", ["timeline", "--from", "2015-13-01"]),
    ("format-refused", ["show", "2015-05-13-tallat-mussa-captured", "--format", "csv"]),
    ("place-no-match-geojson", ["place", "Qqqqzzzz", "--format", "geojson"]),
    # Full-text search (textsearch.py): ranked records with the words that matched, and
    # --text as a filter.
    ("search", ["search", "Jarajeer", "--limit", "6"]),
    ("search-json", ["search", "nusra", "--limit", "3", "--format", "json"]),
    ("search-csv", ["search", '"took the" hill* OR heights', "--format", "csv"]),
    ("search-nothing", ["search", "qqqzzz"]),
    ("search-malformed", ["search", '"hill']),
    ("timeline-text", ["timeline", "--text", "Jarajeer", "--from", "2015-06-10"]),
    # --help of the app and of every command: options, their formats, the exit codes.
    ("help", ["--help"]),
    *((f"help-{command}", [command, "--help"]) for command in (
        "timeline", "place", "casualties", "show", "places", "actors", "sources", "stats",
        "validate", "schema", "export", "search")),
    ("help-export-sqlite", ["export", "sqlite", "--help"]),
    # Space (issue 17): its first question, "what happened around Arsal in the last week of
    # May 2015, and who says so?", and events and places placed at a parent's point.
    ("timeline-near-arsal", ["timeline", "--near", "Arsal", "--within", "45",
                             "--include-parents", "--from", "2015-05-25", "--to", "2015-05-31"]),
    ("timeline-near-parents-json", ["timeline", "--near", "Arsal", "--within", "10",
                                    "--include-parents", "--on", "2015-W20", "--format", "json"]),
    ("places-near-csv", ["places", "--near", "Arsal", "--within", "20", "--include-parents",
                         "--format", "csv"]),
    ("timeline-bbox", ["timeline", "--bbox", "36.3,34.1,36.5,34.3", "--on", "2015-06"]),
    ("place-card-borrowed-point", ["place", "Dahr al-Hawa", "--limit", "1"]),
    ("help-export-datapackage", ["export", "datapackage", "--help"]),
]

WIDTH = "100"


def normalise(text: str) -> str:
    """Drop trailing spaces (Rich pads lines) and this machine's absolute paths."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"/[^\s'\"]*/(data|examples)\b", r"<repo>/\1", text)
