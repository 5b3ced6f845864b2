"""export datapackage DIR: a Frictionless Data Package, validated by the frictionless library."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from frictionless import validate

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.load.ged import ATTRIBUTION
from qalamoun_cli.terms import CC_BY, CC_BY_SA, SHIPPED_ARTICLE
from tests.conftest import FIXTURES

TABLES = ["dataset", "sides", "actors", "sources", "places", "events", "event_places",
          "event_actors", "event_sources", "claims", "quantities"]
GED = FIXTURES / "ged-qalamoun-2015.csv"


@pytest.fixture
def exported(run, tmp_path):
    def make(*data: str):
        folder = tmp_path / "package"
        code, out, err = run(*data, "export", "datapackage", str(folder))
        assert (code, err) == (0, ""), err
        return folder, out, json.loads((folder / "datapackage.json").read_text("utf-8"))

    return make


def _rows(path):
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_shipped_package_is_valid_and_says_its_terms(exported):
    folder, out, descriptor = exported()
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["datapackage.json", *(f"{t}.csv" for t in TABLES)])
    assert [r["name"] for r in descriptor["resources"]] == TABLES
    assert descriptor["licenses"] == [CC_BY_SA]
    assert descriptor["sources"] == [{"title": "Wikipedia: Qalamoun offensive (May–June 2015)",
                                      "path": SHIPPED_ARTICLE}]
    data = load_dataset()
    assert out == (f"{folder}: datapackage.json and 11 CSV files: {len(data.events)} events, "
                   f"{len(data.all_claims())} claims, 58 places, 44 actors, 5 sides, "
                   f"20 sources\n")
    assert [r["id"] for r in _rows(folder / "events.csv")] == [e.id for e in data.events]
    assert len(_rows(folder / "claims.csv")) == len(data.all_claims())


def test_the_schemas_have_keys_types_and_references(exported):
    _, _, descriptor = exported()
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    assert schemas["events"]["primaryKey"] == ["id"]
    assert schemas["event_places"]["primaryKey"] == ["event_id", "position"]
    claims = {k["fields"]: k["reference"] for k in schemas["claims"]["foreignKeys"]}
    assert claims == {
        "event_id": {"resource": "events", "fields": "id"},
        "source_id": {"resource": "sources", "fields": "id"},
        "party_actor_id": {"resource": "actors", "fields": "id"},
        "party_side_id": {"resource": "sides", "fields": "id"},
        "supersedes": {"resource": "", "fields": "claim_id"},
        "within": {"resource": "", "fields": "claim_id"}}
    assert {k["fields"]: k["reference"]["resource"]
            for k in schemas["event_places"]["foreignKeys"]} == {"event_id": "events",
                                                                 "place_id": "places"}
    fields = {f["name"]: f for f in schemas["events"]["fields"]}
    assert fields["start_date"] == {
        "name": "start_date", "type": "date", "format": "default",
        "description": "YYYY-MM-DD, the earliest possible day; NULL: unknown"}
    assert fields["location"]["constraints"] == {"required": True,
                                                 "enum": ["complete", "partial", "none"]}
    assert fields["date_order"]["constraints"] == {"required": True, "unique": True}
    assert {f["name"]: f["type"] for f in schemas["claims"]["fields"]}["consistent_at_source"] \
        == "boolean"


def test_a_broken_reference_is_caught_by_the_validation(exported):
    # The validation has teeth: a claim about an event the package lacks is refused.
    folder, _, _ = exported()
    claims = folder / "claims.csv"
    text = claims.read_text("utf-8")
    event = next(r["event_id"] for r in _rows(claims) if r["event_id"])
    broken = text.replace(f',"{event}",', ',"no-such-event",', 1)
    assert broken != text
    claims.write_text(broken, "utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"foreign-key"}


def test_ged_data_carries_ucdp_s_licence_and_citation(exported):
    folder, _, descriptor = exported("--data", str(GED))
    assert validate(str(folder / "datapackage.json")).valid
    assert descriptor["licenses"] == [CC_BY]
    assert descriptor["sources"] == [{"title": ATTRIBUTION,
                                      "path": "https://ucdp.uu.se/downloads/"}]
    (row,) = _rows(folder / "dataset.csv")
    assert row["licence"] == ATTRIBUTION


def test_a_folder_that_is_not_empty_is_refused_unless_force(run, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = run("export", "datapackage", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"qalamoun: {tmp_path}: the folder is not empty; add --force to write "
                   f"into it (files of the same names are replaced)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    code, out, err = run("export", "datapackage", str(tmp_path), "--force")
    assert code == 0, err
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert validate(str(tmp_path / "datapackage.json")).valid


def test_force_replaces_a_link_in_the_folder_never_the_file_it_points_to(run, tmp_path):
    folder, outside = tmp_path / "package", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_text("SECRET")
    (folder / "events.csv").symlink_to(outside)
    (folder / "datapackage.json").symlink_to(outside)
    code, _, err = run("export", "datapackage", str(folder), "--force")
    assert code == 0, err
    assert outside.read_text() == "SECRET"
    assert not (folder / "events.csv").is_symlink()
    assert validate(str(folder / "datapackage.json")).valid


def test_a_name_that_is_not_a_file_is_refused_before_anything_is_written(run, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "places.csv").mkdir()
    code, out, err = run("export", "datapackage", str(tmp_path), "--force")
    assert (code, out) == (2, "")
    assert err == (f"qalamoun: {tmp_path / 'places.csv'}: is not a regular file; remove it, "
                   f"or write the package elsewhere\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "places.csv"]


@pytest.mark.parametrize(("target", "message"), [
    ("", "DIR: the path is empty"),
    ("-", "DIR: '-' (the standard output) cannot take a package of files; give a folder"),
    ("file", "{d}/file: is not a folder; give a folder (it is created if absent)"),
    ("missing/package", "{d}/missing/package: cannot write: no such folder '{d}/missing'"),
])
def test_what_cannot_be_a_package_folder_is_refused(run, tmp_path, target, message):
    (tmp_path / "file").write_text("x")
    path = str(tmp_path / target) if target not in ("", "-") else target
    code, out, err = run("export", "datapackage", path)
    assert (code, out) == (2 if "cannot write" not in message else 73, "")
    assert err == f"qalamoun: {message.format(d=tmp_path)}\n"


def test_the_dataset_s_own_files_are_never_overwritten(run, tmp_path):
    events = tmp_path / "events.csv"
    shutil.copy(GED, events)
    code, out, err = run("--data", str(events), "export", "datapackage", str(tmp_path),
                         "--force")
    assert (code, out) == (2, "")
    assert err == (f"qalamoun: {events}: is a file of the dataset being exported; write the "
                   f"package elsewhere\n")
    assert events.read_bytes() == GED.read_bytes()


@pytest.mark.parametrize("data", ["examples/schema2.yaml", "tests/fixtures/hostile.yaml"])
def test_your_own_data_is_a_valid_package_whose_licence_is_unknown(exported, data, tmp_path):
    from tests.conftest import ROOT

    if data.endswith("hostile.yaml"):
        # A lone carriage return too, which a CSV cell must quote to keep.
        text = (ROOT / data).read_text(encoding="utf-8")
        (tmp_path / "hostile.yaml").write_text(text.replace(
            'summary: "Summary with', 'summary: "a\\rb \\r\\n Summary with'), "utf-8")
        data = str(tmp_path / "hostile.yaml")
    folder, _, descriptor = exported("--data", str(ROOT / data))
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert "licenses" not in descriptor and "sources" not in descriptor
    assert descriptor["description"] == f"{ROOT / data}. Licence and credit: unknown"
    # Text is kept verbatim, controls and all, as in the SQLite export: files, not a terminal.
    events = load_dataset(ROOT / data).events
    assert [(r["id"], r["summary"]) for r in _rows(folder / "events.csv")] == [
        (e.id, e.summary) for e in events]
    assert "\r" in events[0].summary or "hostile" not in data
