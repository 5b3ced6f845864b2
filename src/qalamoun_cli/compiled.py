"""The compiled form of a dataset: one SQLite database, written once and then only read.

Tables: the events and their index (store.py), places, actors, sources and sides, the
claims and quantities as views over the events' records (for people's own queries: see
_RECORD_VIEWS), the folded names that place search
ranks, an FTS5 table over every text (summaries, notes, names, as-reported phrases) and an
R*Tree over the places' coordinates when this SQLite has them (META's "features" says
which), and META: the format, the key of the data it was built from, the campaign and the
vocabulary.

Each record is also kept whole, as JSON with its CRC-32: commands read records from there,
so a damaged byte in a record is found (and the entry removed), never shown. Columns beside
it are for indexes and for people's own queries.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import attrgetter
from typing import Any
from urllib.parse import quote
from zlib import crc32

from qalamoun_cli import name_store
from qalamoun_cli.model import (
    Actor,
    Campaign,
    Chronology,
    Claim,
    Event,
    Place,
    Quantity,
    Side,
    Source,
)
from qalamoun_cli.store import (
    EventStore,
    EventWriter,
    display_key,
    event_row,
    in_display_order,
    keys_of,
    post,
    record_json,
    span_of,
    span_row,
)

FORMAT = 10  # 10: names by position (name_store.py); 9: texts folded (textsearch.py);
# 8: claim views; 7: SQLite (6: the last home-made format)
# "qlmn": in the database header, so that pruning knows a database of ours from another.
APPLICATION_ID = 0x716C6D6E

RECORD_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE sides (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT,
                    record TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, side TEXT, kind TEXT,
                     part_of TEXT, record TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT,
                      record TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, kind TEXT,
                     parent TEXT, latitude REAL, longitude REAL,
                     record TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE claim_rows (event_pos INTEGER REFERENCES events (pos),  -- NULL: the campaign
                     source TEXT NOT NULL, party TEXT, party_text TEXT, outcome TEXT NOT NULL,
                     low INTEGER, high INTEGER, best INTEGER, as_reported TEXT NOT NULL,
                     note TEXT, id TEXT, supersedes TEXT, within TEXT);
CREATE TABLE quantity_rows (event_pos INTEGER REFERENCES events (pos),
                         source TEXT NOT NULL, measure TEXT NOT NULL, low INTEGER,
                         high INTEGER, unit TEXT, as_reported TEXT NOT NULL);
"""
# The fields records are looked up by, besides their id (Records.where).
INDEXED = (("places", "parent"), ("actors", "side"), ("actors", "part_of"))
# Optional parts: an SQLite built without FTS5 or R*Tree still compiles the rest.
FEATURES = {
    # The folded tokens of textsearch.py, already lowercase and split by spaces: the ascii
    # tokenizer splits them there and nowhere else (it keeps every non-ASCII character).
    # An event's rowid is its position; the other records' are negative.
    "fts5": "CREATE VIRTUAL TABLE texts USING fts5(kind UNINDEXED, id UNINDEXED, names, text, "
            "tokenize = 'ascii')",
    "rtree": "CREATE VIRTUAL TABLE place_boxes USING rtree(place_rowid, min_lat, max_lat, "
             "min_lon, max_lon)",
}


def _checked(text: str) -> tuple[str, int]:
    return text, crc32(text.encode("utf-8"))


_json = record_json  # one encoder for every record: store's


# What each optional part is for, for the line that says it is missing.
FEATURE_USES = {"fts5": "--text and search will scan every text of this dataset (slower) "
                        "instead of an index",
                "rtree": "searches by coordinates will not be available on this dataset"}


def write_database(conn: sqlite3.Connection, chronology: Chronology, key: str,
                   events: Staging | None = None) -> list[str]:
    """Write CHRONOLOGY into the empty database CONN, under KEY; return the optional parts
    (FEATURES) this SQLite could not make.

    EVENTS, when given, holds its events (read as they were staged): CHRONOLOGY's own
    events are then not used.
    """
    import gc

    # As in the readers: nothing made here is a cycle, and the collector would walk the
    # records read so far again and again (it doubled the time of 400,000 events).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _write_database(conn, chronology, key, events)
    finally:
        if collecting:
            gc.enable()


