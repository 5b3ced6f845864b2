"""The events of a chronology in SQLite: indexed by date, place, actor, source and type.

A dataset of 400,000 events must answer a date range in a few milliseconds, without reading
the rest, so events live in an SQLite database (the compiled form in the cache folder, see
compiled.py, or one in memory for a chronology that was not compiled), one row each, in
display order: the row's POS is its position. A query asks the indexes which positions may
match; the records of those positions are then read, checked against their CRC-32, and
checked again against the query itself, so an index that SQLite cannot tell is damaged can
make a query miss an event but never show one that does not match.

Display order: by the first known bound (start, else end), then the other (end, else
start), then the order of the files; undated events last, in file order. An unknown bound
is stored as OPEN_START or OPEN_END, beyond every real day, so that it counts as unbounded.

Date ranges: an event with both bounds known is filed in the BAND of its length (the bit
length of end - start), so that the events of band B overlapping [S, E] all start in
[S - 2**B + 1, E], one index range per band, however long the table. Events with one bound
unknown are in band OPEN_BAND, undated ones in UNDATED_BAND.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any
from zlib import crc32

from qalamoun_cli.dates import overlaps
from qalamoun_cli.model import Claim, DateSpan, Event, Quantity

# Ordinals of unknown bounds: before and after every day a date can name.
OPEN_START = 0
OPEN_END = date.max.toordinal() + 1
OPEN_BAND = -1
UNDATED_BAND = -2
# SQLite's limit on parameters was 999 before 3.32: a query takes at most two chunks.
_CHUNK = 400

EVENT_TABLES = """
CREATE TABLE events (
    pos INTEGER PRIMARY KEY,  -- display order, from 0
    id TEXT NOT NULL UNIQUE,
    start INTEGER NOT NULL,   -- day ordinals; OPEN_START / OPEN_END where unknown
    "end" INTEGER NOT NULL,
    band INTEGER NOT NULL,
    type TEXT,
    section TEXT,
    summary TEXT NOT NULL,
    note TEXT,
    record TEXT NOT NULL,     -- the whole event as JSON (days as ordinals)
    crc INTEGER NOT NULL      -- CRC-32 of record's UTF-8
);
CREATE TABLE index_keys (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,       -- what an event is found by (store.keys_of)
    key TEXT NOT NULL,
    UNIQUE (kind, key)
);
-- Integers, not the keys' text, on each of the 1,000,000 rows of 100,000 events.
CREATE TABLE event_keys (
    key_id INTEGER NOT NULL REFERENCES index_keys (id),
    pos INTEGER NOT NULL REFERENCES events (pos),
    PRIMARY KEY (key_id, pos)
) WITHOUT ROWID;
CREATE VIEW event_index AS
    SELECT k.kind, k.key, e.id AS event_id FROM event_keys AS x
    JOIN index_keys AS k ON k.id = x.key_id JOIN events AS e ON e.pos = x.pos;
"""
# One key's positions, given as a JSON array (EventWriter.finish).
_KEYS_FROM_JSON = "INSERT OR IGNORE INTO event_keys SELECT ?, value FROM json_each(?)"
# The same, given as the sequence numbers of a staging table (EventWriter.finish's RANKS):
# each is the position RANKS gives it, and a key's positions go in ascending.
_KEYS_FROM_RANKS = ("INSERT OR IGNORE INTO event_keys SELECT ?, r.pos FROM json_each(?) AS j "
                    "JOIN {} AS r ON r.seq = j.value ORDER BY r.pos")
# The ids of the keys of one kind that a query names.
_KEY_IDS = "SELECT id FROM index_keys WHERE kind = ? AND key IN ({})"


class StoreDamaged(Exception):
    """The database could not be read, or a record did not match its checksum."""


def keys_of(event: Event) -> Iterator[tuple[str, str]]:
    """Yield the (kind, id) pairs under which EVENT is indexed."""
    for place in event.places:
        yield "place", place
    for actor in event.actors:
        yield "actor", actor
    reporters = set(event.sources)
    reporters.update(c.source for c in event.claims)
    reporters.update(q.source for q in event.quantities)
    for source in reporters:
        yield "source", source
    # An unknown type or party is indexed under nothing: no filter asks for it.
    if event.type is not None:
        yield "type", event.type
    if event.claims:
        yield "claim", ""
    for source in {c.source for c in event.claims}:
        yield "claim_source", source
    for party in {c.party for c in event.claims} - {None}:
        yield "claim_party", party


def span_row(span: DateSpan) -> list:
    """Return a date span as a plain list, days as ordinals or None."""
    start, end = span.start, span.end
    return [span.text, None if start is None else start.toordinal(),
            None if end is None else end.toordinal(), span.precision, span.anchor]


def span_of(row: list) -> DateSpan:
    """Rebuild a DateSpan from span_row's list."""
    day = date.fromordinal
    start, end = row[1], row[2]
    return tuple.__new__(DateSpan, (row[0], None if start is None else day(start),
                                    None if end is None else day(end), row[3], row[4]))


