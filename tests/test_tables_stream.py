"""CSV rows streamed into the compiled database: the same records, order and problems as
when read whole into memory, without holding every event."""

from __future__ import annotations

import gzip
import io
import random
import sqlite3

import pytest

from qalamoun_cli.compiled import Staging, write_database
from qalamoun_cli.dataset import check_dataset, load_dataset
from qalamoun_cli.errors import DataError
from qalamoun_cli.load import nodes, readers, rows, tables
from qalamoun_cli.store import EventWriter
from tests.conftest import FIXTURES
from tests.test_standard_datasets import ACLED, GED, HEADER, ged_file


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(folder))
    return folder


def _tables(conn: sqlite3.Connection) -> dict[str, list]:
    """Every row of the compiled tables in rowid order (the key aside: it names the code)."""
    found = {}
    for table in ("events", "places", "actors", "sources", "sides", "index_keys", "texts",
                  "place_boxes"):
        found[table] = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    # Without a rowid: views in the order they are made (claims and quantities: the
    # campaign's rows, then the events', however SQLite made them), and a table without one.
    for table in ("claims", "quantities", "event_keys"):
        found[table] = conn.execute(f"SELECT * FROM {table}").fetchall()
    found["meta"] = conn.execute("SELECT * FROM meta WHERE name != 'key' ORDER BY name") \
        .fetchall()
    return found


def _streamed_and_whole(path, cache):
    """Return the compiled tables of PATH streamed (as a command compiles it) and written
    from the chronology read whole (as `validate` reads it)."""
    loaded = load_dataset(path)
    (entry,) = cache.glob("*.sqlite")
    with sqlite3.connect(entry) as conn:
        streamed = _tables(conn)
    whole, problems = check_dataset(path)
    assert [p for p in problems if not p.warning] == []
    conn = sqlite3.connect(":memory:")
    write_database(conn, whole, "x")
    return loaded, whole, streamed, _tables(conn)


@pytest.mark.parametrize("path", [GED, ACLED], ids=["ged", "acled"])
def test_streaming_compiles_what_the_whole_chronology_compiles(path, cache):
    loaded, whole, streamed, written = _streamed_and_whole(path, cache)
    assert streamed == written
    assert list(loaded.events) == list(whole.events)  # display order, record for record
    assert len(whole.events) >= 3
    assert (dict(loaded.places), dict(loaded.actors), dict(loaded.sources),
            loaded.vocabulary) == (whole.places, whole.actors, whole.sources,
                                   whole.vocabulary)


def test_gzip_and_a_bom_stream_like_the_plain_file(tmp_path, cache):
    plain = GED.read_bytes()
    path = tmp_path / "g.csv.gz"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + plain))
    loaded, whole, streamed, written = _streamed_and_whole(path, cache)
    assert streamed == written
    assert [e.id for e in loaded.events] == [e.id for e in load_dataset(GED).events]


def test_several_files_stream_in_file_order_with_ties(tmp_path, cache):
    # Two files of events on the same days: display order keeps file order among equals.
    folder = tmp_path / "two"
    folder.mkdir()
    ged_file(folder, {}, {"date_start": "2013-01-01"}, {}, name="a.csv")
    (folder / "b.csv").write_text(ged_file(tmp_path, {"id": "7"}, {"id": "8"}, {"id": "5"})
                                  .read_text())
    loaded, whole, streamed, written = _streamed_and_whole(folder, cache)
    assert streamed == written
    assert [e.id for e in loaded.events] == ["ged-901", "ged-900", "ged-902", "ged-7",
                                             "ged-8", "ged-5"]


# Cells that break a row, each with what read_row says about it.
BAD_CELLS = [
    ("date_start", "2013-02-30"), ("date_start", "3 Jan 2013"), ("date_end", "2012-01-01"),
    ("latitude", "95.5"), ("longitude", "east"), ("best", "two"), ("low", ""),
    ("deaths_b", "-2"), ("date_prec", "9"), ("id", "x1"), ("best", "9" * 30),
    ("date_start", "2013-01-03 25:00:00"), ("type_of_violence", "4"), ("where_prec", ""),
    ("side_a", " "),
]


def _generated(tmp_path, seed: int):
    """Write a GED file of the sample's rows, some broken, some repeated, one short."""
    rng = random.Random(seed)
    with GED.open(newline="", encoding="utf-8") as file:
        import csv

        sample = list(csv.reader(file))[1:]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if seed % 2 else "\n")
    writer.writerow(HEADER)
    for number in range(300):
        row = list(rng.choice(sample))
        row[HEADER.index("id")] = str(rng.randrange(250))  # some ids twice
        if rng.random() < 0.1:
            column, value = rng.choice(BAD_CELLS)
            row[HEADER.index(column)] = value
        if number == 150:
            row = row[:5]
        writer.writerow(row)
    path = tmp_path / f"bad-{seed}.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("seed", range(4))
def test_generated_bad_rows_give_the_problems_of_the_whole_reader(tmp_path, cache, seed):
    path = _generated(tmp_path, seed)
    _, problems = check_dataset(path)
    errors = [p for p in problems if not p.warning]
    assert len(errors) > 20
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert caught.value.problems == errors  # the same messages, in the same order
    # The unfinished database is removed, and nothing is compiled.
    assert sorted(p.name for p in cache.iterdir() if not p.name.startswith("stamp-")) == []


