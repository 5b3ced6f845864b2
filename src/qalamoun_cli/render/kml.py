"""KML 2.2 for places and events: the points the GeoJSON draws, with Google Earth's TimeSpan.

Every text is XML-escaped, after the one sanitiser (safetext.sanitize) has shown as visible
escapes the control characters that XML 1.0 cannot hold at all (a raw ESC or NUL would make
the whole file unreadable) and the bidi and invisible ones that mislead on a map as on a
terminal. A description is also HTML-escaped: Google Earth shows it as HTML.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape as xml_escape

from qalamoun_cli.dates import iso, label
from qalamoun_cli.model import Chronology, DateSpan, Event, Place
from qalamoun_cli.render.geo import Point, Unmapped, located, mapped
from qalamoun_cli.render.wording import claim_brief, html_text, known
from qalamoun_cli.safetext import sanitize

NAMESPACE = "http://www.opengis.net/kml/2.2"


def text(value: object) -> str:
    """Return VALUE as XML character data: sanitised, then escaped."""
    return xml_escape(sanitize(str(value)))


def _element(name: str, value: object) -> str:
    return f"<{name}>{text(value)}</{name}>"


def _description(*lines: str | None) -> str:
    # HTML-escaped first (Google Earth's balloon is HTML), then XML-escaped by _element.
    return _element("description", "<br/>".join(html_text(line) for line in lines if line))


def _data(fields: Sequence[tuple[str, object]]) -> str:
    # Field names are ours (ASCII words); values from the data are escaped.
    return "<ExtendedData>" + "".join(
        f'<Data name="{name}">{_element("value", value)}</Data>'
        for name, value in fields if value is not None) + "</ExtendedData>"


def _point(place: Place) -> str:
    # KML order is longitude,latitude, as in GeoJSON.
    return f"<Point><coordinates>{place.lon},{place.lat}</coordinates></Point>"


def time_span(span: DateSpan) -> str:
    """Return SPAN as a TimeSpan (an open bound left out), or '' when it is undated."""
    if span.start is None and span.end is None:
        return ""
    bounds = "".join(_element(name, iso(day)) for name, day in (("begin", span.start),
                                                                ("end", span.end)) if day)
    return f"<TimeSpan>{bounds}</TimeSpan>"


def _document(name: str, licence: str, placemarks: Iterator[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<kml xmlns="{NAMESPACE}">\n<Document>\n{_element("name", name)}\n'
            f"{_description('Licence and credit: ' + licence)}\n"
            + "".join(f"{placemark}\n" for placemark in placemarks)
            + "</Document>\n</kml>\n")


def _event_placemark(chronology: Chronology, event: Event, point: Point) -> str:
    borrowed = point.located_by()
    where = point.place.name + (f" (drawn at {point.at.name}, a place it is inside: it has "
                                f"no coordinates of its own)" if borrowed else "")
    return ("<Placemark>" + _element("name", f"{known(event.type)}: {point.place.name}")
            + _description(label(event.date), where, event.summary,
                           *(claim_brief(chronology, c) for c in event.claims))
            + time_span(event.date)
            + _data([("event", event.id), ("date_text", event.date.text),
                     ("date_precision", event.date.precision), ("place", point.place.id),
                     ("coord_precision", point.at.coord_precision),
                     ("located_by", borrowed)])
            + _point(point.at) + "</Placemark>")


def events_document(chronology: Chronology, events: Sequence[Event], licence: str,
                    include_parents: bool = False) -> tuple[str, Unmapped]:
    """Return the KML of EVENTS, a Placemark per event and place, and those left out."""
    drawn, left_out = mapped(chronology, events, include_parents)
    campaign = chronology.campaign
    name = campaign.name if campaign else "qalamoun timeline"
    placemarks = (_event_placemark(chronology, event, point)
                  for event, points in drawn for point in points)
    return _document(name, licence, placemarks), left_out


def _place_placemark(place: Place) -> str:
    return ("<Placemark>" + _element("name", place.name)
            + _description(place.arabic, ", ".join(v for v in (place.kind, place.country) if v),
                           f"coordinates: {place.coord_precision}")
            + _data([("id", place.id), ("coord_precision", place.coord_precision),
                     ("parent", place.parent)])
            + _point(place) + "</Placemark>")


def places_document(places: Sequence[Place], licence: str) -> tuple[str, list[str]]:
    """Return the KML of the PLACES that have coordinates, and the ids left out."""
    missing = [p.id for p in places if not located(p)]
    placemarks = (_place_placemark(p) for p in places if located(p))
    return _document("qalamoun places", licence, placemarks), missing
