"""A lighter renderable than rich.text.Text for table cells and blocks of plain data.

Rich's Text handles markup spans, justification and cropping in general, at about a
millisecond per table row; a query that prints a few hundred rows spent most of its time
there. Our cells are sanitised plain text with one style per run, so this renderable wraps
them with the same rule as Text (words, then folding a word wider than the line).
render/table_text.py draws them; where Rich must, they yield its segments directly.

A run's style is a name ("bold", "dim"), made a Rich Style only where styles are written:
output that is not a terminal never imports Rich's styles and consoles (a third of the
time of a small table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.measure import Measurement
    from rich.segment import Segment
    from rich.style import Style

_WORD = re.compile(r"\s*\S+\s*")


@cache
def rich_style(name: str | None) -> Style | None:
    """Return Rich's Style named NAME ("bold", "dim"...), or None for no style."""
    if not name:
        return None
    from rich.style import Style

    return Style.parse(name)


_NARROW: dict[str, bool] = {" ": True}


def one_cell_each(text: str) -> bool:
    """Return whether each character of TEXT is one cell wide and the only space is " ".

    Then a character is a cell, and a line breaks only at " ": what plain ASCII allows,
    and most text besides (dashes, accented letters, Arabic without its marks).
    """
    if text.isascii():
        return text.isprintable()
    for character in set(text):
        narrow = _NARROW.get(character)
        if narrow is None:
            # Rich's width of the character alone: marks, joiners and selectors are 0 wide,
            # so no run of characters here is measured otherwise (rich.cells.cell_len).
            narrow = _NARROW[character] = (character.isprintable() and not character.isspace()
                                           and cell_len(character) == 1)
        if not narrow:
            return False
    return True


