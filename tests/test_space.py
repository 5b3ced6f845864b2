"""Space (issue 17): great-circle distances, --near/--within, --bbox and --include-parents."""

from __future__ import annotations

import json
import math
import textwrap

import pytest

from qalamoun_cli.errors import BadValue
from qalamoun_cli.space import (
    EARTH_KM,
    Box,
    Circle,
    bounding_boxes,
    contains,
    direction,
    distance_km,
    parse_box,
    parse_km,
    parse_point,
)

ONE_DEGREE = EARTH_KM * math.pi / 180

# -- geometry -----------------------------------------------------------------------------------


def test_los_angeles_to_new_york_is_the_aviation_formularys_distance_and_course():
    # Ed Williams' Aviation Formulary, worked example: LAX (33°57'N 118°24'W) to JFK
    # (40°38'N 73°47'W) is 0.623585 radians (2144 nm), on an initial course of 66°.
    lax, jfk = (33 + 57 / 60, -(118 + 24 / 60)), (40 + 38 / 60, -(73 + 47 / 60))
    assert distance_km(*lax, *jfk) / EARTH_KM == pytest.approx(0.623585, abs=5e-7)
    assert direction(*lax, *jfk) == "NE"


@pytest.mark.parametrize(("a", "b", "km"), [
    ((0, 0), (0, 90), EARTH_KM * math.pi / 2),           # a quarter of the equator
    ((-90, 0), (90, 0), EARTH_KM * math.pi),             # pole to pole
    ((0, 179.5), (0, -179.5), ONE_DEGREE),                # across the antimeridian
    ((89.5, 0), (89.5, 180), ONE_DEGREE),                 # over the North Pole
    ((-89.5, 90), (-89.5, -90), ONE_DEGREE),              # over the South Pole
    ((90, 0), (90, 123), 0.0),                            # the pole: every longitude is one point
    ((34.17944, 36.42083), (34.17944, 36.42083), 0.0),
])
def test_great_circle_distances_are_the_known_ones(a, b, km):
    assert distance_km(*a, *b) == pytest.approx(km, abs=1e-6)
    assert distance_km(*b, *a) == pytest.approx(km, abs=1e-6)


def test_arsal_to_ras_baalbek_is_a_degree_of_latitude_scaled():
    # Two shipped towns almost on one meridian: the distance is their latitudes' difference.
    km = distance_km(34.17944, 36.42083, 34.25972, 36.42361)
    assert round(km, 1) == 8.9
    assert km == pytest.approx((34.25972 - 34.17944) * ONE_DEGREE, rel=2e-3)


@pytest.mark.parametrize(("a", "b", "way"), [
    ((0, 0), (1, 0), "N"), ((0, 0), (0, 1), "E"), ((0, 0), (-1, 0), "S"),
    ((0, 0), (0, -1), "W"), ((0, 0), (1, 1), "NE"), ((0, 0), (-1, -1), "SW"),
    ((0, 179.5), (0, -179.5), "E"),     # east, across the antimeridian
    ((89.5, 0), (89.5, 180), "N"),      # over the pole
    ((90, 0), (89.9, 90), "S"), ((90, 0), (89.9, -179), "S"),  # from the pole: away
    ((-90, 0), (-89.9, 45), "N"),
])
def test_directions_are_compass_points_of_the_initial_course(a, b, way):
    assert direction(*a, *b) == way


def test_a_box_across_the_antimeridian_holds_both_ends_and_not_the_middle():
    box = Box(170, -10, -170, 10)
    assert [contains(box, 0, lon) for lon in (175, 180, -180, -175, 0, 169.9, -169.9)] == \
        [True, True, True, True, False, False, False]
    assert not contains(box, 11, 175)
    plain = Box(-170, -10, 170, 10)
    assert [contains(plain, 0, lon) for lon in (175, 0, -175, 170, -170)] == \
        [False, True, False, True, True]


