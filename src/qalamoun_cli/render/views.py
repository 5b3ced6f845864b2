"""What each command shows people: timelines, place cards, claims side by side.

These functions lay out what the domain already selected and computed; they never filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console

from qalamoun_cli.claims import Incident, Matrix, Total, as_reported
from qalamoun_cli.dates import label
from qalamoun_cli.model import Chronology, Claim, Event, Place
from qalamoun_cli.render.tables import blank, blocks, cell, fits, runs, show, table

if TYPE_CHECKING:
    from qalamoun_cli.search import Match


def claim_brief(chronology: Chronology, claim: Claim) -> str:
    """Return 'rebels killed: 36 (SOHR)'."""
    source = chronology.sources[claim.source].name
    return f"{chronology.party_name(claim.party)} {claim.outcome}: {as_reported(claim)} " \
           f"({source})"


def _names(chronology: Chronology, kind: str, ids: Sequence[str]) -> str:
    table_ = {"place": chronology.places, "actor": chronology.actors,
              "source": chronology.sources}[kind]
    return ", ".join(table_[i].name for i in ids)


def timeline(console: Console, chronology: Chronology, events: Sequence[Event],
             title: str | None = None) -> None:
    """Print events as a table, or as blocks when the terminal is narrow."""
    records = []
    for e in events:
        claims = [claim_brief(chronology, c) for c in e.claims]
        records.append([
            ("date", label(e.date)), ("id", e.id), ("type", e.type),
            ("places", _names(chronology, "place", e.places) or None),
            ("summary", e.summary), ("claims", claims or None),
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
                         (values["summary"], None))
            rows.append([values["date"], event, values["places"],
                         "\n".join(values["claims"]) if values["claims"] else None])
        show(console, table(title, columns, rows))
    else:
        show(console, blocks(title, records))


def timeline_rows(chronology: Chronology, events: Sequence[Event]) -> list[list[Any]]:
    """Return CSV rows for events (see TIMELINE_CSV_HEADER)."""
    out = []
    for e in events:
        out.append([
            e.id, e.date.text, e.date.start.isoformat(), e.date.end.isoformat(),
            e.date.precision, e.section, e.type,
            "; ".join(chronology.places[p].name for p in e.places),
            "; ".join(chronology.actors[a].name for a in e.actors),
            "; ".join(chronology.sources[s].name for s in e.sources),
            e.summary,
            "; ".join(claim_brief(chronology, c) for c in e.claims),
        ])
    return out


TIMELINE_CSV_HEADER = ("id", "date_text", "start", "end", "precision", "section", "type",
                       "places", "actors", "sources", "summary", "claims")


def coordinates(place: Place) -> str:
    if place.lat is None or place.lon is None:
        return "unknown"
    return f"{place.lat}, {place.lon} ({place.coord_precision})"


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
        ("arabic", place.arabic),
        ("country", place.country),
        ("kind", place.kind),
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


def source_header(chronology: Chronology, source_id: str) -> str:
    source = chronology.sources[source_id]
    return f"{source.name} — {source.description}" if source.description else source.name


def incident_title(chronology: Chronology, incident: Incident) -> str:
    if incident.event is None:
        campaign = chronology.campaign
        name = campaign.name if campaign else "campaign"
        when = f" ({label(campaign.date)})" if campaign and campaign.date else ""
        return f"Whole campaign: {name}{when}"
    event = incident.event
    places = _names(chronology, "place", event.places)
    return f"{label(event.date)} · {event.id}" + (f" · {places}" if places else "")


def claims_matrices(console: Console, chronology: Chronology, matrices: Sequence[Matrix]) -> None:
    """Print one table per incident: a column per source, a row per party × outcome."""
    for m in matrices:
        title = incident_title(chronology, m.incident)
        headers = [source_header(chronology, s) for s in m.sources]
        if fits(console, [16] + [12] * len(m.sources) + [14]):
            columns = [("Party × outcome", {})]
            columns += [(h, {"justify": "right"}) for h in headers]
            columns += [("Spread (low–high, ratio)", {"justify": "right"})]
            rows = []
            for row in m.rows:
                values: list[Any] = [f"{chronology.party_name(row.party)} {row.outcome}"]
                for s in m.sources:
                    claim = row.by_source.get(s)
                    values.append(as_reported(claim) if claim else None)
                values.append(row.spread.text() if row.spread else "no figure")
                rows.append(values)
            show(console, table(title, columns, rows), blank())
        else:
            records = []
            for row in m.rows:
                record: list[tuple[str, Any]] = [
                    ("row", f"{chronology.party_name(row.party)} {row.outcome}")]
                for s in m.sources:
                    claim = row.by_source.get(s)
                    if claim:
                        record.append((chronology.sources[s].name, as_reported(claim)))
                record.append(("spread", row.spread.text() if row.spread else "no figure"))
                records.append(record)
            show(console, blocks(title, records))


def totals(console: Console, chronology: Chronology, rows: Sequence[Total]) -> None:
    """Print per-source sums of incident claims beside the campaign-level claims."""
    title = ("Sums of reported incident claims per source (≥ where a term is open-ended; "
             "vague terms listed, not counted), beside each source's campaign-level claim")
    records = []
    for t in rows:
        records.append([
            ("party × outcome", f"{chronology.party_name(t.party)} {t.outcome}"),
            ("source", chronology.sources[t.source].name),
            ("sum of incident claims", t.text()),
            ("incidents", t.terms + len(t.vague)),
            ("campaign claim", as_reported(t.campaign) if t.campaign else None),
        ])
    if fits(console, (16, 12, 12, 9, 12)):
        columns = [("Party × outcome", {}), ("Source", {}),
                   ("Sum of incident claims", {"justify": "right"}),
                   ("Incidents", {"justify": "right"}),
                   ("Campaign claim", {"justify": "right"})]
        show(console, table(title, columns, [[v for _, v in r] for r in records]))
    else:
        show(console, blocks(title, records))
