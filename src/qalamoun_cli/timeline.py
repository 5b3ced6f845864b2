"""Select events by date range and by place, actor, source and type."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date

from qalamoun_cli.dates import overlaps
from qalamoun_cli.model import Chronology, Event


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
    out = []
    for event in chronology.events:
        if not overlaps(event.date, start, end):
            continue
        if types is not None and event.type not in types:
            continue
        if places is not None and not places.intersection(event.places):
            continue
        if actors is not None and not actors.intersection(event.actors):
            continue
        if sources is not None and not sources.intersection(event_sources(event)):
            continue
        out.append(event)
    return out


def event_sources(event: Event) -> set[str]:
    """Return every source of EVENT: its reporters and the authors of its figures."""
    found = set(event.sources)
    found.update(c.source for c in event.claims)
    found.update(q.source for q in event.quantities)
    return found
