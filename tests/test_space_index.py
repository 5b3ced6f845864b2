"""The R*Tree of the compiled form and the Python scan give the same places (space.py)."""

from __future__ import annotations

import math
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli import compiled, space
from qalamoun_cli.model import Chronology, Place
from qalamoun_cli.space import Box, Circle, bounding_boxes, contains, inside, located_in

# Latitudes and longitudes, with the edges (poles, antimeridian) drawn often.
LATITUDES = st.one_of(st.floats(-90, 90), st.sampled_from([-90.0, -89.99, 0.0, 89.99, 90.0]))
LONGITUDES = st.one_of(st.floats(-180, 180),
                       st.sampled_from([-180.0, -179.99, 0.0, 179.99, 180.0]))
CIRCLES = st.builds(Circle, LATITUDES, LONGITUDES,
                    st.one_of(st.floats(0.001, 25_000), st.floats(0.001, 50)))


@st.composite
def boxes(draw):
    south, north = sorted((draw(LATITUDES), draw(LATITUDES)))
    return Box(draw(LONGITUDES), south, draw(LONGITUDES), north)


REGIONS = st.lists(st.one_of(CIRCLES, boxes()), min_size=1, max_size=3)


@st.composite
def gazetteers(draw):
    """A chronology of places, some with coordinates, some inside others."""
    count = draw(st.integers(1, 25))
    places = {}
    for i in range(count):
        located = draw(st.booleans())
        parent = draw(st.sampled_from([None, *(f"p{j}" for j in range(i))]))
        places[f"p{i}"] = Place(f"p{i}", f"Place {i}", parent=parent,
                                lat=draw(LATITUDES) if located else None,
                                lon=draw(LONGITUDES) if located else None,
                                coord_precision="exact" if located else None)
    return Chronology(places=places)


def compiled_copy(chronology: Chronology) -> Chronology:
    """Return CHRONOLOGY written into an in-memory compiled database and read back."""
    conn = sqlite3.connect(":memory:")
    assert compiled.write_database(conn, chronology, "key") == []
    read = compiled.read_database(conn, "key", lambda: AssertionError("damaged"))
    assert read is not None and "rtree" in read.features
    return read


@settings(max_examples=150, deadline=None)
@given(gazetteers(), REGIONS, st.booleans())
def test_the_r_tree_and_the_scan_find_the_same_places(chronology, regions, parents):
    copy = compiled_copy(chronology)
    scanned = inside(chronology, regions, parents, index=False)
    assert inside(copy, regions, parents, index=True) == scanned
    assert inside(copy, regions, parents, index=False) == scanned
    assert [p.id for p in located_in(copy, regions)] == \
        [p.id for p in located_in(chronology, regions, index=False)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(CIRCLES, boxes()), LATITUDES, LONGITUDES)
def test_a_point_inside_a_region_is_inside_one_of_its_bounding_boxes(region, lat, lon):
    if contains(region, lat, lon):
        assert any(s <= lat <= n and w <= lon <= e for s, n, w, e in bounding_boxes(region))


@settings(max_examples=200, deadline=None)
@given(CIRCLES, st.floats(0, 1), st.floats(0, 360))
def test_points_just_inside_a_circle_are_in_its_bounding_boxes(circle, fraction, course):
    # A point at FRACTION of the radius along COURSE (the destination formula): the points the
    # R*Tree's boxes must hold, most of them near the edge where rounding would lose them.
    fraction = 1 - fraction ** 4
    d = circle.km * fraction / space.EARTH_KM
    p1, l1, c = math.radians(circle.lat), math.radians(circle.lon), math.radians(course)
    lat = math.asin(min(1.0, max(-1.0, math.sin(p1) * math.cos(d)
                                 + math.cos(p1) * math.sin(d) * math.cos(c))))
    lon = l1 + math.atan2(math.sin(c) * math.sin(d) * math.cos(p1),
                          math.cos(d) - math.sin(p1) * math.sin(lat))
    lat, lon = math.degrees(lat), (math.degrees(lon) + 180) % 360 - 180
    if contains(circle, lat, lon):
        assert any(s <= lat <= n and w <= lon <= e for s, n, w, e in bounding_boxes(circle))


