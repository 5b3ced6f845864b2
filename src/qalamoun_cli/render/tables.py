"""Rich tables for people: markup, emoji codes and highlighting off; data as plain Text.

Every piece of text from the data goes through ``cell`` (sanitised, never parsed as markup).
When the terminal is too narrow for a table, records are printed as blocks of
``label: value`` lines instead, so that no figure is ever cropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from qalamoun_cli.render.text import sanitize


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 ("nothing found" here); let the CLI exit 141 like JSON output.
        raise BrokenPipeError


def make_console(*, stderr: bool = False, record: bool = False) -> Console:
    """Return a console for this invocation (colour, width and encoding detected by Rich).

    RECORD keeps what was printed, for saving as SVG.
    """
    return _Console(stderr=stderr, markup=False, emoji=False, highlight=False,
                    soft_wrap=False, record=record)


def cell(value: Any, style: str | None = None) -> Text:
    """Return data as literal Text: no markup, no emoji codes, controls made visible."""
    if value is None:
        return Text("—", style="dim")
    return Text(sanitize(str(value)), style=style or "")


def table(title: str | None, columns: Sequence[tuple[str, dict[str, Any]]],
          rows: Sequence[Sequence[Any]]) -> Table:
    """Build a table; each column is (header, Column options); cells are data."""
    grid = Table(title=cell(title) if title else None, show_lines=False, expand=False,
                 title_justify="left", header_style="bold")
    for header, options in columns:
        grid.add_column(cell(header, "bold"), overflow="fold", **options)
    for row in rows:
        grid.add_row(*(v if isinstance(v, Text) else cell(v) for v in row))
    return grid


def blocks(title: str | None, records: Sequence[Sequence[tuple[str, Any]]]) -> Group:
    """Build one block of 'label: value' lines per record, for narrow terminals."""
    parts: list[Any] = []
    if title:
        parts.append(cell(title, "bold"))
    for record in records:
        # One Text per record: Rich's cost is per renderable, and a record has many lines.
        block = Text()
        for i, (label, value) in enumerate(record):
            # A list value is printed as one line per item, each with the label.
            for item in value if isinstance(value, list) else [value]:
                block.append(f"{sanitize(label)}: ", style="bold" if i == 0 else "dim")
                block.append_text(item if isinstance(item, Text) else cell(item))
                block.append("\n")
        parts.append(block)
    return Group(*parts)


def fits(console: Console, min_widths: Sequence[int]) -> bool:
    """Return whether a table whose columns need MIN_WIDTHS fits the console."""
    # Three characters of borders and padding per column, plus the closing border.
    return sum(w + 3 for w in min_widths) + 1 <= console.width


def show(console: Console, *renderables: Any) -> None:
    """Print renderables in order."""
    for renderable in renderables:
        console.print(renderable)
