"""The searchable names of a compiled dataset: the keys in one read, the rest by position.

A search scores every folded key (search.NameIndex.folded) but reads the ids, names and
display names of the few it finds. Kept as one JSON value they were all decoded on every
search: 300,000 strings for 20,000 places with four names each, about 60 ms, most of a
`place` query at 400,000 events. Here the keys and their skeletons are two texts split at
once, and the rest is a table read a row at a time, or whole when a caller goes through
every name (resolving a typed name, completion).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from zlib import crc32

NAME_TABLES = """
CREATE TABLE name_entries (kind TEXT NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
                           name TEXT NOT NULL, crc INTEGER NOT NULL,
                           PRIMARY KEY (kind, position)) WITHOUT ROWID;
CREATE TABLE name_records (kind TEXT NOT NULL, id TEXT NOT NULL, display TEXT NOT NULL,
                           crc INTEGER NOT NULL, PRIMARY KEY (kind, id));
"""

# Folded keys are words of letters and digits joined by spaces (names.fold), and
# skeletons their consonants: neither holds a newline, which joins them.
_JOIN = "\n"


def _crc(*fields: Any) -> int:
    """Return the CRC-32 of a row's FIELDS: a row read alone is checked by it."""
    return crc32(_JOIN.join(map(str, fields)).encode("utf-8"))


def _whole_crc(values: Iterable[str]) -> int:
    """Return the CRC-32 of a whole column in order: a column read whole is checked by it."""
    return crc32(_JOIN.join(values).encode("utf-8"))


def name_rows(kind: str, index: Sequence[Any]) -> tuple[list[Any], list[tuple],
                                                         list[tuple]]:
    """Return what the compiled form keeps of INDEX (search.NameIndex's fields) of KIND.

    The meta value [count, keys, skeletons, and the CRC-32s of the ids, the names and
    the display names, each whole], the name_entries rows and the name_records rows.
    """
    ids, names, folded, display, skeletons = index
    if any(_JOIN in key for key in (*folded, *skeletons)):
        raise ValueError("a folded name holds a newline")  # names.fold never makes one
    value = [len(folded), _JOIN.join(folded), _JOIN.join(skeletons), _whole_crc(ids),
             _whole_crc(names), _whole_crc(_displayed(display.items()))]
    entries = [(kind, p, i, n, _crc(kind, p, i, n))
               for p, (i, n) in enumerate(zip(ids, names, strict=True))]
    records = [(kind, i, shown, _crc(kind, i, shown)) for i, shown in display.items()]
    return value, entries, records


def _displayed(pairs: Iterable[tuple[str, str]]) -> Iterator[str]:
    for record_id, shown in pairs:
        yield record_id
        yield shown


def read_names(conn: sqlite3.Connection, kind: str, value: list[Any],
               damaged: Callable[[], Exception]) -> tuple:
    """Return the fields of search.NameIndex for KIND from its meta VALUE and CONN's tables."""
    count, keys, bones, ids_crc, names_crc, display_crc = value
    folded = Keys(keys.split(_JOIN) if count else ())
    folded.text = keys
    if len(folded) != count or (bones.count(_JOIN) + 1 if count else 0) != count:
        raise damaged()
    return (_Column(conn, kind, 2, count, ids_crc, damaged),
            _Column(conn, kind, 3, count, names_crc, damaged),
            folded, _Display(conn, kind, display_crc, damaged), Joined(bones, count))


class Keys(tuple[str, ...]):
    """The folded keys, a tuple (RapidFuzz scores it), with TEXT: them joined by newlines.

    search.word_sets_within searches TEXT, which the compiled form holds already.
    """

    text: str


class Joined(Sequence[str]):
    """COUNT texts joined by newlines (TEXT), split only if one is asked for by position.

    A search looks for one skeleton among them all (search.occurrences reads TEXT): 100,000
    strings made for that cost more than the search.
    """

    def __init__(self, text: str, count: int) -> None:
        self.text, self.count = text, count
        self._split: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, position: Any) -> Any:
        if self._split is None:
            self._split = tuple(self.text.split(_JOIN)) if self.count else ()
        return self._split[position]


