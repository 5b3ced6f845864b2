"""Event selection: overlapping dates, filters by id, oldest first."""

from __future__ import annotations

from datetime import date

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.model import Chronology, Claim, DateSpan, Event, Quantity
from qalamoun_cli.selection import as_store, select
from qalamoun_cli.store import EventStore


def span(start: str, end: str | None = None) -> DateSpan:
    return DateSpan("x", date.fromisoformat(start), date.fromisoformat(end or start), "day")


EVENTS = [
    Event("late-april", span("2015-04-25", "2015-04-28"), "s", "clash", "x",
          places=("arsal",), actors=("army",), sources=("monitor",)),
    Event("b-may-13", span("2015-05-13"), "s", "capture", "x",
          places=("hill",), actors=("militia",),
          claims=(Claim("officials", "rebels", "killed", 4, 4, "four"),)),
    Event("a-may-13", span("2015-05-13"), "s", "attack", "x", places=("arsal",),
          quantities=(Quantity("press", "fighters", 300, 300, None, "300"),)),
    Event("may-week", span("2015-05-10", "2015-05-16"), "s", "siege", "x",
          actors=("army", "militia")),
    Event("june", span("2015-06-09"), "s", "attack", "x"),
]


def chronology() -> Chronology:
    return Chronology(events=list(EVENTS))


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


def test_events_come_oldest_first_then_by_end_then_in_file_order():
    assert ids(select(chronology())) == ["late-april", "may-week", "b-may-13", "a-may-13",
                                         "june"]


def test_an_event_is_kept_when_the_days_it_may_have_happened_on_overlap_the_range():
    c = chronology()
    assert ids(select(c, date(2015, 4, 27), date(2015, 4, 27))) == ["late-april"]
    assert ids(select(c, date(2015, 5, 13), date(2015, 5, 13))) == ["may-week", "b-may-13",
                                                                    "a-may-13"]
    assert ids(select(c, date(2015, 5, 14))) == ["may-week", "june"]
    assert ids(select(c, None, date(2015, 5, 9))) == ["late-april"]
    assert ids(select(c, date(2015, 6, 10))) == []


def test_each_filter_keeps_the_events_that_name_one_of_its_ids():
    c = chronology()
    assert ids(select(c, places={"arsal"})) == ["late-april", "a-may-13"]
    assert ids(select(c, actors={"militia", "nobody"})) == ["may-week", "b-may-13"]
    assert ids(select(c, types={"attack"})) == ["a-may-13", "june"]
    assert ids(select(c, places={"arsal"}, types={"attack"})) == ["a-may-13"]


def test_a_source_reports_what_it_lists_claims_or_quantifies():
    c = chronology()
    assert ids(select(c, sources={"monitor"})) == ["late-april"]
    assert ids(select(c, sources={"officials"})) == ["b-may-13"]
    assert ids(select(c, sources={"press"})) == ["a-may-13"]


def test_an_empty_filter_keeps_nothing_and_no_filter_keeps_everything():
    c = chronology()
    assert ids(select(c, places=set())) == []
    assert len(select(c, places=None, actors=None, sources=None, types=None)) == len(EVENTS)


def test_the_events_become_an_indexed_store_once():
    c = chronology()
    store = as_store(c)
    assert isinstance(store, EventStore) and c.events is store
    assert as_store(c) is store
    assert ids(list(store)) == ids(select(c))


def test_select_uses_indexes_like_filters():
    chronology = load_dataset()
    by_index = select(chronology, places={"tallat-mussa"}, types={"capture"})
    by_scan = [e for e in chronology.events
               if "tallat-mussa" in e.places and e.type == "capture"]
    assert by_index == by_scan and by_index
