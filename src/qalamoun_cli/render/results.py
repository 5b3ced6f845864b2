"""What each command found, and the forms it can be written in.

A result holds what the domain selected and computed; its methods only lay it out, each in
one form: ``draw`` (a table or chart for people), ``json``, ``jsonl`` (the records of a
list-shaped JSON, one at a time), ``rows`` (CSV and Markdown, yielded a row at a time) and
``geojson``. A result without a method for a form cannot be written in it: ``formats``
reads them, cli/output.py refuses a format the result lacks, and tests/test_cli_formats.py
checks that every command's --format option offers exactly its result's formats (the option
is declared without importing this module, which a run imports only when it writes). The
renderers are imported by the method that uses them, so that building a result costs
nothing a format does not need.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from qalamoun_cli.claims import Group, Incident, Total
    from qalamoun_cli.model import Actor, Chronology, Event, Place, Source
    from qalamoun_cli.render.rows import Rows
    from qalamoun_cli.search import Match, PlaceMatch
    from qalamoun_cli.stats import Stats
    from qalamoun_cli.terms import Terms
    from qalamoun_cli.textsearch import Hit

# Each format and the method that writes it, in the order --help lists them.
FORMS = (("table", "draw"), ("json", "json"), ("jsonl", "jsonl"), ("csv", "rows"),
         ("markdown", "rows"), ("geojson", "geojson"), ("kml", "kml"),
         ("timelinejs", "timelinejs"))

GeoJSON = tuple[dict[str, Any], list[str]]  # a FeatureCollection, and lines for stderr
KML = tuple[str, list[str]]  # a KML document, and lines for stderr
TimelineJS = tuple[dict[str, Any], list[str]]  # a TimelineJS document, and lines for stderr
NO_CLAIMS = "no claims match"


class Result:
    """Something a command found; subclasses add the forms it can be written in."""

    title = "qalamoun"  # of a saved SVG image
    nothing = "nothing matches"  # said on stderr when nothing was found (exit 1)
    found = True

    @classmethod
    def formats(cls) -> tuple[str, ...]:
        """Return the names of the formats this kind of result can be written in."""
        return tuple(name for name, method in FORMS if callable(getattr(cls, method, None)))

    def drawable(self) -> bool:
        """Return whether a table or chart has anything to show (else nothing is drawn)."""
        return self.found


class _Records(Result):
    """A result whose JSON is a list of records, which JSON Lines writes one a line."""

    def jsonl(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def json(self) -> Any:
        return list(self.jsonl())


def _unlocated(kind: str, missing: Sequence[str], form: str = "GeoJSON") -> list[str]:
    if not missing:
        return []
    return [f"{len(missing)} {kind}(s) without sourced coordinates left out of the {form}: "
            f"{', '.join(missing)}"]


class Events(_Records):
    """Events, oldest first (timeline)."""

    title = "qalamoun timeline"
    nothing = "no events match"

    def __init__(self, chronology: Chronology, events: Sequence[Event],
                 within: tuple[Any, Any] = (None, None), spaces: Sequence[Any] = (),
                 include_parents: bool = False) -> None:
        self.chronology, self.events, self.found = chronology, events, bool(events)
        self.within = within  # the date range asked for: tables mark what may be outside
        self.spaces = spaces  # the spatial filters (space.Inside): JSON says what was inside
        self.include_parents = include_parents  # maps: a place without a point at its parent's

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        records = json_records.events(self.chronology, self.events)
        if not self.spaces:
            return records
        from qalamoun_cli.space import event_space

        return ({**record, "space": event_space(self.chronology, event, self.spaces)}
                for record, event in zip(records, self.events, strict=True))

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.timeline(self.chronology, self.events)

    def geojson(self, terms: Terms) -> GeoJSON:
        from qalamoun_cli.render.geo import events_collection

        collection, left_out = events_collection(self.chronology, self.events, terms.licence,
                                                 self.include_parents)
        return collection, left_out.notes("GeoJSON", self.include_parents)

    def kml(self, terms: Terms) -> KML:
        from qalamoun_cli.render.kml import events_document

        document, left_out = events_document(self.chronology, self.events, terms.licence,
                                             self.include_parents)
        return document, left_out.notes("KML", self.include_parents)

    def timelinejs(self, terms: Terms) -> TimelineJS:
        from qalamoun_cli.render.timelinejs import document

        made, left_out = document(self.chronology, self.events, terms.licence)
        notes = [f"{len(left_out)} event(s) without a known first day left out of the "
                 f"TimelineJS document (a slide needs a start date): {', '.join(left_out)}"]
        return made, notes if left_out else []

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.event_tables import timeline

        timeline(console, self.chronology, self.events, within=self.within)


class PlaceMatches(_Records):
    """Places that match a query, best first; TIES are shown as cards, the rest listed."""

    title = "qalamoun place"

    def __init__(self, chronology: Chronology, matches: Sequence[PlaceMatch],
                 ties: Sequence[Match], nothing: str) -> None:
        self.chronology, self.matches, self.ties = chronology, matches, ties
        self.found, self.nothing = bool(matches), nothing

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        return json_records.place_matches(self.chronology, self.matches)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.place_matches(self.chronology, self.matches)

    def geojson(self, terms: Terms) -> GeoJSON:
        from qalamoun_cli.render.geo import places_collection

        places = [self.chronology.places[found.match.id] for found in self.matches]
        collection, missing = places_collection(places, terms.licence)
        return collection, _unlocated("place", missing)

    def kml(self, terms: Terms) -> KML:
        from qalamoun_cli.render.kml import places_document

        places = [self.chronology.places[found.match.id] for found in self.matches]
        document, missing = places_document(places, terms.licence)
        return document, _unlocated("place", missing, "KML")

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.place_cards import candidates, place_card

        places = self.chronology.places
        tie_ids = {m.id for m in self.ties}
        for found in self.matches:
            if found.match.id in tie_ids:
                place_card(console, self.chronology, places[found.match.id], found.match,
                           found.children, found.events)
        others = [found.match for found in self.matches if found.match.id not in tie_ids]
        if others:
            candidates(console, self.chronology, others, "Other candidates")


class Claims(_Records):
    """Casualty claims, incident by incident (casualties)."""

    title = "qalamoun casualties"
    nothing = NO_CLAIMS

    def __init__(self, chronology: Chronology, incidents: Sequence[Incident]) -> None:
        self.chronology, self.incidents, self.found = chronology, incidents, bool(incidents)

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        return json_records.claims(self.chronology, self.incidents)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.claims(self.chronology, self.incidents)

    def draw(self, console: Console) -> None:
        from qalamoun_cli.claims import matrix
        from qalamoun_cli.render.claim_tables import claims_matrices

        claims_matrices(console, self.chronology, [matrix(i) for i in self.incidents])


class Totals(_Records):
    """Per-source sums of incident claims beside the campaign's (casualties --totals).

    FOUND says whether any incident was selected; the sums may still be empty. CAVEATS
    holds, for each sum, the keys of claims.CAVEATS that apply to it (none when not given).
    """

    title = "qalamoun casualties --totals"
    nothing = NO_CLAIMS

    def __init__(self, chronology: Chronology, totals: Sequence[Total], found: bool,
                 caveats: Sequence[tuple[str, ...]] | None = None,
                 groups: Sequence[Group] | None = None) -> None:
        self.chronology, self.totals, self.found = chronology, totals, found
        self.caveats = [()] * len(totals) if caveats is None else caveats
        # GROUPS: the group of each sum (casualties --totals --by), shown, never added.
        self.groups = groups

    def drawable(self) -> bool:
        return bool(self.totals)

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        return json_records.totals(self.chronology, self.totals, self.caveats, self.groups)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.totals(self.chronology, self.totals, self.caveats, self.groups)

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.claim_tables import totals

        totals(console, self.chronology, self.totals, self.groups)


class EventDetail(Result):
    """One event with everything the data holds about it (show)."""

    def __init__(self, chronology: Chronology, event: Event) -> None:
        self.chronology, self.event = chronology, event
        self.title = f"qalamoun show {event.id}"

    def json(self) -> Any:
        from qalamoun_cli.render import json_records

        return json_records.event_detail(self.chronology, self.event)

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.event_tables import event_card

        event_card(console, self.chronology, self.event)


class _Listing(_Records):
    """A listing of records; a table shows the columns named in TABLE_COLUMNS (default: all)."""

    name = ""
    table_columns: tuple[str, ...] = ()

    def table_rows(self) -> Rows:
        return self.rows()

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.listing_tables import listing

        header, rows = self.table_rows()
        keep = tuple(header.index(c) for c in self.table_columns) or tuple(range(len(header)))
        listing(console, self.name, [header[i] for i in keep],
                [[row[i] for i in keep] for row in rows])


class PlaceList(_Listing):
    """Places of the gazetteer (places)."""

    name, title = "places", "qalamoun places"
    table_columns = ("id", "name", "arabic", "country", "kind", "coordinates", "parent")

    def __init__(self, chronology: Chronology, places: Sequence[Place],
                 nothing: str = "nothing matches", spaces: Sequence[Any] = ()) -> None:
        self.chronology, self.places, self.found = chronology, places, bool(places)
        self.nothing = nothing
        self.spaces = spaces  # the spatial filters (space.Inside): JSON says what was inside

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        records = json_records.places(self.chronology, self.places)
        if not self.spaces:
            return records
        from qalamoun_cli.space import place_space

        return ({**record, "space": place_space(self.chronology, place.id, self.spaces)}
                for record, place in zip(records, self.places, strict=True))

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.places(self.chronology, self.places)

    def table_rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.places(self.chronology, self.places, with_coordinates=True)

    def geojson(self, terms: Terms) -> GeoJSON:
        from qalamoun_cli.render.geo import places_collection

        collection, missing = places_collection(self.places, terms.licence)
        return collection, _unlocated("place", missing)

    def kml(self, terms: Terms) -> KML:
        from qalamoun_cli.render.kml import places_document

        document, missing = places_document(self.places, terms.licence)
        return document, _unlocated("place", missing, "KML")


class ActorList(_Listing):
    """Actors with their sides (actors)."""

    name, title = "actors", "qalamoun actors"
    table_columns = ("id", "name", "aliases", "side", "kind", "part_of")

    def __init__(self, chronology: Chronology, actors: Sequence[Actor]) -> None:
        self.chronology, self.actors, self.found = chronology, actors, bool(actors)

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        return json_records.actors(self.chronology, self.actors)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.actors(self.chronology, self.actors)


class SourceList(_Listing):
    """Sources with how many claims each made and how many events each reported."""

    name, title = "sources", "qalamoun sources"
    # Aliases only in the machine formats.
    table_columns = ("id", "name", "kind", "description", "claims", "events_reported")

    def __init__(self, chronology: Chronology, sources: Sequence[Source],
                 claims: dict[str, int], reported: dict[str, int]) -> None:
        self.chronology = chronology
        self.sources, self.claims, self.reported = sources, claims, reported
        self.found = bool(sources)

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import json_records

        return json_records.sources(self.chronology, self.sources, self.claims,
                                    self.reported)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.sources(self.chronology, self.sources, self.claims, self.reported)


class FormatSchema(Result):
    """The JSON Schema of the YAML format (schema)."""

    title = "qalamoun schema"

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def json(self) -> Any:
        return self.document


class TextHits(_Records):
    """Every kind of record a text query found, ranked (search)."""

    title = "qalamoun search"

    def __init__(self, chronology: Chronology, hits: Sequence[Hit], nothing: str) -> None:
        self.chronology, self.hits, self.found = chronology, hits, bool(hits)
        self.nothing = nothing

    def jsonl(self) -> Iterator[dict[str, Any]]:
        from qalamoun_cli.render import text_hits

        return text_hits.records(self.chronology, self.hits)

    def rows(self) -> Rows:
        from qalamoun_cli.render import text_hits

        return text_hits.rows(self.chronology, self.hits)

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render import text_hits

        text_hits.draw(console, self.chronology, self.hits)


class WeeklyCounts(Result):
    """Events per week by type and side, and deaths claimed per week (stats)."""

    title = "qalamoun stats"
    nothing = "no events match"

    def __init__(self, chronology: Chronology, stats: Stats, found: bool) -> None:
        self.chronology, self.stats, self.found = chronology, stats, found

    def json(self) -> Any:
        from qalamoun_cli.render import json_records

        return json_records.stats(self.stats)

    def rows(self) -> Rows:
        from qalamoun_cli.render import rows

        return rows.stats(self.stats)

    def draw(self, console: Console) -> None:
        from qalamoun_cli.render.charts import stats_charts

        stats_charts(console, self.chronology, self.stats)
