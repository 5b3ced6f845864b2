"""Tables for people: data as plain text, never markup, emoji codes or highlighting.

Every piece of text from the data goes through ``cell`` (sanitised, never parsed as markup)
and is drawn by ``plain.Plain``, a lighter renderable than Rich's Text. When the terminal is
too narrow for a table, records are printed as blocks of ``label: value`` lines instead, so
that no figure is ever cropped. Tables are Grids (render/grid.py), drawn by
render/table_text.py; output that is not a terminal goes through a TextConsole, which
imports Rich's console only if Rich must draw something.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from qalamoun_cli.render import table_text
from qalamoun_cli.render.grid import Blocks, Grid
from qalamoun_cli.render.plain import Plain
from qalamoun_cli.safetext import sanitize

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_WIDTH = 80
# Narrower, every word would be broken into letters; wider, a line is no longer readable
# (and a table or SVG of a hundred million columns takes the memory of the machine).
MIN_WIDTH, MAX_WIDTH = 20, 1000


def make_console(*, stderr: bool = False, record: bool = False) -> Any:
    """Return a console for this invocation (colour and encoding detected as Rich does).

    RECORD keeps what was printed, for saving as SVG. Where Rich would write no styles
    (the output is not a terminal, and nothing in the environment says to treat it as
    one), the console is a TextConsole.
    """
    width, height = terminal_size()
    if not record and _plain_stream(sys.stderr if stderr else sys.stdout):
        return TextConsole(stderr=stderr, width=width, height=height)
    return rich_console(stderr=stderr, record=record, width=width, height=height)


def rich_console(*, stderr: bool, record: bool, width: int, height: int) -> Console:
    """Return Rich's console as the commands use it: no markup, emoji or highlighting."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 ("nothing found" here); let the CLI exit 141 like JSON.
            raise BrokenPipeError

    return _Console(stderr=stderr, markup=False, emoji=False, highlight=False,
                    soft_wrap=False, record=record, width=width, height=height)


# What makes Rich treat a stream that is not a terminal as one (Console.is_terminal): then
# Rich decides, as before.
_TERMINAL_ANYWAY = ("FORCE_COLOR", "TTY_COMPATIBLE")


def _plain_stream(stream: Any) -> bool:
    """Return whether Rich would write STREAM without styles: it is not a terminal."""
    import builtins
    import os

    # Jupyter: Rich writes styles there. Windows: Rich may take a pipe for a legacy console
    # and draw a column narrower.
    if stream is None or any(name in os.environ for name in _TERMINAL_ANYWAY) \
            or hasattr(builtins, "get_ipython") or sys.platform == "win32":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed file, as Rich takes it: not a terminal
        return True


class TextConsole:
    """What the renderers need of a console where no style is written: width, file, encoding.

    Rich's own console, made the first time something must be drawn by Rich
    (``print``), writes to the same stream with the same size.
    """

    record = False
    is_jupyter = False
    legacy_windows = False
    color_system = None
    _buffer_index = 0

    def __init__(self, *, stderr: bool, width: int, height: int) -> None:
        self.stderr, self.width, self.height = stderr, width, height
        self._rich: Console | None = None

    @property
    def file(self) -> Any:
        """Return the stream written to, looked up each time as Rich does."""
        return sys.stderr if self.stderr else sys.stdout

    @property
    def encoding(self) -> str:
        """Return the stream's encoding, lower case, as Console.encoding."""
        return (getattr(self.file, "encoding", "utf-8") or "utf-8").lower()

    def print(self, renderable: Any) -> None:
        """Print RENDERABLE through Rich's console."""
        if self._rich is None:
            self._rich = rich_console(stderr=self.stderr, record=False, width=self.width,
                                      height=self.height)
        self._rich.print(renderable)

    def on_broken_pipe(self) -> None:
        """Raise BrokenPipeError, as the Rich console of make_console does."""
        raise BrokenPipeError


def terminal_size() -> tuple[int, int]:
    """Return the width and height to draw for: COLUMNS and LINES, else the terminal's.

    Rich takes COLUMNS=0 at its word (it then prints nothing) and crashes on a value such
    as "²" that str.isdigit accepts and int does not; an unusable value counts as unset,
    and a width is kept between MIN_WIDTH and MAX_WIDTH.
    """
    import os

    width, height = _positive(os.environ.get("COLUMNS")), _positive(os.environ.get("LINES"))
    if width is None and os.environ.get("TERM", "").lower() in ("dumb", "unknown") \
            and os.isatty(1):
        width = DEFAULT_WIDTH  # as Rich does: a dumb terminal may misreport its size
    if width is None or height is None:
        measured = _measured_size()
        width = width or measured[0] or DEFAULT_WIDTH
        height = height or measured[1] or 25
    return min(max(width, MIN_WIDTH), MAX_WIDTH), min(height, 10_000)


