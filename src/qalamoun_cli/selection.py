"""Select events by date range and by place, actor, source and type; list records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any, NamedTuple

from qalamoun_cli.model import Actor, Chronology, Event, Place, Source
from qalamoun_cli.store import EventStore


class Selection(NamedTuple):
    """The events chosen, and how many undated events the date range left out.

    UNDATED_LEFT_OUT counts the undated events that pass every other filter: what a user
    must be told is not shown (and can ask for).
    """

    events: list[Event]
    undated_left_out: int
    # With CERTAIN: the events left out that only may have happened in the range.
    possible_left_out: int = 0


def select(
    chronology: Chronology,
    start: date | None = None,
    end: date | None = None,
    *,
    places: AbstractSet[str] | None = None,
    actors: AbstractSet[str] | None = None,
    sources: AbstractSet[str] | None = None,
    types: AbstractSet[str] | None = None,
    undated: bool = False,
    certain: bool = False,
    spaces: Sequence[AbstractSet[str]] = (),
    where: Sequence[tuple[str, AbstractSet[str]]] = (),
    among: AbstractSet[int] | None = None,
) -> Selection:
    """Return the events that may have happened in the range and pass every filter.

    An unknown bound of an event is open on its side. Undated events are left out of a
    date range (and counted) unless UNDATED; without a range there is nothing to leave out.
    Each filter is a set of ids (None means no filter): an event passes when it names one
    of them. An event counts as reported by a source when the source is among its
    reporters or made one of its claims or quantities. CERTAIN keeps only the events
    certainly inside the range (both bounds known and inside it), and counts the others.
    SPACES: sets of place ids (space.Inside's), each a filter as PLACES is.
    WHERE: more (kind, ids) filters, ANDed (filters.EventFilters.keys).
    AMONG (positions, e.g. what textsearch.events_matching found) keeps only those events.
    """
    store = as_store(chronology)
    filters = [(kind, wanted) for kind, wanted in (("type", types), ("place", places),
                                                   ("actor", actors), ("source", sources))
               if wanted is not None] + list(where)
    filters += [("place", inside) for inside in spaces]
    chosen = store.matching(start, end, filters, undated=undated, among=among)
    left_out = 0
    if not undated and (start is not None or end is not None):
        left_out = len(store.undated_matching(filters, among))
    events = store.at(chosen)
    possible = 0
    if certain:
        inside = [e for e in events if certainly_inside(e, start, end)]
        possible, events = len(events) - len(inside), inside
    chronology.prefetch(events)
    return Selection(events, left_out, possible)


SORTS = ("date", "-date", "deaths", "place")


def sorted_events(chronology: Chronology, events: list[Event], by: str) -> list[Event]:
    """Return EVENTS (display order) in the order BY (one of SORTS); ties keep date order.

    -date: the newest first, undated events still last.
    deaths: the highest figure any source claimed killed, most first (an open-ended "42+"
    counts its 42, a vague "dozens" nothing); events with no figure last. place: by the
    name of the event's first place, events without one last.
    """
    if by == "date":
        return events
    if by == "-date":  # newest first; undated events stay last
        return ([e for e in reversed(events) if not e.date.undated]
                + [e for e in events if e.date.undated])
    if by == "deaths":
        def most(event: Event) -> int:
            figures = [n for c in event.claims if c.outcome == "killed"
                       for n in (c.high, c.low, c.best) if n is not None]
            return max(figures, default=-1)

        return sorted(events, key=most, reverse=True)  # stable: date order among equals
    if by == "place":
        return sorted(events, key=lambda e: (not e.places, chronology.places[e.places[0]]
                                             .name.casefold() if e.places else ""))
    raise ValueError(f"unknown order {by!r}")


def certainly_inside(event: Event, start: date | None, end: date | None) -> bool:
    """Return whether EVENT certainly happened within START–END: both its bounds known and
    inside (an open end of the range holds any day)."""
    first, last = event.date.start, event.date.end
    return (first is not None and last is not None
            and (start is None or first >= start) and (end is None or last <= end))


def as_store(chronology: Chronology) -> EventStore:
    """Return the chronology's events as an indexed store (building one if needed)."""
    if not isinstance(chronology.events, EventStore):
        chronology.events = EventStore.from_events(chronology.events)
    return chronology.events


def _by_name(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=lambda r: r.name.casefold())  # stable: file order on ties


def places_where(chronology: Chronology, *, country: str | None = None,
                 kind: str | None = None, located: bool = False) -> list[Place]:
    """Return the places in COUNTRY (any case), of KIND, with coordinates if LOCATED, by name."""
    return _by_name(p for p in chronology.places.values()
                    if (country is None or (p.country or "").casefold() == country.casefold())
                    and (kind is None or p.kind == kind)
                    and (not located or p.lat is not None))


def actors_where(chronology: Chronology, *, side: str | None = None,
                 kind: str | None = None) -> list[Actor]:
    """Return the actors of SIDE (an id) and KIND, by name."""
    return _by_name(a for a in chronology.actors.values()
                    if (side is None or a.side == side) and (kind is None or a.kind == kind))


def sources_where(chronology: Chronology, *, kind: str | None = None) -> list[Source]:
    """Return the sources of KIND, by name."""
    return _by_name(s for s in chronology.sources.values() if kind is None or s.kind == kind)
