"""The events of a chronology, with indexes, materialised only when asked for.

A dataset of 100,000 events must answer a date range in a fraction of a second, so the
store keeps the start and end days as arrays (sorted by start) and, for each place, actor,
source, type and claim source or party, the positions of the events that name it. Event
records themselves may stay packed (one marshal blob each, from the cache) until a query
selects them.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any
from zlib import crc32

from qalamoun_cli.model import Claim, DateSpan, Event, Quantity

# Index kinds: what an event is found by.
KINDS = ("place", "actor", "source", "type", "claim", "claim_source", "claim_party")


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
    yield "type", event.type
    if event.claims:
        yield "claim", ""
    for source in {c.source for c in event.claims}:
        yield "claim_source", source
    for party in {c.party for c in event.claims}:
        yield "claim_party", party


def span_row(span: DateSpan) -> tuple:
    """Return a date span as a plain tuple, days as ordinals (for marshal)."""
    return (span.text, span.start.toordinal(), span.end.toordinal(), span.precision,
            span.anchor)


def span_of(row: tuple) -> DateSpan:
    """Rebuild a DateSpan from span_row's tuple."""
    day = date.fromordinal
    return tuple.__new__(DateSpan, (row[0], day(row[1]), day(row[2]), row[3], row[4]))


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
    """Events sorted by (start, end, id), with per-key position indexes."""

    def __init__(self, starts: array, ends: array, postings: dict[str, dict[str, array]],
                 events: list[Event | None], packed: tuple | None = None):
        self.starts = starts
        self.ends = ends
        self.postings = postings
        self._events = events
        # (read(offset, length), where the events begin, their offsets and CRC-32s, the
        # cache entry for messages)
        self._packed = packed

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> EventStore:
        """Build a store from events (sorted here by start, end, id)."""
        ordered = sorted(events, key=lambda e: (e.date.start, e.date.end, e.id))
        postings: dict[str, dict[str, array]] = {kind: {} for kind in KINDS}
        for position, event in enumerate(ordered):
            for kind, key in keys_of(event):
                postings[kind].setdefault(key, array("i")).append(position)
        starts = array("i", (e.date.start.toordinal() for e in ordered))
        ends = array("i", (e.date.end.toordinal() for e in ordered))
        return cls(starts, ends, postings, list(ordered))

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
        return (self.starts.tobytes(), self.ends.tobytes(), offsets.tobytes(),
                checks.tobytes(), postings), b"".join(blobs)

    @classmethod
    def unpack(cls, indexes: tuple, read: Callable[[int, int], bytes], at: int,
               damaged: Callable[[], Exception]) -> EventStore:
        """Rebuild a store from pack(); READ(offset, length) reads the events' blob, which
        begins at offset AT.

        Events stay packed until read, and are checked against their CRC-32 then; a bad one
        raises what DAMAGED returns (the cache removes its entry: the store does not know
        where it lives).
        """
        starts_raw, ends_raw, offsets_raw, checks_raw, postings_raw = indexes
        starts, ends, offsets, checks = array("i"), array("i"), array("q"), array("I")
        starts.frombytes(starts_raw)
        ends.frombytes(ends_raw)
        offsets.frombytes(offsets_raw)
        checks.frombytes(checks_raw)
        postings: dict[str, dict[str, array]] = {}
        for kind, table in postings_raw.items():
            postings[kind] = {}
            for key, raw in table.items():
                positions = array("i")
                positions.frombytes(raw)
                postings[kind][key] = positions
        if not len(offsets) == len(starts) + 1 == len(ends) + 1 == len(checks) + 1:
            raise ValueError("inconsistent event store")
        return cls(starts, ends, postings, [None] * len(starts),
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

    def overlapping(self, start: date | None, end: date | None) -> list[int]:
        """Return the positions of events whose [start, end] overlaps the range, in order."""
        stop = len(self) if end is None else bisect_right(self.starts, end.toordinal())
        if start is None:
            return list(range(stop))
        first = start.toordinal()
        ends = self.ends
        return [i for i in range(stop) if ends[i] >= first]

    def positions(self, kind: str, keys: Iterable[str]) -> set[int]:
        """Return the positions of events indexed under any of KEYS for KIND."""
        table = self.postings.get(kind, {})
        found: set[int] = set()
        for key in keys:
            if key in table:
                found.update(table[key])
        return found
