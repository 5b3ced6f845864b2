"""How records are worded in cells, whatever the format: claims, names, coordinates, titles.

The claims and dates modules are imported where a claim or a date is worded: a listing of
places or actors needs neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qalamoun_cli.model import Chronology, Claim, Event, Place

if TYPE_CHECKING:
    from qalamoun_cli.claims import Incident


def known(value: str | None) -> str:
    """Return VALUE, or 'unknown' where the source is silent (never a guess)."""
    return "unknown" if value is None else value


def side_name(chronology: Chronology, side: str | None) -> str:
    """Return the name of an actor's side, or 'unknown'."""
    return "unknown" if side is None else chronology.party_name(side)


def party_label(chronology: Chronology, party: str | None, party_text: str | None) -> str:
    """Return whom a claim is about: the party's name, the source's words, or both."""
    if party is None:
        return party_text if party_text is not None else chronology.party_name(None)
    name = chronology.party_name(party)
    return f"{name} ({party_text})" if party_text else name


def claim_figure(claim: Claim, earlier: tuple[Claim, ...] = ()) -> str:
    """Return a claim's figure as reported, with what it replaces or is part of."""
    from qalamoun_cli.claims import as_reported

    text = as_reported(claim)
    if earlier:
        text += "; earlier " + ", then ".join(as_reported(c) for c in reversed(earlier))
    elif claim.supersedes:
        text += f"; updates claim {claim.supersedes}"
    if claim.within:
        text += f"; part of claim {claim.within}"
    return text + inconsistency(claim)


def inconsistency(claim: Claim) -> str:
    """Return the mark of figures that break their own rule as published, or ''."""
    if claim.inconsistent is None:
        return ""
    return f" [inconsistent at the source: {claim.inconsistent}]"


def claim_brief(chronology: Chronology, claim: Claim) -> str:
    """Return 'rebels killed: 36 (SOHR)'."""
    source = chronology.sources[claim.source].name
    whom = party_label(chronology, claim.party, claim.party_text)
    return f"{whom} {claim.outcome}: {claim_figure(claim)} ({source})"


def names(chronology: Chronology, kind: str, ids: Sequence[str], sep: str = ", ") -> str:
    """Return the names of the places, actors or sources IDS, joined by SEP."""
    records = {"place": chronology.places, "actor": chronology.actors,
               "source": chronology.sources}[kind]
    return sep.join(records[i].name for i in ids)


def attributions(chronology: Chronology, event: Event) -> list[str]:
    """Return the attributions of the sources of EVENT's claims, once each."""
    return list(dict.fromkeys(
        text for c in event.claims if (text := chronology.sources[c.source].attribution)))


def actors_in(chronology: Chronology, event: Event, sep: str = "; ") -> str:
    """Return the names of EVENT's actors joined by SEP, each with its role where known."""
    return sep.join(chronology.actors[a].name + (f" ({role})" if role else "")
                    for a, role in event.actor_roles())


def coordinates(place: Place) -> str:
    """Return '34.1, 36.4 (approximate)', or 'unknown' when the source gives none."""
    if place.lat is None or place.lon is None:
        return "unknown"
    return f"{place.lat}, {place.lon} ({place.coord_precision})"


def source_header(chronology: Chronology, source_id: str) -> str:
    """Return 'SOHR — Syrian Observatory for Human Rights' (the name alone without one)."""
    source = chronology.sources[source_id]
    return f"{source.name} — {source.description}" if source.description else source.name


def incident_title(chronology: Chronology, incident: Incident) -> str:
    """Return '13 May 2015 · <event id> · <places>', or the whole campaign's title."""
    from qalamoun_cli.dates import label

    if incident.event is None:
        campaign = chronology.campaign
        name = campaign.name if campaign else "campaign"
        when = f" ({label(campaign.date)})" if campaign and campaign.date else ""
        return f"Whole campaign: {name}{when}"
    event = incident.event
    places = names(chronology, "place", event.places)
    return f"{label(event.date)} · {event.id}" + (f" · {places}" if places else "")


def html_text(text: str) -> str:
    """Return TEXT as HTML that shows it as written (TimelineJS and KML read text as HTML)."""
    from html import escape

    return escape(text, quote=False)  # text content: quotes need no escape