def test_minus_180_and_180_are_one_meridian():
    # A box that reaches one side of the antimeridian holds a point given on the other.
    edge = Box(-180, -20, -180, 20)
    assert [contains(edge, 0, lon) for lon in (180, -180, 179.9, -179.9)] == \
        [True, True, False, False]
    east = Box(170, -1, 180, 1)
    assert [contains(east, 0, lon) for lon in (-180, 180, -179.9)] == [True, True, False]
    # The R*Tree's candidate boxes hold them too.
    assert any(w <= 180 <= e for _, _, w, e in bounding_boxes(edge))
    assert any(w <= -180 <= e for _, _, w, e in bounding_boxes(east))


def test_a_circle_holds_its_edge():
    assert contains(Circle(0, 0, ONE_DEGREE + 1e-6), 1, 0)
    assert not contains(Circle(0, 0, ONE_DEGREE - 1e-3), 1, 0)


# -- what is typed ------------------------------------------------------------------------------


def test_points_kms_and_boxes_are_read():
    assert parse_point("34.18,36.42") == (34.18, 36.42)
    assert parse_point(" -33.9 , +18.4 ") == (-33.9, 18.4)
    assert parse_point("1e1,2") == (10.0, 2.0)
    assert parse_point("Arsal") is None
    assert parse_point("Arsal, Lebanon") is None
    assert parse_km("2.5") == 2.5
    assert parse_box("179,-10,-179,10") == Box(179, -10, -179, 10)


@pytest.mark.parametrize(("call", "text", "message"), [
    (parse_point, "91,0", "latitude 91 is outside -90 to 90"),
    (parse_point, "0,-180.5", "longitude -180.5 is outside -180 to 180"),
    (parse_point, "nan,1", "latitude 'nan' is not a finite number"),
    (parse_point, "1,inf", "longitude 'inf' is not a finite number"),
    (parse_km, "-5", "-5 is not a distance; give a number of km above 0"),
    (parse_km, "0", "0 is not a distance; give a number of km above 0"),
    (parse_km, "ten", "distance 'ten' is not a number"),
    (parse_km, "NaN", "distance 'NaN' is not a finite number"),
    (parse_km, "1_000", "distance '1_000' is not a number"),
    (parse_km, "1e-400", "1e-400 is not a distance; give a number of km above 0"),
    # ASCII digits only, as in the data (float() reads other scripts' digits too).
    (parse_km, "٥", "distance '٥' is not a number"),
    (parse_box, "３６,1,2,3", "west '３６' is not a number"),
    (parse_box, "1,2,3", "'1,2,3' has 3 number(s); give four: W,S,E,N (west and east "
                         "longitudes, south and north latitudes)"),
    (parse_box, "a,2,3,4", "west 'a' is not a number"),
    (parse_box, "1,2,Infinity,4", "east 'Infinity' is not a finite number"),
    (parse_box, "0,-91,1,1", "south -91 is outside -90 to 90"),
    (parse_box, "-181,0,1,1", "west -181 is outside -180 to 180"),
    (parse_box, "0,10,1,5", "south 10 is north of north 5; give W,S,E,N"),
])
def test_bad_values_are_refused_by_name(call, text, message):
    with pytest.raises(BadValue) as caught:
        call(text)
    assert str(caught.value) == message


# -- the command line ---------------------------------------------------------------------------

ARSAL = ["--near", "Arsal", "--within", "45", "--include-parents", "--from", "2015-05-25",
         "--to", "2015-05-31"]
# What happened around Arsal in the last week of May 2015 (the first question): on the
# shipped data, three events at the Qalamoun Mountains' approximate point, 42 km away (nothing
# within 25 km that week; the hills of the Arsal barrens, placed at Arsal's point, have their
# events in mid-May and June).
ARSAL_WEEK = ["2015-05-25-tal-thaljah-western-hills-taken", "2015-05-29-al-masdar-90-percent",
              "2015-05-30-clashes-resume"]


