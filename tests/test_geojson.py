"""UCDP GED as GeoJSON: the same chronology as the CSV, typed values, geometry, positions."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from qalamoun_cli.dataset import check_dataset, load_dataset
from qalamoun_cli.errors import MissingInputError
from tests.conftest import FIXTURES

CSV = FIXTURES / "ucdp-ged-sample-23.1.csv"
GEOJSON = FIXTURES / "ucdp-ged-sample-23.1.geojson"
# The fixture's first feature (id 300380, Rami village), on its own line 5.
FIRST = json.loads(GEOJSON.read_text(encoding="utf-8").split("\n")[4].rstrip(","))
EXPECTED = ('expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": '
            "[...]}) whose features' properties are UCDP GED's columns")
NEEDED = ("id, type_of_violence, side_a, side_b, source_article, source_original, where_prec, "
          "where_coordinates, where_description, adm_1, adm_2, latitude, longitude, country, "
          "date_prec, date_start, date_end, deaths_a, deaths_b, deaths_civilians, "
          "deaths_unknown, best, high, low")


def feature(number: int = 900, geometry: object = "same", drop: tuple[str, ...] = (),
            **changes: object) -> str:
    """Return FIRST as one line of JSON with a new id, CHANGES to its properties."""
    made = json.loads(json.dumps(FIRST))
    made["properties"].update({"id": number, **changes})
    for name in drop:
        del made["properties"][name]
    if geometry != "same":
        made["geometry"] = geometry
    return json.dumps(made, ensure_ascii=False)


def collection(*features: str) -> str:
    """Return a FeatureCollection of FEATURES, one a line from line 3."""
    return '{"type": "FeatureCollection",\n"features": [\n' + ",\n".join(features) + "\n]}\n"


def problems_in(tmp_path: Path, text: str | bytes, name: str = "g.geojson") -> list[str]:
    """Return the problems of TEXT written as NAME, the path shown as F."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return [str(p).replace(str(path), "F", 1) for p in check_dataset(path)[1]]


def column_of(line: str, text: str) -> int:
    """Return the 1-based column where TEXT begins in LINE."""
    return line.index(text) + 1


def test_the_geojson_fixture_is_the_csv_fixture():
    """Every record and every warning of the CSV fixture, and nothing else."""
    by_csv, csv_problems = check_dataset(CSV)
    by_json, json_problems = check_dataset(GEOJSON)
    assert by_json.events == by_csv.events
    assert (by_json.places, by_json.actors, by_json.sources, by_json.vocabulary) == (
        by_csv.places, by_csv.actors, by_csv.sources, by_csv.vocabulary)
    assert len(by_json.events) == 1000

    def by_row(problems):
        # Rows are in the same order in both files; a CSV row's lines are not a feature's.
        rows = {line: n for n, line in enumerate(sorted({p.line for p in problems}))}
        return sorted((rows[p.line], p.message, p.warning) for p in problems)

    assert len(csv_problems) == 20
    assert by_row(json_problems) == by_row(csv_problems)


def test_a_warning_names_the_property_it_is_about():
    line = GEOJSON.read_text(encoding="utf-8").split("\n")[10]  # the feature of CSV line 8
    at = column_of(line, '"best": ') + len('"best": ')
    problems = [p for p in check_dataset(GEOJSON)[1] if p.line == 11]
    assert [str(p) for p in problems] == [
        f"{GEOJSON}:11:{at}: warning: best: best 2 is below low 3, as published: kept, and "
        f"the claim is marked as inconsistent at the source"]


def test_the_fixture_is_made_by_the_script():
    import csv

    from scripts.ged_to_geojson import convert

    with CSV.open(newline="", encoding="utf-8") as file:
        rows = [r for r in csv.reader(file) if r]
    assert convert(rows) == GEOJSON.read_text(encoding="utf-8")