def cells(text: str) -> int:
    """Return the width of TEXT in terminal cells, as rich.cells.cell_len."""
    # Printable ASCII is one cell a character; cell_len's cache lookup cost more than this.
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Break one line of TEXT into lines of at most WIDTH cells, as rich.text.Text does.

    Returns (start, end) character offsets of each line, trailing spaces left out. A word
    wider than WIDTH is folded.
    """
    if one_cell_each(text):
        if len(text) <= width:
            return [(0, len(text.rstrip()))]
        # Most text: a line at a time. A word wider than the line is left to the reference.
        lines = _wrap_spaced(text, max(width, 1))
        if lines is not None:
            return lines
    return wrap_words(text, width)


_NOT_SPACE = re.compile(r"\S")


def _wrap_spaced(text: str, width: int) -> list[tuple[int, int]] | None:
    """Return wrap(TEXT, WIDTH) for text of one_cell_each, or None if a word must be folded.

    The only space there is " ", and a character is a cell: a line ends at the last space
    within WIDTH of its start, which is where wrap_words breaks it, a word at a time.
    """
    lines = []
    start = 0
    end_of_text = len(text.rstrip())
    while end_of_text - start > width:
        space = text.rfind(" ", start + 1, start + width + 1)
        end = space
        while end > start and text[end - 1] == " ":
            end -= 1
        if end <= start:
            return None  # the line's first word is wider than the line: it is folded
        lines.append((start, end))
        start = _NOT_SPACE.search(text, space).start()
    lines.append((start, end_of_text))
    return lines


def wrap_words(text: str, width: int) -> list[tuple[int, int]]:
    """Return wrap(TEXT, WIDTH), a word at a time: the reference, and any text at all."""
    # Printable ASCII: a character is a cell, and len is the measure.
    size_of = len if text.isascii() and text.isprintable() else cells
    if size_of(text) <= width:
        return [(0, len(text.rstrip()))]
    width = max(width, 1)
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        size = size_of(word.rstrip())
        if width - offset >= size:
            offset += size_of(word)
        elif size > width:
            pieces = chop_cells(word, width)
            for number, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if number == len(pieces) - 1:
                    offset = cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = size_of(word)
    bounds = [0, *breaks, len(text)]
    # Trailing spaces are dropped from every line, the last one too: they cannot be seen,
    # and they would push a right-justified figure away from the edge.
    return [(a, a + len(text[a:b].rstrip()))
            for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


Runs = Sequence[tuple[str, "str | None"]]  # (text, style name)


class Plain:
    """Lines of text made of (text, style) runs; wrapped to the width Rich gives it.

    Runs may hold tabs, expanded per line when first shown (so that a label and its value
    share tab stops); they hold no newlines (a newline starts another line). PAD spaces are
    added on each side (tables are built without Rich's own cell padding, whose wrapper
    renderable doubled the cost of each cell).
    """

    __slots__ = ("lines", "pad", "_shown", "_measured")

    def __init__(self, lines: Sequence[Runs], pad: int = 0):
        self.lines = lines
        self.pad = pad
        self._shown: list[tuple[str, Runs, int]] | None = None
        self._measured: tuple[int, int] | None = None

    @classmethod
    def of(cls, text: str, style: str | None = None, pad: int = 0) -> Plain:
        """Return TEXT (newlines allowed) in one style."""
        return cls([[(line, style)] for line in text.split("\n")], pad)

    def shown(self) -> list[tuple[str, Runs, int]]:
        """Return each line as (text, runs, cells), tabs expanded to stops every 8 cells."""
        if self._shown is None:
            self._shown = [(text, runs, cells(text))
                           for text, runs in map(_expand_tabs, self.lines)]
        return self._shown

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement(*self.measure())

    def measure(self) -> tuple[int, int]:
        """Return the widest word and the widest line in cells, padding included."""
        if self._measured is not None:
            return self._measured
        shown = self.shown()
        widest_line = max([size for _, _, size in shown], default=0)
        widest_word = 0
        for text, _, _ in reversed(shown):
            words = text.split()
            if words:
                # The last line that has words sets it (as before: the goldens pin it).
                widest_word = max(map(len, words)) if text.isascii() and text.isprintable() \
                    else max(map(cell_len, words))
                break
        extra = 2 * self.pad
        self._measured = widest_word + extra, widest_line + extra
        return self._measured

    def __rich_console__(self, console: Console,
                         options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment

        # Lines are not padded on the right: Rich pads table cells itself, and blocks printed
        # outside a table must not end in a terminal's width of spaces.
        line = Segment.line()
        for indent, _, _, runs, start, end in self.placed(options.max_width, options.justify,
                                                         options.no_wrap):
            if indent:
                yield Segment(" " * indent)
            for piece, style in styled(runs, start, end):
                yield Segment(piece, rich_style(style))
            yield line

    def placed(self, max_width: int, justify: str | None, no_wrap: bool | None
               ) -> Iterator[tuple[int, int, str, Runs, int, int]]:
        """Yield each line as drawn at MAX_WIDTH: (spaces before, cells, text, runs, start, end).

        CELLS is the width of the drawn line, spaces before included; START and END are
        character offsets into TEXT, the whole (unwrapped) line that RUNS make.
        """
        width = max(max_width - 2 * self.pad, 1)
        pad = self.pad
        for text, runs, size in self.shown():
            lines: Sequence[tuple[int, int, int]]
            if size <= width and not text[-1:].isspace():
                # The common case: the line fits, and neither wrapping nor cutting changes it.
                lines = ((0, len(text), size),)
            elif no_wrap:
                # As Text does: one line, cut at the width.
                end = len(chop_cells(text, width)[0]) if text else 0
                lines = ((0, end, cells(text[:end])),)
            elif one_cell_each(text):
                lines = [(a, b, b - a) for a, b in wrap(text, width)]
            else:
                lines = [(a, b, cells(text[a:b])) for a, b in wrap(text, width)]
            for start, end, used in lines:
                before = 0
                if justify == "right":
                    before = max(width - used, 0)
                elif justify == "center":
                    before = max((width - used) // 2, 0)
                yield pad + before, pad + before + used, text, runs, start, end

    def text_lines(self, max_width: int, justify: str | None = None,
                   no_wrap: bool | None = False) -> list[tuple[str, int]]:
        """Return each line as drawn at MAX_WIDTH, without styles: (text, cells)."""
        if justify not in ("right", "center") and not no_wrap:
            return self._left_lines(max_width)
        return [(" " * indent + text[start:end], width)
                for indent, width, text, _, start, end in self.placed(max_width, justify,
                                                                      no_wrap)]


    def _left_lines(self, max_width: int) -> list[tuple[str, int]]:
        """Return text_lines(MAX_WIDTH) flush left and wrapped: a table's usual cell, faster."""
        # The same lines as placed() yields with no spaces before them; tables print
        # thousands of such lines, and the generator's layers were most of their cost.
        width = max(max_width - 2 * self.pad, 1)
        pad = " " * self.pad
        wrapped = self._flush_left(width)
        if wrapped is not None:
            return [(pad + line, self.pad + size) for line, size in wrapped]
        drawn: list[tuple[str, int]] = []
        for text, _, size in self.shown():
            if size <= width and not text[-1:].isspace():
                drawn.append((pad + text, self.pad + size))
            else:
                drawn += [(pad + text[a:b], self.pad + cells(text[a:b]))
                          for a, b in wrap(text, width)]
        return drawn

    def filled(self, width: int) -> list[str] | None:
        """Return text_lines(WIDTH) each filled with spaces to WIDTH cells, or None.

        A table's usual cell: flush left, and wrapped where it is printable ASCII; None
        for any other (the caller then takes the general way).
        """
        room = max(width - 2 * self.pad, 1)
        if room + 2 * self.pad > width:
            return None
        wrapped = self._flush_left(room)
        if wrapped is None:
            return None
        pad = " " * self.pad
        fill = width - self.pad
        return [pad + line + " " * (fill - size) for line, size in wrapped]

    def _flush_left(self, width: int) -> list[tuple[str, int]] | None:
        """Return the lines (text, cells) that wrap() makes of the lines at WIDTH, or None.

        None where a line that must be wrapped is not of one_cell_each (its cells are then
        measured piece by piece, by placed()).
        """
        drawn: list[tuple[str, int]] = []
        for text, _, size in self.shown():
            if size <= width and not text[-1:].isspace():
                drawn.append((text, size))
            elif one_cell_each(text):
                drawn += [(text[a:b], b - a) for a, b in wrap(text, width)]
            else:
                return None
        return drawn


def _expand_tabs(runs: Runs) -> tuple[str, Runs]:
    """Return the line's text and runs with tabs replaced by spaces up to the next stop."""
    if len(runs) == 1 and "\t" not in runs[0][0]:
        return runs[0][0], runs
    if not any("\t" in text for text, _ in runs):
        return "".join(text for text, _ in runs), runs
    column = 0
    out: list[tuple[str, str | None]] = []
    for text, style in runs:
        pieces = text.split("\t")
        expanded = []
        for number, piece in enumerate(pieces):
            if number:
                spaces = 8 - column % 8
                expanded.append(" " * spaces)
                column += spaces
            expanded.append(piece)
            column += cells(piece)
        out.append(("".join(expanded), style))
    return "".join(text for text, _ in out), out


def styled(runs: Runs, start: int, end: int) -> Iterator[tuple[str, str | None]]:
    """Yield the parts of RUNS between character offsets START and END: (text, style name)."""
    offset = 0
    for text, style in runs:
        run_end = offset + len(text)
        if run_end > start and offset < end:
            piece = text[max(start - offset, 0):min(end, run_end) - offset]
            if piece:
                yield piece, style
        offset = run_end
        if offset >= end:
            break
