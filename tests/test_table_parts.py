"""A large CSV file read in several processes compiles exactly what one process compiles.

load/table_parts.py gives each process a share of the lines; every process parses the whole
file, so the rows are the same, and the shares are merged in file order. Where two shares
would have to be compared (an event id twice, a clash of derived ids) the file is read again
in one process. Both ways must give the same tables row for row and the same problems.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.compiled import Staging, write_database
from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.errors import DataError
from qalamoun_cli.load import parallel, readers, table_parts
from tests.test_standard_datasets import ACLED, FIRST, GED, HEADER

TABLES = ("events", "places", "actors", "sources", "index_keys", "texts", "meta")
VIEWS = ("claims", "quantities", "event_keys")  # no rowid to order by
READ_AGAIN: list[int] = []  # the parts of each compiled() call that was read again in one


def compiled(raw: bytes, parts: int, name: str = "g.csv") -> tuple[dict, list[str]]:
    """Return the tables and the problems of RAW (NAME) compiled in PARTS processes.

    A file whose shares cannot be merged is read again in one process, as
    readers.compile_tables does.
    """
    conn = sqlite3.connect(":memory:")
    staging = Staging(conn)
    files = [(name, raw)]
    try:
        chronology, problems, _ = readers.read_tables(files, staging=staging, parts=parts,
                                                      split_above=1)
    except table_parts.Serial:
        READ_AGAIN.append(parts)
        staging.drop()
        staging = Staging(conn)
        chronology, problems, _ = readers.read_tables(files, staging=staging, parts=1)
    found: dict[str, list] = {}
    if not any(not p.warning for p in problems):
        write_database(conn, chronology, "k", staging)
        for table in TABLES:
            found[table] = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in VIEWS:
            found[table] = conn.execute(f"SELECT * FROM {table}").fetchall()
    return found, [str(p) for p in problems]


def ged_text(rows: list[dict[str, str]], *, newline: str = "\n") -> bytes:
    """Return a GED file of ROWS (each FIRST with the columns given replaced)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(HEADER)
    for change in rows:
        row = dict(zip(HEADER, FIRST, strict=True))
        row.update(change)
        writer.writerow([row[c] for c in HEADER])
    return out.getvalue().encode("utf-8")


def assert_same(raw: bytes, parts: tuple[int, ...] = (2, 3, 4), name: str = "g.csv") -> tuple:
    """Assert that RAW compiles alike in one process and in each of PARTS; return it."""
    one = compiled(raw, 1, name)
    for count in parts:
        assert compiled(raw, count, name) == one, count
    return one


def test_the_real_ged_sample_compiles_alike_in_shares():
    READ_AGAIN.clear()
    tables, problems = assert_same(GED.read_bytes())
    assert READ_AGAIN == []  # read in shares each time, never again in one process
    assert len(tables["events"]) == 1000
    assert len(tables["claims"]) == 5000
    # The sample's published inconsistencies stay warnings, each once, in any number of shares.
    assert len(problems) == 20 and len(set(problems)) == 20


def test_the_acled_fixture_compiles_alike_in_shares():
    tables, _ = assert_same(ACLED.read_bytes() * 1, name="a.csv")
    assert tables["events"]


def many(count: int) -> list[dict[str, str]]:
    """COUNT rows of FIRST with new ids, days and places, some repeating places and actors."""
    return [{"id": str(1000 + n), "date_start": f"2015-05-{1 + n % 28:02d}",
             "date_end": f"2015-05-{1 + n % 28:02d}",
             "where_coordinates": f"spot {n % 7}", "latitude": f"{34 + (n % 7) / 10}",
             "side_b": f"group {n % 5}"} for n in range(count)]


def test_records_first_made_in_a_later_share_come_in_file_order():
    tables, problems = assert_same(ged_text(many(120)))
    assert problems == []
    assert len(tables["events"]) == 120


def test_a_cell_with_newlines_across_a_share_boundary_stays_one_row():
    rows = many(60)
    for row in rows[::3]:
        row["source_article"] = "first line\nsecond line\r\nthird, \"quoted\" line\n\n"
    raw = ged_text(rows)
    tables, problems = assert_same(raw, parts=(2, 3, 4, 5, 7))
    assert problems == [] and len(tables["events"]) == 60


def test_bad_rows_in_every_share_are_reported_as_one_process_reports_them():
    rows = many(80)
    rows[5]["date_start"] = "2015-02-30"
    rows[41]["latitude"] = "91"
    rows[77]["best"] = "many"
    _, problems = assert_same(ged_text(rows))
    assert [p.split(": ", 1)[0] for p in problems] == ["g.csv:7", "g.csv:43", "g.csv:79"]


def test_an_event_id_in_two_shares_is_reported_at_its_second_row():
    rows = many(80)
    rows[70]["id"] = rows[3]["id"]
    READ_AGAIN.clear()
    _, problems = assert_same(ged_text(rows))
    assert READ_AGAIN == [2, 3, 4]
    assert problems == ["g.csv:72: id: event id 'ged-1003' is already at line 5"]


def test_a_quote_left_open_ends_the_file_wherever_it_starts():
    for at in (10, 45, 78):
        raw = ged_text(many(80))
        lines = raw.split(b"\n")
        lines[at] = lines[at].replace(b",", b',"', 1)
        _, problems = assert_same(b"\n".join(lines))
        # The csv module's own words (where the quote closes depends on the cells after).
        assert len(problems) == 1 and problems[0].startswith(f"g.csv:{at + 1}: CSV: "), at


