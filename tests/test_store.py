"""The indexed event store answers like a plain scan, packed or not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.dates import overlaps
from qalamoun_cli.model import DateSpan, Event
from qalamoun_cli.store import EventStore

DAY0 = date(2015, 5, 1)


def event(i: int, start: int, span: int) -> Event:
    when = DateSpan("x", DAY0 + timedelta(days=start), DAY0 + timedelta(days=start + span), "day")
    return Event(f"e{i}", when, "s", "clash", "summary", places=(f"p{i % 3}",))


def repack(store: EventStore) -> EventStore:
    """Pack a store and read it back from inside a larger buffer, as the cache does."""
    indexes, blob = store.pack()
    buffer = b"head" + blob
    return EventStore.unpack(indexes, lambda at, n: buffer[at:at + n], 4,
                             lambda: ValueError("test buffer damaged"))


def test_a_damaged_event_raises_what_the_owner_of_the_buffer_says():
    store = EventStore.from_events([event(0, 0, 1), event(1, 2, 1)])
    indexes, blob = store.pack()
    buffer = bytearray(b"head" + blob)
    buffer[-1] ^= 0xFF  # the last event's bytes no longer match its CRC-32
    damaged = EventStore.unpack(indexes, lambda at, n: bytes(buffer[at:at + n]), 4,
                                lambda: LookupError("entry X is damaged"))
    assert damaged[0] == store[0]
    with pytest.raises(LookupError, match="entry X is damaged"):
        damaged[1]


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), max_size=40)
bounds = st.one_of(st.none(), st.integers(-5, 70).map(lambda d: DAY0 + timedelta(days=d)))


@settings(max_examples=200)
@given(spans, bounds, bounds)
def test_overlapping_matches_a_plain_scan(rows, start, end):
    events = [event(i, s, n) for i, (s, n) in enumerate(rows)]
    store = EventStore.from_events(events)
    for candidate in (store, repack(store)):
        found = [candidate[i].id for i in candidate.overlapping(start, end)]
        expected = [e.id for e in sorted(events, key=lambda e: (e.date.start, e.date.end, e.id))
                    if overlaps(e.date, start, end)]
        assert found == expected


def test_packed_store_round_trips_the_shipped_data():
    chronology = load_dataset()
    store = chronology.events
    again = repack(store)
    assert list(again) == list(store)
    assert again.positions("place", ["tallat-mussa"]) == store.positions("place",
                                                                         ["tallat-mussa"])
