"""The events of a chronology, with indexes, materialised only when asked for.

A dataset of 100,000 events must answer a date range in a fraction of a second, so the
store keeps, in display order, each event's sort day, start and end as arrays, and, for
each place, actor, source, type and claim source or party, the positions of the events that
name it. Event records themselves may stay packed (one marshal blob each, from the cache)
until a query selects them.

Display order: by the first known bound (start, else end), then the other (end, else
start), then the order of the files; undated events last, in file order. An unknown bound
is stored as OPEN_START or OPEN_END, beyond every real day, so that it counts as unbounded.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any
from zlib import crc32

from qalamoun_cli.model import Claim, DateSpan, Event, Quantity

# Index kinds: what an event is found by.
KINDS = ("place", "actor", "source", "type", "claim", "claim_source", "claim_party")
# Ordinals of unknown bounds: before and after every day a date can name.
OPEN_START = 0
OPEN_END = date.max.toordinal() + 1


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


def span_row(span: DateSpan) -> tuple:
    """Return a date span as a plain tuple, days as ordinals or None (for marshal)."""
    start, end = span.start, span.end
    return (span.text, None if start is None else start.toordinal(),
            None if end is None else end.toordinal(), span.precision, span.anchor)


def span_of(row: tuple) -> DateSpan:
    """Rebuild a DateSpan from span_row's tuple."""
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


def pack_event(event: Event) -> bytes:
    """Return EVENT as marshal bytes of plain tuples (dates as ordinals)."""
    return marshal.dumps((
        event.id, span_row(event.date), event.section, event.type, event.summary,
        event.places, event.actors, event.sources,
        tuple(tuple(c) for c in event.claims), tuple(tuple(q) for q in event.quantities),
        event.note))


def unpack_event(raw: bytes) -> Event:
    """Rebuild an Event from pack_event's bytes (tuple.__new__ runs at C speed)."""
    new = tuple.__new__
    r = marshal.loads(raw)
    return new(Event, (r[0], span_of(r[1]), r[2], r[3], r[4], r[5], r[6], r[7],
                       tuple(new(Claim, c) for c in r[8]),
                       tuple(new(Quantity, q) for q in r[9]), r[10]))


