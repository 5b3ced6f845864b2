"""The benchmarks' peers do the same work as qalamoun: their answers equal qalamoun's."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from qalamoun_cli.dataset import default_data_path
from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


peer_sqlite = _module("peer_sqlite")
synth = _module("synth")


@pytest.fixture(params=["shipped", "schema2", "synth"])
def dataset(request, tmp_path):
    """Return a dataset of each kind: the shipped one, schema 2's example, a synthetic one."""
    if request.param == "shipped":
        return default_data_path()
    if request.param == "schema2":
        return ROOT / "examples" / "schema2.yaml"
    path = tmp_path / "synth.yaml"
    synth.write(300, str(path), seed=7)
    return path


def test_peer_sqlite_answers_what_casualties_source_answers(run, dataset, tmp_path):
    db = tmp_path / "out.db"
    code, _, err = run("--data", str(dataset), "export", "sqlite", str(db))
    assert code == 0, err
    with sqlite3.connect(db) as connection:
        sources = [row[0] for row in connection.execute(
            f"SELECT DISTINCT source_id FROM claims WHERE outcome IN "
            f"({', '.join('?' * len(peer_sqlite.OUTCOMES))}) ORDER BY source_id",
            peer_sqlite.OUTCOMES)]
    assert len(sources) >= 2
    for source in sources:
        code, out, err = run("--data", str(dataset), "casualties", "--source", source,
                             "--format", "json")
        assert code == 0, err
        expected = json.loads(out)
        assert expected
        assert peer_sqlite.records(str(db), source) == expected


def test_peer_sqlite_leaves_out_what_casualties_leaves_out(tmp_path, run):
    # A source whose only claim is a strength figure picks no incident, though another
    # source's casualty claim sits on the same event.
    data = tmp_path / "data.yaml"
    data.write_text(textwrap.dedent("""\
        schema_version: 1
        sides: [{id: army, name: army}]
        sources:
          - {id: a, name: A, kind: monitor, description: one}
          - {id: b, name: B, kind: monitor, description: another}
        places: [{id: p, name: P}]
        events:
          - id: e1
            date: {text: 1 May 2015, start: 2015-05-01, end: 2015-05-01, precision: day}
            section: May
            type: clash
            places: [p]
            sources: [a, b]
            summary: s
            claims:
              - {source: a, party: army, outcome: strength, low: 900, high: 900,
                 as_reported: '900'}
              - {source: b, party: army, outcome: killed, low: 3, high: 3, as_reported: three}
        """), encoding="utf-8")
    db = tmp_path / "out.db"
    assert run("--data", str(data), "export", "sqlite", str(db))[0] == 0
    code, out, _ = run("--data", str(data), "casualties", "--source", "a", "--format", "json")
    assert (code, json.loads(out)) == (1, [])
    assert peer_sqlite.records(str(db), "a") == []
    assert [r["as_reported"] for r in peer_sqlite.records(str(db), "b")] == ["three"]


scale = _module("scale")


@pytest.mark.parametrize("head, expected", [
    ("#!/opt/venv/bin/python3\n", "/opt/venv/bin/python3"),
    ("#!/opt/venv/bin/python3 -E\n", "/opt/venv/bin/python3"),
    ("#!/bin/sh\n'''exec' '/long path/bin/python3' \"$0\" \"$@\"\n' '''\n",
     "/long path/bin/python3"),
])
def test_scale_finds_the_python_of_an_executable(tmp_path, head, expected):
    exe = tmp_path / "qalamoun"
    exe.write_text(head + "import sys\n", encoding="utf-8")
    assert scale.interpreter(str(exe)) == expected


def test_scale_refuses_an_executable_it_cannot_read_the_python_of(tmp_path):
    exe = tmp_path / "qalamoun"
    exe.write_text("#!/bin/bash\nexec python3 -m qalamoun_cli\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        scale.interpreter(str(exe))
    assert str(stop.value) == f"{exe}: cannot tell which Python runs it from its first line"


@pytest.mark.parametrize("code, message", [
    ("print('[]')", "found nothing"),
    ("pass", "found nothing"),
    ("import sys; sys.exit('no such place')", "exit 1: no such place\n"),
])
def test_scale_times_no_query_that_fails_or_finds_nothing(code, message):
    command = [sys.executable, "-c", code]
    with pytest.raises(SystemExit) as stop:
        scale.execute(command, dict(os.environ), read=True)
    assert str(stop.value) == f"{' '.join(command)}: {message}"


def test_scale_counts_what_a_query_prints_and_its_peak():
    sample = scale.execute([sys.executable, "-c", "print('[1]'); x = bytearray(50 << 20)"],
                           dict(os.environ), read=True)
    assert (sample.out_bytes, sample.peak_mb > 50) == (4, True)


def test_scale_writes_the_data_once(tmp_path):
    data = scale.dataset(tmp_path, 40)
    data.write_text("kept", encoding="utf-8")
    assert (scale.dataset(tmp_path, 40), data.read_text(encoding="utf-8")) == (data, "kept")
    assert sorted(p.name for p in tmp_path.iterdir()) == [data.name]


synth_ged = _module("synth_ged")


@pytest.mark.parametrize("compress", [False, True], ids=["csv", "gzip"])
def test_synth_ged_rows_are_the_samples_with_new_ids(tmp_path, compress):
    from qalamoun_cli.dataset import check_dataset

    path = tmp_path / ("g.csv.gz" if compress else "g.csv")
    synth_ged.write(2000, str(path), compress=compress)
    data, problems = check_dataset(path)
    assert sorted(e.id for e in data.events) == sorted(f"ged-{i}" for i in range(1, 2001))
    sample, sample_problems = check_dataset(synth_ged.SAMPLE)

    def kept(event):  # all but the ids (the claims name their event)
        return (event[1:8], event[10:], [(c.party, c.low, c.high, c.best, c.inconsistent)
                                         for c in event.claims])

    assert sorted(map(kept, data.events)) == sorted(kept(e) for e in sample.events
                                                    for _ in range(2))
    # The sample's published inconsistencies come back with its rows, warnings as there.
    assert [p for p in problems if not p.warning] == []
    assert sorted(p.message for p in problems) \
        == sorted(p.message for p in sample_problems for _ in range(2))
    assert len({p.line for p in problems if p.message.startswith("low:")}) == 14
    assert len({p.line for p in problems if p.message.startswith("best:")}) == 26


def test_output_share_times_the_output_step_inside_the_whole_run(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    report = tmp_path / "share.json"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "output_share.py"), "--data",
         str(default_data_path()), "--runs", "1", "--json", str(report), "--",
         "place", "Arsal", "-f", "json", "--", "casualties", "-f", "json"],
        capture_output=True, text=True, check=True)
    results = json.loads(report.read_text(encoding="utf-8"))
    assert [r["command"] for r in results] == [["place", "Arsal", "-f", "json"],
                                               ["casualties", "-f", "json"]]
    for r in results:
        assert 0 < r["output"] < r["whole"]
        assert r["rest"] == pytest.approx(r["whole"] - r["output"])
    assert done.stdout.splitlines()[0].startswith("| command | whole s | output s |")
