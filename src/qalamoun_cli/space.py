"""Where things are: great-circle distances, the regions --near and --bbox name, the places
inside them, and the located places near a place.

Distances are great-circle distances on a sphere of the Earth's mean radius (haversine):
within 0.5 % of the ellipsoid's, which is finer than the coordinates of a gazetteer.

A region is a circle (a centre and a radius in km) or a box (west, south, east, north in
degrees, as in GeoJSON, RFC 7946 §5: a west greater than the east crosses the antimeridian).
A place is inside a region when its own coordinates are; with INCLUDE_PARENTS a place
without coordinates is inside where its nearest located parent is (hierarchy.located_parent),
and everything that reports it says that its point was borrowed.

The compiled form's R*Tree (compiled.place_ids_in_boxes) finds the places in a region's
bounding boxes; the exact test is then made on the places' records, as where there is no
R*Tree: the two paths give the same answer (tests/test_space_index.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from qalamoun_cli.errors import BadValue
from qalamoun_cli.model import Chronology, Event, Place
from qalamoun_cli.safetext import shown

# The mean radius of the Earth (IUGG), in km.
EARTH_KM = 6371.0088
# A number as typed: digits with an optional point and exponent, or nan/inf spelt out (so
# that "nan,1" is refused as not finite rather than looked up as a place name).
_NUMBER = re.compile(r"\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|nan|inf(?:inity)?)\s*",
                     re.IGNORECASE | re.ASCII)  # ASCII digits only, as in the data
# The bounding boxes of a region are widened by this much (degrees) before the R*Tree is
# asked: they only choose candidates, and rounding must never leave one out.
_PAD = 1e-9
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


class Circle(NamedTuple):
    """The points within KM of (LAT, LON); CENTRE names the place it is around, if any."""

    lat: float
    lon: float
    km: float
    centre: str | None = None


class Box(NamedTuple):
    """The points with SOUTH <= lat <= NORTH and lon from WEST east to EAST (degrees)."""

    west: float
    south: float
    east: float
    north: float


Region = Circle | Box


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points, in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def direction(lat1: float, lon1: float, lat2: float, lon2: float) -> str:
    """Return the compass point (of 8) of the initial course from point 1 to point 2."""
    # At a pole every way is the one away from it (atan2 would give its own noise).
    if lat1 == 90:
        return "S"
    if lat1 == -90:
        return "N"
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    course = math.degrees(math.atan2(math.sin(dl) * math.cos(p2), math.cos(p1) * math.sin(p2)
                                     - math.sin(p1) * math.cos(p2) * math.cos(dl)))
    return COMPASS[round((course % 360) / 45) % 8]


def _number(text: str, what: str) -> float:
    """Return TEXT as a finite number, or raise BadValue naming WHAT."""
    if not _NUMBER.fullmatch(text):
        raise BadValue(f"{what} {shown(text.strip())} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise BadValue(f"{what} {shown(text.strip())} is not a finite number")
    return value


def _latitude(text: str, what: str = "latitude") -> float:
    value = _number(text, what)
    if not -90 <= value <= 90:
        raise BadValue(f"{what} {text.strip()} is outside -90 to 90")  # a number, as typed
    return value


def _longitude(text: str, what: str = "longitude") -> float:
    value = _number(text, what)
    if not -180 <= value <= 180:
        raise BadValue(f"{what} {text.strip()} is outside -180 to 180")  # a number, as typed
    return value


def parse_point(text: str) -> tuple[float, float] | None:
    """Return TEXT as (lat, lon) when it is two numbers and a comma ("34.18,36.42"); None
    when it is not (a place name). Raises BadValue for a point out of range or not finite."""
    lat, comma, lon = text.partition(",")
    if not comma or not _NUMBER.fullmatch(lat) or not _NUMBER.fullmatch(lon):
        return None
    return _latitude(lat), _longitude(lon)


def parse_km(text: str) -> float:
    """Return TEXT as a distance in km above 0, or raise BadValue."""
    value = _number(text, "distance")
    if value <= 0:
        raise BadValue(f"{text.strip()} is not a distance; give a number of km above 0")
    return value


def parse_box(text: str) -> Box:
    """Return TEXT, "W,S,E,N" in degrees, as a Box, or raise BadValue.

    A west greater than the east is a box across the antimeridian (RFC 7946 §5.2); a south
    greater than the north is refused (a box cannot cross a pole).
    """
    parts = text.split(",")
    if len(parts) != 4:
        raise BadValue(f"{shown(text)} has {len(parts)} number(s); give four: W,S,E,N "
                       f"(west and east longitudes, south and north latitudes)")
    west, east = _longitude(parts[0], "west"), _longitude(parts[2], "east")
    south, north = _latitude(parts[1], "south"), _latitude(parts[3], "north")
    if south > north:
        raise BadValue(f"south {south:g} is north of north {north:g}; give W,S,E,N")
    return Box(west, south, east, north)


def contains(region: Region, lat: float, lon: float) -> bool:
    """Return whether the point (LAT, LON) is inside REGION (its edge included)."""
    if isinstance(region, Circle):
        return distance_km(region.lat, region.lon, lat, lon) <= region.km
    if not region.south <= lat <= region.north:
        return False
    # -180 and 180 are one meridian: a point on it is in a box that reaches either.
    for at in ((lon, -lon) if abs(lon) == 180 else (lon,)):
        if region.west <= region.east:
            if region.west <= at <= region.east:
                return True
        elif at >= region.west or at <= region.east:  # across the antimeridian
            return True
    return False


def bounding_boxes(region: Region) -> list[tuple[float, float, float, float]]:
    """Return boxes (south, north, west, east), none across the antimeridian, that together
    hold every point of REGION (and a little more: they only choose candidates)."""
    if isinstance(region, Box):
        s, n = region.south - _PAD, region.north + _PAD
        boxes = [(s, n, region.west - _PAD, region.east + _PAD)] \
            if region.west <= region.east \
            else [(s, n, region.west - _PAD, 180.0), (s, n, -180.0, region.east + _PAD)]
        # A box that reaches one side of the antimeridian holds the points on the other.
        if -180 in (region.west, region.east):
            boxes.append((s, n, 180.0 - _PAD, 180.0))
        if 180 in (region.west, region.east):
            boxes.append((s, n, -180.0, -180.0 + _PAD))
        return boxes
    radius = region.km / EARTH_KM  # the angular radius, in radians
    reach = math.degrees(radius) * (1 + _PAD) + _PAD
    south, north = region.lat - reach, region.lat + reach
    if south <= -90 or north >= 90:
        # The circle holds a pole: every longitude, from its far edge to the pole.
        return [(max(south, -90.0), min(north, 90.0), -180.0, 180.0)]
    # The widest longitude a spherical cap that holds no pole reaches: asin(sin r / cos lat).
    spread = math.degrees(math.asin(min(1.0, math.sin(radius)
                                        / math.cos(math.radians(region.lat)))))
    spread = spread * (1 + _PAD) + _PAD
    west, east = region.lon - spread, region.lon + spread
    if west < -180:
        return [(south, north, west + 360, 180.0), (south, north, -180.0, east)]
    if east > 180:
        return [(south, north, west, 180.0), (south, north, -180.0, east - 360)]
    return [(south, north, west, east)]


def _point(place: Place) -> tuple[float, float] | None:
    return None if place.lat is None or place.lon is None else (place.lat, place.lon)


def located_in(chronology: Chronology, regions: Sequence[Region], *,
               index: bool = True) -> list[Place]:
    """Return the places with coordinates inside any of REGIONS, in file order.

    With INDEX and an R*Tree in the compiled form, it chooses the candidates; otherwise
    every place is looked at. Either way the place's own record decides.
    """
    places = chronology.places
    candidates: Iterable[Place]
    if index and "rtree" in chronology.features and hasattr(places, "in_boxes"):
        ids = places.in_boxes([box for region in regions for box in bounding_boxes(region)])
        places.prefetch(ids)
        candidates = (places[i] for i in ids)
    else:  # values() of the compiled form reads every record: only here
        candidates = places.values()
    return [p for p in candidates if (point := _point(p)) is not None
            and any(contains(r, *point) for r in regions)]


class Inside(NamedTuple):
    """The places inside one spatial filter: each id, with the id of the place whose point
    put it there (itself, or its nearest located parent: borrowed), and its distance in km
    from the nearest centre of the filter's circles (None for boxes)."""

    points: dict[str, str]
    km: dict[str, float | None]

    def borrowed(self, place_id: str) -> bool:
        """Return whether PLACE_ID is inside only by its parent's point."""
        return self.points.get(place_id, place_id) != place_id


