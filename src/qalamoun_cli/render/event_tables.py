"""Events for people: the timeline table and one event in full."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.claims import as_reported
from qalamoun_cli.dates import iso, label
from qalamoun_cli.model import Chronology, Claim, Event
from qalamoun_cli.render.tables import blocks, cell, fits, runs, show, table
from qalamoun_cli.render.wording import (
    attributions,
    claim_brief,
    coordinates,
    inconsistency,
    known,
    names,
    party_label,
    side_name,
    source_header,
)

if TYPE_CHECKING:
    from rich.console import Console

# The mark of an event that may have happened outside the range asked for, and its legend.
POSSIBLE = " *"
POSSIBLE_LEGEND = ("* may have happened outside the date range: its dates overlap it "
                   "(--certain leaves such events out)")


def timeline(console: Console, chronology: Chronology, events: Sequence[Event],
             title: str | None = None, within: tuple[Any, Any] = (None, None)) -> None:
    """Print events as a table, or as blocks when the terminal is narrow.

    With a date range (WITHIN: start, end), an event not certainly inside it is marked.
    """
    from qalamoun_cli.selection import certainly_inside

    ranged = within != (None, None)
    marked = False
    records = []
    for e in events:
        claims = [claim_brief(chronology, c) for c in e.claims]
        possible = ranged and not certainly_inside(e, *within)
        marked = marked or possible
        records.append([
            ("date", label(e.date) + (POSSIBLE if possible else "")), ("id", e.id),
            ("type", known(e.type)),
            ("places", names(chronology, "place", e.places) or None),
            ("summary", e.summary), ("sources", says_so(chronology, e)),
            ("claims", claims or None),
        ])
    id_width = max((len(e.id) for e in events), default=2)
    if fits(console, (11, max(id_width, 24), 12, 16)):
        # The event column has a fixed width of at least the longest id, so that no id is
        # broken (a broken id cannot be copied); Rich shrinks the other columns around it.
        event_width = max(id_width, min(60, console.width - (11 + 12 + 16 + 13)))
        columns = [("Date", {}),
                   ("Event", {"width": event_width}),
                   ("Places", {}),
                   ("Claims as reported", {})]
        rows = []
        for r in records:
            values = dict(r)
            event = runs((values["id"], "dim"), (f" · {values['type']}\n", "italic"),
                         (values["summary"], None),
                         (f"\nsources: {values['sources']}", "dim"))
            rows.append([values["date"], event, values["places"],
                         "\n".join(values["claims"]) if values["claims"] else None])
        show(console, table(title, columns, rows))
    else:
        show(console, blocks(title, records))
    if marked:
        show(console, cell(POSSIBLE_LEGEND, "dim"))


def says_so(chronology: Chronology, event: Event) -> str:
    """Return who reported EVENT or made a claim on it, by name, each once, in the data's order."""
    ids = list(dict.fromkeys([*event.sources, *(c.source for c in event.claims)]))
    return names(chronology, "source", ids, "; ") or "none named"


def event_card(console: Console, chronology: Chronology, event: Event) -> None:
    """Print one event with everything the data holds about it."""
    d = event.date
    when = "undated: the source gives no usable date" if d.undated else (
        f"{label(d)} — {iso(d.start) or 'start unknown'} to {iso(d.end) or 'end unknown'}, "
        f"precision {d.precision}")
    lines: list[tuple[str, Any]] = [
        ("event", cell(event.id, "bold")),
        ("date as worded", d.text),
        ("date interval", when),
    ]
    if d.anchor:
        anchor = chronology.find_event(d.anchor)
        lines.append(("counted from", f"{d.anchor}" + (f" ({label(anchor.date)})"
                                                      if anchor else "")))
    lines += [("type", known(event.type)), ("section", known(event.section)),
              ("summary", event.summary)]
    if event.note:
        lines.append(("note", event.note))
    if event.where_description:
        lines.append(("where, as worded", event.where_description))
    lines.append(("places", [f"{chronology.places[p].name} [{p}] — "
                             f"{chronology.places[p].country or 'country unknown'}; "
                             f"coordinates {coordinates(chronology.places[p])}"
                             for p in event.places] or None))
    lines.append(("actors", [f"{chronology.actors[a].name} [{a}] — side "
                             f"{side_name(chronology, chronology.actors[a].side)}"
                             + (f"; in this event: {role}" if role else "")
                             for a, role in event.actor_roles()] or None))
    lines.append(("reported by", [source_header(chronology, s) for s in event.sources] or None))
    lines.append(("claims", [_claim_line(chronology, c) for c in event.claims] or None))
    lines.append(("quantities", [f"{q.measure}: {q.as_reported} — "
                                 f"{chronology.sources[q.source].name}"
                                 for q in event.quantities] or None))
    if event.source_article:
        lines.append(("articles cited", event.source_article))
    terms = attributions(chronology, event)
    if terms:
        lines.append(("attribution", terms))
    show(console, blocks(None, [lines]))


def _claim_line(chronology: Chronology, claim: Claim) -> str:
    """Return one claim of an event card, with its id and relations where it has them."""
    whom = party_label(chronology, claim.party, claim.party_text)
    text = f"{whom} {claim.outcome}: {as_reported(claim)} — {chronology.sources[claim.source].name}"
    relations = [f"{word} {target}" for word, target in (
        ("claim", claim.id), ("supersedes", claim.supersedes), ("within", claim.within))
        if target]
    if relations:
        text += f" [{'; '.join(relations)}]"
    return text + (f" (note: {claim.note})" if claim.note else "") + inconsistency(claim)