def _write_database(conn: sqlite3.Connection, chronology: Chronology, key: str,
                    staging: Staging | None) -> list[str]:
    from qalamoun_cli.search import name_rows

    c = chronology
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    events: Iterable[Event] | Staging
    if staging is None:
        events = c.events if isinstance(c.events, EventStore) else in_display_order(c.events)
    else:
        events = staging
    with conn:
        conn.executescript(RECORD_TABLES + name_store.NAME_TABLES)
        features = _optional_tables(conn)
        # In the order of the rows before streaming: the campaign's claims first, the
        # names before the events' words, the campaign's words last.
        campaign = c.campaign or Campaign("", None, None)
        conn.executemany("INSERT INTO claim_rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         ((None, *_claim_row(x)) for x in campaign.claims))
        conn.executemany("INSERT INTO quantity_rows VALUES (?,?,?,?,?,?,?)",
                         ((None, *_quantity_row(q)) for q in campaign.quantities))
        if "fts5" in features:
            conn.executemany(_TEXT_ROW, _name_texts(c))
        # Taken: each entry goes as its event is written.
        prepared, c.prepared = c.prepared, None
        _write_events(conn, events, "fts5" in features, prepared)
        if "fts5" in features and c.campaign is not None:
            from qalamoun_cli.textsearch import campaign_fields, folded

            conn.execute(_TEXT_ROW, (-1, "campaign", "", "", folded(campaign_fields(c))))

        def records(rows: Iterator[tuple], *fields: Callable[[Any], Any]) -> Iterator[tuple]:
            for row in rows:
                yield (*(f(row) for f in fields), *_checked(_json(row)))

        conn.executemany("INSERT INTO sides VALUES (?,?,?,?,?)", records(
            iter(c.sides.values()), lambda s: s.id, lambda s: s.name, lambda s: s.description))
        conn.executemany("INSERT INTO actors VALUES (?,?,?,?,?,?,?)", records(
            iter(c.actors.values()), lambda a: a.id, lambda a: a.name, lambda a: a.side,
            lambda a: a.kind, lambda a: a.part_of))
        conn.executemany("INSERT INTO sources VALUES (?,?,?,?,?)", records(
            iter(c.sources.values()), lambda s: s.id, lambda s: s.name, lambda s: s.kind))
        conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", records(
            iter(c.places.values()), lambda p: p.id, lambda p: p.name, lambda p: p.country,
            lambda p: p.kind, lambda p: p.parent, lambda p: p.lat, lambda p: p.lon))
        for table, column in INDEXED:
            conn.execute(f"CREATE INDEX {table}_by_{column} ON {table} ({column})")
        if "rtree" in features:
            conn.execute("INSERT INTO place_boxes SELECT rowid, latitude, latitude, "
                         "longitude, longitude FROM places WHERE latitude IS NOT NULL")
        kept = None
        if c.campaign is not None:
            k = c.campaign
            kept = [k.name, span_row(k.date) if k.date else None, k.section,
                        [list(x) for x in k.claims], [list(q) for q in k.quantities]]
        store = EventStore(conn)
        meta = {"format": FORMAT, "key": key, "campaign": kept,
                "vocabulary": c.vocabulary, "features": features, "summary": store.summary()}
        for kind, index in name_rows(c).items():
            value, entries, records_of = name_store.name_rows(kind, index)
            meta[f"names:{kind}"] = value
            conn.executemany("INSERT INTO name_entries VALUES (?,?,?,?,?)", entries)
            conn.executemany("INSERT INTO name_records VALUES (?,?,?,?)", records_of)
        conn.executemany("INSERT INTO meta VALUES (?,?,?)",
                         ((name, *_checked(_json(value))) for name, value in meta.items()))
    return [name for name in FEATURES if name not in features]


# The columns of the claims and quantities tables after event_pos: fields of the records.
CLAIM_COLUMNS = ("source", "party", "party_text", "outcome", "low", "high", "best",
                 "as_reported", "note", "id", "supersedes", "within")