class EventStore(Sequence[Event]):
    """Events in display order (see the module), with per-key position indexes."""

    def __init__(self, keys: array, starts: array, ends: array, open_start: array,
                 postings: dict[str, dict[str, array]], events: list[Event | None],
                 packed: tuple | None = None):
        # KEYS (each event's first sort day, OPEN_END if undated) ascend, so a range of
        # days is a bisect; STARTS and ENDS are the bounds (OPEN_START, OPEN_END where
        # unknown); OPEN_START lists, ascending, the events whose start alone is unknown.
        self.keys = keys
        self.starts = starts
        self.ends = ends
        self.open_start = open_start
        self.dated = bisect_left(keys, OPEN_END)
        self.postings = postings
        self._events = events
        # (read(offset, length), where the events begin, their offsets and CRC-32s, the
        # cache entry for messages)
        self._packed = packed

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> EventStore:
        """Build a store from EVENTS in file order (sorted here: a stable sort keeps it
        among events of the same days)."""
        ordered = sorted(events, key=lambda e: display_key(e.date))
        postings: dict[str, dict[str, array]] = {kind: {} for kind in KINDS}
        for position, event in enumerate(ordered):
            for kind, key in keys_of(event):
                postings[kind].setdefault(key, array("i")).append(position)
        keys = array("i", (display_key(e.date)[0] for e in ordered))
        spans = [bounds(e.date) for e in ordered]
        starts = array("i", (s for s, _ in spans))
        ends = array("i", (e for _, e in spans))
        open_start = array("i", (i for i, (s, e) in enumerate(spans)
                                 if s == OPEN_START and e != OPEN_END))
        return cls(keys, starts, ends, open_start, postings, list(ordered))

    # -- packing for the cache ---------------------------------------------------------------

    def pack(self) -> tuple[tuple, bytes]:
        """Return the indexes as marshal-able values, and the events' blob (see unpack)."""
        blobs = [pack_event(self[i]) for i in range(len(self))]
        offsets = array("q", [0])
        for blob in blobs:
            offsets.append(offsets[-1] + len(blob))
        checks = array("I", (crc32(blob) for blob in blobs))
        postings = {kind: {key: positions.tobytes() for key, positions in table.items()}
                    for kind, table in self.postings.items()}
        return (self.keys.tobytes(), self.starts.tobytes(), self.ends.tobytes(),
                self.open_start.tobytes(), offsets.tobytes(), checks.tobytes(),
                postings), b"".join(blobs)

    @classmethod
    def unpack(cls, indexes: tuple, read: Callable[[int, int], bytes], at: int,
               damaged: Callable[[], Exception]) -> EventStore:
        """Rebuild a store from pack(); READ(offset, length) reads the events' blob, which
        begins at offset AT.

        Events stay packed until read, and are checked against their CRC-32 then; a bad one
        raises what DAMAGED returns (the cache removes its entry: the store does not know
        where it lives).
        """
        *raw_arrays, postings_raw = indexes
        keys, starts, ends, open_start = (array("i") for _ in range(4))
        offsets, checks = array("q"), array("I")
        for target, raw in zip((keys, starts, ends, open_start, offsets, checks), raw_arrays,
                               strict=True):
            target.frombytes(raw)
        postings: dict[str, dict[str, array]] = {}
        for kind, table in postings_raw.items():
            postings[kind] = {}
            for key, raw in table.items():
                positions = array("i")
                positions.frombytes(raw)
                postings[kind][key] = positions
        if not len(offsets) == len(keys) + 1 == len(starts) + 1 == len(ends) + 1 \
                == len(checks) + 1:
            raise ValueError("inconsistent event store")
        return cls(keys, starts, ends, open_start, postings, [None] * len(starts),
                   (read, at, offsets, checks, damaged))

    # -- Sequence ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, position: Any) -> Any:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        event = self._events[position]
        if event is None:
            read, at, offsets, checks, damaged = self._packed  # type: ignore[misc]
            if position < 0:
                position += len(self)
            start = offsets[position]
            try:
                raw = read(at + start, offsets[position + 1] - start)
                if crc32(raw) != checks[position]:
                    raise ValueError("damaged")
                event = unpack_event(raw)
            except Exception:
                raise damaged() from None
            self._events[position] = event
        return event

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                          strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # -- queries -------------------------------------------------------------------------------

    def overlapping(self, start: date | None, end: date | None, *,
                    undated: bool = False) -> list[int]:
        """Return, in display order, the positions of events that may have happened within
        [START, END] (None: unbounded on that side).

        An unknown bound counts as unbounded. With neither START nor END every event is
        returned; otherwise undated events only with UNDATED.
        """
        if start is None and end is None:
            return list(range(len(self)))
        dated = self.dated
        if end is None:
            stop = dated
        else:
            # Events before STOP begin (or, start unknown, end) by END; of the later ones,
            # only those whose start is unknown began by then (and end after it).
            stop = bisect_right(self.keys, end.toordinal(), 0, dated)
        if start is None:
            found = list(range(stop))
        else:
            first = start.toordinal()
            ends = self.ends
            found = [i for i in range(stop) if ends[i] >= first]
        if end is not None:
            open_start = self.open_start
            later = open_start[bisect_left(open_start, stop):]
            found.extend(later if start is None else (i for i in later if ends[i] >= first))
        if undated:
            found.extend(range(dated, len(self)))
        return found

    def undated_positions(self) -> frozenset[int]:
        """Return the positions of the undated events (the last ones)."""
        return frozenset(range(self.dated, len(self)))

    def positions(self, kind: str, keys: Iterable[str]) -> set[int]:
        """Return the positions of events indexed under any of KEYS for KIND."""
        table = self.postings.get(kind, {})
        found: set[int] = set()
        for key in keys:
            if key in table:
                found.update(table[key])
        return found
