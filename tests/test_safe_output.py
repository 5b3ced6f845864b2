"""Untrusted text prints verbatim and harmless in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from qalamoun_cli.render.writers import write_csv, write_json
from qalamoun_cli.safetext import sanitize
from tests.conftest import FIXTURES

HOSTILE = str(FIXTURES / "hostile.yaml")
LITERALS = ["Camp [wip] :fire: [/]", "[link=http://evil.example]click[/link]",
            "[bold]markup[/]", ":skull:", "1,429 [/]", "53+ :fire:", "dozens [x]",
            "عرسال [/] :skull:", "[red]Section[/red]"]
CONTROLS = ["\x1b", "\x07", "\x9b", "\u202e", "\x7f"]


def test_hostile_dataset_is_valid(run):
    code, out, err = run("validate", HOSTILE)
    assert code == 0, err


@pytest.mark.parametrize("width", ["200", "80", "40", "20"])
def test_table_prints_markup_literally_and_controls_visibly(run, width):
    code, out, err = run("--data", HOSTILE, "timeline", env={"COLUMNS": width})
    assert code == 0, err
    # Tables wrap between words, so each word of the hostile text must appear whole.
    for literal in ["[wip]", ":fire:", "[bold]markup[/],", ":skull:", "1,429", "[/]",
                    "\\x1b[2J", "\\u202e", "\\x7f"]:
        assert literal in out, literal
    for control in CONTROLS:
        assert control not in out
    assert "💀" not in out and "🔥" not in out


def test_table_claims_keep_every_figure_at_narrow_widths(run):
    for width in ("40", "20"):
        code, out, err = run("--data", HOSTILE, "casualties", env={"COLUMNS": width})
        assert code == 0, err
        flat = out.replace("\n", "").replace(" ", "")
        for figure in ("1,429[/]", "53+:fire:", "dozens[x]"):
            assert figure in flat, (width, figure, out)
        for control in CONTROLS:
            assert control not in out


def test_json_keeps_text_verbatim(run):
    code, out, err = run("--data", HOSTILE, "timeline", "--format", "json")
    assert code == 0, err
    event = json.loads(out)[0]
    assert event["summary"] == ("Summary with [bold]markup[/], :skull: emoji, \x1b[2J escape, "
                                "\x7f del, \u202e bidi and 1,429 digits.")
    assert event["actors"][0]["name"] == "Camp [wip] :fire: [/]"
    for control in ("\x1b", "\x9b", "\u202e"):
        assert control not in out  # escaped as \u001b etc. inside the JSON strings


@pytest.mark.parametrize("command", [["timeline"], ["casualties"], ["places"], ["actors"],
                                     ["sources"], ["casualties", "--totals"]])
def test_json_lines_escape_what_json_escapes(run, command):
    code, out, err = run("--data", HOSTILE, *command, "--format", "jsonl")
    json_code, json_out, _ = run("--data", HOSTILE, *command, "--format", "json")
    assert (code, json_code) == (0, 0), err
    # The controls of the fixture: written as the same escapes, as often, as in --format json.
    escapes = {char: json.dumps(char)[1:-1] for char in ("\x1b", "\x07", "\x7f", "\u202e",
                                                         "\u202c")}
    for char, escape in escapes.items():
        assert char not in out
        assert out.count(escape) == json_out.count(escape)
    if command == ["timeline"]:
        assert all(out.count(escape) for escape in escapes.values())
    assert [json.loads(line) for line in out.splitlines()] == json.loads(json_out)


def test_json_lines_keep_hostile_text_verbatim(run):
    code, out, err = run("--data", HOSTILE, "timeline", "--format", "jsonl")
    assert code == 0, err
    event = json.loads(out.splitlines()[0])
    assert event["summary"] == ("Summary with [bold]markup[/], :skull: emoji, \x1b[2J escape, "
                                "\x7f del, \u202e bidi and 1,429 digits.")
    assert "\\u001b[2J" in out.splitlines()[0]


def test_csv_round_trips_text_when_piped(run):
    code, out, err = run("--data", HOSTILE, "timeline", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["summary"].startswith("Summary with [bold]markup[/], :skull: emoji, \x1b[2J")
    assert rows[0]["section"] == "[red]Section[/red]"


def test_place_card_is_literal(run):
    code, out, err = run("--data", HOSTILE, "place", "Kafr [bold]Nabl")
    assert code == 0, err
    assert "Kafr [bold]Nabl" in out
    assert "\x1b" not in out


def test_errors_are_sanitised(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('schema_version: 1\nsides:\n  - {id: a, name: "x", colour: "\\e[31m"}\n'
                   "  - {id: \"\\e[2J\", name: y}\n", encoding="utf-8")
    code, out, err = run("validate", str(bad))
    assert code == 65
    assert "\x1b" not in err
    assert "\\x1b[2J" in err


SAFE_TOKENS = ["[", "]", "[/]", "[bold]", "\\", ":skull:", "\x1b", "\x1b[31m", "\r", "\u202e",
               "[link=x]", "\x00", "\x9b", "\x7f", "\n", "\t", "a", "ع"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(SAFE_TOKENS), max_size=12).map("".join) | st.text())
def test_sanitize_removes_every_control_and_is_idempotent(text):
    clean = sanitize(text)
    assert not any(ch in clean for ch in "\x1b\x00\x9b\x7f\r\u202e")
    assert sanitize(clean) == clean


@settings(max_examples=300)
@given(st.lists(st.text(), max_size=5))
def test_json_round_trips_arbitrary_strings(values):
    stream = io.StringIO()
    write_json(stream, values)
    assert json.loads(stream.getvalue()) == values


@settings(max_examples=300)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_csv_round_trips_arbitrary_strings(values):
    stream = io.StringIO()
    write_csv(stream, [f"c{i}" for i in range(len(values))], [values])
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert rows[1] == values


AWKWARD = ("--data", str(FIXTURES / "awkward.yaml"))


@pytest.mark.parametrize("width", ["20", "30", "40", "80", "200"])
@pytest.mark.parametrize("command", [["casualties"], ["timeline"], ["sources"], ["show", "e1"]])
def test_tabs_newlines_and_trailing_spaces_keep_the_layout(run, command, width):
    code, out, err = run(*AWKWARD, *command, env={"COLUMNS": width})
    assert code == 0, err
    assert "\t" not in out
    for line in out.splitlines():
        assert cell_len(line) <= int(width), line
    if not any(border in out for border in "│┃"):  # blocks: not padded to the terminal
        assert not [line for line in out.splitlines() if line.endswith(" ")]


def test_a_figure_with_trailing_spaces_stays_right_aligned(run):
    code, out, err = run(*AWKWARD, "casualties", env={"COLUMNS": "100"})
    row = next(line for line in out.splitlines() if "rebels killed" in line)
    cells = [c for c in row.split("│") if c]
    assert cells[1].endswith("1429 ") and cells[1].startswith("  "), row


def test_a_newline_in_a_label_starts_a_new_block_line(run):
    code, out, err = run(*AWKWARD, "casualties", env={"COLUMNS": "30"})
    lines = out.splitlines()
    assert "Line" in lines
    assert "break source: 7" in lines
    assert "a       b       c       d" in lines  # tab stops every 8 cells


def test_line_and_paragraph_separators_are_shown_as_escapes():
    assert sanitize("a\u2028b\u2029c") == "a\\u2028b\\u2029c"