QUANTITY_COLUMNS = ("source", "measure", "low", "high", "unit", "as_reported")
_claim_row: Callable[[Claim], tuple] = attrgetter(*CLAIM_COLUMNS)
_quantity_row: Callable[[Quantity], tuple] = attrgetter(*QUANTITY_COLUMNS)


def _from_records(table: str, rows: str, field: str, kind: type,
                  columns: tuple[str, ...]) -> str:
    """Return the view TABLE: the rows of the table ROWS (the campaign's), then those of the
    list FIELD of every event's record (store.event_record: an event's fields in order,
    each claim's or quantity's too)."""
    values = ", ".join(f"json_extract(x.value, '$[{kind._fields.index(name)}]')"
                       for name in columns)
    return (f"CREATE VIEW {table} AS SELECT * FROM {rows} "
            f"UNION ALL SELECT e.pos, {values} FROM events AS e, "
            f"json_each(e.record, '$[{Event._fields.index(field)}]') AS x")


# Claims and quantities as views over the records written (where SQLite has JSON): no
# command reads them, and copying them into tables of their own took a fifth of a GED
# file's first run (2.5 of 13 s at 100,000 rows: 500,000 claims, each field taken out of
# its JSON again). They are there for whoever opens the database with SQL; `export sqlite`
# writes real tables, for people. Elsewhere the rows go into the tables from Python.
_RECORD_VIEWS = (_from_records("claims", "claim_rows", "claims", Claim, CLAIM_COLUMNS),
                 _from_records("quantities", "quantity_rows", "quantities", Quantity,
                               QUANTITY_COLUMNS))
_PLAIN_VIEWS = ("CREATE VIEW claims AS SELECT * FROM claim_rows",
                "CREATE VIEW quantities AS SELECT * FROM quantity_rows")
# Whether this SQLite can do the second pass itself: JSON and window functions (3.25).
_SQL_PASS_PROBE = "SELECT row_number() OVER (), value FROM json_each('[1]')"


def _sql_pass(conn: sqlite3.Connection) -> bool:
    """Return whether CONN's SQLite runs _SQL_PASS_PROBE."""
    try:
        conn.execute(_SQL_PASS_PROBE).fetchall()
    except sqlite3.OperationalError:
        return False
    return True


# What the compiled tables hold of one event, its position aside: the events row
# (store.event_row), its claims' and quantities' rows, the keys it is indexed under
# (store.keys_of) and its words to search.
Prepared = tuple[tuple, list[tuple], list[tuple], list[tuple[str, str]], str]


def prepare(event: Event, at: int = 0, made: Made | None = None) -> Prepared:
    """Return what the compiled tables hold of EVENT (see Prepared), the event at AT in
    display order, its words from MADE where it has them (_words)."""
    return (event_row(event), [_claim_row(x) for x in event.claims],
            [_quantity_row(q) for q in event.quantities], list(keys_of(event)),
            _words(event, at, made))


# The folded words made of events beforehand (made_in_part): the events they were made of,
# in display order, and each one's words or None (Chronology.prepared).
Made = tuple[tuple[Event, ...], list[bytes | None]]


def made_in_part(event: Event) -> bytes:
    """Return EVENT's folded words to search, as UTF-8: the costliest part of prepare,
    made where a part of a file is read (load/build.py)."""
    # UTF-8, as they are held till the compile: most hold non-ASCII letters, for which a
    # str takes two or four bytes each. Their records are not made there: held as well,
    # they took a 400,000-event first run over its memory goal (docs/performance.md).
    return _text(event).encode("utf-8")


def _words(event: Event, at: int, made: Made | None) -> str:
    """Return the folded words of EVENT, at AT in display order: taken out of MADE when it
    holds them for this very event there, else made here."""
    if made is not None and at < len(made[0]) and made[0][at] is event:
        # The very event: one changed since (readers._in_dataset) is made again.
        text, made[1][at] = made[1][at], None
        if text is not None:
            return text.decode("utf-8")
    return _text(event)


