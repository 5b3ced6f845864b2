"""Places for people: a card per matching place, and the other candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from qalamoun_cli.model import Chronology, Event, Place
from qalamoun_cli.render.event_tables import timeline
from qalamoun_cli.render.tables import blank, blocks, cell, fits, show, table
from qalamoun_cli.render.wording import coordinates

if TYPE_CHECKING:
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