def bounds(span: DateSpan) -> tuple[int, int]:
    """Return SPAN's start and end as ordinals, OPEN_START and OPEN_END where unknown."""
    start, end = span.start, span.end
    return (OPEN_START if start is None else start.toordinal(),
            OPEN_END if end is None else end.toordinal())


def display_key(span: DateSpan) -> tuple[int, int]:
    """Return the days SPAN sorts by: its first known bound, then the other.

    Both are OPEN_END for an undated span, which sorts after every dated one.
    """
    start, end = bounds(span)
    if start == OPEN_START:
        return end, end
    return start, start if end == OPEN_END else end


def in_display_order(events: Iterable[Event]) -> list[Event]:
    """Return EVENTS (in file order) in display order; the sort is stable."""
    return sorted(events, key=lambda e: display_key(e.date))


def band_of(start: int, end: int) -> int:
    """Return the band an event with these bounds is filed in (see the module)."""
    if start == OPEN_START and end == OPEN_END:
        return UNDATED_BAND
    if start == OPEN_START or end == OPEN_END:
        return OPEN_BAND
    return (end - start).bit_length()


# One encoder for every record: json.dumps with options builds a new one per call.
record_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def event_record(event: Event) -> str:
    """Return EVENT as the JSON text stored in its row."""
    return record_json([
        event.id, span_row(event.date), event.section, event.type, event.summary,
        event.places, event.actors, event.sources,
        [list(c) for c in event.claims], [list(q) for q in event.quantities], event.note,
        event.where_description, event.source_article, event.roles, event.dataset])


def event_of(r: list) -> Event:
    """Rebuild an Event from event_record's decoded list (tuple.__new__ runs at C speed)."""
    new = tuple.__new__
    return new(Event, (r[0], span_of(r[1]), r[2], r[3], r[4], tuple(r[5]), tuple(r[6]),
                       tuple(r[7]), tuple(new(Claim, c) for c in r[8]),
                       tuple(new(Quantity, q) for q in r[9]), r[10], r[11], r[12],
                       tuple(r[13]), r[14]))


def event_row(event: Event, record: str | None = None) -> tuple:
    """Return EVENT's row of the events table without its position (RECORD: its
    event_record, if made already)."""
    start, end = bounds(event.date)
    if record is None:
        record = event_record(event)
    return (event.id, start, end, band_of(start, end), event.type, event.section,
            event.summary, event.note, record, crc32(record.encode("utf-8")))


def write_events(conn: sqlite3.Connection, events: Iterable[Event]) -> None:
    """Create the event tables in CONN and fill them with EVENTS, in display order."""
    writer = EventWriter(conn)
    for event in events:
        writer.add(event_row(event), keys_of(event))
    writer.finish()


def post(postings: dict[tuple[str, str], list[int]], pos: int,
         keys: Iterable[tuple[str, str]]) -> None:
    """Add POS, greater than every position in POSTINGS, to the list of each of KEYS."""
    for pair in keys:
        found = postings.get(pair)
        if found is None:
            postings[pair] = [pos]
        else:
            found.append(pos)  # ascending: POS only grows


