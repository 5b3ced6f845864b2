"""Several datasets read together: --data repeated, QALAMOUN_DATA, labels, clashes, cache."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli import dataset
from qalamoun_cli.dataset import dataset_labels, default_data_path, load_dataset
from qalamoun_cli.load import readers
from tests.conftest import FIXTURES
from tests.test_subprocess import ENTRY

GED = FIXTURES / "ucdp-ged-sample-23.1.csv"
ACLED = FIXTURES / "acled-sample.csv"
ACROSS = "an id names one record across the datasets"


def tiny(prefix: str, place: str = "Arsal") -> str:
    """Return a valid one-file dataset whose ids all begin with PREFIX."""
    return f"""schema_version: 1
sides:
  - id: {prefix}side
    name: a side
actors:
  - id: {prefix}actor
    name: an actor
    side: {prefix}side
    kind: militia
sources:
  - id: {prefix}source
    name: a source
    kind: monitor
places:
  - id: {prefix}place
    name: {place}
    country: Lebanon
    kind: town
events:
  - id: {prefix}event
    date: {{text: 6 May, start: 2015-05-06, end: 2015-05-06, precision: day}}
    section: s
    type: clash
    places: [{prefix}place]
    actors: [{prefix}actor]
    sources: [{prefix}source]
    summary: Fighting.
    claims:
      - {{source: {prefix}source, party: {prefix}side, outcome: killed, low: 2, high: 2,
         as_reported: "2"}}
"""


@pytest.fixture
def two(tmp_path):
    """Return two datasets without a clash, each one YAML file."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "mine.yaml", tmp_path / "b" / "theirs.yaml"
    a.write_text(tiny("a-"), encoding="utf-8")
    b.write_text(tiny("b-"), encoding="utf-8")
    return a, b


def _ged_rows(tmp_path: Path, name: str, *numbers: int) -> Path:
    """Write the GED fixture's header and its rows NUMBERS (1: the first) to NAME."""
    lines = GED.read_text(encoding="utf-8").splitlines(keepends=True)
    out = tmp_path / name
    out.write_text(lines[0] + "".join(lines[n] for n in numbers), encoding="utf-8")
    return out


def test_every_record_keeps_its_dataset(run, two):
    a, b = two
    code, out, err = run("--data", str(a), "timeline", "--data", str(b), "--format", "json")
    assert (code, err) == (0, "")
    assert [(e["id"], e["dataset"]) for e in json.loads(out)] == [
        ("a-event", "mine.yaml"), ("b-event", "theirs.yaml")]
    for command in ("places", "actors", "sources"):
        code, out, _ = run("--data", str(a), "--data", str(b), command, "--format", "json")
        assert [(r["id"], r["dataset"]) for r in json.loads(out)] == [
            (f"a-{command[:-1]}", "mine.yaml"), (f"b-{command[:-1]}", "theirs.yaml")]
    code, out, _ = run("--data", str(a), "--data", str(b), "actors", "--format", "csv")
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "name", "aliases", "side", "kind", "part_of", "dataset"],
        ["a-actor", "an actor", "", "a side", "militia", "", "mine.yaml"],
        ["b-actor", "an actor", "", "a side", "militia", "", "theirs.yaml"]]


def test_the_shipped_dataset_and_a_standard_one_together(run_json):
    code, events = run_json("--data", str(default_data_path()), "--data", str(GED), "timeline")
    assert code == 0
    shipped = [e for e in events if e["dataset"] == "data"]  # named by its path
    ged = [e for e in events if e["dataset"] == "ucdp-ged-sample-23.1.csv"]
    assert (len(shipped), len(ged), len(events)) == (len(load_dataset().events), 1000,
                                                     len(load_dataset().events) + 1000)
    assert all(e["id"].startswith("ged-") for e in ged)


