"""The one-pass text renderer writes exactly what Rich would print, or leaves it to Rich."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from qalamoun_cli.render import table_text
from qalamoun_cli.render.charts import _bars
from qalamoun_cli.render.tables import (
    TextConsole,
    blank,
    blocks,
    cell,
    make_console,
    runs,
    show,
    table,
)
from tests.conftest import EXAMPLE, FIXTURES

# Pieces of cell text: words of every width, runs of spaces, wide characters (CJK, emoji),
# combining marks, right-to-left script, markup and controls (sanitised by cell()), tabs and
# newlines.
PIECES = ["a", "word", "longer-word", "x" * 27, " ", "  ", "-", "—", "1,429", "≥ 53",
          "漢字", "文字列テキストです", "😀", "👍🏽", "e\u0301", "a\u0308\u0301", "مرحبا",
          "عرسال جرود", "×", "[bold]x[/bold]", "\x1b[31m", "\u202e", ":fire:", "\t", "\n",
          "\u00a0", "\u3000"]
texts = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
values = st.one_of(st.none(), texts, st.integers(-5, 10_000))
widths = st.one_of(st.integers(20, 130), st.sampled_from([200, 1000]))
column_options = st.one_of(
    st.just({}), st.just({"justify": "right"}), st.just({"justify": "center"}),
    st.just({"no_wrap": True}), st.builds(lambda w: {"width": w}, st.integers(1, 30)),
    st.builds(lambda w: {"min_width": w}, st.integers(0, 20)),
    st.builds(lambda w: {"max_width": w}, st.integers(1, 20)))


colours = st.sampled_from([None, "standard", "truecolor"])


def console(width: int, file: Any = None, colour: str | None = None,
            **options: Any) -> Console:
    """Return a console as make_console makes one, writing to FILE (a new StringIO).

    With COLOUR (a colour system), it writes styles as a terminal's would.
    """
    return Console(file=file if file is not None else io.StringIO(), width=width,
                   markup=False, emoji=False, highlight=False, soft_wrap=False,
                   color_system=colour, force_terminal=colour is not None, **options)


def rich_text(width: int, renderable: Any, colour: str | None = None) -> str:
    """Return what Rich itself prints for RENDERABLE at WIDTH."""
    out = console(width, colour=colour)
    out.print(renderable)
    return out.file.getvalue()


@given(title=st.one_of(st.none(), texts), width=widths, colour=colours,
       columns=st.lists(st.tuples(texts, column_options), min_size=1, max_size=5),
       rows=st.lists(st.lists(values, min_size=5, max_size=5), max_size=5))
def test_tables_are_drawn_as_rich_draws_them(title, width, colour, columns, rows):
    grid = table(title, columns, [row[:len(columns)] for row in rows])
    drawn = table_text.text(console(width, colour=colour), grid)
    shown_title = grid.title or ""
    if drawn is None:
        # Left to Rich: a title with other whitespace than spaces; with styles, a table
        # wider than the console.
        layout = table_text._layout(width, grid)
        assert table_text._OTHER_SPACE.search(shown_title) or (
            colour and layout is not None and layout[3] > width), shown_title
    else:
        assert drawn == rich_text(width, grid, colour)


@given(width=widths, colour=colours, words=st.lists(texts, min_size=1, max_size=4),
       rows=st.lists(st.lists(values, min_size=4, max_size=4), min_size=1, max_size=4))
def test_cells_of_styled_runs_and_lines_are_drawn_as_rich_draws_them(width, colour, words,
                                                                     rows):
    # As the timeline's event cell: an id, a type on its line, then the summary.
    event = runs((words[0], "dim"), (f" · {words[-1]}\n", "italic"), (" ".join(words), None))
    grid = table("Events", [("Date", {}), ("Event", {"width": 24}), ("Places", {}),
                            ("Claims", {})], [[event, *row[1:]] for row in rows])
    drawn = table_text.text(console(width, colour=colour), grid)
    assert drawn == rich_text(width, grid, colour) or drawn is None and colour


@given(width=st.integers(20, 200), names=st.lists(texts, min_size=1, max_size=4),
       counts=st.lists(st.integers(0, 500), min_size=1, max_size=12), title=texts,
       colour=colours)
def test_charts_are_drawn_as_rich_draws_them(width, names, counts, title, colour):
    weeks = [f"2015-W{n:02d}" for n in range(1, 5)]
    series = {name: {weeks[i % 4]: n for i, n in enumerate(counts)} for name in names}
    chart = _bars(title, weeks, series, width, names={n: n for n in names})
    drawn = table_text.text(console(width, colour=colour), chart)
    if drawn is None:
        # Left to Rich: a title with other whitespace than spaces, or no bar at all (the
        # bars' column is then narrower than its padding).
        assert table_text._OTHER_SPACE.search(chart.title) or colour or not any(
            n for per_week in series.values() for n in per_week.values())
    else:
        assert drawn == rich_text(width, chart, colour)


@given(width=widths, colour=colours, title=st.one_of(st.none(), texts),
       records=st.lists(st.lists(st.tuples(texts, st.one_of(values, st.lists(texts,
                                                                              max_size=3))),
                                 max_size=4), max_size=4))
def test_blocks_and_lines_are_drawn_as_rich_draws_them(width, colour, title, records):
    for renderable in (blocks(title, records), blank(), cell(title, "bold")):
        drawn = table_text.text(console(width, colour=colour), renderable)
        assert drawn == rich_text(width, renderable, colour) or drawn is None and colour


def test_an_ascii_output_gets_rich_s_ascii_borders():
    def ascii_console() -> Console:
        return console(40, io.TextIOWrapper(io.BytesIO(), encoding="ascii",
                                            errors="backslashreplace"))

    grid = table("Title", [("Party", {}), ("Figure", {"justify": "right"})],
                 [["rebels killed", "1,429"], ["عرسال", None]])
    expected = ascii_console()
    expected.print(grid)
    expected.file.flush()
    drawn = table_text.text(ascii_console(), grid)
    assert drawn is not None
    assert drawn.encode("ascii", "backslashreplace") == expected.file.buffer.getvalue()
    assert drawn.splitlines()[1] == "+------------------------+"


def test_what_the_renderer_does_not_cover_is_left_to_rich():
    grid = table("A title\twith a tab", [("A", {})], [["x"]])
    assert table_text.text(console(80), grid) is None
    lined = Table(show_lines=True)
    lined.add_column(cell("A"))
    lined.add_row(cell("x"))
    assert table_text.text(console(80), lined) is None
    assert table_text.text(console(80), "a str is Rich's") is None


def _spy(out: Console, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    printed: list[Any] = []
    real = out.print

    def fake(*objects: Any, **kwargs: Any) -> None:
        printed.extend(objects)
        real(*objects, **kwargs)

    monkeypatch.setattr(out, "print", fake)
    return printed


GRID_ARGS: tuple[Any, ...] = ("Sources: [bold]x[/bold] \x1b[2J",
                              [("Party [red]×[/red]", {}), ("Figure", {"justify": "right"})],
                              [["[bold]x[/bold]", "\x1b[31m53+ :fire:"], ["\u202eevil", None]])


def test_show_writes_plain_output_itself_and_sanitised(monkeypatch):
    out = console(60)
    printed = _spy(out, monkeypatch)
    show(out, table(*GRID_ARGS), blank())
    assert printed == []
    assert out.file.getvalue() == rich_text(60, table(*GRID_ARGS)) + "\n"
    assert out.file.getvalue() == (
        "Sources: [bold]x[/bold] \\x1b[2J            \n"
        "┏━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ Party [red]×[/red] ┃             Figure ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ [bold]x[/bold]     │ \\x1b[31m53+ :fire: │\n"
        "│ \\u202eevil         │                  — │\n"
        "└────────────────────┴────────────────────┘\n"
        "\n")


def test_show_writes_styles_as_rich_writes_them(monkeypatch):
    out = console(60, colour="truecolor")
    printed = _spy(out, monkeypatch)
    show(out, table(*GRID_ARGS))
    assert printed == []
    assert out.file.getvalue() == rich_text(60, table(*GRID_ARGS), "truecolor")
    lines = out.file.getvalue().splitlines()
    assert lines[2] == ("┃\x1b[1m \x1b[0m\x1b[1mParty [red]×[/red]\x1b[0m\x1b[1m \x1b[0m┃"
                        "\x1b[1m             \x1b[0m\x1b[1mFigure\x1b[0m\x1b[1m \x1b[0m┃")
    assert lines[5] == "│ \\u202eevil         │                  \x1b[2m—\x1b[0m │"


def test_show_leaves_recorded_output_to_rich(monkeypatch):
    out = console(60, record=True)
    printed = _spy(out, monkeypatch)
    grid = table(*GRID_ARGS)
    show(out, grid)
    assert printed == [grid]


def test_show_inside_a_capture_leaves_the_output_to_it():
    out = console(60)
    with out.capture() as captured:
        show(out, table(*GRID_ARGS))
    assert out.file.getvalue() == ""
    assert captured.get() == rich_text(60, table(*GRID_ARGS))


COMMANDS = [["timeline"], ["casualties"], ["casualties", "--totals"], ["places"], ["actors"],
            ["sources"], ["stats"], ["place", "Arsal"], ["show", "--help"]]


@pytest.mark.parametrize("data", [EXAMPLE, FIXTURES / "hostile.yaml", FIXTURES / "awkward.yaml"])
@pytest.mark.parametrize("width", ["20", "37", "80", "163"])
@pytest.mark.parametrize("colour", [{}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}])
def test_commands_print_what_rich_printed(run, monkeypatch, data, width, colour):
    env = {"COLUMNS": width, **colour}
    for command in COMMANDS:
        args = ["--data", str(data), *command]
        fast = run(*args, env=env)
        if "┏" in fast[1]:  # a table: its header is bold on a colour terminal
            assert ("\x1b[1m" in fast[1]) == bool(colour), command
        with monkeypatch.context() as patched:
            patched.setattr(table_text, "direct", lambda _: False)
            assert run(*args, env=env) == fast, command


# -- the console of output that is not a terminal -------------------------------------------


def _made(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *,
          record: bool = False, tty: bool = False) -> Any:
    """Return make_console's console for a stdout that is (TTY) or is not a terminal."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: tty)
    monkeypatch.setattr("sys.stdout", stream)
    return make_console(record=record)