def test_around_arsal_in_the_last_week_of_may_and_who_says_so(run):
    code, out, err = run("timeline", *ARSAL, "--format", "json")
    events = json.loads(out)
    assert (code, [e["id"] for e in events]) == (0, ARSAL_WEEK)
    assert [e["space"] for e in events] == [{"by_parent": False, "places": [
        {"id": "qalamoun-mountains", "point": "qalamoun-mountains", "borrowed": False,
         "precision": "approximate", "km": 41.953}]}] * 3
    assert [[s["name"] for s in e["sources"]] for e in events] == [[], ["Al-Masdar News"], []]
    assert err == "qalamoun: 6 undated events not shown; --undated to include them\n"
    assert run("timeline", *ARSAL[:2], "--within", "25", *ARSAL[4:], "--count")[:2] == \
        (1, "0\n")


def test_include_parents_places_the_hills_of_the_barrens_at_arsal_and_names_them(run):
    code, out, err = run("timeline", "--near", "Arsal", "--within", "10", "--on", "2015-W20",
                         "--format", "json")
    assert [e["id"] for e in json.loads(out)] == [
        "2015-05-07-rebels-expected-to-flee-to-arsal",
        "2015-05-11-isil-holds-back-brings-in-iraqi-commanders",
        "2015-05-14-dahr-al-hawa-taken", "2015-05-17-lebanese-army-shells-rebels-near-arsal"]
    code, out, err = run("timeline", "--near", "Arsal", "--within", "10", "--on", "2015-W20",
                         "--include-parents", "--format", "json")
    events = {e["id"]: e["space"] for e in json.loads(out)}
    assert list(events) == [
        "2015-05-07-rebels-expected-to-flee-to-arsal",
        "2015-05-11-isil-holds-back-brings-in-iraqi-commanders",
        "2015-05-13-rebels-pushed-towards-arsal", "2015-05-14-dahr-al-hawa-taken",
        "2015-05-17-advance-to-al-fakhte", "2015-05-17-lebanese-army-shells-rebels-near-arsal"]
    assert events["2015-05-17-advance-to-al-fakhte"] == {"by_parent": True, "places": [
        {"id": "al-fakhte", "point": "arsal", "borrowed": True, "precision": "exact",
         "km": 0.0},
        {"id": "arsal-barrens", "point": "arsal", "borrowed": True, "precision": "exact",
         "km": 0.0}]}
    # Dahr al-Hawa borrows Arsal's point, but the event is also at Arsal itself.
    assert events["2015-05-14-dahr-al-hawa-taken"]["by_parent"] is False
    assert err == ("qalamoun: 2 event(s) placed at a parent's coordinates (--include-parents): "
                   "2015-05-13-rebels-pushed-towards-arsal, 2015-05-17-advance-to-al-fakhte\n")


def test_a_point_finds_what_the_place_of_its_coordinates_finds(run):
    by_name = run("timeline", "--near", "Arsal", "--within", "3", "--format", "json")
    by_point = run("timeline", "--near", "34.17944,36.42083", "--within", "3", "--format",
                   "json")
    assert by_name == by_point
    assert len(json.loads(by_name[1])) == 10


def test_each_near_takes_its_within_in_turn_or_one_within_serves_all(run):
    def ids(*args):
        code, out, _ = run("timeline", *args, "--format", "json")
        return [e["id"] for e in json.loads(out)] if code == 0 else []

    arsal, yabroud = ids("--near", "Arsal", "--within", "1"), ids("--near", "Yabroud",
                                                                 "--within", "1")
    assert arsal and yabroud
    both = ids("--near", "Arsal", "--within", "1", "--near", "Yabroud", "--within", "1")
    assert sorted(both) == sorted(set(arsal) | set(yabroud))
    assert ids("--near", "Arsal", "--near", "Yabroud", "--within", "1") == both
    # Yabroud is 32 km from Arsal: with 1 km for Arsal and 40 for Yabroud, Arsal's events
    # are found again through Yabroud's circle only.
    wide = ids("--near", "Arsal", "--within", "1", "--near", "Yabroud", "--within", "40")
    assert wide == ids("--near", "Yabroud", "--within", "40")


