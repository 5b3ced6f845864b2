"""A lighter renderable than rich.text.Text for table cells and blocks of plain data.

Rich's Text handles markup spans, justification and cropping in general, at about a
millisecond per table row; a query that prints a few hundred rows spent most of its time
there. Our cells are sanitised plain text with one style per run, so this renderable wraps
them with the same rule as Text (words, then folding a word wider than the line) and yields
Rich segments directly. Rich still lays out the tables and writes the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

_WORD = re.compile(r"\s*\S+\s*")
_LINE = Segment.line()


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Break one line of TEXT into lines of at most WIDTH cells, as rich.text.Text does.

    Returns (start, end) character offsets of each line; the spaces at a break are left out.
    A word wider than WIDTH is folded.
    """
    if cell_len(text) <= width:
        return [(0, len(text))]
    width = max(width, 1)
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        size = cell_len(word.rstrip())
        if width - offset >= size:
            offset += cell_len(word)
        elif size > width:
            pieces = chop_cells(word, width)
            for number, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if number == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    bounds = [0, *breaks, len(text)]
    return [(a, len(text[a:b].rstrip()) + a if b < len(text) else b)
            for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


class Plain:
    """Lines of text made of (text, style) runs; wrapped to the width Rich gives it.

    PAD spaces are added on each side (tables are built without Rich's own cell padding,
    whose wrapper renderable doubled the cost of each cell).
    """

    __slots__ = ("lines", "pad")

    def __init__(self, lines: Sequence[Sequence[tuple[str, Style | None]]], pad: int = 0):
        self.lines = lines
        self.pad = pad

    @classmethod
    def of(cls, text: str, style: Style | None = None, pad: int = 0) -> Plain:
        """Return TEXT (newlines allowed) in one style."""
        return cls([[(line, style)] for line in text.expandtabs(8).split("\n")], pad)

    def plain(self) -> str:
        return "\n".join("".join(text for text, _ in line) for line in self.lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = self.plain()
        widest_line = max((cell_len(line) for line in text.split("\n")), default=0)
        widest_word = max((cell_len(word) for word in text.split()), default=widest_line)
        extra = 2 * self.pad
        return Measurement(widest_word + extra, widest_line + extra)

    def __rich_console__(self, console: Console,
                         options: ConsoleOptions) -> Iterator[Segment]:
        full = options.max_width
        width = max(full - 2 * self.pad, 1)
        justify = options.justify
        for runs in self.lines:
            text = "".join(t for t, _ in runs)
            if options.no_wrap:
                # As Text does: one line, cut at the width (the table never gives an id
                # column less than its widest id, so this only crops decorations).
                lines = [(0, len(chop_cells(text, width)[0]) if text else 0)]
            else:
                lines = wrap(text, width)
            for start, end in lines:
                gap = width - cell_len(text[start:end])
                before = gap if justify == "right" else gap // 2 if justify == "center" else 0
                if self.pad or before:
                    yield Segment(" " * (self.pad + before))
                yield from _styled(runs, start, end)
                after = full - 2 * self.pad - before - (width - gap) + self.pad
                if after > 0:
                    yield Segment(" " * after)
                yield _LINE


def _styled(runs: Sequence[tuple[str, Style | None]], start: int,
            end: int) -> Iterator[Segment]:
    """Yield the parts of RUNS between character offsets START and END, in their styles."""
    offset = 0
    for text, style in runs:
        run_end = offset + len(text)
        if run_end > start and offset < end:
            piece = text[max(start - offset, 0):min(end, run_end) - offset]
            if piece:
                yield Segment(piece, style)
        offset = run_end
        if offset >= end:
            break
