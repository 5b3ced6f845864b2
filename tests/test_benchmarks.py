"""The benchmarks' peers do the same work as qalamoun: their answers equal qalamoun's."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
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
