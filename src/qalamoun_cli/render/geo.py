"""GeoJSON (RFC 7946) for places and events: only sourced coordinates, never a guessed point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qalamoun_cli.dates import iso
from qalamoun_cli.model import Chronology, Event, Place


def _point(place: Place) -> dict[str, Any]:
    # GeoJSON order is [longitude, latitude].
    return {"type": "Point", "coordinates": [place.lon, place.lat]}


def places_collection(places: Sequence[Place]) -> tuple[dict[str, Any], list[str]]:
    """Return a FeatureCollection of the places that have coordinates, and the ids left out."""
    features, missing = [], []
    for place in places:
        if place.lat is None or place.lon is None:
            missing.append(place.id)
            continue
        features.append({
            "type": "Feature", "id": place.id, "geometry": _point(place),
            "properties": {"id": place.id, "name": place.name, "arabic": place.arabic,
                           "country": place.country, "kind": place.kind,
                           "coord_precision": place.coord_precision, "parent": place.parent},
        })
    return {"type": "FeatureCollection", "features": features}, missing


def events_collection(chronology: Chronology, events: Sequence[Event]
                      ) -> tuple[dict[str, Any], list[str], list[str]]:
    """Return one Feature per event and located place, the ids of events with no located
    place, and the ids of events only partly located.

    An event is never moved to a place it does not name; when some of its places have no
    sourced coordinates, its features say so (`location: "partial"`, `unlocated_places`),
    because the point then shows one landmark of the event, not where all of it happened.
    """
    features, missing, partial = [], [], []
    for event in events:
        located = [chronology.places[p] for p in event.places
                   if chronology.places[p].lat is not None]
        unlocated = [p for p in event.places if chronology.places[p].lat is None]
        if not located:
            missing.append(event.id)
            continue
        if unlocated:
            partial.append(event.id)
        for place in located:
            features.append({
                "type": "Feature", "id": f"{event.id}@{place.id}", "geometry": _point(place),
                "properties": {
                    "event": event.id, "date_text": event.date.text,
                    "start": iso(event.date.start), "end": iso(event.date.end),
                    "date_precision": event.date.precision, "type": event.type,
                    "summary": event.summary, "place": place.id, "place_name": place.name,
                    "coord_precision": place.coord_precision,
                    "location": "partial" if unlocated else "complete",
                    "unlocated_places": unlocated,
                },
            })
    return {"type": "FeatureCollection", "features": features}, missing, partial