def test_filters_and_across_or_within(run):
    def ids(*args):
        code, out, _ = run("timeline", *args, "--format", "json")
        return {e["id"] for e in json.loads(out)} if code == 0 else set()

    near = ids("--near", "Arsal", "--within", "1")
    box = ids("--bbox", "36.6,33.9,36.7,34.0")  # Yabroud
    assert near and box and not near & box
    assert ids("--near", "Arsal", "--within", "1", "--bbox", "36.6,33.9,36.7,34.0") == set()
    assert ids("--bbox", "36.4,34.1,36.5,34.2", "--bbox", "36.6,33.9,36.7,34.0") == near | box
    assert ids("--near", "Arsal", "--within", "1", "--place", "Arsal barrens") == \
        near & ids("--place", "Arsal barrens")


def test_casualties_stats_and_places_take_the_same_filters(run):
    code, out, _ = run("casualties", "--near", "Ras Baalbek", "--within", "1", "--scope",
                       "incident", "--format", "json")
    assert [c["event"]["id"] for c in json.loads(out)] == [
        "2015-06-09-isil-attacks-hezbollah-near-ras-baalbek"] * 2
    code, out, _ = run("stats", "--near", "Ras Baalbek", "--within", "1", "--format", "json")
    assert json.loads(out)["events_by_type"] == [{"week": "2015-W24", "type": "attack",
                                                  "count": 1}]
    code, out, err = run("places", "--bbox", "36.2,34.01,36.5,34.3", "--format", "json")
    assert ([p["id"] for p in json.loads(out)], err) == (["arsal", "nahleh", "ras-baalbek"], "")
    code, out, err = run("places", "--near", "Ras Baalbek", "--within", "9",
                         "--include-parents", "--format", "json")
    places = {p["id"]: p["space"] for p in json.loads(out)}
    assert places["ras-baalbek"] == {"point": "ras-baalbek", "borrowed": False,
                                     "precision": "exact", "km": 0.0}
    assert places["arsal-barrens"] == {"point": "arsal", "borrowed": True,
                                       "precision": "exact", "km": 8.93}
    assert err == ("qalamoun: 6 place(s) inside by a parent's coordinates (--include-parents): "
                   "al-fakhte, wadi-al-hosn-amusement-park, arsal-barrens, dahr-al-hawa, "
                   "wadi-al-hosn-refugee-camp, wadi-al-hosn\n")


def test_a_near_place_without_coordinates_is_refused_unless_its_parent_is_taken(run):
    assert run("timeline", "--near", "Arsal barrens", "--within", "5") == (
        2, "", "qalamoun: --near: 'Arsal barrens' has no coordinates; --include-parents to "
               "measure from 'Arsal', the nearest place above it that has them\n")
    assert run("timeline", "--near", "Tal Thaljah", "--within", "5", "--include-parents") == (
        2, "", "qalamoun: --near: 'Tal Thaljah' has no coordinates, nor has any place above it\n")
    code, out, err = run("timeline", "--near", "Arsal barrens", "--within", "5",
                         "--include-parents", "--format", "json")
    assert code == 0
    assert err.splitlines()[0] == ("qalamoun: --near 'Arsal barrens': 'Arsal barrens' has no "
                                   "coordinates; measuring from 'Arsal''s (--include-parents)")
    same = run("timeline", "--near", "Arsal", "--within", "5", "--include-parents",
               "--format", "json")
    assert out == same[1]


