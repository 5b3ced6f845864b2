"""Every result as a header and rows: the CSV and Markdown form, one function per result.

Each function returns (header, rows); a cell is text, a number, a boolean or None (empty).
Lists inside a cell are joined with "; " (names) or " " (ids). The rows are made as they are
read, so that a large CSV is written while it is produced.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from qalamoun_cli.dates import iso
from qalamoun_cli.model import Actor, Chronology, DateSpan, Event, Place, Source
from qalamoun_cli.render.wording import actors_in, claim_brief, coordinates, names

if TYPE_CHECKING:
    from qalamoun_cli.claims import Group, Incident, Total
    from qalamoun_cli.search import PlaceMatch
    from qalamoun_cli.stats import Stats

Rows = tuple[tuple[str, ...], Iterator[list[Any]]]

# Columns are only ever added, at the end (the CSV contract; see README).
TIMELINE_HEADER = ("id", "date_text", "start", "end", "precision", "section", "type",
                   "places", "actors", "sources", "summary", "claims", "note", "dataset",
                   "latitude", "longitude", "coord_precision")
PLACE_MATCH_HEADER = ("rank", "score", "matched", "id", "name", "aliases", "arabic", "country",
                      "kind", "lat", "lon", "coord_precision", "parent", "events", "dataset")
CLAIMS_HEADER = ("scope", "event_id", "date_text", "start", "end", "precision", "source_id",
                 "source", "party_id", "party", "outcome", "low", "high", "as_reported",
                 "party_text", "best", "claim_id", "supersedes", "within",
                 "inconsistent_at_source", "dataset")
TOTALS_HEADER = ("source_id", "source", "party_id", "party", "outcome", "sum_low", "sum_high",
                 "lower_bound", "terms", "incidents", "vague", "campaign_as_reported",
                 "party_text", "dataset", "sum", "sum_best", "events", "open_ended",
                 "inconsistent_at_source", "caveats")
PLACES_HEADER = ("id", "name", "aliases", "arabic", "country", "kind", "lat", "lon",
                 "coord_precision", "parent", "dataset")
ACTORS_HEADER = ("id", "name", "aliases", "side", "kind", "part_of", "dataset")
SOURCES_HEADER = ("id", "name", "kind", "description", "claims", "events_reported", "aliases",
                  "dataset")
STATS_HEADER = ("series", "week", "key", "value", "high", "vague_terms", "open_ended",
                "inconsistent_at_source")


def _date_cells(span: DateSpan) -> list[Any]:
    """Return a date's cells: as worded, first and last possible day (or none), precision."""
    return [span.text, iso(span.start), iso(span.end), span.precision]


def timeline(chronology: Chronology, events: Sequence[Event]) -> Rows:
    """Return one row per event, with its point where it is at one (render/geo.py)."""
    from qalamoun_cli.render.geo import single_point

    def point(e: Event) -> list[Any]:
        at = single_point(chronology, e)
        return [None] * 3 if at is None else [at.lat, at.lon, at.coord_precision]

    return TIMELINE_HEADER, ([
        e.id, *_date_cells(e.date), e.section, e.type, names(chronology, "place", e.places, "; "),
        actors_in(chronology, e), names(chronology, "source", e.sources, "; "),
        e.summary, "; ".join(claim_brief(chronology, c) for c in e.claims), e.note,
        chronology.dataset_of(e), *point(e),
    ] for e in events)


def place_matches(chronology: Chronology, matches: Sequence[PlaceMatch]) -> Rows:
    """Return one row per matching place (a PlaceMatch), ranked, with its events' ids."""

    def rows() -> Iterator[list[Any]]:
        for rank, found in enumerate(matches, 1):
            m, p = found.match, chronology.places[found.match.id]
            yield [rank, m.score, m.matched, p.id, p.name, "; ".join(p.aliases), p.arabic,
                   p.country, p.kind, p.lat, p.lon, p.coord_precision, p.parent,
                   " ".join(e.id for e in found.events), chronology.dataset_of(p)]

    return PLACE_MATCH_HEADER, rows()