def test_gzip_and_its_cap(tmp_path, monkeypatch):
    from qalamoun_cli.load import rows

    path = tmp_path / "GEDEvent_v23_1.geojson.gz"
    path.write_bytes(gzip.compress(collection(feature()).encode()))
    assert [e.id for e in load_dataset(path).events] == ["ged-900"]
    monkeypatch.setattr(rows, "MAX_FILE_BYTES", 1000)
    assert [str(p) for p in check_dataset(path)[1]] == [
        f"{path}: file is too large (over 1000 bytes uncompressed)"]


def test_a_folder_reads_geojson_beside_csv_and_yaml(tmp_path):
    (tmp_path / "a.yaml").write_text((FIXTURES.parent.parent / "examples" / "minimal.yaml")
                                     .read_text())
    (tmp_path / "GEDEvent_v23_1.geojson").write_text(collection(feature()))
    (tmp_path / "more.geojson.gz").write_bytes(gzip.compress(collection(feature(901))
                                                             .encode()))
    (tmp_path / "other.json").write_text("not read: .json is no GeoJSON name")
    data, problems = check_dataset(tmp_path)
    assert problems == []
    assert {"ged-900", "ged-901"} <= {e.id for e in data.events} and "sohr" in data.sources


def test_an_id_in_a_csv_and_a_geojson_file_is_refused(tmp_path):
    (tmp_path / "a.csv").write_bytes(CSV.read_bytes())
    (tmp_path / "b.geojson").write_text(collection(feature(300380)))
    line = collection(feature(300380)).split("\n")[2]
    assert [str(p) for p in check_dataset(tmp_path)[1] if not p.warning] == [
        f"{tmp_path / 'b.geojson'}:3:{column_of(line, '300380')}: id: event id "
        f"'ged-300380' is already at {tmp_path / 'a.csv'}:2"]


def test_a_folder_of_json_only_is_no_dataset(tmp_path):
    (tmp_path / "GEDEvent_v23_1.json").write_text(collection(feature()))
    with pytest.raises(MissingInputError) as caught:
        check_dataset(tmp_path)
    assert str(caught.value) == f"{tmp_path}: no .yaml, .csv or .geojson files in this folder"


def test_the_cli_reads_geojson_and_exits_65_on_a_bad_feature(run, tmp_path):
    code, out, err = run("--data", str(GEOJSON), "show", "ged-300380", "--format", "json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["id"], shown["date"]["start"], shown["where_description"]) == (
        "ged-300380", "2013-01-03", "in the al-Rami village")
    path = tmp_path / "g.geojson"
    text = collection(feature(), feature(901, best="two"))
    path.write_text(text)
    code, out, err = run("--data", str(path), "timeline")
    at = column_of(text.split("\n")[3], '"two"')
    assert (code, out) == (65, "")
    assert err == f"qalamoun: {path}:4:{at}: best: 'two' is not a whole number\n"
    code, out, err = run("--data", str(path), "--skip-invalid", "timeline", "-f", "jsonl")
    assert code == 0
    assert [json.loads(e)["id"] for e in out.splitlines()] == ["ged-900"]
    assert err == (f"qalamoun: {path}: skipped 1 invalid row (--skip-invalid); 'qalamoun "
                   f"validate {path}' lists them\n")


# -- typed values -------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "best"), [(2, 2), (2.0, 2), ("2", 2), (" 2 ", 2), (2e0, 2)])
def test_a_number_reads_as_its_csv_cell(tmp_path, value, best):
    path = tmp_path / "g.geojson"
    path.write_text(collection(feature(best=value, deaths_b=value)))
    (total, *_) = load_dataset(path).events[0].claims
    assert total.best == best


def test_an_integral_float_is_exact_and_a_float_is_as_written(tmp_path):
    path = tmp_path / "g.geojson"
    # 1.5e1 is 15; 35.763369 is read from its digits, as the CSV's cell would be.
    path.write_text(collection(feature().replace('"best": 2', '"best": 1.5e1')
                               .replace('"high": 2', '"high": 15')
                               .replace('"low": 2', '"low": 15')
                               .replace('"deaths_b": 2', '"deaths_b": 15.000')))
    event = load_dataset(path).events[0]
    assert event.claims[0].best == 15 and event.claims[0].inconsistent is None


