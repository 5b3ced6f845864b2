"""The fast JSON writers: json.dumps's bytes exactly, and results written as they are made."""

from __future__ import annotations

import io
import json
from collections import OrderedDict

from hypothesis import given
from hypothesis import strategies as st

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.render.json_text import indented
from qalamoun_cli.render.results import Claims, Events
from qalamoun_cli.render.writers import write_csv, write_json, write_jsonl
from qalamoun_cli.safetext import escape_json
from tests.conftest import EXAMPLE

# Text that drives terminals or breaks lines (escaped), JSON's own escapes, and plain text.
HOSTILE = st.sampled_from(["\x1b[2J", "\x9b", "\u202e", "\u2028", "\u2029", "\u200b", "\ufeff",
                           "\ud800", "\x00", "\x7f", '"', "\\", "\n", "\t", "[{", "]},", ":",
                           "عرسال", "💀", ""])
TEXT = st.text() | st.lists(HOSTILE, max_size=4).map("".join)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | TEXT
           | st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 1e300, 2**70]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXT, inner, max_size=4), max_leaves=30)


def _reference(value) -> str:
    """What write_json wrote before: json.dumps's pure-Python indentation, then escaped."""
    return escape_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


def _written(write, value) -> str:
    stream = io.StringIO()
    write(stream, value)
    return stream.getvalue()


@given(VALUES)
def test_write_json_writes_exactly_what_json_dumps_writes(value):
    assert _written(write_json, value) == _reference(value)


@given(st.lists(VALUES, max_size=6))
def test_a_list_of_records_written_an_item_at_a_time_is_the_same_text(records):
    assert _written(write_json, records) == _reference(records)


def test_what_only_json_dumps_knows_is_left_to_it():
    # Tuples, subclasses and keys that are not text: json.dumps's own spelling, at any depth.
    class Text(str):
        pass

    class Count(int):
        pass

    value = [{"a": (1, [2, ()]), 1: "one", None: [], 2.5: True}, Text("x"), Count(3),
             OrderedDict(b={"c": Text("y")}), {"d": [(), {}]}, {"e": float("nan")}]
    assert _written(write_json, value) == _reference(value)
    assert indented({"k": value}, 3) == json.dumps({"k": value}, ensure_ascii=False,
                                                   indent=2).replace("\n", "\n" + "  " * 3)


@given(st.lists(VALUES, max_size=6))
def test_json_lines_are_the_records_one_a_line_escaped(records):
    text = _written(write_jsonl, records)
    lines = text.splitlines()
    assert text == "".join(line + "\n" for line in lines)
    assert lines == [escape_json(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
                     for r in records]
    for line in lines:
        assert not any(ch in line for ch in "\x1b\x9b\u202e\u2028\u2029\u200b\ud800\n")
    assert [json.loads(line) for line in lines] == json.loads(json.dumps(records))


class _Watched(list):
    """A list that checks, as each item is taken, that everything before it was written."""

    def __init__(self, items, stream: io.StringIO, before: int) -> None:
        super().__init__(items)
        self.stream, self.before, self.taken = stream, before, 0

    def __iter__(self):
        for item in super().__iter__():
            assert self.stream.getvalue().count("\n") == self.before + self.taken
            self.taken += 1
            yield item


def test_json_lines_and_csv_are_written_while_they_are_made(monkeypatch):
    from qalamoun_cli.render import writers

    monkeypatch.setattr(writers, "CHUNK", 1)  # pass every write on at once
    chronology = load_dataset(EXAMPLE)
    events = list(chronology.events)[:3]
    assert len(events) == 3
    stream = io.StringIO()
    write_jsonl(stream, Events(chronology, _Watched(events, stream, 0)).jsonl())
    assert len(stream.getvalue().splitlines()) == 3
    stream = io.StringIO()
    write_csv(stream, *Events(chronology, _Watched(events, stream, 1)).rows())
    assert len(stream.getvalue().splitlines()) == 4  # the header, then a row per event


def test_claims_csv_is_written_incident_by_incident(monkeypatch):
    from qalamoun_cli.claims import Incident
    from qalamoun_cli.render import writers

    monkeypatch.setattr(writers, "CHUNK", 1)

    chronology = load_dataset(EXAMPLE)
    incidents = [Incident(e, e.claims[:1]) for e in chronology.events if e.claims][:2]
    assert len(incidents) == 2
    stream = io.StringIO()
    write_csv(stream, *Claims(chronology, _Watched(incidents, stream, 1)).rows())
    assert len(stream.getvalue().splitlines()) == 3


def test_a_small_output_leaves_in_one_write_and_a_large_one_in_pieces():
    from qalamoun_cli.render import writers

    class Counting(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    records = [{"id": i, "text": "x" * 100} for i in range(40)]
    for write in (writers.write_json, writers.write_jsonl):
        small = Counting()
        write(small, records)
        assert small.writes == 1  # as before records were written one at a time
    large = Counting()
    writers.write_jsonl(large, [{"id": i, "text": "x" * 1000} for i in range(1000)])
    assert 10 <= large.writes <= 20  # about 1 MB in pieces of 64 KiB
    small = Counting()
    writers.write_csv(small, ("id", "text"), [[r["id"], r["text"]] for r in records])
    assert small.writes == 1
