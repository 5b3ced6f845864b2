"""Select events by date range and by place, actor, source and type."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date

from qalamoun_cli.model import Chronology, Event
from qalamoun_cli.store import EventStore


def select(
    chronology: Chronology,
    start: date | None = None,
    end: date | None = None,
    *,
    places: AbstractSet[str] | None = None,
    actors: AbstractSet[str] | None = None,
    sources: AbstractSet[str] | None = None,
    types: AbstractSet[str] | None = None,
) -> list[Event]:
    """Return the events whose [start, end] overlaps the range and that pass every filter.

    Each filter is a set of ids (None means no filter): an event passes when it names one
    of them. An event counts as reported by a source when the source is among its
    reporters or made one of its claims or quantities.
    """
    store = as_store(chronology)
    chosen = store.overlapping(start, end)
    for kind, wanted in (("type", types), ("place", places), ("actor", actors),
                         ("source", sources)):
        if wanted is not None:
            allowed = store.positions(kind, wanted)
            chosen = [i for i in chosen if i in allowed]
    return [store[i] for i in chosen]


def as_store(chronology: Chronology) -> EventStore:
    """Return the chronology's events as an indexed store (building one if needed)."""
    if not isinstance(chronology.events, EventStore):
        chronology.events = EventStore.from_events(chronology.events)
    return chronology.events