class _Column(Sequence[str]):
    """A column of a kind's name_entries (FIELD: 2 ids, 3 names), by position: one row read
    when asked for, or all of them."""

    def __init__(self, conn: sqlite3.Connection, kind: str, field: int, count: int,
                 whole_crc: int, damaged: Callable[[], Exception]) -> None:
        self.conn, self.kind, self.field, self.count = conn, kind, field, count
        self.whole_crc, self.damaged = whole_crc, damaged
        self._all: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, position: Any) -> Any:
        if self._all is not None or not isinstance(position, int):
            return self.all()[position]
        if -self.count <= position < 0:
            position += self.count
        if not 0 <= position < self.count:
            raise IndexError(position)
        rows = _query(self.conn, "SELECT kind, position, id, name, crc FROM name_entries "
                      "WHERE kind = ? AND position = ?", (self.kind, position), self.damaged)
        if len(rows) != 1 or _crc(*rows[0][:4]) != rows[0][4]:
            raise self.damaged()
        return rows[0][self.field]

    def __iter__(self) -> Iterator[str]:
        return iter(self.all())

    def all(self) -> tuple[str, ...]:
        """Return the whole column in position order (read once, checked whole)."""
        if self._all is None:
            column = ("id", "name")[self.field - 2]
            rows = _query(self.conn, f"SELECT {column} FROM name_entries WHERE kind = ? "
                          f"ORDER BY position", (self.kind,), self.damaged)
            values = tuple(value for (value,) in rows)
            if len(values) != self.count or _whole_crc(values) != self.whole_crc:
                raise self.damaged()
            self._all = values
        return self._all


class _Display(Mapping[str, str]):
    """Each record's display name by id, from name_records: a row at a time, or all.

    An id the names have (name_entries) and the display names lack means damage; any
    other id is not there (KeyError, as a mapping says so).
    """

    def __init__(self, conn: sqlite3.Connection, kind: str, whole_crc: int,
                 damaged: Callable[[], Exception]) -> None:
        self.conn, self.kind, self.whole_crc, self.damaged = conn, kind, whole_crc, damaged
        self._found: dict[str, str] = {}
        self._all: dict[str, str] | None = None

    def __getitem__(self, record_id: str) -> str:
        if self._all is not None:
            if record_id not in self._all:
                self._missing(record_id)
            return self._all[record_id]
        if record_id not in self._found:
            rows = _query(self.conn, "SELECT kind, id, display, crc FROM name_records "
                          "WHERE kind = ? AND id = ?", (self.kind, record_id), self.damaged)
            if not rows:
                self._missing(record_id)
            if len(rows) != 1 or _crc(*rows[0][:3]) != rows[0][3]:
                raise self.damaged()
            self._found[record_id] = rows[0][2]
        return self._found[record_id]

    def _missing(self, record_id: Any) -> None:
        """Raise KeyError for RECORD_ID, or the damaged error if the names have it."""
        named = _query(self.conn, "SELECT 1 FROM name_entries WHERE kind = ? AND id = ? "
                       "LIMIT 1", (self.kind, record_id), self.damaged)
        if named:
            raise self.damaged()
        raise KeyError(record_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def _whole(self) -> dict[str, str]:
        if self._all is None:
            rows = _query(self.conn, "SELECT id, display FROM name_records WHERE kind = ? "
                          "ORDER BY rowid", (self.kind,), self.damaged)
            if _whole_crc(_displayed(rows)) != self.whole_crc:
                raise self.damaged()
            self._all = dict(rows)
        return self._all


def _query(conn: sqlite3.Connection, sql: str, params: tuple,
           damaged: Callable[[], Exception]) -> list[tuple]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.DatabaseError:
        raise damaged() from None
