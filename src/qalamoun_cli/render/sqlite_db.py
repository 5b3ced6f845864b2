"""The dataset as an SQLite database made for people (Datasette, sqlite-utils, sqlite3).

Readable table and column names, ISO dates as text, `latitude`/`longitude` where a source
gives coordinates (datasette-cluster-map finds them by those names), foreign keys declared,
and views that join the names in. Text is stored verbatim: sanitising is for terminals. The
comments in the DDL stay in the database (`sqlite_master.sql`), where Datasette shows them.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from qalamoun_cli import __version__
from qalamoun_cli.dates import iso
from qalamoun_cli.model import Chronology, Claim, DateSpan, Event, Quantity

# The layout of the exported database; also its PRAGMA user_version. Raise it when a table
# or column changes meaning or goes away (adding one does not).
LAYOUT_VERSION = 2  # 2: attribution, where_description, source_article, consistent_at_source
# (dataset columns were added later, within layout 2)

SCHEMA = """
CREATE TABLE dataset (
  -- One row: where the data came from, under which terms, and its campaign.
  origin TEXT NOT NULL,             -- the dataset qalamoun read (a folder or a file)
  licence TEXT NOT NULL,            -- the attributions of a GED or ACLED file; else 'unknown'
                                    -- for a dataset other than the shipped one
  qalamoun_version TEXT NOT NULL,   -- the version that wrote this database
  database_version INTEGER NOT NULL, -- the layout of this database (also PRAGMA user_version)
  campaign_name TEXT,               -- NULL: the dataset has no campaign
  campaign_date_text TEXT,
  campaign_start_date TEXT,         -- YYYY-MM-DD; NULL where unknown
  campaign_end_date TEXT,
  campaign_date_precision TEXT,
  campaign_date_anchor TEXT,
  campaign_section TEXT
);
CREATE TABLE sides (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT
);
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  side_id TEXT REFERENCES sides(id),    -- NULL: the source does not say
  kind TEXT,
  aliases TEXT NOT NULL,                -- a JSON array of strings
  part_of_id TEXT REFERENCES actors(id),
  note TEXT,
  dataset TEXT                          -- the dataset it was read from (as JSON's `dataset`)
);
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT,                            -- NULL: unknown
  description TEXT,
  aliases TEXT NOT NULL,                -- a JSON array of strings
  attribution TEXT,                     -- the credit its terms ask for (UCDP GED, ACLED)
  dataset TEXT                          -- the dataset it was read from (as JSON's `dataset`)
);
CREATE TABLE places (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,                -- a JSON array of strings
  arabic TEXT,
  country TEXT,
  kind TEXT,
  parent_id TEXT REFERENCES places(id), -- the place this one is inside
  latitude REAL,                        -- WGS 84; NULL where no source gives coordinates
  longitude REAL,
  coord_precision TEXT,                 -- exact or approximate
  note TEXT,
  dataset TEXT                          -- the dataset it was read from (as JSON's `dataset`)
);
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  date_order INTEGER NOT NULL UNIQUE,   -- 1 for the first event in the chronology's order
  date_text TEXT,                       -- the date as the source words it
  start_date TEXT,                      -- YYYY-MM-DD, the earliest possible day; NULL: unknown
  end_date TEXT,                        -- YYYY-MM-DD, the latest possible day; NULL: unknown
  date_precision TEXT NOT NULL,         -- day, days, week, month, season, year or unknown
  date_anchor TEXT,
  section TEXT,
  type TEXT,
  summary TEXT NOT NULL,
  note TEXT,
  -- The event's one point: where all its places have sourced coordinates and they are one
  -- point (as the timeline's CSV), else NULL; a map of several points is the GeoJSON's.
  latitude REAL,
  longitude REAL,
  location_place_id TEXT REFERENCES places(id),
  -- complete: every place of the event has coordinates; partial: some have; none: none has.
  location TEXT NOT NULL CHECK (location IN ('complete', 'partial', 'none')),
  where_description TEXT,               -- a standard dataset's words for where (GED)
  source_article TEXT,                  -- the articles a standard dataset cites (GED)
  dataset TEXT                          -- the dataset it was read from (as JSON's `dataset`)
);
CREATE TABLE event_places (
  event_id TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,            -- 1 for the first place the event names
  place_id TEXT NOT NULL REFERENCES places(id),
  PRIMARY KEY (event_id, position)
);
CREATE TABLE event_actors (
  event_id TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors(id),
  role TEXT,                            -- what it was in the event, in the dataset's words
                                        -- (GED side_a, ACLED assoc_actor_1); NULL: unsaid
  PRIMARY KEY (event_id, position)
);
CREATE TABLE event_sources (
  event_id TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,
  source_id TEXT NOT NULL REFERENCES sources(id),
  PRIMARY KEY (event_id, position)
);
CREATE TABLE claims (
  -- One source's figure for one party and outcome, on one event or on the whole campaign.
  id INTEGER PRIMARY KEY,               -- the claim's row: the campaign's first, then by date
  claim_id TEXT UNIQUE,                 -- the dataset's own name for it, if it has one
  scope TEXT NOT NULL CHECK (scope IN ('incident', 'campaign')),
  event_id TEXT REFERENCES events(id),  -- NULL for a campaign claim
  source_id TEXT NOT NULL REFERENCES sources(id),
  -- The party is an actor or a side (their ids never clash): party_id is the id, and the
  -- one of party_actor_id / party_side_id that holds it declares which, as a foreign key.
  party_id TEXT,                        -- NULL: the source's words alone say whom (party_text)
  party_actor_id TEXT REFERENCES actors(id),
  party_side_id TEXT REFERENCES sides(id),
  party_text TEXT,                      -- the source's own words for whom the figure is about
  outcome TEXT NOT NULL,                -- killed, wounded, casualties, captured, missing, strength
  low INTEGER,                          -- low = high: exact; high NULL: open-ended ('42+')
  high INTEGER,                         -- low NULL: 'up to N'; both NULL: vague ('dozens')
  best INTEGER,                         -- a central estimate, where the source gives one
  as_reported TEXT NOT NULL,            -- the figure in the source's words
  supersedes TEXT REFERENCES claims(claim_id), -- the claim this later figure replaces
  within TEXT REFERENCES claims(claim_id),     -- the larger figure this one is part of
  note TEXT,
  -- 0: the figures as published break low <= best <= high (kept as released; GED, ACLED)
  consistent_at_source INTEGER NOT NULL CHECK (consistent_at_source IN (0, 1)),
  CHECK ((scope = 'campaign') = (event_id IS NULL)),
  CHECK (party_id IS NOT NULL OR party_text IS NOT NULL),
  CHECK (party_actor_id IS NULL OR party_side_id IS NULL),
  CHECK (party_id IS coalesce(party_actor_id, party_side_id))
);
CREATE TABLE quantities (
  -- Other figures a source gives (displaced people, rockets fired, ...).
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('incident', 'campaign')),
  event_id TEXT REFERENCES events(id),  -- NULL for a campaign-wide figure
  source_id TEXT NOT NULL REFERENCES sources(id),
  measure TEXT NOT NULL,
  low INTEGER,
  high INTEGER,
  unit TEXT,
  as_reported TEXT NOT NULL,
  CHECK ((scope = 'campaign') = (event_id IS NULL))
);
CREATE INDEX events_start_date ON events(start_date);
CREATE INDEX events_end_date ON events(end_date);
CREATE INDEX event_places_place ON event_places(place_id);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_source ON claims(source_id);
CREATE INDEX claims_supersedes ON claims(supersedes);
CREATE INDEX quantities_event ON quantities(event_id);
CREATE VIEW parties AS
  -- Whom a claim can be about: every actor and every side, with the side it belongs to.
  SELECT id, name, 'actor' AS kind, side_id FROM actors
  UNION ALL
  SELECT id, name, 'side' AS kind, id AS side_id FROM sides;
CREATE VIEW claims_with_names AS
  -- Every claim with its event's date, its source's name and its party's name.
  SELECT c.id, c.claim_id, c.scope, c.event_id, e.date_text, e.start_date, e.end_date,
         c.source_id, s.name AS source_name, s.kind AS source_kind,
         c.party_id, coalesce(a.name, sd.name) AS party_name, c.party_text, c.outcome,
         c.low, c.high, c.best, c.as_reported, c.supersedes,
         (SELECT u.claim_id FROM claims u WHERE u.supersedes = c.claim_id) AS superseded_by,
         c.within, c.note
  FROM claims c
  JOIN sources s ON s.id = c.source_id
  LEFT JOIN events e ON e.id = c.event_id
  LEFT JOIN actors a ON a.id = c.party_actor_id
  LEFT JOIN sides sd ON sd.id = c.party_side_id
  ORDER BY c.id;
CREATE VIEW claims_side_by_side AS
  -- One row per incident (or the campaign) x party x outcome: what each source reported,
  -- next to one another. Nothing is added up: a later figure is marked, not summed.
  SELECT n.scope, n.event_id, n.date_text, n.start_date, n.end_date, n.party_id,
         n.party_name, n.party_text, n.outcome, count(*) AS claims,
         count(DISTINCT n.source_id) AS sources,
         group_concat(n.source_name || ': ' || n.as_reported
                      || CASE WHEN n.superseded_by IS NOT NULL
                              THEN ' (superseded by ' || n.superseded_by || ')' ELSE '' END
                      || CASE WHEN n.within IS NOT NULL
                              THEN ' (part of ' || n.within || ')' ELSE '' END,
                      '; ') AS reported
  FROM (SELECT * FROM claims_with_names ORDER BY source_name, id) AS n
  LEFT JOIN events e ON e.id = n.event_id
  GROUP BY n.scope, n.event_id, n.party_id, n.party_text, n.outcome
  ORDER BY e.date_order IS NOT NULL, e.date_order, n.party_name, n.party_text, n.outcome;
CREATE VIEW campaign_claims AS
  -- The figures for the campaign as a whole (the infobox), with source and party names.
  SELECT id, claim_id, source_id, source_name, source_kind, party_id, party_name,
         party_text, outcome, low, high, best, as_reported, supersedes, superseded_by,
         within, note
  FROM claims_with_names WHERE scope = 'campaign';
CREATE VIEW events_with_places AS
  -- One row per event and place it names (one row with no place for an event that names
  -- none), with the place's coordinates: a map of every place of every event.
  SELECT e.id AS event_id, e.date_text, e.start_date, e.end_date, e.date_precision, e.type,
         e.summary, ep.position AS place_position, p.id AS place_id, p.name AS place_name,
         p.country, p.kind AS place_kind, p.latitude, p.longitude, p.coord_precision
  FROM events e
  LEFT JOIN event_places ep ON ep.event_id = e.id
  LEFT JOIN places p ON p.id = ep.place_id
  ORDER BY e.date_order, ep.position;
"""


class About(NamedTuple):
    """Where the exported data came from, for the `dataset` table."""

    origin: str
    licence: str


def table_rows(chronology: Chronology, about: About) -> Iterator[tuple[str, Iterable[tuple]]]:
    """Yield each table's name and its rows, in the order of its columns, parents first."""
    yield "dataset", [_dataset_row(chronology, about)]
    yield "sides", ((s.id, s.name, s.description) for s in chronology.sides.values())
    dataset = chronology.dataset_of
    yield "actors", ((a.id, a.name, a.side, a.kind, _json(a.aliases), a.part_of, a.note,
                      dataset(a)) for a in chronology.actors.values())
    yield "sources", ((s.id, s.name, s.kind, s.description, _json(s.aliases), s.attribution,
                       dataset(s)) for s in chronology.sources.values())
    yield "places", ((p.id, p.name, _json(p.aliases), p.arabic, p.country, p.kind, p.parent,
                      p.lat, p.lon, p.coord_precision, p.note, dataset(p))
                     for p in chronology.places.values())
    yield "events", (_event_row(chronology, order, event)
                     for order, event in enumerate(chronology.events, 1))
    yield "event_places", ((event.id, position, place) for event in chronology.events
                           for position, place in enumerate(event.places, 1))
    yield "event_actors", ((event.id, position, actor, role) for event in chronology.events
                           for position, (actor, role) in enumerate(event.actor_roles(), 1))
    yield "event_sources", ((event.id, position, source) for event in chronology.events
                            for position, source in enumerate(event.sources, 1))
    campaign = chronology.campaign
    yield "claims", (_claim_row(chronology, claim) for claim in chronology.all_claims())
    quantities = [*(campaign.quantities if campaign else ()),
                  *(q for event in chronology.events for q in event.quantities)]
    yield "quantities", (_quantity_row(q) for q in quantities)


def _json(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _date_columns(span: DateSpan | None) -> tuple:
    if span is None:
        return (None,) * 5
    return span.text, iso(span.start), iso(span.end), span.precision, span.anchor


def _dataset_row(chronology: Chronology, about: About) -> tuple:
    campaign = chronology.campaign
    return (about.origin, about.licence, __version__, LAYOUT_VERSION,
            campaign.name if campaign else None,
            *_date_columns(campaign.date if campaign else None),
            campaign.section if campaign else None)


def _event_row(chronology: Chronology, order: int, event: Event) -> tuple:
    from qalamoun_cli.render.geo import located, single_point

    places = [chronology.places[p] for p in event.places]
    found = sum(located(p) for p in places)
    location = "none" if not found else "complete" if found == len(places) else "partial"
    # Never one of several places' points alone: a map (datasette-cluster-map) would say
    # the whole event happened there (issue 18's honest maps).
    point = single_point(chronology, event)
    return (event.id, order, *_date_columns(event.date), event.section, event.type,
            event.summary, event.note, point.lat if point else None,
            point.lon if point else None, point.id if point else None, location,
            event.where_description, event.source_article, chronology.dataset_of(event))


def _claim_row(chronology: Chronology, claim: Claim) -> tuple:
    party = claim.party
    return (claim.id, "campaign" if claim.event is None else "incident", claim.event,
            claim.source, party, party if party in chronology.actors else None,
            party if party is not None and party not in chronology.actors else None,
            claim.party_text, claim.outcome, claim.low, claim.high, claim.best,
            claim.as_reported, claim.supersedes, claim.within, claim.note,
            int(claim.inconsistent is None))


def _quantity_row(quantity: Quantity) -> tuple:
    return ("campaign" if quantity.event is None else "incident", quantity.event,
            quantity.source, quantity.measure, quantity.low, quantity.high, quantity.unit,
            quantity.as_reported)


def fill(connection: sqlite3.Connection, chronology: Chronology, about: About) -> None:
    """Create the tables and views in CONNECTION (an empty database), fill them, commit."""
    connection.executescript(SCHEMA)
    for table, rows in table_rows(chronology, about):
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        if table in ("claims", "quantities"):
            columns = columns[1:]  # their INTEGER PRIMARY KEY: SQLite numbers the rows
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})", rows)
    connection.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        # The loader checked every reference: a row pointing nowhere is a bug here.
        raise ValueError(f"exported rows break their foreign keys: {broken[:3]}")
    connection.commit()


