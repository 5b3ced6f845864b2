"""Places inside places, and actors inside sides and units."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qalamoun_cli.model import Chronology, Place


def records_where(records: Mapping[str, Any], field: str, values: Iterable[str]) -> list[Any]:
    """Return, in file order, the records whose FIELD is one of VALUES.

    The compiled form answers from an index (compiled.Records.where) instead of reading
    every record: 20,000 places for one place's children.
    """
    wanted = set(values)
    where = getattr(records, "where", None)
    if where is not None:
        return where(field, wanted)
    return [r for r in records.values() if getattr(r, field) in wanted]


def descendants(chronology: Chronology, place_ids: Iterable[str]) -> set[str]:
    """Return PLACE_IDS with every place inside them (children, grandchildren...)."""
    out = set(place_ids)
    frontier = set(out)
    while frontier:
        frontier = {p.id for p in records_where(chronology.places, "parent", frontier)} - out
        out |= frontier
    return out


def children_of(chronology: Chronology, place_id: str) -> list[str]:
    """Return the ids of the places directly inside PLACE_ID, by name."""
    kids = records_where(chronology.places, "parent", [place_id])
    return [p.id for p in sorted(kids, key=lambda p: p.name.casefold())]


def actors_of(chronology: Chronology, ids: Iterable[str]) -> set[str]:
    """Expand actor and side ids to actor ids, units included (a side selects its actors)."""
    wanted = set(ids)
    actors = chronology.actors
    out = {i for i in wanted if i in actors}
    out |= {a.id for a in records_where(actors, "side", wanted)}
    frontier = set(out)
    while frontier:
        frontier = {a.id for a in records_where(actors, "part_of", frontier)} - out
        out |= frontier
    return out


def located_parent(chronology: Chronology, place_id: str) -> Place | None:
    """Return the nearest place above PLACE_ID that has coordinates, or None.

    The place itself does not count: callers ask only for places without coordinates,
    and must say that the point they get is borrowed. A loop in the parents (refused by
    the loader, but a compiled copy is not re-checked) ends the walk.
    """
    places = chronology.places
    seen = {place_id}
    parent = places[place_id].parent if place_id in places else None
    while parent is not None and parent not in seen and parent in places:
        place = places[parent]
        if place.lat is not None and place.lon is not None:
            return place
        seen.add(parent)
        parent = place.parent
    return None
