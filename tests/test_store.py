"""The indexed event store answers like a plain scan, packed or not."""

from __future__ import annotations

from array import array
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import load_dataset
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


# (start, length) in days after DAY0; a bound of None is unknown.
spans = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 60)),
                           st.one_of(st.none(), st.integers(0, 10))), max_size=40)
bounds = st.one_of(st.none(), st.integers(-5, 70).map(lambda d: DAY0 + timedelta(days=d)))


def open_event(i: int, start: int | None, length: int | None) -> Event:
    """Return event I; START None: start unknown; LENGTH None: end unknown."""
    first = None if start is None else DAY0 + timedelta(days=start)
    last = None if length is None else DAY0 + timedelta(days=(start or 30) + length)
    precision = "unknown" if first is None and last is None else "days"
    return Event(f"e{i}", DateSpan("x", first, last, precision), None, None, "summary")


def may_overlap(span: DateSpan, start: date | None, end: date | None) -> bool:
    """Tell, by a plain reading of the rule, whether SPAN may lie within [START, END]."""
    return (span.start is None or end is None or span.start <= end) \
        and (span.end is None or start is None or span.end >= start)


def display_order(events: list[Event]) -> list[Event]:
    """Sort EVENTS as the store should: first known bound, the other, file order."""
    def key(e: Event) -> tuple:
        first = e.date.start or e.date.end
        return (first is None, first or DAY0, e.date.end or e.date.start or DAY0)
    return sorted(events, key=key)


@settings(max_examples=300)
@given(spans, bounds, bounds, st.booleans())
def test_overlapping_matches_a_plain_scan(rows, start, end, undated):
    events = [open_event(i, s, n) for i, (s, n) in enumerate(rows)]
    store = EventStore.from_events(events)
    for candidate in (store, repack(store)):
        found = [candidate[i].id for i in candidate.overlapping(start, end, undated=undated)]
        expected = [e.id for e in display_order(events)
                    if (start is None and end is None) or
                    (undated if e.date.undated else may_overlap(e.date, start, end))]
        assert found == expected
        assert candidate.undated_positions() == frozenset(
            i for i in range(len(candidate)) if candidate[i].date.undated)


def day(n: int | None) -> date | None:
    return None if n is None else DAY0 + timedelta(days=n)


def on(i: int, start: int | None, end: int | None) -> Event:
    """Return event zI from day START to day END (None: unknown)."""
    precision = "unknown" if start is None and end is None else "days"
    return Event(f"z{i}", DateSpan("x", day(start), day(end), precision), None, None, "s")


def test_same_day_events_keep_their_file_order_and_undated_ones_come_last():
    events = [on(9, None, None), on(1, 3, 3), on(5, 2, None), on(0, 3, 3), on(7, None, 2),
              on(2, 2, 4), on(8, None, None)]
    store = EventStore.from_events(events)
    # 2 May, end unknown, sorts by (2, 2): before 2–4 May; "by 2 May" sorts by (2, 2) too,
    # after it in file order.
    assert [e.id for e in store] == ["z5", "z7", "z2", "z1", "z0", "z9", "z8"]
    assert store.undated_positions() == frozenset({5, 6})
    may_3 = DAY0 + timedelta(days=3)
    assert store.overlapping(may_3, may_3) == [0, 2, 3, 4]
    assert store.overlapping(may_3, may_3, undated=True) == [0, 2, 3, 4, 5, 6]
    assert store.overlapping(None, None) == list(range(7))
    assert store.overlapping(None, DAY0) == [1]  # only "by 2 May" may be that early


def test_a_date_query_bisects_the_days_it_cannot_reach():
    # 100,000 events, one a day: a query near the start reads only what precedes its end.
    events = [event(i, i % 50_000, 0) for i in range(100_000)]
    store = EventStore.from_events(events)
    reads: list[int] = []

    class Counting(array):
        def __getitem__(self, i):
            reads.append(i)
            return super().__getitem__(i)

    store.ends = Counting("i", store.ends)
    found = store.overlapping(DAY0 + timedelta(days=2), DAY0 + timedelta(days=3))
    assert [store[i].id for i in found] == ["e2", "e50002", "e3", "e50003"]
    assert len(reads) < 10


def test_packed_store_round_trips_the_shipped_data():
    chronology = load_dataset()
    store = chronology.events
    again = repack(store)
    assert list(again) == list(store)
    assert again.positions("place", ["tallat-mussa"]) == store.positions("place",
                                                                         ["tallat-mussa"])