def test_skip_invalid_reads_what_the_whole_reader_keeps(tmp_path, cache):
    path = _generated(tmp_path, 1)
    notes: list[str] = []
    loaded = load_dataset(path, notice=notes.append, skip_invalid=True)
    whole, problems, skipped = readers.read_tables([(str(path), path.read_bytes())], True)
    assert list(loaded.events) == list(whole.events)
    assert notes == [f"{path}: skipped {skipped[str(path)]} invalid rows (--skip-invalid); "
                     f"'qalamoun validate {path}' lists them"]


def test_streaming_holds_no_more_than_a_batch_of_events(cache, monkeypatch):
    # A batch of 7: the 1,000 rows of the sample go to the database in 143 pieces.
    monkeypatch.setattr(EventWriter, "BATCH", 7)
    seen: list[tuple[int, int]] = []
    add_event, add = tables.TableReader.add_event, Staging.add

    def watched_add_event(self, event, column):
        add_event(self, event, column)
        seen.append((len(self.events), 0))

    def watched_add(self, event):
        add(self, event)
        seen.append((0, len(self.rows)))

    monkeypatch.setattr(tables.TableReader, "add_event", watched_add_event)
    monkeypatch.setattr(Staging, "add", watched_add)
    assert len(load_dataset(GED).events) == 1000
    assert len(seen) == 2000
    assert max(held for held, _ in seen) == 0  # the reader keeps none
    assert max(pending for _, pending in seen) == 6  # the staging at most a batch less one


def test_a_yaml_folder_is_not_streamed(tmp_path):
    (tmp_path / "a.yaml").write_text((FIXTURES.parent.parent / "examples" / "minimal.yaml")
                                     .read_text())
    ged_file(tmp_path, {})
    files = [(str(p), p.read_bytes()) for p in sorted(tmp_path.iterdir()) if p.is_file()]
    assert readers.compile_tables(files, None, "x") is False  # never asks the cache


@pytest.mark.parametrize("text", [
    "a,b\r\n1,\"x\ry\"\r2,3\n4,\"\n\"\r\n", "h\rone\r\rtwo", "h\n\n\u2028x\u0085y\n", ""])
def test_lines_are_those_of_a_string_read_whole(text):
    raw = text.encode("utf-8")
    assert list(rows.lines_of(raw)) == list(io.StringIO(text, newline=""))
    assert list(rows.lines_of(b"\xef\xbb\xbf" + raw)) == list(io.StringIO(text, newline=""))


def test_a_bad_byte_past_the_first_piece_is_found_where_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(nodes, "UTF8_PIECE", 5)  # pieces smaller than a line: the check spans them
    path = ged_file(tmp_path, {}, {"side_a": "S\xe9"})
    path.write_bytes(path.read_bytes().replace("S\xe9".encode(), b"S\xe9"))
    line = path.read_bytes().split(b"\n")[2]
    column = len(line[:line.index(b"S\xe9")].decode()) + 2  # the byte after the S
    assert [str(p) for p in check_dataset(path)[1]] == [
        f"{path}:3:{column}: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_an_sqlite_without_json_writes_the_same_keys(tmp_path, cache, monkeypatch):
    from qalamoun_cli import store

    _, _, streamed, written = _streamed_and_whole(ACLED, cache)
    # As SQLite answers when it was built without JSON.
    monkeypatch.setattr(store, "_KEYS_FROM_JSON", "INSERT INTO event_keys SELECT ?, value "
                                                  "FROM no_json_each(?)")
    conn = sqlite3.connect(":memory:")
    write_database(conn, check_dataset(ACLED)[0], "x")
    assert _tables(conn) == written == streamed
    assert written["event_keys"]


def test_rows_from_another_source_read_as_the_csv_rows(tmp_path):
    from qalamoun_cli.load import acled, ged
    from tests.test_standard_datasets import FIRST

    # What a reader of another form of GED's columns (GeoJSON) hands the reader.
    reader = tables.TableReader()
    reader.read_rows("g.geojson", HEADER, lambda: [(7, FIRST), (9, FIRST[:3])], (ged, acled))
    path = ged_file(tmp_path, {"id": FIRST[0]})
    from_csv = tables.TableReader()
    from_csv.read_file(str(path), path.read_bytes(), (ged, acled))
    assert reader.events == from_csv.events
    assert [str(p) for p in reader.problems] == [
        "g.geojson:9: the row has 3 cells, the header 49 (a truncated or shifted row?)"]


@pytest.mark.parametrize("path", [GED, ACLED, FIXTURES.parent.parent / "examples" / "schema2.yaml",
                                  FIXTURES.parent.parent / "data"],
                         ids=["ged", "acled", "schema2", "data"])
def test_an_sqlite_without_the_sql_pass_compiles_the_same_tables(path, tmp_path, monkeypatch):
    from qalamoun_cli import compiled

    def compiled_tables(folder):
        monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(folder))
        load_dataset(path)
        (entry,) = folder.glob("*.sqlite")
        with sqlite3.connect(entry) as conn:
            return _tables(conn)

    fast = compiled_tables(tmp_path / "fast")
    # As SQLite answers when it was built without JSON or before window functions (3.25).
    monkeypatch.setattr(compiled, "_SQL_PASS_PROBE", "SELECT no_window_function()")
    assert not compiled._sql_pass(sqlite3.connect(":memory:"))
    slow = compiled_tables(tmp_path / "slow")
    assert slow == fast
    assert fast["claims"] and fast["event_keys"]