@pytest.mark.parametrize(("written", "message"), [
    ('"best": 2.5', "best: '2.5' is not a whole number"),
    ('"best": true', "best: true, not a number, a string or null"),
    ('"best": [2]', "best: an array, not a number, a string or null"),
    ('"best": {"n": 2}', "best: an object, not a number, a string or null"),
    ('"best": null', "best: empty; this column must have a value"),
    ('"best": ""', "best: empty; this column must have a value"),
    ('"best": -2', "best: -2 is negative; a count cannot be"),
    ('"best": ' + "9" * 30, f"best: larger than 1000000000000: {'9' * 30}"),
    ('"best": 1e13', "best: larger than 1000000000000: 10000000000000"),
    ('"best": 1e400', "best: '1e400' is not a whole number"),
    ('"type_of_violence": 4', "type_of_violence: '4' is not one of the codes 1, 2, 3"),
    ('"date_start": 20130103', "date_start: '20130103' is not a date (expected "
                            "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.fff or YYYY-MM-DDTHH:MM:SS)"),
    ('"latitude": 95.5', "latitude: 95.5 is outside -90..90"),
])
def test_a_bad_property_is_named_at_its_value(tmp_path, written, message):
    name = written.split(":")[0]
    line = feature().replace(f'{name}: {json.dumps(FIRST["properties"][name[1:-1]])}',
                             written)
    assert line != feature()
    if name == '"latitude"':  # the Point agrees, so that the property itself is refused
        line = line.replace("[36.558974, 35.763369]", "[36.558974, 95.5]")
    assert problems_in(tmp_path, collection(line)) == [
        f"F:3:{column_of(line, written) + len(name) + 2}: {message}"]


# -- geometry -----------------------------------------------------------------------------

def test_the_point_is_used_when_the_properties_have_no_coordinates(tmp_path):
    path = tmp_path / "g.geojson"
    path.write_text(collection(
        feature(drop=("latitude",), longitude=None,
                geometry={"type": "Point", "coordinates": [36.5, 35.25, 410.0]})))
    (place_id,) = load_dataset(path).events[0].places
    place = load_dataset(path).places[place_id]
    assert (place.lat, place.lon) == (35.25, 36.5)


def test_no_geometry_reads_the_properties(tmp_path):
    with_point, without = tmp_path / "a.geojson", tmp_path / "b.geojson"
    with_point.write_text(collection(feature()))
    without.write_text(collection(feature(geometry=None)))
    assert load_dataset(without).events == load_dataset(with_point).events
    assert load_dataset(without).places == load_dataset(with_point).places


def test_a_point_out_of_range_is_named_at_the_geometry(tmp_path):
    line = feature(drop=("latitude", "longitude"),
                   geometry={"type": "Point", "coordinates": [36.5, -91]})
    at = column_of(line, '{"type": "Point"')
    assert problems_in(tmp_path, collection(line)) == [
        f"F:3:{at}: latitude: -91 is outside -90..90"]


