"""A file read in parts compiles to the same database as one read in one process.

Part processes also make the folded words to search of their events (compiled.made_in_part),
and the first process makes those of its own while it waits for them; compiled.write_database
then takes them instead of making them again.
Every table's rows and the meta rows must be those of the one-process compile.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli import compiled, store
from qalamoun_cli.load import parallel
from qalamoun_cli.load.build import check_files

HEAD = ("schema_version: 2\nsides:\n  - {id: gov, name: Government}\n"
        "actors:\n  - {id: army, name: Army, side: gov}\n"
        "sources:\n  - {id: src, name: Syrian Observatory, kind: monitor}\n"
        "  - {id: agency, name: Agence, kind: official}\n"
        "places:\n  - {id: p, name: Yabroud, arabic: يبرود, lat: 34.0, lon: 36.7,\n"
        "      coord_precision: approximate}\n  - {id: q, name: Qārah}\n"
        "events:\n")
DATES = [
    "{text: d, start: 2015-05-13, end: 2015-05-13, precision: day}",
    "{text: d, start: 2014-02-01, end: 2014-02-20, precision: month}",
    "{text: d, start: 2013-11-10, end: null, precision: day}",
    "{text: d, start: null, end: 2013-01-05, precision: day}",
    "null",
]
SUMMARIES = ["Clashes near Yabroud", "Ṣaddād retaken; “quoted” words", "قصف على يبرود",
             "Straße zu Qārah", "plain"]
CLAIM = ("      - {{source: {source}, party: gov, outcome: {outcome}, low: {low}, high: "
         "{high}, as_reported: \"{low} to {high} (Ǆ)\"}}\n")
QUANTITY = ("      - {{source: agency, measure: families displaced, low: {low}, high: null, "
            "unit: families, as_reported: more than {low}}}\n")


def event(n: int, date: int, summary: int, claims: int, quantities: int) -> str:
    """Return event N's item: DATES[DATE], SUMMARIES[SUMMARY], CLAIMS claims (0-2) and
    QUANTITIES quantities (0-1)."""
    text = (f"  - id: e{n}\n    date: {DATES[date]}\n    section: s{n % 3}\n"
            f"    type: capture\n    places: [{'p' if n % 2 else 'q'}]\n    actors: [army]\n"
            f"    sources: [src]\n    summary: \"{SUMMARIES[summary]} {n}\"\n"
            f"    note: {'null' if n % 4 else 'Éloignés'}\n")
    if claims:
        text += "    claims:\n" + "".join(
            CLAIM.format(source=("src", "agency")[k], outcome=("killed", "wounded")[k],
                         low=n + k, high=n + k + 3) for k in range(claims))
    if quantities:
        text += "    quantities:\n" + QUANTITY.format(low=n * 10)
    return text


def dataset(shapes: list[tuple[int, int, int, int]]) -> bytes:
    """Return a file of one event per shape (date, summary, claims, quantities)."""
    return (HEAD + "".join(event(n, *shape) for n, shape in enumerate(shapes))).encode()


def tables(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Return every table's rows (rowid order, the FTS5 and R*Tree tables' own too), the
    views' and what SQLite's schema says."""
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
    found = {"schema": conn.execute("SELECT type, name, sql FROM sqlite_master "
                                    "ORDER BY name").fetchall()}
    for name in names:
        try:
            found[name] = conn.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid').fetchall()
        except sqlite3.OperationalError:  # a view or a WITHOUT ROWID table: as it is
            found[name] = conn.execute(f'SELECT * FROM "{name}"').fetchall()
    return found


def compile_(raw: bytes, parts: int, tmp_path, label: str, prepare: bool = True,
             ) -> dict[str, list[tuple]]:
    """Return the tables of RAW compiled after reading it in PARTS processes (PREPARE:
    as check_files)."""
    chronology, problems = check_files([("f.yaml", raw)], parts=parts, split_above=1,
                                       prepare=prepare)
    assert problems == []
    conn = compiled.connect(str(tmp_path / f"{label}.sqlite"), write=True)
    try:
        assert compiled.write_database(conn, chronology, "k") == []
        return tables(conn)
    finally:
        conn.close()


SHAPES = [(n % 5, (n * 3) % 5, n % 3, n % 2) for n in range(40)]


@pytest.mark.parametrize("parts", [2, 3])
def test_a_file_read_in_parts_compiles_to_the_same_database(parts, tmp_path):
    raw = dataset(SHAPES)
    one = compile_(raw, 1, tmp_path, "one")
    assert compile_(raw, parts, tmp_path, "parts") == one
    # What the test compares: events out of file order, claims, quantities, folded words.
    assert [row[2] for row in one["events"][:3]] == ["e3", "e8", "e13"]
    assert len(one["claim_rows"]) == 0 and len(one["claims"]) == 39
    assert len(one["quantities"]) == 20
    assert [row[-1] for row in one["texts"] if row[2] == "e4"] == [
        "قصف علي يبرود 4 ¶ aluignas ¶ 4 tu 7 dz"]


