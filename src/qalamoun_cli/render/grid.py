"""Tables and blocks as data: what render/table_text.py draws, or hands to Rich.

A table is built as a Grid, not as a rich.table.Table: importing Rich's tables, consoles
and styles took about 35 ms, a third of a small table's run, and output that is not a
terminal needs none of them. Where Rich draws (a terminal that shows styles, an SVG being
recorded, what table_text does not cover), a Grid or Blocks becomes the Rich renderable
it stands for (``__rich__``): the same table, option for option.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.render.plain import Plain

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

# Rich's box.HEAVY_HEAD, by name: the box module is read only where a box is drawn.
HEAVY_HEAD = "HEAVY_HEAD"


class Column:
    """One column: its header, cells, and the options Rich's Column takes for them."""

    __slots__ = ("header", "cells", "justify", "width", "min_width", "max_width", "no_wrap",
                 "overflow")

    def __init__(self, header: Plain, *, justify: str = "left", width: int | None = None,
                 min_width: int | None = None, max_width: int | None = None,
                 no_wrap: bool = False, overflow: str = "ellipsis") -> None:
        self.header = header
        self.cells: list[Plain] = []
        self.justify, self.no_wrap, self.overflow = justify, no_wrap, overflow
        self.width, self.min_width, self.max_width = width, min_width, max_width


class Grid:
    """A table of Plain cells: a title (sanitised text), columns, a box or none.

    PADDING spaces are put on each side of every cell (none at the outer edges without
    PAD_EDGE), as Rich's Table(padding=(0, PADDING)).
    """

    def __init__(self, title: str | None = None, *, box: str | None = HEAVY_HEAD,
                 show_header: bool = True, header_style: str | None = "bold",
                 padding: int = 0, pad_edge: bool = True) -> None:
        self.title = title
        self.box, self.show_header, self.header_style = box, show_header, header_style
        self.padding, self.pad_edge = padding, pad_edge
        self.columns: list[Column] = []

    def add_column(self, header: Plain, **options: Any) -> None:
        """Add a column headed HEADER (options as Column's)."""
        self.columns.append(Column(header, **options))

    def add_row(self, *cells: Plain) -> None:
        """Add a row: one cell a column, in order."""
        for column, value in zip(self.columns, cells, strict=True):
            column.cells.append(value)

    def __rich__(self) -> Table:
        """Return the rich.table.Table this grid stands for."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(self.title) if self.title is not None else None,
                      show_lines=False, expand=False, title_justify="left",
                      header_style=self.header_style, padding=(0, self.padding),
                      box=getattr(box, self.box) if self.box else None,
                      show_header=self.show_header, pad_edge=self.pad_edge)
        for column in self.columns:
            table.add_column(column.header, justify=column.justify, width=column.width,
                             min_width=column.min_width, max_width=column.max_width,
                             no_wrap=column.no_wrap, overflow=column.overflow)
        for row in zip(*(column.cells for column in self.columns), strict=True):
            table.add_row(*row)
        return table


class Blocks:
    """Plain renderables printed one after another (a Rich Group of them)."""

    def __init__(self, parts: Sequence[Plain]) -> None:
        self.parts = list(parts)

    def __rich__(self) -> Group:
        """Return the rich.console.Group these blocks stand for."""
        from rich.console import Group

        return Group(*self.parts)