class EventWriter:
    """Fill CONN's event tables with events given one at a time, in display order."""

    BATCH = 2000

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.executescript(EVENT_TABLES)
        self.conn = conn
        self.rows: list[tuple] = []
        self.postings: dict[tuple[str, str], list[int]] = {}
        self.count = 0

    def add(self, row: tuple, keys: Iterable[tuple[str, str]]) -> int:
        """Add the event of ROW (event_row's) indexed under KEYS (keys_of's); return its
        position."""
        pos = self.count
        self.count += 1
        self.rows.append((pos, *row))
        if len(self.rows) >= self.BATCH:
            self._flush()
        post(self.postings, pos, keys)
        return pos

    def _flush(self) -> None:
        self.conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.rows)
        self.rows.clear()

    def finish(self, ranks: str | None = None) -> None:
        """Write what is left, then the indexes.

        RANKS names a table (seq, pos) when the keys were added by sequence number
        rather than position (compiled.Staging): this SQLite has JSON then.
        """
        self._flush()
        # Indexes are built after the rows, and keys inserted in their order: both are
        # appends to a b-tree then, several times faster than inserting 400,000 rows in any
        # order.
        self.conn.execute("CREATE INDEX events_by_band ON events (band, start)")
        ordered = sorted(self.postings.items())
        self.postings.clear()
        self.conn.executemany("INSERT INTO index_keys VALUES (?,?,?)",
                              ((i, kind, key) for i, ((kind, key), _) in enumerate(ordered)))
        if ranks is not None:
            self.conn.executemany(_KEYS_FROM_RANKS.format(ranks), (
                (i, record_json(found)) for i, (_, found) in enumerate(ordered)))
            return
        try:
            # A key's positions in one JSON array: SQLite unpacks them, where binding
            # 4,700,000 pairs of 400,000 events one by one took seconds.
            self.conn.executemany(_KEYS_FROM_JSON, ((i, record_json(found)) for i, (_, found)
                                                    in enumerate(ordered)))
        except sqlite3.OperationalError:  # an SQLite built without JSON
            self.conn.executemany("INSERT OR IGNORE INTO event_keys VALUES (?,?)",
                                  ((i, pos) for i, (_, found) in enumerate(ordered)
                                   for pos in found))