def inside(chronology: Chronology, regions: Sequence[Region], include_parents: bool,
           *, index: bool = True) -> Inside:
    """Return the places inside any of REGIONS (see Inside); with INCLUDE_PARENTS also the
    places without coordinates whose nearest located parent is inside."""
    from qalamoun_cli.hierarchy import located_parent, records_where

    located = located_in(chronology, regions, index=index)
    points = {p.id: p.id for p in located}
    if include_parents:
        # Down from each located place inside, through places without coordinates: the
        # candidates; located_parent (the one definition) confirms each.
        frontier = set(points)
        while frontier:
            children = [p for p in records_where(chronology.places, "parent", frontier)
                        if _point(p) is None and p.id not in points]
            frontier = set()
            for child in children:
                parent = located_parent(chronology, child.id)
                if parent is not None and parent.id in points:
                    points[child.id] = parent.id
                    frontier.add(child.id)
    circles = [r for r in regions if isinstance(r, Circle)]
    places = chronology.places
    km: dict[str, float | None] = {}
    for place_id, point_id in points.items():
        point = places[point_id]
        km[place_id] = min((distance_km(c.lat, c.lon, point.lat, point.lon) for c in circles
                            if contains(c, point.lat, point.lon)), default=None)
    return Inside(points, km)


def centre(chronology: Chronology, place_id: str, include_parents: bool) -> tuple[Place, Place]:
    """Return the place PLACE_ID and the place whose point is its centre: itself, or with
    INCLUDE_PARENTS its nearest located parent. Raises BadValue where it has none."""
    from qalamoun_cli.hierarchy import located_parent

    place = chronology.places[place_id]
    if _point(place) is not None:
        return place, place
    parent = located_parent(chronology, place_id)
    if parent is None:
        raise BadValue(f"{shown(place.name)} has no coordinates, nor has any place above it")
    if not include_parents:
        raise BadValue(f"{shown(place.name)} has no coordinates; --include-parents to measure "
                       f"from {shown(parent.name)}, the nearest place above it that has them")
    return place, parent