def test_a_near_name_of_several_places_is_refused_naming_them(run):
    assert run("timeline", "--near", "Wadi al", "--within", "5") == (
        2, "", "qalamoun: --near: 'Wadi al' is ambiguous; it could be: 'Dahr al-Hawa', "
               "'Wadi Ajram', 'Wadi Al-Khashiyah', 'Wadi al-Hosn'\n")
    assert run("timeline", "--near", "Jarajir", "--within", "5") == (
        2, "", "qalamoun: --near: 'Jarajir' has no coordinates, nor has any place above it\n")


def test_a_near_name_that_finds_nothing_exits_1_with_the_closest(run):
    assert run("timeline", "--near", "Xyzzyq", "--within", "5") == (
        1, "", "qalamoun: --near: unknown place 'Xyzzyq'; closest: 'Qara', 'Younin', "
               "'al-Fakhte'\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--within", "5"), "--within is the distance for --near: give --near PLACE too"),
    (("--near", "Arsal"), "--near needs a distance: give --within KM too"),
    (("--near", "Arsal", "--within", "-5"),
     "--within: -5 is not a distance; give a number of km above 0"),
    (("--near", "Arsal", "--within", "0"),
     "--within: 0 is not a distance; give a number of km above 0"),
    (("--near", "Arsal", "--within", "inf"), "--within: distance 'inf' is not a finite number"),
    (("--near", "Arsal", "--near", "Qara", "--near", "Yabroud", "--within", "1", "--within",
      "2"), "--near is given 3 times and --within 2 times: give one --within for all, or one for "
            "each --near, in order"),
    (("--near", "91,0", "--within", "5"), "--near: latitude 91 is outside -90 to 90"),
    (("--near", "0,nan", "--within", "5"), "--near: longitude 'nan' is not a finite number"),
    (("--near", " ", "--within", "5"), "--near: the place name is empty"),
    (("--bbox", "1,2,3"), "--bbox: '1,2,3' has 3 number(s); give four: W,S,E,N (west and "
                          "east longitudes, south and north latitudes)"),
    (("--bbox", "1,2,x,4"), "--bbox: east 'x' is not a number"),
    (("--bbox", "0,50,1,40"), "--bbox: south 50 is north of north 40; give W,S,E,N"),
    (("--bbox", "0,0,190,1"), "--bbox: east 190 is outside -180 to 180"),
])
@pytest.mark.parametrize("command", ["timeline", "casualties", "stats", "places"])
def test_bad_space_values_are_one_line_and_exit_2(run, command, args, message):
    assert run(command, *args) == (2, "", f"qalamoun: {message}\n")


@pytest.mark.parametrize("command", ["casualties", "stats", "places"])
def test_include_parents_with_nothing_to_place_is_refused(run, command):
    assert run(command, "--include-parents") == (
        2, "", "qalamoun: --include-parents applies to --near and --bbox: give one of them\n")


def test_place_cards_show_the_located_places_near_and_say_a_borrowed_point(run):
    code, out, _ = run("place", "Arsal", "--limit", "1")
    assert [line for line in out.splitlines() if line.startswith("nearby")] == [
        "nearby: Ras Baalbek 8.9 km N", "nearby: Nahleh 17.5 km SW",
        "nearby: Anti-Lebanon Mountains 21.2 km S"]
    code, out, _ = run("place", "Dahr al-Hawa", "--limit", "1")
    assert [line for line in out.splitlines() if line.startswith("nearby")] == [
        "nearby: measured from Arsal's coordinates (borrowed: this place has none)",
        "nearby: Ras Baalbek 8.9 km N", "nearby: Nahleh 17.5 km SW",
        "nearby: Anti-Lebanon Mountains 21.2 km S"]
    code, out, _ = run("place", "Tal Thaljah", "--limit", "1")
    assert not [line for line in out.splitlines() if line.startswith("nearby")]
    code, out, _ = run("place", "Damascus", "--limit", "1")
    assert [line for line in out.splitlines() if line.startswith("nearby")] == [
        "nearby: no located place within 25 km"]