def _text(event: Event) -> str:
    """Return EVENT's own folded words to search (textsearch.py)."""
    from qalamoun_cli.textsearch import event_fields, folded

    # One row an event, its claims' words with it: a third of the rows to index, and a
    # match names the event, where the claims are.
    return folded(event_fields(event))


# A row of the FTS5 table: rowid, kind, id, folded names, other folded words.
_TEXT_ROW = "INSERT INTO texts (rowid, kind, id, names, text) VALUES (?,?,?,?,?)"


def _write_events(conn: sqlite3.Connection, events: Iterable[Event] | Staging,
                  texts: bool, made: Made | None) -> None:
    """Write EVENTS (display order, or staged) with their claims, quantities and, if TEXTS,
    words to search, from MADE where it has them (_words)."""
    writer = EventWriter(conn)
    if not (events.sql if isinstance(events, Staging) else _sql_pass(conn)):
        _write_prepared(conn, writer, events.ordered() if isinstance(events, Staging)
                        else (prepare(e, at, made) for at, e in enumerate(events)),
                        texts)
        for statement in _PLAIN_VIEWS:
            conn.execute(statement)
        return
    if isinstance(events, Staging):
        events.write(writer, texts)
    else:
        words: list[tuple] = []
        for event in events:
            row = event_row(event)
            pos = writer.add(row, keys_of(event))
            if texts:
                words.append((pos, "event", row[0], "", _words(event, pos, made)))
                if len(words) >= EventWriter.BATCH:
                    conn.executemany(_TEXT_ROW, words)
                    words.clear()
        if texts:
            conn.executemany(_TEXT_ROW, words)
        writer.finish()
    for statement in _RECORD_VIEWS:
        conn.execute(statement)


def _write_prepared(conn: sqlite3.Connection, writer: EventWriter,
                    events: Iterable[Prepared], texts: bool) -> None:
    """Write EVENTS (display order) as prepare made them, in one pass: a streamed
    dataset's events are read back only once (where SQLite cannot do it, _sql_pass)."""
    claims: list[tuple] = []
    quantities: list[tuple] = []
    words: list[tuple] = []

    def flush() -> None:
        conn.executemany("INSERT INTO claim_rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", claims)
        conn.executemany("INSERT INTO quantity_rows VALUES (?,?,?,?,?,?,?)", quantities)
        if texts:
            conn.executemany(_TEXT_ROW, words)
        claims.clear()
        quantities.clear()
        words.clear()

    for row, claim_rows, quantity_rows, keys, text in events:
        pos = writer.add(row, keys)
        claims.extend((pos, *x) for x in claim_rows)
        quantities.extend((pos, *q) for q in quantity_rows)
        if texts:
            words.append((pos, "event", row[0], "", text))
        if len(claims) >= EventWriter.BATCH:
            flush()
    flush()
    writer.finish()


