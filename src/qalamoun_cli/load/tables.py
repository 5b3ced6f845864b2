"""Standard datasets as CSV (UCDP GED, ACLED): recognised by their header, read into records.

A file is GED or ACLED by the columns its header names, with no configuration (ged.py and
acled.py hold each dataset's columns and mapping; docs/standard-datasets.md tells them).
Rows are read with the csv module and built straight into records: no YAML, no node tree.

Published figures are kept exactly as released: where they break low <= best <= high the
claim is marked (Claim.inconsistent) and `validate` shows a warning, never an error. A row
that cannot be read is an error `file:line: column: message`; with SKIP_INVALID it is left
out and counted, never dropped silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from itertools import islice
from typing import Any

from qalamoun_cli.errors import Problem
from qalamoun_cli.load.nodes import MAX_INT
from qalamoun_cli.load.rows import Unreadable, header_of, rows, text_of
from qalamoun_cli.model import Actor, Chronology, Event, Place, Source

TABLE_SUFFIXES = (".csv", ".csv.gz")
# GED's columns as the properties of a FeatureCollection's features (load/geojson.py).
GEOJSON_SUFFIXES = (".geojson", ".geojson.gz")


def is_table(name: str) -> bool:
    """Return whether the file NAME is read as a standard dataset (CSV, GeoJSON), not YAML."""
    return name.lower().endswith(TABLE_SUFFIXES + GEOJSON_SUFFIXES)


def is_geojson(name: str) -> bool:
    """Return whether the standard-dataset file NAME is GeoJSON rather than CSV."""
    return name.lower().endswith(GEOJSON_SUFFIXES)


class BadCell(Exception):
    """A cell cannot be read: the row is not used (see Rows.cell)."""


class TableReader:
    """What the readers of one dataset's files build together: records, problems, counts.

    A dataset's read_row gets the reader and one row (Cells: the row's cells by column
    name; self.file and self.line say where it is) and calls add_event. Events go to SINK
    when there is one (the database being compiled: see readers.compile_tables), else to
    self.events; places, actors, sources, ids and problems are kept here.
    """

    def __init__(self, skip_invalid: bool = False,
                 sink: Callable[[Event], None] | None = None) -> None:
        self.skip_invalid = skip_invalid
        self.sink = sink
        self.failed = False  # an error found: what SINK would get is thrown away
        self.places: dict[str, Place] = {}
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, Source] = {}
        self.events: list[Event] = []
        self.event_types: list[str] = []
        self.problems: list[Problem] = []
        self.skipped: dict[str, int] = {}  # bad rows left out, by file
        self.event_lines: dict[str, tuple[str, int]] = {}
        # Derived ids and the key each was made from: two keys never share an id.
        self.derived: dict[tuple[str, str], tuple] = {}
        # What place, actor and source returned, by their arguments: the rows of a dataset
        # name the same few thousand places and actors again and again.
        self.known: dict[tuple, str | None] = {}
        self.file = ""
        self.line = 0

    # -- ids -----------------------------------------------------------------------------

    def derive(self, kind: str, prefix: str, name: str, key: tuple) -> str:
        """Return the id of the record KEY: PREFIX, NAME as a slug, and a hash of KEY.

        The hash makes the id depend on the whole key (a place's coordinates and the
        divisions it lies in), not on the order of rows; a clash of two keys on one id is
        an error, never a merge.
        """
        digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=5).hexdigest()
        made = f"{prefix}-{slug(name)}-{digest}"
        seen = self.derived.setdefault((kind, made), key)
        if seen != key:
            raise BadCell(f"{kind} id {made!r} would name both {seen!r} and {key!r}")
        return made

    def place(self, prefix: str, chain: list[tuple[str, str]],
              point: tuple[str, float, float, str, str] | None) -> str | None:
        """Return the id of the innermost place of CHAIN (kind words, names) and POINT.

        CHAIN is the divisions from the country inward, empty ones left out; POINT (name,
        lat, lon, precision, note) is the coded location inside the last of them. Each is
        a place of its own, inside the one before it.
        """
        # -0.0 == 0.0, yet their ids differ (made from repr): such points are not remembered.
        asked = ("place", prefix, *chain, point) if point is None or (point[1] and point[2]) \
            else None
        known = self.known.get(asked, asked)
        if known is not asked:
            return known
        parent: str | None = None
        country = chain[0][1] if chain else None
        key: tuple = ()
        for what, name in chain:
            key = (*key, name)
            place_id = self.derive("place", prefix, name, key)
            if place_id not in self.places:
                self.places[place_id] = Place(place_id, name, country=country,
                                              parent=parent, note=what)
            parent = place_id
        if point is None:
            if asked is not None:
                self.known[asked] = parent
            return parent
        name, lat, lon, precision, note = point
        key = (*key, "@", name, lat, lon, precision)
        place_id = self.derive("place", prefix, name, key)
        if place_id not in self.places:
            self.places[place_id] = Place(place_id, name, country=country, parent=parent,
                                          lat=lat, lon=lon, coord_precision=precision,
                                          note=note)
        if asked is not None:
            self.known[asked] = place_id
        return place_id

    def actor(self, prefix: str, name: str) -> str:
        """Return the id of the actor NAME (the dataset's exact wording is its key)."""
        return self._named("actor", self.actors, Actor, prefix, name)

    def source(self, prefix: str, name: str) -> str:
        """Return the id of the source NAME, as the dataset words it."""
        return self._named("source", self.sources, Source, prefix, name)

    def _named(self, kind: str, table: dict[str, Any], make: Callable[..., Any], prefix: str,
               name: str) -> str:
        record_id = self.known.get((kind, prefix, name))
        if record_id is None:
            record_id = self.derive(kind, prefix, name, (name,))
            if record_id not in table:
                table[record_id] = make(record_id, name, None)
            self.known[kind, prefix, name] = record_id
        return record_id

    def event_type(self, word: str) -> str:
        """Return WORD, added to the dataset's event types (its own vocabulary)."""
        if word not in self.event_types:
            self.event_types.append(word)
        return word

    # -- problems ------------------------------------------------------------------------

    def warn(self, column: str, message: str) -> None:
        """Record a warning about the current row: kept, but worth a look."""
        self.problems.append(Problem(self.file, self.line, 0, f"{column}: {message}",
                                     warning=True))

    def add_event(self, event: Event, column: str) -> None:
        """Add EVENT, unless its id is already taken (an error at this row's COLUMN)."""
        first = self.event_lines.get(event.id)
        if first is not None:
            where = f"line {first[1]}" if first[0] == self.file else f"{first[0]}:{first[1]}"
            raise BadCell(f"{column}: event id {event.id!r} is already at {where}")
        self.event_lines[event.id] = (self.file, self.line)
        if self.sink is None:
            self.events.append(event)
        elif not self.failed:
            self.sink(event)

    # -- files ---------------------------------------------------------------------------

    def read_file(self, name: str, raw: bytes, datasets: tuple[Any, ...],
                  split: Callable[..., None] | None = None) -> None:
        """Read one CSV file into the records, as the one of DATASETS its header names.

        A dataset is a module (ged.py, acled.py) with NAME, REQUIRED, recognise, start and
        read_row. SPLIT, when given, reads a file of a known dataset instead
        (table_parts.read_file's first five arguments).
        """
        self.file, self.line = name, 0
        try:
            raw = text_of(name, raw)
            header = header_of(name, raw)
            if split is not None:
                # Only a file read_rows would read (it reads the first dataset it knows).
                known = next((d for d in datasets if d.recognise(header)), None)
                if known is not None and lacking(known, header) is None:
                    split(self, name, raw, header, datasets)
                    return
            self.read_rows(name, header, lambda: rows(name, raw), datasets)
        except Unreadable as exc:
            self.error(exc.problem)

    def read_rows(self, name: str, header: list[str],
                  rows: Callable[[], Iterable[tuple[int, list[str]]]],
                  datasets: tuple[Any, ...]) -> None:
        """Read the file NAME, whose columns are HEADER, as the one of DATASETS they name.

        ROWS gives (line, cells in HEADER's order) for each row, once HEADER is known to
        be a dataset's: CSV rows (read_file), or another form of the same columns. It may
        raise Unreadable (for the caller to record).
        """
        self.file, self.line = name, 0
        dataset = next((d for d in datasets if d.recognise(header)), None)
        if dataset is None:
            self.error(Problem(name, 1, 0, unknown_header(header, datasets)))
            return
        missing = lacking(dataset, header)
        if missing:
            self.error(Problem(name, 1, 0, missing))
            return
        dataset.start(self)
        read_row = dataset.read_row
        width = len(header)
        where = {c: i for i, c in enumerate(header)}
        for line, cells in rows():
            self.line = line
            mark = self.mark()
            try:
                if len(cells) != width:
                    raise BadCell(f"the row has {len(cells)} cells, the header "
                                  f"{width} (a truncated or shifted row?)")
                read_row(self, Cells(cells, where))
            except BadCell as bad:
                self.bad_row(str(bad), mark)

    def error(self, problem: Problem) -> None:
        """Record PROBLEM, an error: the dataset will not be compiled."""
        self.problems.append(problem)
        self.failed = True

    def mark(self) -> tuple[int, ...] | None:
        """Return how many records there are before a row (None: no row is skipped)."""
        if not self.skip_invalid:
            return None
        return (len(self.places), len(self.actors), len(self.sources), len(self.known),
                len(self.derived), len(self.event_types))

    def bad_row(self, message: str, mark: tuple[int, ...] | None = None) -> None:
        """Record that the current row cannot be read: an error, or a skip and its count.

        A row skipped leaves nothing behind: the places, actors and sources it made before
        its bad cell are taken out again (MARK: what there was before it).
        """
        if self.skip_invalid:
            self.problems.append(Problem(self.file, self.line, 0, message, warning=True))
            self.skipped[self.file] = self.skipped.get(self.file, 0) + 1
            if mark is not None:
                tables = (self.places, self.actors, self.sources, self.known, self.derived)
                for table, before in zip(tables, mark, strict=False):
                    # Dicts keep their order: the row's records are the last ones in.
                    for key in list(islice(reversed(table), len(table) - before)):
                        del table[key]
                del self.event_types[mark[-1]:]
        else:
            self.error(Problem(self.file, self.line, 0, message))

    def finish(self) -> Chronology:
        """Return the records read, events in display order (none when they went to SINK)."""
        from qalamoun_cli.store import in_display_order

        vocabulary = {"event_types": tuple(self.event_types)} if self.event_types else {}
        chronology = Chronology({}, self.actors, self.sources, self.places,
                                in_display_order(self.events), None, vocabulary=vocabulary)
        # An event's row, for an id that another dataset has too (readers.py); places,
        # actors and sources are made from many rows, and declared in none.
        lines = self.event_lines
        chronology.declared_at = lambda kind, value: lines.get(value) if kind == "event" \
            else None
        return chronology


class Cells:
    """One row's cells by column name, read into values or a BadCell naming the column."""

    __slots__ = ("cells", "where")

    def __init__(self, cells: list[str], where: dict[str, int]) -> None:
        self.cells, self.where = cells, where

    def text(self, column: str) -> str | None:
        """Return the cell of COLUMN without surrounding blanks; None when empty or absent."""
        at = self.where.get(column)
        if at is None:
            return None
        return self.cells[at].strip() or None

    def required(self, column: str) -> str:
        """Return the cell of COLUMN; empty is an error."""
        value = self.text(column)
        if value is None:
            raise BadCell(f"{column}: empty; this column must have a value")
        return value

    def count(self, column: str) -> int:
        """Return the cell of COLUMN as a whole number of at least 0."""
        value = self.required(column)
        if len(value) < _SHORT and value.isascii() and value.isdigit():
            return int(value)  # the usual cell, below MAX_INT: the checks below pass
        # ASCII digits only: int() also reads '1_000', '+5' and other scripts' digits.
        if _INTEGER.match(value) is None:
            raise BadCell(f"{column}: {value!r} is not a whole number") from None
        if value.startswith("-"):
            raise BadCell(f"{column}: {value} is negative; a count cannot be")
        if len(value) > len(str(MAX_INT)) or int(value) > MAX_INT:
            # As in YAML: beyond any count, and beyond SQLite's integers. The reason first:
            # a value of 5,000 digits is cut short when shown.
            raise BadCell(f"{column}: larger than {MAX_INT}: {value}")
        return int(value)

    def code(self, column: str, codes: dict[str, Any]) -> Any:
        """Return what the code in COLUMN means (CODES: the codebook's codes)."""
        value = self.required(column)
        if value not in codes:
            raise BadCell(f"{column}: {value!r} is not one of the codes "
                          f"{', '.join(codes)}")
        return codes[value]

    def coordinate(self, column: str, limit: int) -> float:
        """Return the cell of COLUMN as degrees between -LIMIT and LIMIT."""
        value = self.required(column)
        if _DECIMAL.match(value) is None:  # float() reads '1_0.5', 'nan', '٣٥.٥'
            raise BadCell(f"{column}: {value!r} is not a number of degrees")
        number = float(value)
        if not -limit <= number <= limit:  # NaN too
            raise BadCell(f"{column}: {value} is outside -{limit}..{limit}")
        return number

    def day(self, column: str, parse: Callable[[str], date | None],
            forms: str = "YYYY-MM-DD") -> date:
        """Return the cell of COLUMN as a day, by PARSE (None: not in a known form), whose
        FORMS the message names."""
        value = self.required(column)
        try:
            day = parse(value)
        except ValueError as exc:
            what = "time of day" if "time of day" in str(exc) else "day"
            raise BadCell(f"{column}: {value!r} is not a {what} that exists") from None
        if day is None:
            raise BadCell(f"{column}: {value!r} is not a date (expected {forms})")
        return day

    def several(self, column: str) -> list[str]:
        """Return the `;`-separated values of COLUMN, blanks dropped, in order, once each."""
        value = self.text(column)
        if value is None:
            return []
        return list(dict.fromkeys(p.strip() for p in value.split(";") if p.strip()))


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?\Z",
                      re.ASCII)