DATELINE = textwrap.dedent("""\
    schema_version: 1
    sides: [{id: s, name: S}]
    actors: [{id: a, name: A, side: s}]
    sources: [{id: u, name: U, kind: unattributed}]
    places:
      - {id: east, name: East End, lat: 0.5, lon: 179.9, coord_precision: exact}
      - {id: west, name: West End, lat: -0.5, lon: -179.9, coord_precision: exact}
      - {id: middle, name: Middle, lat: 0, lon: 0, coord_precision: exact}
      - {id: north, name: Near the Pole, lat: 89.9, lon: 45, coord_precision: exact}
      - {id: far-north, name: Across the Pole, lat: 89.9, lon: -135, coord_precision: exact}
    events:
    """) + "".join(
    f"  - {{id: at-{p}, date: {{text: day, start: 2015-01-01, end: 2015-01-01, precision: day}},"
    f" section: x, type: clash, places: [{p}], summary: At {p}.}}\n"
    for p in ("east", "west", "middle", "north", "far-north"))


@pytest.fixture
def dateline(tmp_path):
    path = tmp_path / "dateline.yaml"
    path.write_text(DATELINE, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("args", "found"), [
    (("--bbox", "179,-1,-179,1"), ["at-east", "at-west"]),      # across the antimeridian
    (("--bbox", "-179,-1,179,1"), ["at-middle"]),               # the rest of the world
    (("--bbox", "179.95,-1,-179.95,1"), []),
    (("--near", "0,180", "--within", "120"), ["at-east", "at-west"]),
    (("--near", "0.5,-180", "--within", "30"), ["at-east"]),   # a circle across it
    # 0.2° of longitude apart over the pole is 22 km; 1° of latitude short of it 111 km.
    (("--near", "Near the Pole", "--within", "25"), ["at-north", "at-far-north"]),
    (("--near", "90,0", "--within", "12"), ["at-north", "at-far-north"]),
    (("--near", "89,45", "--within", "101"), ["at-north"]),
])
def test_the_antimeridian_and_the_poles(run, dateline, args, found):
    code, out, err = run("--data", dateline, "timeline", *args, "--format", "json")
    assert ([e["id"] for e in json.loads(out)], err) == (found, "" if found else
                                                         "qalamoun: no events match\n")


