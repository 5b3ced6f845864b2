"""Turn model objects into the plain dicts of the JSON contract (see README)."""

from __future__ import annotations

from typing import Any

from qalamoun_cli.model import Chronology, Claim, DateSpan, Event, Place, Quantity


def date_record(span: DateSpan) -> dict[str, Any]:
    """Return {text, start, end, precision, anchor} with ISO dates."""
    return {
        "text": span.text,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "precision": span.precision,
        "anchor": span.anchor,
    }


def ref(chronology: Chronology, kind: str, record_id: str) -> dict[str, Any]:
    """Return {id, name} (plus country or side) for a referenced record."""
    if kind == "place":
        place = chronology.places[record_id]
        return {"id": place.id, "name": place.name, "country": place.country}
    if kind == "actor":
        actor = chronology.actors[record_id]
        return {"id": actor.id, "name": actor.name, "side": actor.side}
    if kind == "source":
        return {"id": record_id, "name": chronology.sources[record_id].name}
    return {"id": record_id, "name": chronology.party_name(record_id)}


def claim_record(chronology: Chronology, claim: Claim) -> dict[str, Any]:
    """Return a claim as {source, party, outcome, low, high, as_reported}."""
    return {
        "source": ref(chronology, "source", claim.source),
        "party": ref(chronology, "party", claim.party),
        "outcome": claim.outcome,
        "low": claim.low,
        "high": claim.high,
        "as_reported": claim.as_reported,
    }


def quantity_record(chronology: Chronology, quantity: Quantity) -> dict[str, Any]:
    return {
        "source": ref(chronology, "source", quantity.source),
        "measure": quantity.measure,
        "low": quantity.low,
        "high": quantity.high,
        "unit": quantity.unit,
        "as_reported": quantity.as_reported,
    }


def event_record(chronology: Chronology, event: Event) -> dict[str, Any]:
    """Return an event in the shape of `timeline --format json`."""
    return {
        "id": event.id,
        "date": date_record(event.date),
        "section": event.section,
        "type": event.type,
        "places": [ref(chronology, "place", p) for p in event.places],
        "actors": [ref(chronology, "actor", a) for a in event.actors],
        "sources": [ref(chronology, "source", s) for s in event.sources],
        "summary": event.summary,
        "claims": [claim_record(chronology, c) for c in event.claims],
        "quantities": [quantity_record(chronology, q) for q in event.quantities],
    }


def place_record(place: Place, chronology: Chronology | None = None) -> dict[str, Any]:
    """Return a place card: {id, name, aliases, arabic, country, kind, lat, lon, ...}."""
    out: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "aliases": list(place.aliases),
        "arabic": place.arabic,
        "country": place.country,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "coord_precision": place.coord_precision,
        "parent": None,
        "note": place.note,
    }
    if chronology is not None and place.parent in chronology.places:
        out["parent"] = {"id": place.parent, "name": chronology.places[place.parent].name}
    return out