def test_qalamoun_data_holds_several_paths(run, two):
    a, b = two
    by_env = run("timeline", "--format", "json",
                 env={"QALAMOUN_DATA": f"{a}{os.pathsep}{b}"})
    assert by_env == run("--data", str(a), "--data", str(b), "timeline", "--format", "json")
    code, _, err = run("timeline", env={"QALAMOUN_DATA": f"{a}{os.pathsep}"})
    assert (code, err) == (2, f"qalamoun: QALAMOUN_DATA: an empty path between the "
                              f"{os.pathsep!r} separators (or at an end): "
                              f"'{a}{os.pathsep}'\n")


def test_a_dataset_given_twice_is_refused(run, two, tmp_path):
    a, _ = two
    code, _, err = run("--data", str(a), "--data", str(a), "timeline")
    assert (code, err) == (2, f"qalamoun: {a}: the same dataset as {a}, given before; give "
                              f"each dataset once\n")
    code, _, err = run("--data", str(a.parent), "--data", str(a), "timeline")
    assert (code, err) == (2, f"qalamoun: {a}: its file {a} is also in {a.parent}, given "
                              f"before; give each dataset once\n")
    code, _, err = run("timeline", env={"QALAMOUN_DATA": f"{a}{os.pathsep}{a}"})
    assert (code, err) == (2, f"qalamoun: {a}: the same dataset as {a}, given before; give "
                              f"each dataset once\n")


def test_an_id_in_two_datasets_is_one_error_naming_both_files(run, two, tmp_path):
    a, _ = two
    other = tmp_path / "other.yaml"
    other.write_text(tiny("a-", place="Yabroud"), encoding="utf-8")
    code, _, err = run("validate", str(a), str(other))
    assert code == 65
    assert err.splitlines() == [
        f"{other}:3: side id 'a-side' is already in {a}:3: {ACROSS}",
        f"{other}:6: actor id 'a-actor' is already in {a}:6: {ACROSS}",
        f"{other}:11: source id 'a-source' is already in {a}:11: {ACROSS}",
        f"{other}:15: place id 'a-place' is already in {a}:15: {ACROSS}",
        f"{other}:20: event id 'a-event' is already in {a}:20: {ACROSS}",
        f"qalamoun: 5 problem(s) in {a}, {other}"]
    # Loading says the first and how many more, exit 65 as for any invalid data.
    code, _, err = run("--data", str(a), "--data", str(other), "timeline")
    assert (code, err) == (65, f"qalamoun: {other}:3: side id 'a-side' is already in {a}:3: "
                               f"{ACROSS} (and 4 more problems; run 'qalamoun validate')\n")


def test_a_csv_clash_names_the_rows_line(tmp_path):
    first = _ged_rows(tmp_path, "first.csv", 1)
    again = _ged_rows(tmp_path, "again.csv", 2, 1)
    alone = load_dataset(first)
    _, problems = dataset.check_dataset([first, again])
    (event,) = alone.events
    expected = {f"{again}:3: event id {event.id!r} is already in {first}:2: {ACROSS}"}
    # Places, actors and sources are made from many rows: the file names them.
    for kind, table in (("place", alone.places), ("actor", alone.actors),
                        ("source", alone.sources)):
        expected.update(f"{again}: {kind} id {i!r} is already in {first}: {ACROSS}"
                        for i in table)
    assert {str(p) for p in problems if not p.warning} == expected


def test_a_folder_of_yaml_and_csv_names_both_files_of_a_clash(run, tmp_path):
    ged = _ged_rows(tmp_path, "ged.csv", 1)
    event_id = load_dataset(ged).events[0].id
    folder = tmp_path / "both"
    folder.mkdir()
    ged.rename(folder / "ged.csv")
    text = tiny("x-").replace("- id: x-event", f"- id: {event_id}")
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    code, _, err = run("validate", str(folder))
    assert code == 65
    assert err.splitlines()[0] == (f"{folder / 'ged.csv'}:2: event id {event_id!r} is already "
                                   f"in {folder / 'mine.yaml'}:20: an id names one record "
                                   f"across the files of a dataset")