def claims(chronology: Chronology, incidents: Sequence[Incident]) -> Rows:
    """Return one row per claim, with its incident's date (none for campaign claims)."""
    from qalamoun_cli.claims import dataset_label

    def rows() -> Iterator[list[Any]]:
        for incident in incidents:
            event = incident.event
            when = [None] * 4 if event is None else _date_cells(event.date)
            for c in incident.claims:
                yield [incident.scope, event.id if event else None, *when, c.source,
                       chronology.sources[c.source].name, c.party,
                       None if c.party is None else chronology.party_name(c.party),
                       c.outcome, c.low, c.high, c.as_reported, c.party_text, c.best, c.id,
                       c.supersedes, c.within, c.inconsistent,
                       dataset_label(chronology, event, c.source)]

    return CLAIMS_HEADER, rows()


def totals(chronology: Chronology, sums: Sequence[Total],
           caveats: Sequence[tuple[str, ...]], groups: Sequence[Group] | None = None) -> Rows:
    """Return one row per dataset, source, party and outcome summed, with its caveats.

    GROUPS (--by): each row's group first, with what a grouping is (never a sum).
    """
    header, rows = _totals(chronology, sums, caveats)
    if groups is None:
        return header, rows
    from qalamoun_cli.claims import GROUPING_NOTE

    return (("group_by", "group_id", "group", "grouping", *header),
            ([g.by, g.key, g.label, GROUPING_NOTE, *row]
             for g, row in zip(groups, rows, strict=True)))


def _totals(chronology: Chronology, sums: Sequence[Total],
            caveats: Sequence[tuple[str, ...]]) -> Rows:
    from qalamoun_cli.claims import CAVEATS

    return TOTALS_HEADER, ([
        t.source, chronology.sources[t.source].name, t.party,
        None if t.party is None else chronology.party_name(t.party), t.outcome, t.low, t.high,
        t.lower_bound, t.terms, t.incidents, "; ".join(t.vague),
        t.campaign.as_reported if t.campaign else None, t.party_text, t.dataset, t.text(),
        t.best, t.events, t.open_ended, " ".join(t.inconsistent),
        "; ".join(CAVEATS[k] for k in keys),
    ] for t, keys in zip(sums, caveats, strict=True))


def places(chronology: Chronology, places: Sequence[Place], *,
           with_coordinates: bool = False) -> Rows:
    """Return one row per place; WITH_COORDINATES adds the worded coordinates (tables)."""
    header = PLACES_HEADER + (("coordinates",) if with_coordinates else ())
    return header, ([
        p.id, p.name, "; ".join(p.aliases), p.arabic, p.country, p.kind, p.lat, p.lon,
        p.coord_precision, p.parent, chronology.dataset_of(p),
        *([coordinates(p)] if with_coordinates else []),
    ] for p in places)


def actors(chronology: Chronology, actors: Sequence[Actor]) -> Rows:
    """Return one row per actor, its side by name."""
    return ACTORS_HEADER, ([a.id, a.name, "; ".join(a.aliases),
                            None if a.side is None else chronology.party_name(a.side),
                            a.kind, a.part_of, chronology.dataset_of(a)] for a in actors)


def sources(chronology: Chronology, sources: Sequence[Source], claims: dict[str, int],
            reported: dict[str, int]) -> Rows:
    """Return one row per source with how many claims it made and events it reported."""
    return SOURCES_HEADER, ([s.id, s.name, s.kind, s.description, claims.get(s.id, 0),
                             reported.get(s.id, 0), "; ".join(s.aliases),
                             chronology.dataset_of(s)] for s in sources)


def stats(counts: Stats) -> Rows:
    """Return one row per week (every week, 0 for none), then one per week and series key,
    the three series one after the other, then one per event not counted in a week (its id
    as the key), as in the JSON."""
    return STATS_HEADER, chain(
        (["events_per_week", week, None, n, None, None, None, None]
         for week, n in counts.weeks),
        (["events_by_type", c.week, c.key, c.count, None, None, None, None]
         for c in counts.by_type),
        (["events_by_side", c.week, c.key, c.count, None, None, None, None]
         for c in counts.by_side),
        (["deaths_claimed", d.week, d.source, d.low, d.high, d.vague, d.open_ended,
          " ".join(d.inconsistent)] for d in counts.deaths),
        (["not_counted", None, event_id, None, None, None, None, None]
         for event_id in counts.unplaced))