class Staging:
    """Events kept as they are read, in file order, to be written in display order.

    A CSV file is read a row at a time into the database being compiled, whose positions
    are display order: the rows wait, prepared, in a temporary table (SQLite's temporary
    file, not memory) with the key they sort by, and the sort is SQLite's. Where SQLite
    has JSON and window functions (_sql_pass), it also writes the tables from there;
    elsewhere the rows are read back (ordered) and written from Python.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sql = _sql_pass(conn)
        conn.execute("PRAGMA temp_store = FILE")
        # REST: the rest of what prepare makes, as JSON ([claims, quantities, keys]), when
        # the rows are read back; otherwise the keys are in POSTINGS, by SEQ.
        conn.execute("CREATE TEMP TABLE staged (seq INTEGER PRIMARY KEY, first INTEGER NOT "
                     "NULL, second INTEGER NOT NULL, id, start, end, band, type, section, "
                     "summary, note, record, crc, rest TEXT, words TEXT NOT NULL)")
        self.rows: list[tuple] = []
        self.postings: dict[tuple[str, str], list[int]] = {}
        self.count = 0

    def add(self, event: Event) -> None:
        """Keep EVENT, the next in file order."""
        if self.sql:
            self.rows.append(staged_row(self.count, event))
            post(self.postings, self.count, keys_of(event))
        else:
            row, claim_rows, quantity_rows, keys, words = prepare(event)
            self.rows.append((self.count, *display_key(event.date), *row,
                              _json([claim_rows, quantity_rows, keys]), words))
        self.count += 1
        if len(self.rows) >= EventWriter.BATCH:
            self._flush()

    def drop(self) -> None:
        """Throw away what was kept (to stage the rows again, in a new Staging)."""
        self.conn.execute("DROP TABLE temp.staged")
        self.rows.clear()
        self.postings.clear()

    def _flush(self) -> None:
        self.absorb(self.rows)
        self.rows.clear()

    def absorb(self, rows: list[tuple]) -> None:
        """Keep ROWS, staged_row's, made elsewhere (load/table_parts.py); only where
        self.sql. Their numbers may come before or after those kept so far: the order is
        SQLite's, at the end."""
        self.conn.executemany(f"INSERT INTO temp.staged VALUES ({','.join('?' * 15)})", rows)

    def extend_postings(self, postings: dict[tuple[str, str], list[int]], after: int) -> None:
        """Add POSTINGS (numbers above every one kept so far) for rows absorbed; number
        the next event from AFTER on."""
        for key, seqs in postings.items():
            self.postings.setdefault(key, []).extend(seqs)
        self.count = max(self.count, after)

    def write(self, writer: EventWriter, texts: bool) -> None:
        """Write the events kept, in display order (stable: by file order among equals),
        into WRITER's tables and, if TEXTS, their words to search; only where self.sql.
        The temporary tables go with the connection."""
        self._flush()
        conn = self.conn
        # Each event's position, in both directions: rows by position, keys by seq.
        conn.execute("CREATE TEMP TABLE ranks (pos INTEGER PRIMARY KEY, seq INTEGER NOT NULL)")
        conn.execute("INSERT INTO temp.ranks SELECT row_number() OVER (ORDER BY first, "
                     "second, seq) - 1, seq FROM temp.staged")
        conn.execute("CREATE INDEX temp.ranks_by_seq ON ranks (seq, pos)")
        conn.execute("INSERT INTO events SELECT r.pos, s.id, s.start, s.end, s.band, s.type, "
                     "s.section, s.summary, s.note, s.record, s.crc FROM temp.ranks AS r "
                     "JOIN temp.staged AS s ON s.seq = r.seq ORDER BY r.pos")
        if texts:
            conn.execute("INSERT INTO texts (rowid, kind, id, names, text) SELECT r.pos, "
                         "'event', s.id, '', s.words FROM temp.ranks AS r "
                         "JOIN temp.staged AS s ON s.seq = r.seq ORDER BY r.pos")
        writer.postings = self.postings
        writer.finish(ranks="temp.ranks")

    def ordered(self) -> Iterator[Prepared]:
        """Yield each event kept, as prepare made it, in display order (stable: by file
        order among equals); only where not self.sql. The temporary table goes with the
        connection."""
        self._flush()
        self.conn.execute("CREATE INDEX temp.staged_order ON staged (first, second, seq)")
        # A cursor of its own: the caller writes through the connection meanwhile.
        cursor = self.conn.execute("SELECT id, start, end, band, type, section, summary, "
                                   "note, record, crc, rest, words FROM temp.staged "
                                   "ORDER BY first, second, seq")
        loads = json.loads
        for row in cursor:
            claim_rows, quantity_rows, keys = loads(row[10])
            yield (row[:10], claim_rows, quantity_rows, [(k, v) for k, v in keys], row[11])


def staged_row(seq: int, event: Event) -> tuple:
    """Return the row Staging keeps of EVENT, number SEQ in file order (where it has
    self.sql): its sort key, its events row and its words to search."""
    return (seq, *display_key(event.date), *event_row(event), None, _text(event))


def missing_feature(name: str) -> str:
    """Return the line that says this SQLite lacks the optional part NAME."""
    return f"this SQLite ({sqlite3.sqlite_version}) has no {name.upper()}: {FEATURE_USES[name]}"


