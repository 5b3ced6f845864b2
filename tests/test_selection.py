"""Event selection: overlapping dates, filters by id, oldest first."""

from __future__ import annotations

from datetime import date

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.model import Chronology, Claim, DateSpan, Event, Quantity
from qalamoun_cli.selection import as_store, select
from qalamoun_cli.store import EventStore


def chosen(*args, **kwargs) -> list:
    """Return the events select() chooses."""
    return select(*args, **kwargs).events


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
    assert ids(chosen(chronology())) == ["late-april", "may-week", "b-may-13", "a-may-13",
                                         "june"]


def test_an_event_is_kept_when_the_days_it_may_have_happened_on_overlap_the_range():
    c = chronology()
    assert ids(chosen(c, date(2015, 4, 27), date(2015, 4, 27))) == ["late-april"]
    assert ids(chosen(c, date(2015, 5, 13), date(2015, 5, 13))) == ["may-week", "b-may-13",
                                                                    "a-may-13"]
    assert ids(chosen(c, date(2015, 5, 14))) == ["may-week", "june"]
    assert ids(chosen(c, None, date(2015, 5, 9))) == ["late-april"]
    assert ids(chosen(c, date(2015, 6, 10))) == []


def test_each_filter_keeps_the_events_that_name_one_of_its_ids():
    c = chronology()
    assert ids(chosen(c, places={"arsal"})) == ["late-april", "a-may-13"]
    assert ids(chosen(c, actors={"militia", "nobody"})) == ["may-week", "b-may-13"]
    assert ids(chosen(c, types={"attack"})) == ["a-may-13", "june"]
    assert ids(chosen(c, places={"arsal"}, types={"attack"})) == ["a-may-13"]


def test_a_source_reports_what_it_lists_claims_or_quantifies():
    c = chronology()
    assert ids(chosen(c, sources={"monitor"})) == ["late-april"]
    assert ids(chosen(c, sources={"officials"})) == ["b-may-13"]
    assert ids(chosen(c, sources={"press"})) == ["a-may-13"]


def test_an_empty_filter_keeps_nothing_and_no_filter_keeps_everything():
    c = chronology()
    assert ids(chosen(c, places=set())) == []
    assert len(chosen(c, places=None, actors=None, sources=None, types=None)) == len(EVENTS)


def test_the_events_become_an_indexed_store_once():
    c = chronology()
    store = as_store(c)
    assert isinstance(store, EventStore) and c.events is store
    assert as_store(c) is store
    assert ids(list(store)) == ids(chosen(c))


def test_select_uses_indexes_like_filters():
    chronology = load_dataset()
    by_index = chosen(chronology, places={"tallat-mussa"}, types={"capture"})
    by_scan = [e for e in chronology.events
               if "tallat-mussa" in e.places and e.type == "capture"]
    assert by_index == by_scan and by_index


def test_records_are_listed_by_name_filtered_by_country_kind_side_and_coordinates():
    from qalamoun_cli.model import Actor, Place, Source
    from qalamoun_cli.selection import actors_where, places_where, sources_where

    places = {p.id: p for p in (
        Place("b", "beta", country="Lebanon", kind="town", lat=1.0, lon=2.0),
        Place("a", "Alpha", country="Syria", kind="town"),
        Place("c", "alpha", country="syria", kind="hill/peak"))}
    c = Chronology(places=places,
                   actors={"x": Actor("x", "Xa", "s1"), "y": Actor("y", "Ya", "s2", "unit")},
                   sources={"m": Source("m", "M", "monitor"), "n": Source("n", "N", None)})
    assert [p.id for p in places_where(c)] == ["a", "c", "b"]  # file order on a tie
    assert [p.id for p in places_where(c, country="SYRIA")] == ["a", "c"]
    assert [p.id for p in places_where(c, kind="town", located=True)] == ["b"]
    assert [a.id for a in actors_where(c, side="s2")] == ["y"]
    assert [a.id for a in actors_where(c, kind="unit")] == ["y"]
    assert [s.id for s in sources_where(c, kind="monitor")] == ["m"]
    assert [s.id for s in sources_where(c)] == ["m", "n"]


def test_the_records_a_selection_names_are_read_in_one_go(monkeypatch):
    from qalamoun_cli import compiled as compiled_form
    from qalamoun_cli.dataset import check_dataset
    from qalamoun_cli.render import json_records
    from tests.test_hierarchy import compiled

    chronology = compiled(check_dataset()[0])
    chosen = select(chronology).events
    queries: list[str] = []
    real = compiled_form.Records._query
    monkeypatch.setattr(compiled_form.Records, "_query",
                        lambda self, sql, params=(): queries.append(sql) or real(self, sql,
                                                                                  params))
    records = json_records.events(chronology, chosen)
    assert len(list(records)) == len(chosen) > 100
    assert queries == []  # every place, actor and source already read by select
