"""The SQLite event store answers like a plain scan of the events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.model import DateSpan, Event
from qalamoun_cli.store import EventStore, StoreDamaged, keys_of

DAY0 = date(2015, 5, 1)


def event(i: int, start: int, span: int) -> Event:
    when = DateSpan("x", DAY0 + timedelta(days=start), DAY0 + timedelta(days=start + span), "day")
    return Event(f"e{i}", when, "s", "clash", "summary", places=(f"p{i % 3}",))


def test_a_damaged_record_raises_what_the_owner_of_the_database_says():
    store = EventStore.from_events([event(0, 0, 1), event(1, 2, 1)])
    with store.conn:
        store.conn.execute("UPDATE events SET record = replace(record, 'summary', 'summarY') "
                           "WHERE pos = 1")
    damaged = EventStore(store.conn, lambda: LookupError("entry X is damaged"))
    assert damaged[0] == store[0]
    with pytest.raises(LookupError, match="entry X is damaged"):
        damaged[1]
    with pytest.raises(StoreDamaged):
        EventStore(store.conn)[1]


# (start, length) in days after DAY0; a bound of None is unknown. Lengths of every band:
# a day, weeks, years.
spans = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 60)),
                           st.one_of(st.none(), st.integers(0, 10), st.integers(0, 3000))),
                 max_size=40)
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
@given(spans, bounds, bounds, st.booleans(), st.sets(st.sampled_from(["p0", "p1", "p9"])))
def test_matching_matches_a_plain_scan(rows, start, end, undated, places):
    events = [open_event(i, s, n)._replace(places=(f"p{i % 3}",)) for i, (s, n)
              in enumerate(rows)]
    store = EventStore.from_events(events)
    for filters in ([], [("place", places)]):
        found = [store[i].id for i in store.matching(start, end, filters, undated=undated)]
        expected = [e.id for e in display_order(events)
                    if ((start is None and end is None) or
                        (undated if e.date.undated else may_overlap(e.date, start, end)))
                    and (not filters or e.places[0] in places)]
        assert found == expected
        assert [store[i].id for i in store.undated_matching(filters)] == [
            e.id for e in display_order(events)
            if e.date.undated and (not filters or e.places[0] in places)]


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
    assert store.undated_matching() == [5, 6]
    may_3 = DAY0 + timedelta(days=3)
    assert store.matching(may_3, may_3) == [0, 2, 3, 4]
    assert store.matching(may_3, may_3, undated=True) == [0, 2, 3, 4, 5, 6]
    assert store.matching(None, None) == list(range(7))
    assert store.matching(None, DAY0) == [1]  # only "by 2 May" may be that early


def test_a_date_query_reads_only_the_records_it_may_match(monkeypatch):
    # 20,000 events, one a day, and a few long ones: the bands keep a narrow query narrow.
    events = [event(i, i % 10_000, 0) for i in range(20_000)]
    events += [event(20_000 + i, 0, 9_000 + i) for i in range(3)]
    store = EventStore.from_events(events)
    reads: list[int] = []
    real = store._event
    monkeypatch.setattr(store, "_event", lambda *row: reads.append(1) or real(*row))
    found = store.matching(DAY0 + timedelta(days=9_001), DAY0 + timedelta(days=9_002))
    assert [store[i].id for i in found] == ["e20001", "e20002", "e9001", "e19001", "e9002",
                                            "e19002"]
    assert len(reads) == 6


def test_an_event_indexed_under_a_key_it_does_not_name_is_not_shown():
    # The records decide: a damaged index entry can hide an event, never show a wrong one.
    store = EventStore.from_events([event(0, 0, 1), event(1, 2, 1)])
    with store.conn:
        store.conn.execute("INSERT INTO event_keys SELECT id, 1 FROM index_keys "
                           "WHERE kind = 'place' AND key = 'p0'")
    assert store.positions("place", ["p0"]) == {0, 1}
    assert store.matching(None, None, [("place", ["p0"])]) == [0]
    assert store.matching(DAY0, DAY0 + timedelta(days=9), [("place", ["p0"])]) == [0]


def test_the_compiled_store_answers_as_one_built_in_memory():
    chronology = load_dataset()
    store = chronology.events
    assert store.conn is not None and store.find("no-such-event") is None
    memory = EventStore.from_events(list(store))
    assert list(memory) == list(store)
    for kind, key in {pair for e in store for pair in keys_of(e)}:
        assert memory.positions(kind, [key]) == store.positions(kind, [key])
    assert [store.find(e.id) for e in store] == list(store)


def test_a_filter_over_many_candidates_reads_only_their_stretch():
    # Over 400 candidates take the range path: the keys' entries between the first and last.
    events = [event(i, i // 2, 0) for i in range(2_000)]  # two a day, places p0..p2 in turn
    store = EventStore.from_events(events)
    start, end = DAY0 + timedelta(days=100), DAY0 + timedelta(days=600)
    for places in ({"p1"}, {"p0", "p2"}):
        found = [store[i].id for i in store.matching(start, end, [("place", places)])]
        assert found == [e.id for e in display_order(events)
                         if start <= e.date.start <= end and e.places[0] in places]
        assert len(found) > 300


def test_reading_every_event_in_turn_keeps_none_of_them():
    store = EventStore.from_events([event(i, i, 0) for i in range(5000)])
    assert [e.id for e in store] == [f"e{i}" for i in range(5000)]
    assert store._cache == {}  # a whole-dataset pass (stats, export) holds one piece only
    assert store.at([3])[0].id == "e3" and list(store._cache) == [3]


def test_event_ids_come_from_the_index_not_the_records(monkeypatch):
    from qalamoun_cli.model import Chronology

    events = [event(i, 10 - i, 0) for i in range(10)]
    store = EventStore.from_events(events)
    monkeypatch.setattr(store, "_event", lambda *row: pytest.fail("a record was read"))
    assert Chronology(events=store).event_ids() == [f"e{i}" for i in range(9, -1, -1)]
    assert Chronology(events=events).event_ids() == [f"e{i}" for i in range(10)]