# The forms iso_day reads, as messages name them.
ISO_FORMS = "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.fff or YYYY-MM-DDTHH:MM:SS"
_INTEGER = re.compile(r"-?[0-9]+\Z")
_SHORT = len(str(MAX_INT))  # fewer digits than this: never above MAX_INT
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_MONTHS = {name.casefold(): number for number, names in enumerate((
    ("Jan", "January"), ("Feb", "February"), ("Mar", "March"), ("Apr", "April"),
    ("May",), ("Jun", "June"), ("Jul", "July"), ("Aug", "August"),
    ("Sep", "Sept", "September"), ("Oct", "October"), ("Nov", "November"),
    ("Dec", "December")), 1) for name in names}


def iso_day(value: str) -> date | None:
    """Return the day of '2015-05-04', '2015-05-04 00:00:00.000' or '2015-05-04T00:00:00'.

    None when VALUE has none of these forms; ValueError when it names no real day.
    """
    match = _ISO_DAY.match(value)
    if match is None:
        return None
    if match[4] is not None and (int(match[4]) > 23 or int(match[5]) > 59
                                 or int(match[6]) > 59):
        raise ValueError(f"no such time of day in {value!r}")  # 25:00:00 is no moment
    return date(int(match[1]), int(match[2]), int(match[3]))