@pytest.mark.parametrize(("env", "record", "tty", "plain"), [
    ({}, False, False, True),
    ({}, True, False, False),  # recorded for SVG: Rich keeps what it prints
    ({}, False, True, False),  # a terminal: Rich decides its colours
    ({"FORCE_COLOR": "1"}, False, False, False),
    ({"FORCE_COLOR": ""}, False, False, False),
    ({"TTY_COMPATIBLE": "1"}, False, False, False),
])
def test_output_that_is_not_a_terminal_gets_a_text_console(monkeypatch, env, record, tty,
                                                            plain):
    made = _made(monkeypatch, env, record=record, tty=tty)
    assert isinstance(made, TextConsole) is plain
    if not plain:
        assert isinstance(made, Console)


def test_a_text_console_writes_what_rich_s_console_writes(monkeypatch):
    made = _made(monkeypatch, {"COLUMNS": "60"})
    assert isinstance(made, TextConsole)
    assert (made.width, made.encoding, made.color_system) == (60, "utf-8", None)
    # A table drawn in one pass, and one that Rich must draw (a tab in its title).
    for grid in (table(*GRID_ARGS), table("A title\twith a tab", [("A", {})], [["x"]])):
        made.file.seek(0)
        made.file.truncate()
        show(made, grid)
        assert made.file.getvalue() == rich_text(60, grid)


def test_a_piped_table_does_not_import_rich_s_console(tmp_path):
    script = ("import sys\n"
              "from qalamoun_cli.cli.app import main\n"
              "sys.argv = ['qalamoun', '--data', sys.argv[1], 'timeline']\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "loaded = sorted(m for m in ('rich.console', 'rich.table', 'rich.style')\n"
              "                if m in sys.modules)\n"
              "print(loaded, file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run([sys.executable, "-c", script, str(EXAMPLE)], capture_output=True,
                          text=True, env={**env, "QALAMOUN_CACHE_DIR": str(tmp_path),
                                          "COLUMNS": "120"}, check=True)
    assert "┏" in done.stdout
    assert done.stderr.splitlines()[-1] == "[]"


def test_windows_keeps_rich_s_console(monkeypatch):
    monkeypatch.setattr("sys.platform", "win32")
    assert not isinstance(_made(monkeypatch, {}), TextConsole)