def _optional_tables(conn: sqlite3.Connection) -> list[str]:
    """Create the FTS5 and R*Tree tables this SQLite can make; return their names."""
    made = []
    for feature, ddl in FEATURES.items():
        try:
            conn.execute(ddl)
        except sqlite3.OperationalError:  # "no such module": this build lacks it
            continue
        made.append(feature)
    return made


def _name_texts(c: Chronology) -> Iterator[tuple[int, str, str, str, str]]:
    """Yield the FTS5 rows of places, actors and sources: their folded names and other
    words, under negative rowids (the campaign's is -1)."""
    from qalamoun_cli.textsearch import folded, name_fields, other_fields

    rowid = -1
    for kind, table in (("place", c.places), ("actor", c.actors), ("source", c.sources)):
        for r in table.values():
            rowid -= 1
            yield rowid, kind, r.id, folded(name_fields(r)), folded(other_fields(r))


def check_database(conn: sqlite3.Connection) -> bool:
    """Return whether SQLite finds CONN's database whole (PRAGMA quick_check)."""
    return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def connect(path: str, *, write: bool = False) -> sqlite3.Connection:
    """Open the database at PATH: read-only and immutable unless WRITE."""
    if write:
        conn = sqlite3.connect(path, check_same_thread=False)
        # A database built in a temporary file and renamed into place needs no journal.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: index builds stay in memory
        return conn
    # immutable: written once and renamed into place, never changed, so no locks.
    return sqlite3.connect(f"file:{quote(path)}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


def read_database(conn: sqlite3.Connection, key: str,
                  damaged: Callable[[], Exception]) -> Chronology | None:
    """Return the chronology in CONN if it was compiled by this code for KEY, else None.

    Raises sqlite3.DatabaseError or ValueError when what is read on opening is damaged;
    DAMAGED makes the error raised for damage found later, as a command reads.
    """
    meta = _Meta(conn, damaged)
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID \
            or meta.get("format") != FORMAT or meta.get("key") != key:
        return None
    new = tuple.__new__
    summary = meta.get("summary")
    chronology = Chronology(
        Records(conn, "sides", Side, damaged), Records(conn, "actors", Actor, damaged),
        Records(conn, "sources", Source, damaged), Records(conn, "places", Place, damaged),
        EventStore(conn, damaged, (summary[0], summary[1], summary[2])),
        None, vocabulary={name: tuple(words) for name, words in meta.get("vocabulary").items()})
    campaign = meta.get("campaign")
    if campaign is not None:
        name, when, section, claims, quantities = campaign
        chronology.campaign = new(Campaign, (
            name, span_of(when) if when else None, section,
            tuple(new(Claim, x) for x in claims), tuple(new(Quantity, q) for q in quantities)))

    def compiled_names(kind: str) -> tuple:
        # One kind at a time: place search need not read 800 actors' names, nor an actor
        # filter 20,000 places'.
        return name_store.read_names(conn, kind, meta.read(f"names:{kind}"), damaged)

    chronology.compiled_names = compiled_names
    chronology.features = tuple(meta.get("features"))
    return chronology


class _Meta:
    """The META table, read a value at a time."""

    def __init__(self, conn: sqlite3.Connection, damaged: Callable[[], Exception]) -> None:
        self.conn, self.damaged = conn, damaged

    def get(self, name: str) -> Any:
        """Return the value NAME; raise ValueError if it is missing or damaged."""
        row = self.conn.execute("SELECT value, crc FROM meta WHERE name = ?", (name,)).fetchone()
        if row is None or crc32(row[0].encode("utf-8")) != row[1]:
            raise ValueError(f"meta {name} missing or damaged")
        return json.loads(row[0])

    def read(self, name: str) -> Any:
        """Return the value NAME, raising DAMAGED's error if it cannot be read."""
        try:
            return self.get(name)
        except Exception:
            raise self.damaged() from None


# The places whose R*Tree box meets (south, north, west, east): given as north, south, east,
# west (space.bounding_boxes makes them).
_IN_BOXES = ("SELECT p.rowid, p.id FROM place_boxes AS b JOIN places AS p "
             "ON p.rowid = b.place_rowid WHERE b.min_lat <= ? AND b.max_lat >= ? "
             "AND b.min_lon <= ? AND b.max_lon >= ?")


class Records(Mapping[str, Any]):
    """The records of one table by id, read as they are asked for, in file order."""

    def __init__(self, conn: sqlite3.Connection, table: str, kind: type,
                 damaged: Callable[[], Exception]) -> None:
        self.conn, self.table, self.kind, self.damaged = conn, table, kind, damaged
        self._found: dict[str, Any] = {}
        self._absent: set[Any] = set()  # asked for and not there (a side among actors)
        self._all: dict[str, Any] | None = None

    def _record(self, record: Any, check: Any) -> Any:
        try:
            if crc32(record.encode("utf-8")) != check:
                raise ValueError("checksum")
            return tuple.__new__(self.kind, (tuple(v) if isinstance(v, list) else v
                                             for v in json.loads(record)))
        except Exception:
            raise self.damaged() from None

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError:
            raise self.damaged() from None

    def get(self, key: Any, default: Any = None) -> Any:
        if self._all is not None:
            return self._all.get(key, default)
        if key not in self._found:
            if key in self._absent:
                return default
            rows = self._query(f"SELECT record, crc FROM {self.table} WHERE id = ?", (key,)) \
                if isinstance(key, str) else []
            if not rows:
                self._absent.add(key)
                return default
            self._found[key] = record = self._record(*rows[0])
            if record.id != key:
                raise self.damaged()
        return self._found[key]

    def __getitem__(self, key: str) -> Any:
        missing = object()
        found = self.get(key, missing)
        if found is missing:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read the records of IDS not read yet, in one query a few hundred at a time."""
        if self._all is not None:
            return
        wanted = sorted({i for i in ids if i not in self._found and i not in self._absent})
        for i in range(0, len(wanted), 400):
            chunk = wanted[i:i + 400]
            for record, check in self._query(
                    f"SELECT record, crc FROM {self.table} WHERE id IN "
                    f"({','.join('?' * len(chunk))})", tuple(chunk)):
                found = self._record(record, check)
                self._found[found.id] = found
        self._absent.update(i for i in wanted if i not in self._found)

    def where(self, field: str, values: set[str]) -> list[Any]:
        """Return, in file order, the records whose FIELD is one of VALUES."""
        if (self.table, field) not in INDEXED:
            return [r for r in self.values() if getattr(r, field) in values]
        found: list[tuple[int, Any]] = []
        ordered = sorted(values)
        for i in range(0, len(ordered), 400):
            chunk = ordered[i:i + 400]
            found += self._query(f"SELECT rowid, record, crc FROM {self.table} WHERE {field} "
                                 f"IN ({','.join('?' * len(chunk))})", tuple(chunk))
        records = [self._record(record, check) for _, record, check in sorted(found)]
        for record in records:
            self._found.setdefault(record.id, record)
        # The records decide, as in the event store: an index entry alone shows nothing.
        return [r for r in records if getattr(r, field) in values]

    def in_boxes(self, boxes: Iterable[tuple[float, float, float, float]]) -> list[str]:
        """Return, in file order, the ids of the places the R*Tree finds in any of BOXES
        (south, north, west, east); only where META's features have "rtree".

        Candidates only (space.located_in tests each record): SQLite stores the R*Tree's
        bounds as 32-bit floats rounded outwards, so no place inside is missed.
        """
        found: dict[int, str] = {}
        for south, north, west, east in boxes:
            found.update(self._query(_IN_BOXES, (north, south, east, west)))
        return [found[rowid] for rowid in sorted(found)]

    def _every(self) -> dict[str, Any]:
        if self._all is None:
            rows = self._query(f"SELECT record, crc FROM {self.table} ORDER BY rowid")
            self._all = {}
            for row in rows:
                record = self._record(*row)
                self._all[record.id] = record
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def values(self) -> Any:
        return self._every().values()

    def items(self) -> Any:
        return self._every().items()