def by_parent(event: Event, filters: Sequence[Inside]) -> bool:
    """Return whether EVENT passes FILTERS only by borrowed points: for one of them, each of
    its places inside is inside by its parent's point."""
    for f in filters:
        placed = [p for p in event.places if p in f.points]
        if placed and all(f.borrowed(p) for p in placed):
            return True
    return False


def event_space(chronology: Chronology, event: Event, filters: Sequence[Inside]) -> dict:
    """Return what put EVENT inside FILTERS, for JSON: whether only borrowed points did
    (by_parent), and each of its places inside any of them (place_space's, with its id)."""
    return {"by_parent": by_parent(event, filters),
            "places": [{"id": p, **place_space(chronology, p, filters)} for p in event.places
                       if any(p in f.points for f in filters)]}


def place_space(chronology: Chronology, place_id: str, filters: Sequence[Inside]) -> dict:
    """Return what put PLACE_ID (inside one of FILTERS) there, for JSON: the place whose point
    counted, whether it was borrowed, its precision, and the km from the nearest --near
    centre (None without one)."""
    found = [f for f in filters if place_id in f.points]
    point = found[0].points[place_id]
    distances = [km for f in found if (km := f.km[place_id]) is not None]
    return {"point": point, "borrowed": point != place_id,
            "precision": chronology.places[point].coord_precision,
            "km": round(min(distances), 3) if distances else None}


class Nearby(NamedTuple):
    """A located place near another, KM away in DIRECTION (a compass point) from it."""

    place: Place
    km: float
    direction: str


# What a place card shows: the located places within NEAR_KM, the nearest NEAR_COUNT.
NEAR_KM = 25.0
NEAR_COUNT = 5


def nearby(chronology: Chronology, place: Place, point: Place, *, km: float = NEAR_KM,
           count: int = NEAR_COUNT) -> list[Nearby]:
    """Return the COUNT located places nearest POINT (PLACE itself or the place whose point
    it borrows) within KM, nearest first (ties by name); neither PLACE nor POINT is listed."""
    lat, lon = point.lat, point.lon
    assert lat is not None and lon is not None
    found = [Nearby(p, distance_km(lat, lon, p.lat, p.lon), direction(lat, lon, p.lat, p.lon))
             for p in located_in(chronology, [Circle(lat, lon, km)])
             if p.id not in (place.id, point.id)]
    found.sort(key=lambda n: (n.km, n.place.name.casefold()))
    return found[:count]

