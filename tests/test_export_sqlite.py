"""`qalamoun export sqlite OUT.db`: the whole dataset as a database for people, written whole."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from qalamoun_cli import __version__
from qalamoun_cli.dataset import SHIPPED_LICENCE, default_data_path, load_dataset
from qalamoun_cli.render import sqlite_db
from qalamoun_cli.render.geo import located as located_place
from tests.conftest import EXAMPLE, FIXTURES, ROOT
from tests.test_subprocess import ENTRY

SCHEMA2 = ROOT / "examples" / "schema2.yaml"
HOSTILE = FIXTURES / "hostile.yaml"

COLUMNS = {
    "dataset": ["origin", "licence", "qalamoun_version", "database_version", "campaign_name",
                "campaign_date_text", "campaign_start_date", "campaign_end_date",
                "campaign_date_precision", "campaign_date_anchor", "campaign_section"],
    "sides": ["id", "name", "description"],
    "actors": ["id", "name", "side_id", "kind", "aliases", "part_of_id", "note", "dataset"],
    "sources": ["id", "name", "kind", "description", "aliases", "attribution", "dataset"],
    "places": ["id", "name", "aliases", "arabic", "country", "kind", "parent_id", "latitude",
               "longitude", "coord_precision", "note", "dataset"],
    "events": ["id", "date_order", "date_text", "start_date", "end_date", "date_precision",
               "date_anchor", "section", "type", "summary", "note", "latitude", "longitude",
               "location_place_id", "location", "where_description", "source_article",
               "dataset"],
    "event_places": ["event_id", "position", "place_id"],
    "event_actors": ["event_id", "position", "actor_id", "role"],
    "event_sources": ["event_id", "position", "source_id"],
    "claims": ["id", "claim_id", "scope", "event_id", "source_id", "party_id",
               "party_actor_id", "party_side_id", "party_text", "outcome", "low", "high",
               "best", "as_reported", "supersedes", "within", "note",
               "consistent_at_source"],
    "quantities": ["id", "scope", "event_id", "source_id", "measure", "low", "high", "unit",
                   "as_reported"],
}
VIEWS = {"parties", "claims_with_names", "claims_side_by_side", "campaign_claims",
         "events_with_places"}


@pytest.fixture
def export(run, tmp_path, monkeypatch):
    """Export a dataset (None: the shipped one) to tmp_path/out.db; return a connection."""
    monkeypatch.chdir(tmp_path)

    def invoke(data=None, name="out.db"):
        several = data if isinstance(data, list) else [] if data is None else [data]
        args = [a for d in several for a in ("--data", str(d))] + ["export", "sqlite", name]
        code, out, err = run(*args)
        assert (code, err) == (0, ""), err
        connection = sqlite3.connect(tmp_path / name)
        return connection, out

    return invoke


def _rows(connection, query, *args):
    return connection.execute(query, args).fetchall()


def test_tables_columns_and_views(export):
    db, _ = export()
    tables = {name for (name,) in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    views = {name for (name,) in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert tables == set(COLUMNS)
    assert views == VIEWS
    for table, columns in COLUMNS.items():
        assert [row[1] for row in _rows(db, f"PRAGMA table_info({table})")] == columns
    assert _rows(db, "PRAGMA user_version") == [(sqlite_db.LAYOUT_VERSION,)]


def test_each_record_keeps_its_dataset(export):
    db, _ = export([ROOT / "data", FIXTURES / "ged-qalamoun-2015.csv"])
    counts = {table: _rows(db, f"SELECT dataset, count(*) FROM {table} GROUP BY 1 ORDER BY 1")
              for table in ("events", "places", "actors", "sources")}
    shipped, ged = load_dataset(), load_dataset(FIXTURES / "ged-qalamoun-2015.csv")
    assert counts == {table: [("data", len(getattr(shipped, table))),
                              ("ged-qalamoun-2015.csv", len(getattr(ged, table)))]
                      for table in ("events", "places", "actors", "sources")}
    assert len(ged.events) == 5
    assert _rows(db, "SELECT role, count(*) FROM event_actors GROUP BY 1 ORDER BY 1") == [
        (None, sum(len(e.actors) for e in shipped.events)),
        ("side_a", len(ged.events)), ("side_b", len(ged.events))]
    db, _ = export(name="alone.db")
    assert _rows(db, "SELECT DISTINCT dataset FROM events") == [("qalamoun",)]


def test_keys_are_declared(export):
    db, _ = export()

    def keys(table):
        return {(row[3], row[2], row[4]) for row in _rows(db, f"PRAGMA foreign_key_list({table})")}

    assert keys("claims") == {
        ("event_id", "events", "id"), ("source_id", "sources", "id"),
        ("party_actor_id", "actors", "id"), ("party_side_id", "sides", "id"),
        ("supersedes", "claims", "claim_id"), ("within", "claims", "claim_id")}
    assert keys("events") == {("location_place_id", "places", "id")}
    assert keys("event_places") == {("event_id", "events", "id"), ("place_id", "places", "id")}
    assert keys("actors") == {("side_id", "sides", "id"), ("part_of_id", "actors", "id")}
    assert keys("places") == {("parent_id", "places", "id")}
    assert keys("quantities") == {("event_id", "events", "id"), ("source_id", "sources", "id")}
    primary = {table: [row[1] for row in _rows(db, f"PRAGMA table_info({table})") if row[5]]
               for table in COLUMNS if table != "dataset"}
    assert primary == {**{t: ["id"] for t in ("sides", "actors", "sources", "places", "events",
                                              "claims", "quantities")},
                       **{t: ["event_id", "position"] for t in ("event_places", "event_actors",
                                                                "event_sources")}}


def test_every_record_is_exported(export):
    db, out = export()
    data = load_dataset()
    events = list(data.events)
    counts = {table: _rows(db, f"SELECT count(*) FROM {table}")[0][0] for table in COLUMNS}
    assert counts == {
        "dataset": 1, "sides": len(data.sides), "actors": len(data.actors),
        "sources": len(data.sources), "places": len(data.places), "events": len(events),
        "event_places": sum(len(e.places) for e in events),
        "event_actors": sum(len(e.actors) for e in events),
        "event_sources": sum(len(e.sources) for e in events),
        "claims": len(data.all_claims()),
        "quantities": len(data.campaign.quantities) + sum(len(e.quantities) for e in events),
    }
    assert counts["events"] == 106 and counts["claims"] == 29  # the shipped data, as it is
    assert out == "out.db: 106 events, 29 claims, 58 places, 44 actors, 5 sides, 20 sources\n"
    assert [i for (i,) in _rows(db, "SELECT id FROM events ORDER BY date_order")] == \
        [e.id for e in events]


@pytest.mark.parametrize("data", [None, EXAMPLE, SCHEMA2, HOSTILE],
                         ids=["shipped", "minimal", "schema2", "hostile"])
def test_foreign_keys_hold_and_the_file_is_sound(export, data):
    db, _ = export(data)
    assert _rows(db, "PRAGMA foreign_key_check") == []
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_dates_are_iso_text_and_null_where_unknown(export):
    db, _ = export()
    undated = next(e for e in load_dataset().events if e.date.undated)
    assert _rows(db, "SELECT date_text, start_date, end_date, date_precision FROM events "
                     "WHERE id = ?", undated.id) == [(undated.date.text, None, None, "unknown")]
    assert _rows(db, "SELECT date_text, typeof(start_date), start_date, end_date, "
                     "date_precision FROM events WHERE id = '2015-05-13-tallat-mussa-captured'"
                 ) == [("On 13 May", "text", "2015-05-13", "2015-05-13", "day")]


def test_schema_2_unknowns_and_links(export):
    db, _ = export(SCHEMA2)
    assert _rows(db, "SELECT id, start_date, end_date, date_precision, type, section FROM events "
                     "ORDER BY id") == [
        ("committee-appeal", None, None, "unknown", "statement", "Reactions"),
        ("hospital-counts-the-wounded", None, "2014-08-31", "month", None, None),
        ("prisoner-exchange", "2014-09-02", "2014-09-02", "day", "prisoner exchange",
         "The siege"),
        ("siege-of-deir-attiyeh", "2014-08-24", None, "day", "siege", "The siege")]
    assert _rows(db, "SELECT id, claim_id, scope, event_id, source_id, party_id, party_actor_id, "
                     "party_side_id, party_text, outcome, low, high, best, as_reported, "
                     "supersedes, within FROM claims ORDER BY id") == [
        (1, None, "campaign", None, "sohr", "opposition", None, "opposition", None, "strength",
         None, None, None, "hundreds", None, None),
        (2, "first-toll", "incident", "siege-of-deir-attiyeh", "sohr", "opposition", None,
         "opposition", None, "killed", 18, None, None, "at least 18", None, None),
        (3, "updated-toll", "incident", "siege-of-deir-attiyeh", "sohr", "opposition", None,
         "opposition", None, "killed", 40, 40, None, "the toll rose to 40", "first-toll", None),
        (4, "all-hurt", "incident", "siege-of-deir-attiyeh", "sohr", "opposition", None,
         "opposition", None, "casualties", 1800, 1800, None, "1,800 killed and injured", None,
         None),
        (5, None, "incident", "siege-of-deir-attiyeh", "sohr", "opposition", None, "opposition",
         None, "casualties", 140, 140, None, "140 among the 1,800", None, "all-hurt"),
        (6, None, "incident", "hospital-counts-the-wounded", "field-hospital", None, None, None,
         "doctors in Deir Attiyeh", "wounded", 20, 30, 25, "20 to 30 of our staff", None, None),
        (7, None, "incident", "hospital-counts-the-wounded", "field-hospital", None, None, None,
         "patients", "missing", 3, 3, None, "three patients", None, None)]
    assert _rows(db, "SELECT id, side_id FROM actors WHERE id = 'local-committee'") == \
        [("local-committee", None)]
    assert _rows(db, "SELECT kind FROM sources WHERE id = 'local-page'") == [(None,)]
    assert _rows(db, "SELECT campaign_name, campaign_start_date, campaign_end_date, "
                     "campaign_section FROM dataset") == \
        [("Siege of Deir Attiyeh", "2014-08-24", None, None)]


def test_a_party_that_is_an_actor_is_declared_as_an_actor(export):
    db, _ = export(HOSTILE)
    assert _rows(db, "SELECT party_id, party_actor_id, party_side_id FROM claims "
                     "WHERE outcome = 'captured'") == [("markup", "markup", None)]


def test_events_have_coordinates_only_where_they_are_at_one_point(export):
    # The maps' rule (render/geo.py): a map of the table (datasette-cluster-map reads these
    # columns) must not draw an event at one of its places alone; `location` still says how
    # much of the event is located, and event_places has every place.
    db, _ = export()
    data = load_dataset()
    got = {i: (loc, lat, lon, place) for i, loc, lat, lon, place in _rows(
        db, "SELECT id, location, latitude, longitude, location_place_id FROM events")}
    expected = {}
    for event in data.events:
        places = [data.places[p] for p in event.places]
        located = [p for p in places if located_place(p)]
        location = "none" if not located else \
            "complete" if len(located) == len(places) else "partial"
        points = {(p.lat, p.lon, p.coord_precision) for p in located}
        one = located[0] if location == "complete" and len(points) == 1 else None
        expected[event.id] = (location, *((one.lat, one.lon, one.id) if one
                                          else (None, None, None)))
    assert got == expected
    assert {loc for loc, *_ in got.values()} == {"complete", "partial", "none"}
    assert {loc for loc, lat, *_ in got.values() if lat is not None} == {"complete"}
    assert got["2015-05-04-nusra-preemptive-attack"] == ("partial", None, None, None)


def test_places_keep_their_coordinates(export):
    db, _ = export()
    data = load_dataset()
    assert {i: (lat, lon) for i, lat, lon in _rows(db, "SELECT id, latitude, longitude "
                                                       "FROM places")} == \
        {p.id: (p.lat, p.lon) for p in data.places.values()}


def test_hostile_text_is_stored_byte_for_byte(export):
    db, _ = export(HOSTILE)
    data = load_dataset(HOSTILE)

    def stored(query):
        return [tuple(None if v is None else bytes(v) for v in row)
                for row in _rows(db, query)]

    def encoded(*texts):
        return tuple(None if t is None else t.encode("utf-8") for t in texts)

    assert stored("SELECT CAST(name AS BLOB) FROM actors ORDER BY rowid") == \
        [encoded(a.name) for a in data.actors.values()]
    assert stored("SELECT CAST(name AS BLOB), CAST(description AS BLOB) FROM sources "
                  "ORDER BY rowid") == \
        [encoded(s.name, s.description) for s in data.sources.values()]
    assert stored("SELECT CAST(name AS BLOB) FROM sides ORDER BY rowid") == \
        [encoded(s.name) for s in data.sides.values()]
    events = list(data.events)
    assert stored("SELECT CAST(summary AS BLOB), CAST(section AS BLOB), "
                  "CAST(date_text AS BLOB) FROM events ORDER BY date_order") == \
        [encoded(e.summary, e.section, e.date.text) for e in events]
    assert stored("SELECT CAST(as_reported AS BLOB) FROM claims ORDER BY id") == \
        [encoded(c.as_reported) for c in data.all_claims()]
    aliases = {i: json.loads(a) for i, a in _rows(db, "SELECT id, aliases FROM places")}
    assert aliases == {p.id: list(p.aliases) for p in data.places.values()}
    assert "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\" in aliases["arabic-place"]


def test_the_views_answer(export):
    db, _ = export(SCHEMA2)
    assert _rows(db, "SELECT scope, event_id, party_name, party_text, outcome, claims, sources, "
                     "reported FROM claims_side_by_side") == [
        ("campaign", None, "rebels", None, "strength", 1, 1, "SOHR: hundreds"),
        ("incident", "siege-of-deir-attiyeh", "rebels", None, "casualties", 2, 1,
         "SOHR: 1,800 killed and injured; SOHR: 140 among the 1,800 (part of all-hurt)"),
        ("incident", "siege-of-deir-attiyeh", "rebels", None, "killed", 2, 1,
         "SOHR: at least 18 (superseded by updated-toll); SOHR: the toll rose to 40"),
        ("incident", "hospital-counts-the-wounded", None, "doctors in Deir Attiyeh", "wounded",
         1, 1, "field hospital in Deir Attiyeh: 20 to 30 of our staff"),
        ("incident", "hospital-counts-the-wounded", None, "patients", "missing", 1, 1,
         "field hospital in Deir Attiyeh: three patients")]
    assert _rows(db, "SELECT source_name, party_name, outcome, as_reported "
                     "FROM campaign_claims") == [("SOHR", "rebels", "strength", "hundreds")]
    assert _rows(db, "SELECT claim_id, superseded_by FROM claims_with_names "
                     "WHERE claim_id IS NOT NULL") == [
        ("first-toll", "updated-toll"), ("updated-toll", None), ("all-hurt", None)]
    assert _rows(db, "SELECT event_id, place_id FROM events_with_places") == [
        ("siege-of-deir-attiyeh", "deir-attiyeh"),
        ("hospital-counts-the-wounded", "deir-attiyeh-hospital"),
        ("prisoner-exchange", None), ("committee-appeal", None)]
    assert _rows(db, "SELECT id, kind, side_id FROM parties ORDER BY kind, id") == [
        ("local-committee", "actor", None), ("syrian-army", "actor", "pro-government"),
        ("opposition", "side", "opposition"), ("pro-government", "side", "pro-government")]


def test_events_with_places_has_a_row_per_place_and_coordinates(export):
    db, _ = export()
    assert _rows(db, "SELECT place_name, latitude, longitude FROM events_with_places "
                     "WHERE event_id = '2015-05-13-tallat-mussa-captured' "
                     "ORDER BY place_position") == \
        _rows(db, "SELECT p.name, p.latitude, p.longitude FROM event_places ep JOIN places p "
                  "ON p.id = ep.place_id WHERE ep.event_id = "
                  "'2015-05-13-tallat-mussa-captured' ORDER BY ep.position")
    count = _rows(db, "SELECT count(*) FROM events_with_places")[0][0]
    assert count == sum(max(1, len(e.places)) for e in load_dataset().events)


def test_the_dataset_table_says_where_the_data_came_from(export, tmp_path):
    db, _ = export()
    assert _rows(db, "SELECT origin, licence, qalamoun_version, database_version, "
                     "campaign_name FROM dataset") == [
        (f"the dataset shipped with qalamoun {__version__}", SHIPPED_LICENCE, __version__,
         sqlite_db.LAYOUT_VERSION,
         "Qalamoun offensive (May–June 2015)")]
    assert SHIPPED_LICENCE.startswith("CC BY-SA 4.0, from the Wikipedia article ")
    db, _ = export(default_data_path(), "again.db")  # the shipped folder, named
    assert _rows(db, "SELECT licence FROM dataset") == [(SHIPPED_LICENCE,)]
    db, _ = export(EXAMPLE, "mine.db")
    assert _rows(db, "SELECT origin, licence FROM dataset") == [(str(EXAMPLE), "unknown")]


def test_an_existing_file_is_refused_and_kept(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.db").write_bytes(b"old")
    code, out, err = run("export", "sqlite", "out.db")
    assert (code, out, err) == (2, "", "qalamoun: out.db: already exists; add --force to "
                                       "replace it\n")
    assert (tmp_path / "out.db").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.db"]


def test_the_dataset_itself_is_never_the_target_not_even_with_force(run, tmp_path,
                                                                    monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, "mine.yaml")
    (tmp_path / "ds").mkdir()
    shutil.copy(EXAMPLE, "ds/events.yaml")
    os.symlink("mine.yaml", "link.db")
    for data, target in (("mine.yaml", "mine.yaml"), ("ds", "ds/events.yaml"),
                         ("mine.yaml", "link.db")):
        before = (tmp_path / target).read_bytes()
        code, out, err = run("--data", data, "export", "sqlite", target, "--force")
        assert (code, out, err) == (2, "", f"qalamoun: {target}: is a file of the dataset "
                                           f"being exported; write the database elsewhere\n")
        assert (tmp_path / target).read_bytes() == before
    code, _, err = run("--data", "ds", "export", "sqlite", "ds/out.db")  # beside it: fine
    assert code == 0, err


def test_force_replaces_the_file_and_keeps_its_mode(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.db").write_bytes(b"old")
    os.chmod(tmp_path / "out.db", 0o640)
    code, _, err = run("export", "sqlite", "out.db", "--force")
    assert (code, err) == (0, "")
    assert _rows(sqlite3.connect(tmp_path / "out.db"), "SELECT count(*) FROM events") == [(106,)]
    assert os.stat(tmp_path / "out.db").st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.db"]


def _someone_else_writes(monkeypatch, target) -> None:
    """Make TARGET appear, written by another process, while the database is filled."""
    fill = sqlite_db.fill

    def fill_meanwhile(connection, chronology, about):
        target.write_bytes(b"theirs")
        fill(connection, chronology, about)

    monkeypatch.setattr(sqlite_db, "fill", fill_meanwhile)


def test_a_file_created_while_writing_is_not_replaced(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _someone_else_writes(monkeypatch, tmp_path / "out.db")
    code, _, err = run("export", "sqlite", "out.db")
    assert (code, err) == (2, "qalamoun: out.db: already exists; add --force to replace it\n")
    assert (tmp_path / "out.db").read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["out.db"]


def test_without_hard_links_the_file_is_still_written_and_never_replaced(run, tmp_path,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)

    def no_links(source, target):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    code, _, err = run("export", "sqlite", "out.db")
    assert (code, err) == (0, "")
    assert _rows(sqlite3.connect(tmp_path / "out.db"), "SELECT count(*) FROM events") == [(106,)]
    _someone_else_writes(monkeypatch, tmp_path / "new.db")
    code, _, err = run("export", "sqlite", "new.db")
    assert (code, err) == (2, "qalamoun: new.db: already exists; add --force to replace it\n")
    assert (tmp_path / "new.db").read_bytes() == b"theirs"
    assert sorted(os.listdir(tmp_path)) == ["new.db", "out.db"]


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_write_leaves_the_old_file_or_none(run, tmp_path, monkeypatch, force):
    monkeypatch.chdir(tmp_path)

    def disk_full(connection, chronology, about):
        connection.executescript(sqlite_db.SCHEMA)  # half written: the tables, then no room
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite_db, "fill", disk_full)
    if force:
        (tmp_path / "out.db").write_bytes(b"old")
    code, out, err = run("export", "sqlite", "out.db", *(["--force"] if force else []))
    # SQLite's "database or disk is full", in the operating system's words.
    assert (code, out, err) == (73, "", "qalamoun: out.db: cannot write: No space left on "
                                        "device\n")
    assert os.listdir(tmp_path) == (["out.db"] if force else [])
    if force:
        assert (tmp_path / "out.db").read_bytes() == b"old"


def test_a_folder_that_cannot_be_written_in_is_an_output_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", "sqlite", "missing/out.db")
    assert (code, out, err) == (73, "", "qalamoun: missing/out.db: cannot write: no such folder "
                                        "'missing'\n")
    (tmp_path / "file").write_bytes(b"")
    code, out, err = run("export", "sqlite", "file/out.db")
    assert (code, out, err) == (73, "", "qalamoun: file/out.db: cannot write: not a folder "
                                        "'file'\n")
    assert sorted(os.listdir(tmp_path)) == ["file"]
    if os.geteuid() != 0:  # root writes anywhere
        (tmp_path / "locked").mkdir(mode=0o500)
        code, _, err = run("export", "sqlite", "locked/out.db")
        assert (code, err) == (73, "qalamoun: locked/out.db: cannot write: Permission "
                                   "denied\n")


@pytest.mark.parametrize(("value", "message"), [
    ("", "OUT.db: the path is empty"),
    (".", "OUT.db '.': is a folder; give a file name"),
    ("/dev/null", "OUT.db '/dev/null': not a regular file (a FIFO, device or socket); give a "
                  "file name"),
])
def test_a_target_that_cannot_be_a_database_file_is_a_usage_error(run, tmp_path, monkeypatch,
                                                                  value, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", "sqlite", value, "--force")
    assert (code, out, err) == (2, "", f"qalamoun: {message}\n")
    assert os.listdir(tmp_path) == []


def test_export_alone_asks_for_a_form(run):
    code, out, err = run("export")
    assert code == 2
    assert out.startswith("Usage: qalamoun export [OPTIONS] COMMAND [ARGS]...\n")
    assert err == "qalamoun: a command is needed (see 'qalamoun export --help')\n"


def test_bad_data_is_reported_and_nothing_is_written(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: [", encoding="utf-8")
    code, _, err = run("--data", "broken.yaml", "export", "sqlite", "out.db")
    assert code == 65
    assert os.listdir(tmp_path) == ["broken.yaml"]


def test_the_installed_entry_point_exports(tmp_path):
    done = subprocess.run([*ENTRY, "export", "sqlite", "q.db", "--data", str(SCHEMA2)],
                          capture_output=True, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == b"q.db: 4 events, 7 claims, 2 places, 2 actors, 2 sides, 3 sources\n"
    db = sqlite3.connect(tmp_path / "q.db")
    assert _rows(db, "SELECT count(*) FROM claims_side_by_side") == [(5,)]
    assert os.listdir(tmp_path) == ["q.db"]


def _temporaries(folder):
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_force_replaces_a_symbolic_link_itself_never_its_target(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theirs.txt").write_bytes(b"precious")
    (tmp_path / "folder").mkdir()
    for name, target in (("link.db", "theirs.txt"), ("gone.db", "missing.db"),
                         ("dir.db", "folder")):
        os.symlink(target, name)
        code, out, err = run("export", "sqlite", name, "--force")
        assert (code, err) == (0, ""), err
        assert not (tmp_path / name).is_symlink()
        assert _rows(sqlite3.connect(tmp_path / name), "SELECT count(*) FROM events") == \
            [(106,)]
    assert (tmp_path / "theirs.txt").read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["dir.db", "folder", "gone.db", "link.db",
                                            "theirs.txt"]
    assert os.listdir(tmp_path / "folder") == []


def test_a_symbolic_link_is_refused_without_force_and_says_what_it_is(run, tmp_path,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theirs.txt").write_bytes(b"precious")
    os.symlink("theirs.txt", "link.db")
    os.symlink("missing.db", "gone.db")
    code, out, err = run("export", "sqlite", "link.db")
    assert (code, out, err) == (2, "", "qalamoun: link.db: is a symbolic link; add --force to "
                                       "replace the link itself (the file it points to is "
                                       "never written)\n")
    code, out, err = run("export", "sqlite", "gone.db")
    assert (code, out, err) == (2, "", "qalamoun: gone.db: is a symbolic link (to a missing "
                                       "file); add --force to replace the link itself (the "
                                       "file it points to is never written)\n")
    assert os.readlink("link.db") == "theirs.txt" and os.readlink("gone.db") == "missing.db"
    assert sorted(os.listdir(tmp_path)) == ["gone.db", "link.db", "theirs.txt"]


def test_a_link_made_while_writing_is_refused_not_written_through(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theirs.txt").write_bytes(b"precious")
    fill = sqlite_db.fill

    def someone_links(connection, chronology, about):
        os.symlink("theirs.txt", tmp_path / "out.db")
        fill(connection, chronology, about)

    monkeypatch.setattr(sqlite_db, "fill", someone_links)
    code, _, err = run("export", "sqlite", "out.db")
    assert (code, err) == (2, "qalamoun: out.db: is a symbolic link; add --force to replace "
                              "the link itself (the file it points to is never written)\n")
    assert (tmp_path / "theirs.txt").read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["out.db", "theirs.txt"]


def test_a_temporary_file_swapped_while_writing_is_never_renamed_into_place(run, tmp_path,
                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    fill = sqlite_db.fill

    def someone_swaps(connection, chronology, about):
        fill(connection, chronology, about)
        (temporary,) = _temporaries(tmp_path)
        os.unlink(temporary)
        (tmp_path / temporary).write_bytes(b"theirs")

    monkeypatch.setattr(sqlite_db, "fill", someone_swaps)
    code, _, err = run("export", "sqlite", "out.db")
    assert (code, err) == (73, "qalamoun: out.db: cannot write: the temporary file was "
                               "replaced while it was written\n")
    assert os.listdir(tmp_path) == []


def test_standard_output_is_refused(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", "sqlite", "-", "--force")
    assert (code, out, err) == (2, "", "qalamoun: OUT.db: '-' (the standard output) cannot take "
                                       "a database: SQLite reads and writes its file in place; "
                                       "give a file name\n")
    assert os.listdir(tmp_path) == []


def _without_root_powers():
    """Drop root's power to ignore file permissions in the child, as an ordinary user has."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl")

    return drop


