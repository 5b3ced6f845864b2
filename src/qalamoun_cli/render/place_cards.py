"""Places for people: a card per matching place, and the other candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.model import Chronology, Event, Place
from qalamoun_cli.render.event_tables import timeline
from qalamoun_cli.render.tables import blank, blocks, cell, fits, show, table
from qalamoun_cli.render.wording import coordinates

if TYPE_CHECKING:
    from rich.console import Console

    from qalamoun_cli.search import Match


def place_card(console: Console, chronology: Chronology, place: Place, match: Match,
               children: Sequence[str], events: Sequence[Event]) -> None:
    """Print a place card and the events there (children included) as a timeline."""
    parent = chronology.places[place.parent].name if place.parent in chronology.places \
        else None
    lines = [
        ("place", cell(place.name, "bold")),
        ("id", place.id),
        ("matched", f"{match.matched} (score {match.score:g})"),
        ("aliases", ", ".join(place.aliases) or None),
        # None is what the data says it does not know, not an empty field.
        ("arabic", place.arabic or "unknown"),
        ("country", place.country or "unknown"),
        ("kind", place.kind or "unknown"),
        ("coordinates", coordinates(place)),
        *near_lines(chronology, place),
        ("inside", parent),
        ("contains", ", ".join(chronology.places[c].name for c in children) or None),
    ]
    if place.note:
        lines.append(("note", place.note))
    show(console, blocks(None, [lines]))
    if events:
        timeline(console, chronology, events,
                 title=f"{len(events)} event(s) at {place.name} and places inside it")
    else:
        show(console, cell("No events at this place.", "dim"), blank())


def near_lines(chronology: Chronology, place: Place) -> list[tuple[str, Any]]:
    """Return the card's line of the located places nearest PLACE (space.nearby), with km and
    direction; for a place without coordinates, from its located parent's, said as
    borrowed; none where neither has coordinates."""
    from qalamoun_cli.hierarchy import located_parent
    from qalamoun_cli.space import NEAR_KM, nearby

    point = place if place.lat is not None and place.lon is not None \
        else located_parent(chronology, place.id)
    if point is None:
        return []
    found = [f"{n.place.name} {n.km:.1f} km {n.direction}"
             for n in nearby(chronology, place, point)]
    if point is not place:
        found.insert(0, f"measured from {point.name}'s coordinates (borrowed: this place has "
                        f"none)")
    return [("nearby", found or f"no located place within {NEAR_KM:g} km")]


def candidates(console: Console, chronology: Chronology, matches: Sequence[Match],
               title: str) -> None:
    """Print other places that also match, with their scores."""
    rows = [[m.score, chronology.places[m.id].name, m.matched, m.id] for m in matches]
    columns = [("Score", {"justify": "right"}), ("Place", {}), ("Matched", {}), ("Id", {})]
    if fits(console, (5, 12, 12, 12)):
        show(console, table(title, columns, rows))
    else:
        show(console, blocks(title, [[("place", r[1]), ("score", r[0]), ("matched", r[2]),
                                      ("id", r[3])] for r in rows]))