def test_the_installed_entry_point_answers_the_arsal_question():
    import shutil
    import subprocess
    import sys

    exe = shutil.which("qalamoun")
    entry = [exe] if exe else [sys.executable, "-m", "qalamoun_cli"]
    done = subprocess.run([*entry, "timeline", *ARSAL, "--format", "jsonl"],
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ARSAL_WEEK
    refused = subprocess.run([*entry, "places", "--bbox", "1,2,3"], capture_output=True,
                             timeout=60, check=False)
    assert (refused.returncode, refused.stdout, refused.stderr) == (
        2, b"", b"qalamoun: --bbox: '1,2,3' has 3 number(s); give four: W,S,E,N (west and east "
                b"longitudes, south and north latitudes)\n")


def test_the_space_key_keeps_its_contract(run):
    from tests.test_json_contract import EVENT, NUM, OPT_TEXT, PLACE, TEXT, mismatches

    where = {"point": TEXT, "borrowed": bool, "precision": OPT_TEXT, "km": (*NUM, type(None))}
    event = {**EVENT, "space": {"by_parent": bool, "places": [{"id": TEXT, **where}]}}
    for args in (["--near", "Arsal", "--within", "30", "--include-parents"],
                 ["--bbox", "36,33,37,35", "--include-parents"]):
        code, out, _ = run("timeline", *args, "--format", "json")
        assert code == 0 and mismatches(json.loads(out), [event]) == []
        code, out, _ = run("places", *args, "--format", "json")
        assert code == 0 and mismatches(json.loads(out), [{**PLACE, "space": where}]) == []
    # Without a spatial filter there is no space key.
    assert "space" not in json.loads(run("timeline", "--on", "2015-05-13", "--format",
                                         "json")[1])[0]


def test_a_near_name_of_several_places_measures_from_those_that_have_a_point(run):
    from tests.conftest import FIXTURES

    code, out, err = run("--data", str(FIXTURES / "ucdp-ged-sample-23.1.csv"), "timeline",
                         "--near", "Yabrud", "--within", "20", "--count")
    assert (code, out) == (0, "2\n")
    assert err == ("qalamoun: --near: taking 'Yabrud' as 'Yabrud district', 'Yabroud town'\n"
                   "qalamoun: --near 'Yabrud': 'Yabrud district' has no coordinates, nor has "
                   "any place above it; measuring from the others\n")


def test_casualties_in_an_area_keeps_the_campaign_where_its_events_are_and_says_so(run):
    from qalamoun_cli.claims import CAVEATS

    code, out, _ = run("casualties", "--scope", "campaign", "--near", "Arsal", "--within", "1",
                       "--format", "json")
    assert code == 0 and {c["scope"] for c in json.loads(out)} == {"campaign"}
    assert run("casualties", "--scope", "campaign", "--near", "0,0", "--within", "1",
               "--format", "json")[:2] == (1, "[]\n")
    # The sums cover an area, not all the campaign's places: its claims are not comparable.
    code, out, _ = run("casualties", "--totals", "--near", "Arsal", "--within", "1",
                       "--format", "json")
    campaign_rows = [r for r in json.loads(out) if r["campaign_as_reported"] is not None]
    assert campaign_rows and all(r["caveats"] == [CAVEATS["campaign"]] for r in campaign_rows)
    code, out, _ = run("casualties", "--totals", "--format", "json")
    assert all(CAVEATS["campaign"] not in r["caveats"] for r in json.loads(out))


def test_the_space_benchmark_gives_synthetic_places_coordinates(tmp_path, monkeypatch):
    import importlib.util

    from qalamoun_cli.dataset import load_dataset
    from tests.conftest import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    modules = {}
    for name in ("synth", "space"):
        spec = importlib.util.spec_from_file_location(f"bench_{name}",
                                                      ROOT / "benchmarks" / f"{name}.py")
        modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modules[name])
    plain, located = tmp_path / "synth.yaml", tmp_path / "located.yaml"
    modules["synth"].write(400, str(plain), seed=3)
    modules["space"].with_coordinates(plain, located)
    before, after = load_dataset([plain]), load_dataset([located])
    assert [e.id for e in after.events] == [e.id for e in before.events]
    points = [(p.lat, p.lon) for p in after.places.values() if p.lat is not None]
    assert 0.5 < len(points) / len(after.places) < 0.9
    assert all(33 <= lat <= 35 and 35.5 <= lon <= 37.5 for lat, lon in points)
    name, lat, lon = modules["space"].centre_place(located)
    assert [(p.lat, p.lon) for p in after.places.values() if p.name == name][0] == (lat, lon)


def test_with_limit_only_the_events_shown_are_named_as_placed_by_a_parent(run):
    args = ["timeline", "--near", "Arsal", "--within", "10", "--include-parents"]
    code, out, err = run(*args, "--limit", "5", "--format", "json")
    assert [e["space"]["by_parent"] for e in json.loads(out)] == [False] * 4 + [True]
    assert err == ("qalamoun: 1 event(s) placed at a parent's coordinates (--include-parents): "
                   "2015-05-13-rebels-pushed-towards-arsal\n"
                   "qalamoun: showing 5 of 17 events (raise --limit to see more)\n")
    code, out, err = run(*args, "--count")
    assert (code, out, err.count("placed at a parent's coordinates")) == (0, "17\n", 1)
    assert err.startswith("qalamoun: 6 event(s) placed at a parent's coordinates")
