"""ACLED export rows as records; docs/standard-datasets.md maps them.

One claim per event: `fatalities`, ACLED's conservative count, from source `acled`, with
no party. `event_date` comes as 2025-05-16 or as 16 May 2025 (both occur in exports).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from qalamoun_cli.load.tables import BadCell, Cells, TableReader, iso_day, roles_of, worded_day
from qalamoun_cli.model import Claim, DateSpan, Event, Source

NAME = "ACLED"
PREFIX = "acled"
SOURCE_ID = "acled"
SIGNATURE = ("event_id_cnty",)
REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
)
ATTRIBUTION = ("Data: Armed Conflict Location & Event Data (ACLED), https://acleddata.com; "
               "used under ACLED's terms of use, which ask that ACLED be credited")
SOURCE = Source(SOURCE_ID, "ACLED", "monitor",
                "Armed Conflict Location & Event Data: fatalities are its conservative count",
                attribution=ATTRIBUTION)
# time_precision: 1 the day; 2 the week, coded as a day within it; 3 the month, coded as
# a day within it (the span is then the whole week around the day, or the whole month).
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
GEO_PRECISION = {
    "1": ("exact", "ACLED geo_precision 1: the town or place named"),
    "2": ("approximate", "ACLED geo_precision 2: near the place named, or a part of a region"),
    "3": ("approximate", "ACLED geo_precision 3: only a larger region"),
}


def recognise(header: list[str]) -> bool:
    """Return whether HEADER is an ACLED export's."""
    return all(c in header for c in SIGNATURE)


def start(reader: TableReader) -> None:
    """Declare what every ACLED file adds: ACLED's source."""
    reader.sources[SOURCE_ID] = SOURCE


def _day(value: str) -> date | None:
    return iso_day(value) or worded_day(value)


def span(day: date, precision: str, text: str) -> DateSpan:
    """Return the span that ACLED's DAY means at PRECISION."""
    if precision == "week":
        # Cut at the calendar's ends (1 Jan 1, 31 Dec 9999): the span still holds the day.
        start = day - timedelta(days=3) if day >= date.min + timedelta(days=3) else date.min
        end = day + timedelta(days=3) if day <= date.max - timedelta(days=3) else date.max
        return DateSpan(text, start, end, precision)
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return DateSpan(text, day.replace(day=1), day.replace(day=last), precision)
    return DateSpan(text, day, day, precision)


def read_row(reader: TableReader, row: Cells) -> None:
    """Build one ACLED row into an event with its place, actors, sources and claim."""
    raw_id = row.required("event_id_cnty")
    event_id = f"{PREFIX}-{raw_id.lower()}"
    if not raw_id.isascii() or not raw_id.isalnum():
        raise BadCell(f"event_id_cnty: {raw_id!r} is not an ACLED id (letters and digits)")
    day = row.day("event_date", _day, "YYYY-MM-DD or 16 May 2025")
    precision = row.code("time_precision", TIME_PRECISION)
    event_type, sub_type = row.required("event_type"), row.required("sub_event_type")
    coord_precision, where_note = row.code("geo_precision", GEO_PRECISION)
    lat = row.coordinate("latitude", 90)
    lon = row.coordinate("longitude", 180)
    fatalities = row.count("fatalities")
    location = row.required("location")

    chain = [(what, name) for what, name in (
        ("country (ACLED country)", row.text("country")),
        ("first-order division (ACLED admin1)", row.text("admin1")),
        ("second-order division (ACLED admin2)", row.text("admin2")),
        ("third-order division (ACLED admin3)", row.text("admin3"))) if name]
    place = reader.place(PREFIX, chain, (location, lat, lon, coord_precision, where_note))
    actors = [(column, reader.actor(PREFIX, name))
              for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
              for name in (row.several(column) if column.startswith("assoc")
                           else [row.text(column)] if row.text(column) else [])]
    sources = tuple(reader.source(PREFIX, s) for s in row.several("source"))
    kind = reader.event_type(f"{event_type} / {sub_type}".lower())
    claim = Claim(SOURCE_ID, None, "killed", fatalities, fatalities, "fatalities", event_id,
                  party_text="total")
    actor_ids, roles = roles_of(actors)
    reader.add_event(Event(
        event_id, span(day, precision, row.required("event_date")), None, kind,
        row.text("notes") or f"{event_type}: {sub_type}", (place,) if place else (),
        actor_ids, sources, (claim,), roles=roles), "event_id_cnty")