def test_the_r_tree_is_asked_only_for_the_boxes_and_the_records_decide(monkeypatch):
    places = {f"p{i}": Place(f"p{i}", f"P{i}", lat=0.0, lon=float(i), coord_precision="exact")
              for i in range(-5, 6)}
    copy = compiled_copy(Chronology(places=places))
    asked = []
    real = compiled.Records.in_boxes

    def spy(self, boxes):
        found = real(self, boxes)
        asked.append(found)
        return found

    monkeypatch.setattr(compiled.Records, "in_boxes", spy)
    found = [p.id for p in located_in(copy, [Circle(0, 0, 150)])]
    # 150 km is 1.35 degrees at the equator: the box holds p-1 to p1, the circle too.
    assert (found, asked) == (["p-1", "p0", "p1"], [["p-1", "p0", "p1"]])
    found = [p.id for p in located_in(copy, [Box(4.5, -1, -4.5, 1)])]
    assert (found, asked[-1]) == (["p-5", "p5"], ["p-5", "p5"])
    # Only the candidates' records were read: not every place, as a scan reads them.
    assert copy.places._all is None
    assert sorted(copy.places._found) == ["p-1", "p-5", "p0", "p1", "p5"]


def test_without_an_r_tree_the_scan_answers(monkeypatch):
    places = {"a": Place("a", "A", lat=10.0, lon=10.0, coord_precision="exact"),
              "b": Place("b", "B", lat=-10.0, lon=10.0, coord_precision="exact")}
    copy = compiled_copy(Chronology(places=places))
    copy.features = ()

    def refuse(self, boxes):
        raise AssertionError("no R*Tree to ask")

    monkeypatch.setattr(compiled.Records, "in_boxes", refuse)
    assert [p.id for p in located_in(copy, [Box(0, 0, 20, 20)])] == ["a"]


@pytest.mark.parametrize("parents", [False, True])
def test_include_parents_borrows_the_nearest_located_parent_only(parents):
    chronology = Chronology(places={p.id: p for p in (
        Place("town", "Town", lat=1.0, lon=1.0, coord_precision="exact"),
        Place("barrens", "Barrens", parent="town"),
        Place("hill", "Hill", parent="barrens"),
        Place("post", "Post", parent="hill", lat=5.0, lon=5.0, coord_precision="exact"),
        Place("trench", "Trench", parent="post"),
    )})
    found = inside(chronology, [Circle(1, 1, 10)], parents, index=False)
    if parents:
        assert found.points == {"town": "town", "barrens": "town", "hill": "town"}
        assert found.km == {"town": 0.0, "barrens": 0.0, "hill": 0.0}
    else:
        assert found.points == {"town": "town"}
    post = inside(chronology, [Box(4, 4, 6, 6)], parents, index=False)
    assert post.points == ({"post": "post", "trench": "post"} if parents else {"post": "post"})
    assert post.km == dict.fromkeys(post.points)


def test_by_parent_is_said_only_of_events_inside_by_borrowed_points_alone():
    from qalamoun_cli.model import Event
    from qalamoun_cli.space import Inside, by_parent

    near = Inside({"town": "town", "hill": "town"}, {"town": 0.0, "hill": 0.0})
    box = Inside({"post": "post"}, {"post": None})

    def event(*places):
        return Event("e", None, None, None, "", places)

    assert by_parent(event("hill"), [near])
    assert not by_parent(event("hill", "town"), [near])
    assert by_parent(event("hill", "post"), [near, box])   # near only by the hill's borrowing
    assert not by_parent(event("post"), [box])
    assert not by_parent(event("elsewhere"), [near])       # not inside at all: not "by parent"