@pytest.mark.parametrize(("geometry", "message"), [
    ({"type": "Point", "coordinates": [36.6, 35.763369]},
     "geometry: the Point [36.6, 35.763369] is not where the properties latitude 35.763369 "
     "and longitude 36.558974 say"),
    ({"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
     'geometry: its "type" is the string "LineString", not "Point" (a GED event is at one '
     'point)'),
    ({"type": "Point", "coordinates": ["36", "35"]},
     "geometry: the Point's coordinates are not [longitude, latitude] (two numbers, maybe "
     "an altitude)"),
    ([36.5, 35.7], "geometry: an array, not a Point or null"),
])
def test_a_bad_geometry_is_named_at_it(tmp_path, geometry, message):
    line = feature(geometry=geometry)
    at = column_of(line, '"geometry": ') + len('"geometry": ')
    assert problems_in(tmp_path, collection(line)) == [f"F:3:{at}: {message}"]


def test_the_point_agrees_to_seven_decimals(tmp_path):
    path = tmp_path / "g.geojson"
    path.write_text(collection(feature(
        geometry={"type": "Point", "coordinates": [36.55897404, 35.76336896]})))
    assert check_dataset(path)[1] == []


# -- the file's shape ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("", f"F: the file is empty; {EXPECTED}"),
    ("  \n", f"F: the file is empty; {EXPECTED}"),
    ("[1, 2]", f"F:1:1: not a GeoJSON FeatureCollection: the file holds an array; {EXPECTED}"),
    ("id,relid\n1,2\n", f"F:1:1: not a GeoJSON FeatureCollection: the file does not begin "
                        f"with '{{'; {EXPECTED}"),
    (feature(), f'F:1:10: not a GeoJSON FeatureCollection: its "type" is the string '
                f'"Feature"; {EXPECTED}'),
    ('{"type": "FeatureCollection"}', f'F:1:1: not a GeoJSON FeatureCollection: the object '
                                      f'has no "features"; {EXPECTED}'),
    ('{"features": []}', "F:1:15: the FeatureCollection has no features: nothing says it is "
                         "UCDP GED (its features' properties would)"),
    ('{"features": [\n' + feature() + '], "type": "Topology"}',
     f'F:2:{len(feature()) + 12}: not a GeoJSON FeatureCollection: its "type" is the string '
     f'"Topology"; {EXPECTED}'),
    ('{"type": "FeatureCollection", "features": {}}',
     "F:1:43: JSON: expected '[' as the value of \"features\", not '{'"),
    ('{"type": "FeatureCollection", "type": "FeatureCollection", "features": []}',
     'F:1:31: JSON: the key "type" is there twice in one object'),
    (collection(feature()) + "x", "F:5:1: JSON: text after the end of the FeatureCollection"),
    (collection(feature()) + "{}", "F:5:1: JSON: text after the end of the FeatureCollection"),
    (collection(feature())[:200], "F:3:1: JSON: the file ends inside this value (a truncated "
                                  "file?)"),
    (collection(feature())[:-3], "F:4:1: JSON: the file ends inside the FeatureCollection (a "
                                 "truncated file?)"),
    (collection(feature()).replace("\n]", ",\n]"), "F:4:1: JSON: Expecting value"),
    (collection(feature(), feature(901)).replace(",\n{", "\n{"),
     "F:4:1: JSON: expected ',' or ']' after a feature, not '{'"),
    (collection("[1]"), "F:3:1: the feature is an array, not a GeoJSON Feature object"),
    (collection('{"type": "Featur", "geometry": null, "properties": {}}'),
     'F:3:1: the feature\'s "type" is the string "Featur", not "Feature"'),
    (collection('{"type": "Feature", "geometry": null, "properties": null}'),
     "F:3:53: properties: null, not an object of UCDP GED's columns"),
    (collection('{"type": "Feature", "properties": {"id": 1}}'),
     'F:3:1: the feature has no "geometry" (a Point, or null)'),
    (collection('{"type": "Feature", "geometry": null, "properties": {"a": 1, "b": 2}}'),
     "F:3:1: not a UCDP GED FeatureCollection: UCDP GED features have the properties relid, "
     "type_of_violence, where_prec; the first feature's properties are a, b"),
    (collection(feature(drop=("side_a", "best"))),
     f"F:3:1: a UCDP GED file, but without the columns side_a, best (needed: {NEEDED})"),
    (collection(feature(geometry=None, drop=("latitude",))),
     f"F:3:1: a UCDP GED file, but without the column latitude (needed: {NEEDED})"),
    (collection(feature(), feature(901, drop=("side_b",))),
     "F:4:1: the feature has no property side_b (null, if empty)"),
])
def test_a_bad_file_is_one_line(tmp_path, text, message):
    assert problems_in(tmp_path, text) == [message]