def _positive(value: str | None) -> int | None:
    if value and value.isascii() and value.strip().isdigit() and int(value) > 0:
        return int(value)
    return None


def _measured_size() -> tuple[int, int]:
    import os

    # Rich's order: a terminal on stdin still tells the width when stdout is piped.
    for fd in (0, 1, 2):
        try:
            return tuple(os.get_terminal_size(fd))  # type: ignore[return-value]
        except (OSError, ValueError):
            continue
    return 0, 0


def cell(value: Any, style_name: str | None = None, pad: int = 0) -> Plain:
    """Return data as literal text: no markup, no emoji codes, controls made visible.

    PAD spaces are drawn on each side (table cells).
    """
    if value is None:
        return _cell("—", "dim", pad)
    return _cell(sanitize(str(value)), style_name, pad)


@lru_cache(maxsize=4096)
def _cell(text: str, style_name: str | None, pad: int) -> Plain:
    # A Plain is never changed once made, and measures and lays itself out once: the same
    # short cell text ("—", a figure, a party) recurs across thousands of tables.
    return Plain.of(text, style_name, pad)


def runs(*parts: tuple[Any, str | None]) -> Plain:
    """Return one cell made of (text, style name) parts; newlines in a part break lines."""
    return Plain(_lines(parts))


def _lines(parts: Sequence[tuple[Any, str | None]]) -> list[list[tuple[str, str | None]]]:
    lines: list[list[tuple[str, str | None]]] = [[]]
    for text, style_name in parts:
        for number, line in enumerate(sanitize(str(text)).split("\n")):
            if number:
                lines.append([])
            if line:
                lines[-1].append((line, style_name or None))
    return lines


def blank() -> Plain:
    """Return an empty line."""
    return Plain([[]])


def table(title: str | None, columns: Sequence[tuple[str, dict[str, Any]]],
          rows: Sequence[Sequence[Any]]) -> Grid:
    """Build a table; each column is (header, Column options); cells are data."""
    # Cells carry their own one-space margins: Rich's cell padding wraps every cell in
    # another renderable, which doubled the time of a large table.
    grid = Grid(sanitize(title) if title else None)
    for header, options in columns:
        # Widths given for a column are for its text, as with Rich's padding.
        options = {k: v + 2 if k in ("width", "min_width", "max_width") and v is not None
                   else v for k, v in options.items()}
        grid.add_column(cell(header, "bold", 1), overflow="fold", **options)
    for row in rows:
        grid.add_row(*(Plain(v.lines, pad=1) if isinstance(v, Plain) else cell(v, pad=1)
                       for v in row))
    return grid


_INDENT = "  "


def blocks(title: str | None, records: Sequence[Sequence[tuple[str, Any]]]) -> Blocks:
    """Build one block of 'label: value' lines per record, for narrow terminals."""
    parts: list[Any] = []
    if title:
        parts.append(cell(title, "bold"))
    for record in records:
        # One renderable per record: Rich's cost is per renderable, and a record has many
        # lines.
        lines: list[list[tuple[str, str | None]]] = []
        for i, (label, value) in enumerate(record):
            # A list value is printed as one line per item, each with the label.
            for item in value if isinstance(value, list) else [value]:
                shown = item if isinstance(item, Plain) else cell(item)
                *above, last = _lines([(f"{label}: ", "bold" if i == 0 else "dim")])
                first, *rest = shown.lines or [[]]
                # The lines a value breaks into are indented: a newline in the data cannot
                # make a line that reads as a label of its own ("claims: ...").
                lines += [*above, [*last, *first],
                          *([(_INDENT, None), *line] for line in rest)]
        lines.append([])  # a blank line between records
        parts.append(Plain(lines))
    return Blocks(parts)


def fits(console: Any, min_widths: Sequence[int]) -> bool:
    """Return whether a table whose columns need MIN_WIDTHS fits the console."""
    # Three characters of borders and padding per column, plus the closing border.
    return sum(w + 3 for w in min_widths) + 1 <= console.width


def show(console: Any, *renderables: Any) -> None:
    """Print renderables in order, drawn in one pass where render/table_text.py can."""
    if not table_text.direct(console):
        for renderable in renderables:
            console.print(renderable)
        return
    for renderable in renderables:
        drawn = table_text.text(console, renderable)
        if drawn is None:
            console.print(renderable)
            continue
        try:
            console.file.write(drawn)
            console.file.flush()  # as console.print does
        except BrokenPipeError:
            console.on_broken_pipe()