def test_validate_checks_the_datasets_together_or_refuses_both_ways(run, two):
    a, b = two
    code, out, err = run("validate", str(a), str(b))
    assert (code, out, err) == (0, f"{a}, {b}: valid: 2 events, 2 claims, 2 places, 2 actors, "
                                   f"2 sources\n", "")
    assert run("--data", str(a), "--data", str(b), "validate")[:2] == (0, out)
    code, _, err = run("--data", str(a), "validate", str(b))
    assert (code, err) == (2, "qalamoun: validate: give the datasets either as --data or as "
                              "PATH, not both ('qalamoun validate A B' checks A and B "
                              "together)\n")
    # QALAMOUN_DATA is a default, as for every command: PATH wins.
    code, out, _ = run("validate", str(b), env={"QALAMOUN_DATA": str(a)})
    assert (code, out) == (0, f"{b}: valid: 1 events, 1 claims, 1 places, 1 actors, "
                              f"1 sources\n")


def test_a_place_search_covers_every_dataset_and_merges_nothing(run_json, two):
    a, b = two
    code, found = run_json("--data", str(a), "--data", str(b), "place", "Arsal")
    assert code == 0
    assert [(m["place"]["id"], m["place"]["dataset"], [e["id"] for e in m["events"]])
            for m in found] == [("a-place", "mine.yaml", ["a-event"]),
                                ("b-place", "theirs.yaml", ["b-event"])]
    code, events = run_json("--data", str(a), "--data", str(b), "timeline", "--place",
                            "b-place")
    assert [e["id"] for e in events] == ["b-event"]


def test_a_warm_run_is_served_from_the_cache(two, monkeypatch):
    a, b = two
    first = load_dataset([a, b])
    assert first.compiled_names is not None

    def parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(readers, "check_datasets", parse)
    again = load_dataset([a, b])
    assert list(again.events) == list(first.events)
    assert again.datasets == ("mine.yaml", "theirs.yaml")


def test_which_dataset_each_file_is_of_is_part_of_the_key(tmp_path):
    folder = tmp_path / "both"
    folder.mkdir()
    (folder / "a.yaml").write_text(tiny("a-"), encoding="utf-8")
    (folder / "b.yaml").write_text(tiny("b-"), encoding="utf-8")
    together = load_dataset(folder)
    apart = load_dataset([folder / "a.yaml", folder / "b.yaml"])
    assert [together.dataset_of(e) for e in together.events] == ["both", "both"]
    assert [apart.dataset_of(e) for e in apart.events] == ["a.yaml", "b.yaml"]


def test_dataset_labels_are_final_names_told_apart_by_rank(tmp_path):
    assert dataset_labels([Path("x/events.csv"), Path("y/events.csv"),
                           Path("z/events.csv/"), Path("w/data")]) == (
        "events.csv", "events.csv#2", "events.csv#3", "data")
    # The shipped dataset is "qalamoun" when it is the default, else its path's name.
    assert dataset_labels([default_data_path()], defaulted=True) == ("qalamoun",)
    assert dataset_labels([default_data_path()]) == ("data",)


def test_the_installed_entry_point_reads_several_datasets(two):
    a, b = two
    done = subprocess.run([*ENTRY, "--data", str(a), "timeline", "--format", "jsonl",
                           "--data", str(b)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["dataset"] for line in done.stdout.splitlines()] == [
        "mine.yaml", "theirs.yaml"]


DATASETS = [default_data_path(), GED, ACLED]


@settings(max_examples=12)
@given(st.permutations(DATASETS))
def test_the_order_of_the_datasets_does_not_change_the_events(order):
    from datetime import date

    chronology = load_dataset(order)
    chosen = chronology.events.matching(date(2015, 5, 1), date(2015, 6, 30))
    answer = {(e.id, chronology.dataset_of(e)) for e in chronology.events.at(chosen)}
    reference = load_dataset(DATASETS)
    expected = {(e.id, reference.dataset_of(e)) for e in reference.events.at(
        reference.events.matching(date(2015, 5, 1), date(2015, 6, 30)))}
    assert answer == expected and len({label for _, label in answer}) >= 2