def _entry(args, cwd, **kwargs):
    try:
        return subprocess.run([*ENTRY, *args], capture_output=True, cwd=cwd, timeout=120,
                              **kwargs)
    except subprocess.SubprocessError as exc:  # the preexec_fn failed (no CAP_SETPCAP)
        pytest.skip(f"cannot drop root's powers here: {exc}")


def test_read_only_files_and_folders_are_said_in_plain_words(tmp_path):
    (tmp_path / "old.db").write_bytes(b"old")
    os.chmod(tmp_path / "old.db", 0o444)
    (tmp_path / "locked").mkdir(mode=0o555)
    drop = _without_root_powers()
    done = _entry(["export", "sqlite", "old.db", "--force"], tmp_path, preexec_fn=drop)
    # --force replaces a read-only file (renaming needs the folder, not the file), keeping
    # its mode; SQLite once met that mode on its own file: "attempt to write a readonly ...".
    assert (done.returncode, done.stderr) == (0, b"")
    assert os.stat(tmp_path / "old.db").st_mode & 0o777 == 0o444
    assert _rows(sqlite3.connect(tmp_path / "old.db"), "SELECT count(*) FROM events") == \
        [(106,)]
    done = _entry(["export", "sqlite", "locked/new.db"], tmp_path, preexec_fn=drop)
    assert (done.returncode, done.stdout, done.stderr) == (
        73, b"", b"qalamoun: locked/new.db: cannot write: Permission denied\n")
    umask = 0o277  # a new file readable by its owner alone, not even writable by it

    def strict() -> None:
        os.umask(umask)
        if drop:
            drop()

    done = _entry(["export", "sqlite", "strict.db"], tmp_path, preexec_fn=strict)
    assert (done.returncode, done.stderr) == (0, b"")
    assert os.stat(tmp_path / "strict.db").st_mode & 0o777 == 0o400
    assert sorted(os.listdir(tmp_path)) == ["locked", "old.db", "strict.db"]
    assert os.listdir(tmp_path / "locked") == []