def test_json_that_breaks_its_own_rules_is_named_where(tmp_path):
    twice = feature().replace('"year": 2013', '"year": 2013, "year": 2014')
    at = column_of(twice, '"year": 2014')
    assert problems_in(tmp_path, collection(twice)) == [
        f'F:3:{at}: JSON: the key "year" is there twice in one object']
    for word in ("NaN", "Infinity", "-Infinity"):
        line = feature().replace('"best": 2', f'"best": {word}')
        assert problems_in(tmp_path, collection(line)) == [
            f"F:3:{column_of(line, word)}: JSON: {word} is not a number JSON has"]
    deep = '{"type": "Feature", "geometry": null, "properties": ' + "[" * 100_000
    (problem,) = problems_in(tmp_path, collection(deep))
    assert problem.startswith("F:3:1: JSON: ")


def test_encoding(tmp_path):
    text = collection(feature())
    assert problems_in(tmp_path, b"\xef\xbb\xbf" + text.encode()) == []  # a BOM, as for CSV
    latin = text.replace("Rami", "Rémi").encode("latin-1")
    at = column_of(text.split("\n")[2], "Rami") + 1
    assert problems_in(tmp_path, latin) == [
        f"F:3:{at}: not UTF-8 (byte 0xe9); save the file as UTF-8"]
    assert problems_in(tmp_path, text.encode("utf-16")) == [
        "F:1:1: not UTF-8 (byte 0xff); save the file as UTF-8"]


def test_a_minified_file_names_columns_on_its_one_line(tmp_path):
    text = json.dumps({"type": "FeatureCollection",
                       "features": [json.loads(feature()), json.loads(feature(901, low="x"))]})
    at = text.index('"x"', text.index('{"type": "Feature"', 100)) + 1
    assert problems_in(tmp_path, text) == [f"F:1:{at}: low: 'x' is not a whole number"]


def test_a_problem_in_a_feature_nested_too_deep_to_walk_is_at_the_feature(tmp_path):
    deep = "null"
    for _ in range(600):  # deeper than a Python walk goes; the C decoder reads it
        deep = '{"a": ' + deep + "}"
    line = feature(best=3).replace('"id": 900', '"id": 900, "gwnob2": ' + deep, 1)
    # Both warnings are placed at the feature's start (where "best" is cannot be found).
    assert problems_in(tmp_path, collection(line)) == [
        "F:3:1: warning: best: best 3 is above high 2, as published: kept, and the claim is "
        "marked as inconsistent at the source",
        "F:3:1: warning: best: deaths_a, deaths_b, deaths_civilians and deaths_unknown add up "
        "to 2, not best 3, as published: kept, and the claim is marked as inconsistent at "
        "the source"]


def test_nan_nested_too_deep_to_walk_is_one_line_at_the_feature(tmp_path):
    deep = "NaN"
    for _ in range(600):
        deep = '{"a": ' + deep + "}"
    line = feature().replace('"id": 900', '"id": 900, "x": ' + deep, 1)
    assert problems_in(tmp_path, collection(line)) == [
        "F:3:1: JSON: nested too deeply to say where its fault is (a key twice, or NaN)"]


@pytest.mark.parametrize(("written", "message"), [
    ("1e16", "best: larger than 1000000000000: 10000000000000000"),
    ("2.5e20", "best: larger than 1000000000000: 250000000000000000000"),
])
def test_a_large_whole_number_written_with_an_exponent_is_too_large(tmp_path, written,
                                                                    message):
    line = feature().replace('"best": ' + json.dumps(FIRST["properties"]["best"]),
                             '"best": ' + written, 1)
    assert problems_in(tmp_path, collection(line)) == [
        f"F:3:{column_of(line, written)}: {message}"]