def write_database(path: Path, chronology: Chronology, about: About, *,
                   replace: bool = False) -> None:
    """Write CHRONOLOGY as a new SQLite database at PATH, whole or not at all.

    Without REPLACE an existing PATH (a symbolic link too) is kept: FileExistsError. With
    it, the file named PATH is replaced; a symbolic link there is replaced itself, and the
    file it points to is never written. A failure to write (a full disk, an unwritable
    folder) is an OSError, in the operating system's words, and leaves no file behind.
    """
    from qalamoun_cli.stdio import write_whole

    def build(fd: int, temporary: str) -> None:
        try:
            connection = sqlite3.connect(temporary)
        except sqlite3.Error as exc:
            raise _os_error(exc, fd) from None
        try:
            # No journal: the file is new, and is renamed into place only once it is whole.
            connection.execute("PRAGMA journal_mode = OFF")
            fill(connection, chronology, about)
        except sqlite3.OperationalError as exc:
            raise _os_error(exc, fd) from None
        finally:
            connection.close()

    write_whole(path, build, replace=replace, follow_link=False)


# SQLite's result codes for a file it cannot write, and the operating system's error that
# each most often stands for (SQLite keeps the errno to itself: Python cannot read it).
_SQLITE_ERRNO = {
    "SQLITE_FULL": errno.ENOSPC, "SQLITE_IOERR": errno.EIO, "SQLITE_READONLY": errno.EACCES,
    "SQLITE_CANTOPEN": errno.EACCES, "SQLITE_PERM": errno.EACCES,
}
_PROBE = 65536  # more than a page of SQLite's: a full disk has no room left for it
_SQLITE_WORDS = {"database or disk is full": "SQLITE_FULL", "disk I/O error": "SQLITE_IOERR",
                 "attempt to write a readonly database": "SQLITE_READONLY",
                 "unable to open database file": "SQLITE_CANTOPEN"}


def _os_error(exc: sqlite3.Error, fd: int) -> OSError:
    """Return the OSError behind SQLite's EXC while it wrote the file open as FD.

    SQLite says "disk I/O error" for a file-size limit and "database or disk is full" for
    a full disk: one more write at the end of the same (doomed) file asks the operating
    system for its own reason. Where that write succeeds, SQLite's code says which.
    """
    # An extended name (SQLITE_IOERR_WRITE) begins with its primary one; Python 3.10
    # gives only the message.
    name = getattr(exc, "sqlite_errorname", None) or _SQLITE_WORDS.get(str(exc), "")
    code = _SQLITE_ERRNO.get("_".join(name.split("_")[:2]))
    if code is None:
        return OSError(errno.EIO, str(exc))  # not a file problem: say SQLite's own words
    try:
        os.pwrite(fd, bytes(_PROBE), os.fstat(fd).st_size)
    except OSError as probe:
        if probe.errno is not None:
            return OSError(probe.errno, os.strerror(probe.errno))
    return OSError(code, os.strerror(code))