def test_a_disk_filling_up_mid_write_leaves_nothing_and_says_why(tmp_path):
    def limit() -> None:
        # A write past the limit is cut short, then fails with EFBIG: a disk filling up.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = _entry(["export", "sqlite", "out.db"], tmp_path, preexec_fn=limit)
    # SQLite's own words were "disk I/O error".
    assert (done.returncode, done.stdout, done.stderr) == (
        73, b"", b"qalamoun: out.db: cannot write: File too large\n")
    assert os.listdir(tmp_path) == []


@pytest.fixture(scope="module")
def large_dataset(tmp_path_factory):
    """Write a synthetic dataset of 20,000 events: long enough to write to be interrupted."""
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "20000", str(path)],
                   check=True, timeout=300)
    return path


@pytest.mark.parametrize(("signum", "code"), [
    (signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM), (signal.SIGHUP, -signal.SIGHUP)],
    ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, large_dataset, signum,
                                                         code):
    (tmp_path / "out.db").write_bytes(b"old")
    child = subprocess.Popen([*ENTRY, "--data", str(large_dataset), "export", "sqlite",
                              "out.db", "--force"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        while not _temporaries(tmp_path) and child.poll() is None:
            time.sleep(0.001)  # loading first (a cold cache: seconds), then the writing
        child.send_signal(signum)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    # SIGINT is a Ctrl-C (exit 130, quiet); SIGTERM and SIGHUP end it as they end any
    # program, by that signal: only once the half-written file is gone.
    assert (child.returncode, out, err) == (code, b"", b"")
    assert os.listdir(tmp_path) == ["out.db"]
    assert (tmp_path / "out.db").read_bytes() == b"old"


def test_an_ignored_hang_up_stays_ignored_while_writing(tmp_path, large_dataset):
    def nohup() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    child = subprocess.Popen([*ENTRY, "--data", str(large_dataset), "export", "sqlite",
                              "out.db"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=nohup)
    try:
        while not _temporaries(tmp_path) and child.poll() is None:
            time.sleep(0.001)
        child.send_signal(signal.SIGHUP)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert (child.returncode, err) == (0, b"")
    assert out.startswith(b"out.db: 20000 events, ")
    assert os.listdir(tmp_path) == ["out.db"]


def test_the_readme_shows_datasette_opening_the_export():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Export to SQLite / Datasette"):]
    assert "```sh\nqalamoun export sqlite qalamoun.db\ndatasette qalamoun.db\n```" in section
    assert "(not a\ndependency of qalamoun: `pip install datasette`)" in section
