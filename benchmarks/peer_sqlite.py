"""Answer `qalamoun casualties --source S --format json` from an SQLite file, as a plain script.

Run: python benchmarks/peer_sqlite.py DB SOURCE_ID
DB is what `qalamoun export sqlite DB` writes. The peer of benchmarks/scale.py: a script
anyone could write with sqlite3 and json.dumps, doing the same work as qalamoun: every
casualty claim (killed, wounded, casualties, captured, missing) of each incident, or of the
campaign, on which SOURCE_ID made one, other sources' claims included, the campaign's first
and then in the chronology's order, each with its event's id and date and its source's and
party's names; the same JSON, indented by two spaces (tests/test_benchmarks.py checks that
it parses to what qalamoun prints). Standard library only.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

OUTCOMES = ("killed", "wounded", "casualties", "captured", "missing")

# The incidents (NULL: the campaign) on which the source made a casualty claim, then every
# casualty claim on them, in the export's claim order: the campaign's, then by date.
QUERY = f"""
WITH chosen(event_id) AS (
  SELECT DISTINCT event_id FROM claims
  WHERE source_id = ? AND outcome IN ({", ".join("?" * len(OUTCOMES))}))
SELECT c.scope, c.event_id, e.date_text, e.start_date, e.end_date, e.date_precision,
       e.date_anchor, c.source_id, s.name, c.party_id, coalesce(a.name, sd.name),
       c.outcome, c.low, c.high, c.as_reported, c.party_text, c.best, c.claim_id,
       c.supersedes, c.within, c.consistent_at_source, s.dataset
FROM chosen
JOIN claims c ON c.event_id IS chosen.event_id
JOIN sources s ON s.id = c.source_id
LEFT JOIN events e ON e.id = c.event_id
LEFT JOIN actors a ON a.id = c.party_actor_id
LEFT JOIN sides sd ON sd.id = c.party_side_id
WHERE c.outcome IN ({", ".join("?" * len(OUTCOMES))})
ORDER BY c.id
"""


def records(db: str, source_id: str) -> list[dict[str, Any]]:
    """Return the records of `casualties --source SOURCE_ID --format json` from DB."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = connection.execute(QUERY, (source_id, *OUTCOMES, *OUTCOMES)).fetchall()
    finally:
        connection.close()
    out = []
    for (scope, event_id, text, start, end, precision, anchor, source, source_name, party,
         party_name, outcome, low, high, as_reported, party_text, best, claim_id, supersedes,
         within, consistent, dataset) in rows:
        out.append({
            "event": None if event_id is None else {
                "id": event_id,
                "date": {"text": text, "start": start, "end": end, "precision": precision,
                         "anchor": anchor}},
            "scope": scope,
            "source": {"id": source, "name": source_name},
            "party": None if party is None else {"id": party, "name": party_name},
            "outcome": outcome, "low": low, "high": high, "as_reported": as_reported,
            "party_text": party_text, "best": best, "id": claim_id,
            "supersedes": supersedes, "within": within,
            "consistent_at_source": bool(consistent), "dataset": dataset,
        })
    return out


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[2])
    sys.stdout.write(json.dumps(records(sys.argv[1], sys.argv[2]), ensure_ascii=False,
                                indent=2) + "\n")


if __name__ == "__main__":
    main()