def test_crlf_and_lone_cr_line_ends_split_alike():
    assert_same(ged_text(many(50), newline="\r\n"))
    assert_same(ged_text(many(50), newline="\r"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["plain", "newline", "bad-date", "dup", "quote-in-cell"]),
                min_size=6, max_size=40), st.integers(2, 5))
def test_any_mix_of_rows_compiles_alike_in_shares(kinds, parts):
    rows = many(len(kinds))
    for row, kind in zip(rows, kinds, strict=True):
        if kind == "newline":
            row["where_description"] = "a\nb"
        elif kind == "bad-date":
            row["date_end"] = "2015-13-01"
        elif kind == "dup":
            row["id"] = "1000"
        elif kind == "quote-in-cell":
            row["dyad_name"] = 'the "x" side'
    raw = ged_text(rows)
    assert compiled(raw, parts) == compiled(raw, 1)


def test_a_command_compiles_a_large_file_in_shares(tmp_path, monkeypatch):
    path = tmp_path / "g.csv"
    path.write_bytes(ged_text(many(90)))
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "one"))
    one = load_dataset(path)
    monkeypatch.setattr(parallel, "THRESHOLD", 1)
    monkeypatch.setattr(parallel, "default_parts", lambda: 3)
    started = []
    real_start = parallel.start
    monkeypatch.setattr(parallel, "start", lambda *a: started.append(a) or real_start(*a))
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "three"))
    three = load_dataset(path)
    assert len(started) == 1 and len(started[0][1]) == 2  # two shares besides its own
    assert list(three.events) == list(one.events)
    assert dict(three.places) == dict(one.places)


def test_a_command_reports_a_duplicate_across_shares_after_reading_again(tmp_path,
                                                                        monkeypatch):
    rows = many(90)
    rows[80]["id"] = rows[2]["id"]
    path = tmp_path / "g.csv"
    path.write_bytes(ged_text(rows))
    monkeypatch.setattr(parallel, "THRESHOLD", 1)
    monkeypatch.setattr(parallel, "default_parts", lambda: 2)
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(DataError) as raised:
        load_dataset(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:82: id: event id 'ged-1002' is already at line 4"]


def test_shares_start_after_the_first_lines_and_grow():
    raw = b"h\n" + b"r\n" * 999
    starts = table_parts.shares(raw, 4)
    assert starts == sorted(set(starts)) and starts[0] > 2 and starts[-1] < 1001


def test_a_share_that_fails_is_read_again_in_one_process_without_a_word(monkeypatch, capfd):
    raw = ged_text(many(60))
    one = compiled(raw, 1)

    def broken(*args):
        raise RuntimeError("a share's process fails")

    monkeypatch.setattr(table_parts, "_share", broken)  # forked shares inherit it
    READ_AGAIN.clear()
    assert compiled(raw, 2, "g.csv") == one
    assert READ_AGAIN == [2]
    assert capfd.readouterr().err == ""


LEFT_BEHIND = """
import os, sys
from qalamoun_cli.load import parallel

def flood(send):
    while True:  # more than a pipe holds: blocks until its reader takes it, or is gone
        send.send_bytes(b"x" * 65536)

started = parallel.start(flood, [(), ()], "fork")
print(" ".join(str(p.pid) for p, _ in started), flush=True)
os._exit(0)  # as a signal handler leaves: no cleanup, no stop()
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.split()[:2] == ["State:", "Z"] for line in status)
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_share_whose_first_process_is_gone_ends_too(tmp_path):
    # A Ctrl-C while a file is compiled leaves by os._exit (stdio.signals_remove): a share
    # that still held a reading end of its own pipe blocked in a write forever. (Into a
    # file, not a pipe: a share left behind would hold a pipe open, and run would wait.)
    out = tmp_path / "pids"
    with out.open("w") as written:
        subprocess.run([sys.executable, "-c", LEFT_BEHIND], stdout=written, check=True,
                       stdin=subprocess.DEVNULL)
    pids = [int(p) for p in out.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while not all(map(_gone, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if not _gone(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_share_that_ends_while_the_first_is_still_reading_is_taken_at_its_end():
    # The first process looks for the others' rows every BATCH events: a share that has
    # already sent its end by then (here it meets the open quote while it skips the first
    # share's lines, and has nothing to read) must be seen as ended, not read as rows.
    rows = many(3 * table_parts.BATCH)
    raw = ged_text(rows)
    lines = raw.split(b"\n")
    at = table_parts.BATCH + 500  # in the first share, after its first look
    assert at < table_parts.shares(raw, 2)[0]
    lines[at] = lines[at].replace(b",", b',"', 1)
    raw = b"\n".join(lines)
    READ_AGAIN.clear()
    two, one = compiled(raw, 2), compiled(raw, 1)
    assert two == one and READ_AGAIN == []
    assert len(one[1]) == 1 and one[1][0].startswith(f"g.csv:{at + 1}: CSV: ")


def test_many_rows_in_every_share_compile_alike():
    rows = many(3 * table_parts.BATCH + 7)
    for row in rows[::997]:
        row["date_start"] = "2015-02-30"
    assert_same(ged_text(rows), parts=(2, 3))