def worded_day(value: str) -> date | None:
    """Return the day of '16 May 2025' (ACLED's other form), or None; ValueError if unreal."""
    parts = value.split()
    if len(parts) != 3 or re.fullmatch(r"[0-9]{1,2}", parts[0]) is None \
            or re.fullmatch(r"[0-9]{4}", parts[2]) is None:
        return None
    month = _MONTHS.get(parts[1].casefold())
    if month is None:
        return None  # a month's name or abbreviation, whole: not "Mayonnaise"
    return date(int(parts[2]), month, int(parts[0]))  # ValueError: no such day


def roles_of(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return an event's actors and their roles from (column, actor id) PAIRS.

    Each actor once, in order; one in two columns has both roles, joined by "; ".
    """
    roles: dict[str, list[str]] = {}
    for column, actor in pairs:
        roles.setdefault(actor, []).append(column)
    return tuple(roles), tuple("; ".join(dict.fromkeys(r)) for r in roles.values())


def slug(text: str) -> str:
    """Return TEXT as a short lowercase slug (letters, digits, hyphens); 'x' if none."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", folded.lower())
    out = "-".join(words)[:40].strip("-")
    return out or "x"


def lacking(dataset: Any, columns: Any) -> str | None:
    """Return the line for a DATASET file without some column it needs; None if it has all.

    COLUMNS: the names the file has (a CSV header; a GeoJSON feature's properties).
    """
    missing = [c for c in dataset.REQUIRED if c not in columns]
    if not missing:
        return None
    article = "an" if dataset.NAME[0] in "AEIO" else "a"  # "a UCDP GED", "an ACLED"
    plural = "s" if len(missing) > 1 else ""
    return (f"{article} {dataset.NAME} file, but without the column{plural} "
            f"{', '.join(missing)} (needed: {', '.join(dataset.REQUIRED)})")


def unknown_header(header: list[str], datasets: tuple[Any, ...]) -> str:
    """Return the one line for a CSV file that is none of DATASETS."""
    shown = ", ".join(header[:6]) + (", …" if len(header) > 6 else "")
    # The columns each dataset is known by: short enough for one line. Once a file is
    # known, the columns it lacks are named in full (TableReader.read_file).
    expected = "; ".join(f"{d.NAME} files have the columns {', '.join(d.SIGNATURE)}"
                         for d in datasets)
    names = " or ".join(d.NAME for d in datasets)
    return f"not a {names} file: {expected}; the header has {shown or 'no columns'}"