class EventStore(Sequence[Event]):
    """Events in display order (see the module), read from SQLite as queries select them."""

    def __init__(self, conn: sqlite3.Connection,
                 damaged: Callable[[], Exception] | None = None,
                 summary: tuple[int, int, list[int]] | None = None) -> None:
        self.conn = conn
        # What to raise when the database is damaged (the cache removes its entry: the
        # store does not know where it lives).
        self._damaged = damaged or (lambda: StoreDamaged("the event store is damaged"))
        self._cache: dict[int, Event] = {}
        # SUMMARY (see write_events) is kept by the compiled form: counting 400,000 rows
        # and listing their bands would take longer than a narrow query.
        self._len, self.dated, self._bands = summary or self.summary()

    def summary(self) -> tuple[int, int, list[int]]:
        """Return how many events there are, how many are dated, and their bands."""
        count, undated = self._rows("SELECT count(*), total(band = ?) FROM events",
                                    (UNDATED_BAND,))[0]
        bands = [b for (b,) in self._rows("SELECT DISTINCT band FROM events WHERE band >= 0 "
                                          "ORDER BY band")]
        return count, count - int(undated), bands

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> EventStore:
        """Build a store in memory from EVENTS in file order."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        with conn:
            write_events(conn, in_display_order(events))
        return cls(conn)

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError:
            raise self._damaged() from None

    # -- Sequence ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, position: Any) -> Any:
        if isinstance(position, slice):
            return self.at(range(*position.indices(len(self))))
        if position < 0:
            position += self._len
        if not 0 <= position < self._len:
            raise IndexError("event position out of range")
        return self.at([position])[0]

    def __iter__(self) -> Iterator[Event]:
        # A piece at a time, and not kept: `stats` or an export reads 400,000 events once.
        step = 2000
        for first in range(0, self._len, step):
            rows = self._rows("SELECT record, crc FROM events WHERE pos BETWEEN ? AND ? "
                              "ORDER BY pos", (first, min(first + step, self._len) - 1))
            if len(rows) != min(step, self._len - first):
                raise self._damaged()
            for record, check in rows:
                yield self._event(record, check)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                          strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def at(self, positions: Iterable[int]) -> list[Event]:
        """Return the events at POSITIONS, in that order."""
        wanted = list(positions)
        missing = sorted({p for p in wanted if p not in self._cache})
        if missing:
            if missing[-1] - missing[0] + 1 == len(missing):
                rows = self._rows("SELECT pos, record, crc FROM events WHERE pos BETWEEN ? "
                                  "AND ?", (missing[0], missing[-1]))
            else:
                rows = []
                for i in range(0, len(missing), _CHUNK):
                    chunk = missing[i:i + _CHUNK]
                    rows += self._rows("SELECT pos, record, crc FROM events WHERE pos IN "
                                       f"({','.join('?' * len(chunk))})", chunk)
            if len(rows) != len(missing):
                raise self._damaged()
            for pos, record, check in rows:
                self._cache[pos] = self._event(record, check)
        return [self._cache[p] for p in wanted]

    def _event(self, record: Any, check: Any) -> Event:
        try:
            if crc32(record.encode("utf-8")) != check:
                raise ValueError("checksum")
            return event_of(json.loads(record))
        except Exception:  # damaged beyond what the checksum says: the same answer
            raise self._damaged() from None

    def find(self, event_id: str) -> Event | None:
        """Return the event with this id, or None."""
        found = self._rows("SELECT pos FROM events WHERE id = ?", (event_id,))
        if not found:
            return None
        event = self.at([found[0][0]])[0]
        if event.id != event_id:
            raise self._damaged()
        return event

    def ids(self) -> list[str]:
        """Return every event's id, in display order, without reading the records."""
        return [i for (i,) in self._rows("SELECT id FROM events ORDER BY pos")]

    # -- queries -------------------------------------------------------------------------------

    def matching(self, start: date | None, end: date | None,
                 filters: Iterable[tuple[str, Iterable[str]]] = (), *,
                 undated: bool = False, among: AbstractSet[int] | None = None) -> list[int]:
        """Return, in display order, the positions of the events that may have happened
        within [START, END] (None: unbounded on that side) and that name, for each (kind,
        keys) of FILTERS, one of the keys.

        An unknown bound counts as unbounded. With neither START nor END every event may
        match; otherwise undated events only with UNDATED. AMONG (positions: what the
        text index found, textsearch.py) keeps only those, before any record is read.
        """
        wanted = [(kind, set(keys)) for kind, keys in filters]
        narrowing = wanted
        if start is None and end is None:
            if wanted:
                # The first filter's index lists the candidates; the others narrow them.
                positions = sorted(self.positions(*wanted[0]))
                narrowing = wanted[1:]
            else:
                positions = list(range(len(self))) if among is None else sorted(among)
        else:
            positions = self._overlapping(start, end, undated)
        positions = _among(positions, among)
        for kind, keys in narrowing:
            positions = self._indexed(positions, kind, keys)
        # The records decide (see the module): an index entry alone never shows an event.
        return [p for p, event in zip(positions, self.at(positions), strict=True)
                if overlaps(event.date, start, end) and _names(event, wanted)]

    def _overlapping(self, start: date | None, end: date | None, undated: bool) -> list[int]:
        first = OPEN_START if start is None else start.toordinal()
        last = OPEN_END if end is None else end.toordinal()
        found: list[int] = []
        for band in self._bands:
            found += (p for (p,) in self._rows(
                'SELECT pos FROM events WHERE band = ? AND start BETWEEN ? AND ? '
                'AND "end" >= ?', (band, first - (1 << band) + 1, last, first)))
        found += (p for (p,) in self._rows(
            'SELECT pos FROM events WHERE band = ? AND start <= ? AND "end" >= ?',
            (OPEN_BAND, last, first)))
        if undated:
            found += range(self.dated, len(self))
        found.sort()
        return found

    def undated_matching(self, filters: Iterable[tuple[str, Iterable[str]]] = (),
                         among: AbstractSet[int] | None = None) -> list[int]:
        """Return the positions of the undated events that pass FILTERS and AMONG (as in
        matching)."""
        wanted = [(kind, set(keys)) for kind, keys in filters]
        positions = _among(list(range(self.dated, len(self))), among)
        for kind, keys in wanted:
            positions = self._indexed(positions, kind, keys)
        return [p for p, event in zip(positions, self.at(positions), strict=True)
                if event.date.undated and _names(event, wanted)]

    def positions(self, kind: str, keys: Iterable[str]) -> set[int]:
        """Return the positions of events indexed under any of KEYS for KIND."""
        keys = list(dict.fromkeys(keys))
        found: set[int] = set()
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i:i + _CHUNK]
            found.update(p for (p,) in self._rows(
                f"SELECT pos FROM event_keys WHERE key_id IN "
                f"({_KEY_IDS.format(','.join('?' * len(chunk)))})", (kind, *chunk)))
        return found

    def texts_matching(self, match: str, events: bool) -> list[tuple[int, str, str]]:
        """Return (rowid, kind, id) of the rows of the compiled form's FTS5 table `texts`
        (compiled.py) that MATCH: the events' rows if EVENTS (rowid: the position), else
        the other records'."""
        where = "rowid >= 0" if events else "rowid < 0"
        found = self._rows(f"SELECT rowid, kind, id FROM texts WHERE texts MATCH ? AND {where}",
                           (match,))
        if events and found and max(r for r, _, _ in found) >= self._len:
            raise self._damaged()
        return found

    def _indexed(self, positions: list[int], kind: str, keys: set[str]) -> list[int]:
        """Return, in their order, the POSITIONS indexed under any of KEYS for KIND."""
        if not positions or not keys:
            return []
        ordered = sorted(keys)
        if len(positions) > _CHUNK:
            # Many candidates: those of a date range lie close together in display order,
            # so only the keys' entries between the first and the last are read (not the
            # 300,000 events with claims of a 400,000-event dataset).
            allowed = set()
            for i in range(0, len(ordered), _CHUNK):
                chunk = ordered[i:i + _CHUNK]
                allowed.update(p for (p,) in self._rows(
                    f"SELECT pos FROM event_keys WHERE key_id IN "
                    f"({_KEY_IDS.format(','.join('?' * len(chunk)))}) AND pos BETWEEN ? AND ?",
                    (kind, *chunk, min(positions), max(positions))))
        else:
            # A few candidates: look each one up rather than list every event of the keys.
            allowed = set()
            marks = ",".join("?" * len(positions))
            for i in range(0, len(ordered), _CHUNK):
                chunk = ordered[i:i + _CHUNK]
                allowed.update(p for (p,) in self._rows(
                    f"SELECT pos FROM event_keys WHERE key_id IN "
                    f"({_KEY_IDS.format(','.join('?' * len(chunk)))}) AND pos IN ({marks})",
                    (kind, *chunk, *positions)))
        return [p for p in positions if p in allowed]


def _among(positions: list[int], among: AbstractSet[int] | None) -> list[int]:
    """Return POSITIONS (in order) that are in AMONG; all of them when AMONG is None."""
    return positions if among is None else [p for p in positions if p in among]


def _names(event: Event, wanted: list[tuple[str, set[str]]]) -> bool:
    """Return whether EVENT names, for each (kind, keys) of WANTED, one of the keys."""
    if not wanted:
        return True
    pairs = list(keys_of(event))
    return all(any(k == kind and key in keys for k, key in pairs) for kind, keys in wanted)
