"""Listings for people (places, actors, sources): a table, or blocks when narrow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from qalamoun_cli.render.tables import blocks, fits, show, table

if TYPE_CHECKING:
    from rich.console import Console


def listing(console: Console, title: str, header: Sequence[str],
            rows: Sequence[Sequence[Any]]) -> None:
    """Print a listing as a table, or as blocks when the terminal is narrow."""
    id_width = max((cell_len(str(row[0])) for row in rows), default=0)
    if fits(console, [10] * len(header)) and fits(console, [id_width] + [4] * (len(header) - 1)):
        # The first column holds ids: never wrapped, so that they can be copied; an id too
        # wide for a table sends the listing to blocks, where it wraps but is never cut.
        columns = [(h, {"no_wrap": True} if i == 0 else {}) for i, h in enumerate(header)]
        show(console, table(title, columns, rows))
    else:
        show(console, blocks(title, [list(zip(header, row, strict=True)) for row in rows]))
