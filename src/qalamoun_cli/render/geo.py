"""GeoJSON (RFC 7946) for places and events: only sourced coordinates, never a guessed point.

An event is drawn only where all of it can be drawn: at each of its places, each at its own
sourced coordinates, or (--include-parents) at its nearest located parent's, which the
feature then names in `located_by`. An event with a place that has neither is left out and
listed, never drawn at the one landmark of it that happens to be located (that point would
say the whole event happened there). KML (render/kml.py) draws the same points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from qalamoun_cli.dates import iso
from qalamoun_cli.model import Chronology, Event, Place


class Point(NamedTuple):
    """One place of an event, and the place whose coordinates it is drawn at."""

    place: Place
    at: Place  # PLACE itself, or its nearest located parent (--include-parents)

    def located_by(self) -> str | None:
        """Return the id of the place whose point is borrowed, or None for PLACE's own."""
        return None if self.at is self.place else self.at.id


class Unmapped(NamedTuple):
    """The events left out of a map: without a place, or with a place without a point."""

    placeless: list[str]
    unlocated: list[str]

    def notes(self, form: str, include_parents: bool) -> list[str]:
        """Return the lines that say on stderr which events FORM leaves out, and why."""
        notes = []
        if self.placeless:
            notes.append(f"{len(self.placeless)} event(s) without a place left out of the "
                         f"{form}: {', '.join(self.placeless)}")
        if self.unlocated:
            why = ("no sourced coordinates, nor a parent place that has some" if include_parents
                   else "no sourced coordinates (--include-parents draws such a place at its "
                        "nearest located parent)")
            notes.append(f"{len(self.unlocated)} event(s) left out of the {form}, as a place "
                         f"of each has {why}: {', '.join(self.unlocated)}")
        return notes


def located(place: Place) -> bool:
    """Return whether PLACE has sourced coordinates."""
    return place.lat is not None and place.lon is not None


def event_points(chronology: Chronology, event: Event,
                 include_parents: bool = False) -> list[Point] | None:
    """Return where EVENT is drawn, a point per place; None when a place has no point."""
    from qalamoun_cli.hierarchy import located_parent

    points = []
    for place_id in event.places:
        place = chronology.places[place_id]
        at = place if located(place) else (
            located_parent(chronology, place_id) if include_parents else None)
        if at is None:
            return None
        points.append(Point(place, at))
    return points


def mapped(chronology: Chronology, events: Sequence[Event], include_parents: bool
           ) -> tuple[list[tuple[Event, list[Point]]], Unmapped]:
    """Return the events that can be drawn with their points, and those left out."""
    drawn, left_out = [], Unmapped([], [])
    for event in events:
        points = event_points(chronology, event, include_parents)
        if not event.places:
            left_out.placeless.append(event.id)
        elif points is None:
            left_out.unlocated.append(event.id)
        else:
            drawn.append((event, points))
    return drawn, left_out


def single_point(chronology: Chronology, event: Event) -> Place | None:
    """Return the place whose coordinates are EVENT's one point (the CSV's), if it has one.

    Only when all its places are located, at one point: an event at several points has
    them in the GeoJSON and KML, not one of them in a cell.
    """
    points = event_points(chronology, event) or []
    spots = {(p.at.lat, p.at.lon, p.at.coord_precision) for p in points}
    return points[0].at if len(spots) == 1 else None


def _point(place: Place) -> dict[str, Any]:
    # GeoJSON order is [longitude, latitude].
    return {"type": "Point", "coordinates": [place.lon, place.lat]}


def _collection(features: list[dict[str, Any]], licence: str) -> dict[str, Any]:
    # "licence" is a foreign member (RFC 7946, 6.1): the dataset's terms travel with it.
    return {"type": "FeatureCollection", "licence": licence, "features": features}


def places_collection(places: Sequence[Place], licence: str
                      ) -> tuple[dict[str, Any], list[str]]:
    """Return a FeatureCollection of the places that have coordinates, and the ids left out."""
    features, missing = [], []
    for place in places:
        if not located(place):
            missing.append(place.id)
            continue
        features.append({
            "type": "Feature", "id": place.id, "geometry": _point(place),
            "properties": {"id": place.id, "name": place.name, "arabic": place.arabic,
                           "country": place.country, "kind": place.kind,
                           "coord_precision": place.coord_precision, "parent": place.parent},
        })
    return _collection(features, licence), missing


def events_collection(chronology: Chronology, events: Sequence[Event], licence: str,
                      include_parents: bool = False) -> tuple[dict[str, Any], Unmapped]:
    """Return one Feature per event and place where all of the event can be drawn, and the
    events left out."""
    drawn, left_out = mapped(chronology, events, include_parents)
    features = []
    for event, points in drawn:
        # Kept from before maps were honest: "parents" where a place borrows a point.
        borrowed = [p.place.id for p in points if p.located_by()]
        for point in points:
            features.append({
                "type": "Feature", "id": f"{event.id}@{point.place.id}",
                "geometry": _point(point.at),
                "properties": {
                    "event": event.id, "date_text": event.date.text,
                    "start": iso(event.date.start), "end": iso(event.date.end),
                    "date_precision": event.date.precision, "type": event.type,
                    "summary": event.summary, "place": point.place.id,
                    "place_name": point.place.name,
                    "coord_precision": point.at.coord_precision,
                    "location": "parents" if borrowed else "complete",
                    "unlocated_places": borrowed, "located_by": point.located_by(),
                },
            })
    return _collection(features, licence), left_out
