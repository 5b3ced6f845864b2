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

    Returns (start, end) character offsets of each line, trailing spaces left out. A word
    wider than WIDTH is folded.
    """
    if cell_len(text) <= width:
        return [(0, len(text.rstrip()))]
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
    # Trailing spaces are dropped from every line, the last one too: they cannot be seen,
    # and they would push a right-justified figure away from the edge.
    return [(a, a + len(text[a:b].rstrip()))
            for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


Runs = Sequence[tuple[str, "Style | None"]]


class Plain:
    """Lines of text made of (text, style) runs; wrapped to the width Rich gives it.

    Runs may hold tabs, expanded per line when first shown (so that a label and its value
    share tab stops); they hold no newlines (a newline starts another line). PAD spaces are
    added on each side (tables are built without Rich's own cell padding, whose wrapper
    renderable doubled the cost of each cell).
    """

    __slots__ = ("lines", "pad", "_shown")

    def __init__(self, lines: Sequence[Runs], pad: int = 0):
        self.lines = lines
        self.pad = pad
        self._shown: list[tuple[str, Runs]] | None = None

    @classmethod
    def of(cls, text: str, style: Style | None = None, pad: int = 0) -> Plain:
        """Return TEXT (newlines allowed) in one style."""
        return cls([[(line, style)] for line in text.split("\n")], pad)

    def shown(self) -> list[tuple[str, Runs]]:
        """Return each line as (text, runs), tabs expanded to stops every 8 cells."""
        if self._shown is None:
            self._shown = [_expand_tabs(runs) for runs in self.lines]
        return self._shown

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest_line = widest_word = 0
        for text, _ in self.shown():
            widest_line = max(widest_line, cell_len(text))
            widest_word = max((cell_len(word) for word in text.split()), default=widest_word)
        extra = 2 * self.pad
        return Measurement(widest_word + extra, widest_line + extra)

    def __rich_console__(self, console: Console,
                         options: ConsoleOptions) -> Iterator[Segment]:
        # Lines are not padded on the right: Rich pads table cells itself, and blocks printed
        # outside a table must not end in a terminal's width of spaces.
        width = max(options.max_width - 2 * self.pad, 1)
        justify = options.justify
        for text, runs in self.shown():
            if options.no_wrap:
                # As Text does: one line, cut at the width.
                lines = [(0, len(chop_cells(text, width)[0]) if text else 0)]
            else:
                lines = wrap(text, width)
            for start, end in lines:
                gap = width - cell_len(text[start:end])
                before = gap if justify == "right" else gap // 2 if justify == "center" else 0
                if self.pad or before > 0:
                    yield Segment(" " * (self.pad + max(before, 0)))
                yield from _styled(runs, start, end)
                yield _LINE


def _expand_tabs(runs: Runs) -> tuple[str, Runs]:
    """Return the line's text and runs with tabs replaced by spaces up to the next stop."""
    if not any("\t" in text for text, _ in runs):
        return "".join(text for text, _ in runs), runs
    column = 0
    out: list[tuple[str, Style | None]] = []
    for text, style in runs:
        pieces = text.split("\t")
        expanded = []
        for number, piece in enumerate(pieces):
            if number:
                spaces = 8 - column % 8
                expanded.append(" " * spaces)
                column += spaces
            expanded.append(piece)
            column += cell_len(piece)
        out.append(("".join(expanded), style))
    return "".join(text for text, _ in out), out


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