def test_the_same_where_sqlite_cannot_make_the_second_pass(monkeypatch, tmp_path):
    monkeypatch.setattr(compiled, "_sql_pass", lambda conn: False)
    raw = dataset(SHAPES)
    one = compile_(raw, 1, tmp_path, "one")
    assert compile_(raw, 2, tmp_path, "parts") == one
    assert len(one["claim_rows"]) == 39


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 2),
                          st.integers(0, 1)), min_size=3, max_size=30), st.integers(2, 4))
def test_generated_files_compile_alike_in_parts(tmp_path_factory, shapes, parts):
    raw = dataset(shapes)
    tmp = tmp_path_factory.mktemp("db")
    assert compile_(raw, parts, tmp, "parts") == compile_(raw, 1, tmp, "one")


def test_the_compile_takes_what_the_parts_made(monkeypatch, tmp_path):
    raw = dataset(SHAPES)
    cut = parallel.plan(raw, 2, 1)
    assert cut is not None
    in_part = re.findall(rb"^  - id: (e\d+)$", raw[cut.starts[0]:], re.MULTILINE)
    assert len(in_part) > 10
    # Counted in this process only: the part, forked, counts in its own copy.
    made_here: list[str] = []
    real = compiled.made_in_part
    monkeypatch.setattr(compiled, "made_in_part",
                        lambda e: (made_here.append(e.id), real(e))[1])
    chronology, _ = check_files([("f.yaml", raw)], parts=2, split_above=1)
    made_for, words = chronology.prepared
    assert made_for == tuple(chronology.events)
    prepared = {e.id for e, text in zip(made_for, words, strict=True) if text is not None}
    assert set(prepared) == {i.decode() for i in in_part} | set(made_here)
    assert set(made_here).isdisjoint({i.decode() for i in in_part})
    texts = []
    fold = compiled._text
    monkeypatch.setattr(compiled, "_text", lambda e: (texts.append(e.id), fold(e))[1])
    conn = compiled.connect(str(tmp_path / "c.sqlite"), write=True)
    compiled.write_database(conn, chronology, "k")
    assert sorted(texts) == sorted(e.id for e in chronology.events if e.id not in prepared)
    assert chronology.prepared is None  # taken by the compile
    conn.close()


def test_an_event_changed_after_reading_is_made_again(tmp_path):
    raw = dataset(SHAPES)
    chronology, _ = check_files([("f.yaml", raw)], parts=2, split_above=1)
    # The last event, read by the part.
    changed = next(i for i, e in enumerate(chronology.events) if e.id == "e39")
    old = chronology.events[changed]
    assert chronology.prepared[0][changed] is old and chronology.prepared[1][changed]
    chronology.events[changed] = old._replace(summary="Rewritten Ṣummary")
    conn = compiled.connect(str(tmp_path / "c.sqlite"), write=True)
    compiled.write_database(conn, chronology, "k")
    row = conn.execute("SELECT summary, record FROM events WHERE id = ?", (old.id,)).fetchone()
    assert row == ("Rewritten Ṣummary", store.event_record(chronology.events[changed]))
    assert conn.execute("SELECT text FROM texts WHERE id = ?", (old.id,)).fetchone() == (
        "rawritan sumari ¶ mura than 390",)
    conn.close()


def test_without_prepare_no_words_are_made_and_the_same_is_read(monkeypatch, tmp_path):
    raw = dataset(SHAPES)
    made: list[str] = []
    real = compiled.made_in_part
    monkeypatch.setattr(compiled, "made_in_part", lambda e: (made.append(e.id), real(e))[1])
    bare, bare_problems = check_files([("f.yaml", raw)], parts=2, split_above=1,
                                      prepare=False)
    # Nothing made here; the part (forked) counts in its own copy, but sent none.
    assert made == [] and bare.prepared is None
    full, full_problems = check_files([("f.yaml", raw)], parts=2, split_above=1)
    assert full.prepared is not None and made
    assert list(bare.events) == list(full.events) and bare_problems == full_problems
    assert (bare.places, bare.actors, bare.sources, bare.sides) == \
        (full.places, full.actors, full.sources, full.sides)
    # Compiled alike: the compile makes every event's words itself.
    assert compile_(raw, 2, tmp_path, "bare", prepare=False) == \
        compile_(raw, 2, tmp_path, "full")


def test_validate_asks_for_no_words(monkeypatch, tmp_path):
    from qalamoun_cli import dataset as dataset_module
    from qalamoun_cli.load import build

    asked: list[bool] = []
    real = build.check_files
    monkeypatch.setattr(build, "check_files",
                        lambda files, **kw: (asked.append(kw.get("prepare", True)),
                                             real(files, **kw))[1])
    path = tmp_path / "f.yaml"
    path.write_bytes(dataset(SHAPES))
    dataset_module.check_dataset(path)
    assert asked == [False]
