"""Places inside places, and actors inside sides and units."""

from __future__ import annotations

from collections.abc import Iterable

from qalamoun_cli.model import Chronology


def descendants(chronology: Chronology, place_ids: Iterable[str]) -> set[str]:
    """Return PLACE_IDS with every place inside them (children, grandchildren...)."""
    children: dict[str, list[str]] = {}
    for place in chronology.places.values():
        if place.parent:
            children.setdefault(place.parent, []).append(place.id)
    out: set[str] = set()
    stack = list(place_ids)
    while stack:
        current = stack.pop()
        if current in out:
            continue
        out.add(current)
        stack.extend(children.get(current, ()))
    return out


def children_of(chronology: Chronology, place_id: str) -> list[str]:
    """Return the ids of the places directly inside PLACE_ID, by name."""
    kids = [p for p in chronology.places.values() if p.parent == place_id]
    return [p.id for p in sorted(kids, key=lambda p: p.name.casefold())]


def actors_of(chronology: Chronology, ids: Iterable[str]) -> set[str]:
    """Expand actor and side ids to actor ids, units included (a side selects its actors)."""
    wanted = set(ids)
    out = {a.id for a in chronology.actors.values() if a.id in wanted or a.side in wanted}
    changed = True
    while changed:
        more = {a.id for a in chronology.actors.values() if a.part_of in out} - out
        out |= more
        changed = bool(more)
    return out
