"""Honest maps: an event is drawn only where all of it can be, at sourced points."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import ROOT

MAPPED = """\
schema_version: 1
sides: [{id: red, name: red}]
actors: [{id: a, name: A, side: red}]
sources: [{id: s, name: S, kind: monitor}]
places:
  - {id: range, name: The Range, lat: 34.0, lon: 36.5, coord_precision: approximate}
  - {id: peak, name: The Peak, parent: range}
  - {id: lonely, name: Lonely Hill}
  - {id: town, name: Town, lat: 34.1, lon: 36.4, coord_precision: exact}
  - {id: town2, name: Other Town, lat: 34.2, lon: 36.3, coord_precision: exact}
events:
  - {id: e-town, date: {text: 1 May, start: 2015-05-01, end: 2015-05-01, precision: day},
     section: S, type: clash, places: [town], summary: At the town.}
  - {id: e-peak, date: {text: 2 May, start: 2015-05-02, end: 2015-05-02, precision: day},
     section: S, type: capture, places: [peak], summary: On the peak.}
  - {id: e-mixed, date: {text: 3 May, start: 2015-05-03, end: 2015-05-03, precision: day},
     section: S, type: clash, places: [lonely, town], summary: Between the hill and the town.}
  - {id: e-two, date: {text: 4 May, start: 2015-05-04, end: 2015-05-04, precision: day},
     section: S, type: clash, places: [town, town2], summary: In both towns.}
  - {id: e-none, date: {text: 5 May, start: 2015-05-05, end: 2015-05-05, precision: day},
     section: S, type: statement, summary: Nowhere in particular.}
"""
LEFT_OUT = ("qalamoun: 1 event(s) without a place left out of the {form}: e-none\n"
            "qalamoun: {n} event(s) left out of the {form}, as a place of each has no sourced "
            "coordinates{why}: {ids}\n")
HINT = " (--include-parents draws such a place at its nearest located parent)"
NO_PARENT = ", nor a parent place that has some"


@pytest.fixture
def mapped(tmp_path):
    path = tmp_path / "mapped.yaml"
    path.write_text(MAPPED, encoding="utf-8")
    return str(path)


def _features(out: str) -> dict[str, tuple]:
    return {f["id"]: (f["geometry"]["coordinates"], f["properties"]["coord_precision"],
                      f["properties"]["located_by"]) for f in json.loads(out)["features"]}


def test_an_event_is_drawn_only_at_its_own_places(run, mapped):
    code, out, err = run("--data", mapped, "timeline", "--format", "geojson")
    assert code == 0
    assert _features(out) == {
        "e-town@town": ([36.4, 34.1], "exact", None),
        "e-two@town": ([36.4, 34.1], "exact", None),
        "e-two@town2": ([36.3, 34.2], "exact", None)}
    assert {(f["properties"]["location"], tuple(f["properties"]["unlocated_places"]))
            for f in json.loads(out)["features"]} == {("complete", ())}
    assert json.loads(out)["licence"] == "unknown"  # your own data: no terms known
    assert err == LEFT_OUT.format(form="GeoJSON", n=2, why=HINT, ids="e-peak, e-mixed")


def test_include_parents_borrows_the_nearest_located_parent_and_says_so(run, mapped):
    code, out, err = run("--data", mapped, "timeline", "--format", "geojson",
                         "--include-parents")
    assert code == 0
    features = _features(out)
    assert features["e-peak@peak"] == ([36.5, 34.0], "approximate", "range")
    (peak,) = [f["properties"] for f in json.loads(out)["features"]
               if f["properties"]["event"] == "e-peak"]
    assert (peak["location"], peak["unlocated_places"]) == ("parents", ["peak"])
    assert set(features) == {"e-town@town", "e-two@town", "e-two@town2", "e-peak@peak"}
    assert err == LEFT_OUT.format(form="GeoJSON", n=1, why=NO_PARENT, ids="e-mixed")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_include_parents_without_a_map_is_refused(run, fmt):
    code, out, err = run("timeline", "--include-parents", "--format", fmt)
    assert (code, out) == (2, "")
    # The timeline also places events for --near and --bbox: its message names both uses.
    assert err == ("qalamoun: --include-parents applies to --near and --bbox, and to maps "
                   "(--format geojson or kml): give one of them\n")


def test_the_csv_has_the_event_s_point_where_it_is_at_one(run, mapped):
    code, out, _ = run("--data", mapped, "timeline", "--format", "csv")
    assert code == 0
    rows = {r["id"]: (r["latitude"], r["longitude"], r["coord_precision"])
            for r in csv.DictReader(io.StringIO(out))}
    assert rows == {"e-town": ("34.1", "36.4", "exact"), "e-peak": ("", "", ""),
                    "e-mixed": ("", "", ""), "e-two": ("", "", ""), "e-none": ("", "", "")}
    assert out.splitlines()[0].endswith('"dataset","latitude","longitude","coord_precision"')


def test_tallat_mussa_is_no_longer_drawn_on_assal_al_ward(run):
    code, out, err = run("timeline", "--on", "2015-05-13", "--format", "geojson")
    assert code == 0
    events = {f["properties"]["event"] for f in json.loads(out)["features"]}
    assert "2015-05-13-tallat-mussa-captured" not in events
    assert "2015-05-13-tallat-mussa-captured" in err.splitlines()[-1]


def test_the_shipped_data_s_licence_travels_with_the_map():
    from qalamoun_cli.dataset import SHIPPED_LICENCE
    from tests.test_subprocess import run as run_entry

    done = run_entry("places", "--format", "geojson")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["licence"] == SHIPPED_LICENCE


def test_a_ged_map_carries_ucdp_s_credit(run):
    from qalamoun_cli.dataset import SHIPPED_LICENCE, default_data_path
    from qalamoun_cli.load.ged import ATTRIBUTION

    ged = str(ROOT / "tests" / "fixtures" / "ged-qalamoun-2015.csv")
    code, out, _ = run("--data", ged, "timeline", "--format", "geojson")
    assert json.loads(out)["licence"] == ATTRIBUTION
    # The shipped dataset where this install has it (a checkout's data/ is another copy
    # in a non-editable install, whose terms are not known).
    shipped = str(default_data_path())
    code, out, _ = run("--data", shipped, "--data", ged, "places", "--format", "geojson")
    assert json.loads(out)["licence"] == f"{SHIPPED_LICENCE}; {ATTRIBUTION}"
