"""Tables and blocks drawn in one pass: the characters Rich would write, styles included.

Rich spends about half a millisecond on each table whatever its size (every cell is
measured and rendered through several layers of renderables, segments and lines), so a
query that prints thousands of small tables or rows took five to eight times as long as
its JSON. Unless the output is recorded for an SVG image, the Grids and Blocks that
render/tables.py and render/charts.py build are laid out here instead, by Rich's own rules
(column widths, collapsing, wrapping, justification, borders), straight into strings; on a
terminal each styled piece is written as Rich writes a segment. The cells are the same
Plain renderables, already sanitised. What these rules do not cover is left to Rich:
``text`` returns None. tests/test_table_text.py compares the two on generated tables.

Nothing here imports Rich's consoles, tables or styles unless styles are written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size

from qalamoun_cli.render.grid import Blocks, Column, Grid
from qalamoun_cli.render.plain import Plain, cells, rich_style, styled

if TYPE_CHECKING:
    from rich.box import Box
    from rich.style import Style

# A title with other whitespace than spaces (tabs, newlines, no-break spaces) is wrapped
# by rich.text.Text's rules, which differ from Plain's there: Rich draws those titles.
_OTHER_SPACE = re.compile(r"[^\S ]")


Paint = Callable[[str, "Style | None"], str]


def direct(console: Any) -> bool:
    """Return whether text for CONSOLE may be written straight to its file."""
    # Not when recording (for SVG), nor inside console.capture() or a `with console:`
    # block, where output must go to Rich's buffer.
    return (not console.record and not console.is_jupyter and not console.legacy_windows
            and getattr(console, "_buffer_index", 1) == 0)


def text(console: Any, renderable: Any) -> str | None:
    """Return what console.print(RENDERABLE) would write, or None if Rich must draw it."""
    paint = _painter(console)
    width = console.width  # a property that asks the environment each time
    if isinstance(renderable, Plain):
        lines = _block(renderable, width, paint)
    elif isinstance(renderable, Blocks):
        lines = []
        for part in renderable.parts:
            drawn = _block(part, width, paint)
            if drawn is None:
                return None
            lines += drawn
    elif isinstance(renderable, Grid):
        lines = _table(console, width, renderable, paint)
    else:
        return None
    return None if lines is None else "".join(line + "\n" for line in lines)


def _painter(console: Any) -> Paint | None:
    """Return how CONSOLE writes a styled piece of text (None: styles are not written)."""
    if not console.color_system:
        return None
    from rich.console import COLOR_SYSTEMS

    system = COLOR_SYSTEMS.get(console.color_system)
    if system is None:
        return None

    def paint(text: str, style: Style | None) -> str:
        # As Console._render_buffer: each segment is written on its own, in its style.
        return style.render(text, color_system=system) if style else text

    return paint


def _block(plain: Plain, width: int, paint: Paint | None) -> list[str] | None:
    """Return PLAIN's lines as console.print writes them, outside a table."""
    if paint is None:
        return _fitted(plain.text_lines(width), width)
    lines = []
    for indent, used, _, runs, start, end in plain.placed(width, None, False):
        if used > width:
            return None  # cropped: Rich draws it
        lines.append(" " * indent + "".join(paint(piece, rich_style(name))
                                            for piece, name in styled(runs, start, end)))
    return lines


def _fitted(lines: Sequence[tuple[str, int]], width: int) -> list[str]:
    """Crop lines wider than WIDTH, as console.print does (shorter lines are not padded)."""
    return [line if size <= width else set_cell_size(line, width) for line, size in lines]


def _supported(table: Grid) -> bool:
    """Return whether the table uses only what _table draws."""
    return table.columns != [] and not (table.title and _OTHER_SPACE.search(table.title))


Layout = tuple[list[tuple[int, int]], list[list[Plain]], list[int], int]


def _layout(width: int, table: Grid) -> Layout | None:
    """Return each column's padding, cells (header first) and width, and the table's width."""
    if not _supported(table):
        return None
    columns = table.columns
    count = len(columns)
    pad = table.padding
    # Each column's padding (Rich's Padding around every cell), none at the outer edges
    # without pad_edge.
    pads = [(0 if i == 0 and not table.pad_edge else pad,
             0 if i == count - 1 and not table.pad_edge else pad) for i in range(count)]
    contents = [[column.header, *column.cells] if table.show_header
                else list(column.cells) for column in columns]
    extra_width = (2 + count - 1) if table.box else 0
    max_width = width - extra_width
    widths = _column_widths(columns, [_Sizes(c, p, cs) for c, p, cs in
                                      zip(columns, pads, contents, strict=True)], max_width)
    table_width = sum(widths) + extra_width
    if table_width < 1 or any((p[0] or p[1]) and width - p[0] - p[1] < 1
                              for width, p in zip(widths, pads, strict=True)):
        # A column narrower than its padding: Rich's Padding then draws no lines at all.
        return None
    return pads, contents, widths, table_width


def _table(console: Any, console_width: int, table: Grid,
           paint: Paint | None) -> list[str] | None:
    layout = _layout(console_width, table)
    if layout is None:
        return None
    pads, contents, widths, table_width = layout
    if paint is not None and table_width > console_width:
        # Wider than the console (no_wrap or min_width columns): print cuts every line,
        # styles and all; Rich draws it.
        return None
    columns = table.columns
    if paint is None:
        drawn = [[_cell_lines(cell, width, column, pad) for cell in column_cells]
                 for column, column_cells, width, pad in zip(columns, contents, widths,
                                                             pads, strict=True)]
        header_style = None
    else:
        header_style = rich_style(table.header_style)
        drawn = []
        for column, column_cells, width, pad in zip(columns, contents, widths, pads,
                                                    strict=True):
            drawn.append([])
            for number, cell in enumerate(column_cells):
                style = header_style if number == 0 and table.show_header else None
                drawn[-1].append(_painted_lines(cell, width, column, pad, style, paint))
    lines: list[str] = []
    if table.title:
        title = table.title
        size = cells(title)
        if size <= table_width:
            # Text pads a line that fits to the width (keeping its trailing spaces).
            lines.append(title + " " * (table_width - size))
        else:
            lines += [set_cell_size(line, table_width) for line, _ in
                      Plain.of(title).text_lines(table_width)]
    box = _box(table.box, table.show_header, console.encoding) if table.box else None
    rules = _rules(box, tuple(widths), True) if box else ("", "", "")
    if box:
        lines.append(rules[0])
    rows = list(zip(*drawn, strict=True))
    last_row = len(rows) - 1
    for index, row in enumerate(rows):
        header = index == 0 and table.show_header
        # At least one line, as Rich draws a row whose cells have none.
        height = max(1, *(len(cell) for cell in row))
        shaped = []
        for cell, width in zip(row, widths, strict=True):
            filler = " " * width
            if paint is not None:
                filler = paint(filler, header_style if header else None)
            blank = [filler] * (height - len(cell))
            shaped.append(blank + cell if header else cell + blank)
        if box:
            edge, end, divider = ((box.head_left, box.head_right, box.head_vertical)
                                  if index == 0 else
                                  (box.foot_left, box.foot_right, box.foot_vertical)
                                  if index == last_row else
                                  (box.mid_left, box.mid_right, box.mid_vertical))
            lines += [edge + divider.join(parts) + end for parts in zip(*shaped, strict=True)]
        else:
            lines += ["".join(parts) for parts in zip(*shaped, strict=True)]
        if box and header:
            lines.append(rules[1])
    if box:
        lines.append(rules[2])
    if table_width > console_width:
        lines = [set_cell_size(line, console_width) if cell_len(line) > console_width
                 else line for line in lines]
    return lines


def _box(name: str, show_header: bool, encoding: str) -> Box:
    """Return the rich.box named NAME as Rich draws it on a stream of ENCODING."""
    from rich import box as boxes

    box = getattr(boxes, name)
    # As Box.substitute (console.options costs more than a small table): ASCII where the
    # output's encoding is not Unicode; legacy Windows consoles never come here.
    if not box.ascii and not encoding.startswith("utf"):
        box = boxes.ASCII
    return box if show_header else box.get_plain_headed_box()


@lru_cache(maxsize=1024)
def _rules(box: Box, widths: tuple[int, ...], edge: bool) -> tuple[str, str, str]:
    """Return a box's top, the line under the header, and its bottom (the same widths recur)."""
    return box.get_top(widths), box.get_row(widths, "head", edge=edge), box.get_bottom(widths)


def _normal(low: int, high: int) -> tuple[int, int]:
    """Return Measurement(LOW, HIGH).normalize()."""
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


class _Sizes:
    """A column's measure as Table._measure_column takes it, at any width limit."""

    def __init__(self, column: Column, pad: tuple[int, int], members: Sequence[Plain]) -> None:
        self.column, self.extra = column, pad[0] + pad[1]
        # Measurement.get normalises each cell's measure, caps it at the limit and
        # normalises again; every step is monotonic, so that the column's widest minimum
        # and maximum at a limit are those of the normalised measures, capped.
        self.low: int | None = None
        self.high: int | None = None
        if members:
            sizes = [_normal(*cell.measure()) for cell in members]
            self.low = max([low for low, _ in sizes])
            self.high = max([high for _, high in sizes])

    def at(self, limit: int) -> tuple[int, int]:
        """Return the column's (minimum, maximum) width at LIMIT."""
        if limit < 1:
            return 0, 0
        column, extra = self.column, self.extra
        if column.width is not None:
            width = min(column.width + extra, limit)
            return width, width
        if self.low is None or self.high is None:
            low, high = 1, limit
        elif extra and limit - extra < 1:
            low = high = limit  # rich.padding measures a cell narrower than its padding so
        else:
            low, high = min(self.low + extra, limit), min(self.high + extra, limit)
            if high < 1:
                low = high = 0
        low, high = min(low, limit), min(high, limit)
        if column.min_width is not None:
            floor = max(0, column.min_width + extra)
            low, high = max(low, floor), max(high, floor)
        if column.max_width is not None:
            ceiling = column.max_width + extra
            low, high = min(low, ceiling), min(high, ceiling)
        return low, high


def _column_widths(columns: Sequence[Column], sizes: Sequence[_Sizes],
                   max_width: int) -> list[int]:
    """Return each column's width, padding included, as Table._calculate_column_widths."""
    widths = [s.at(max_width)[1] or 1 for s in sizes]
    if sum(widths) > max_width:
        widths = _collapse_widths(
            widths, [c.width is None and not c.no_wrap for c in columns], max_width)
        if sum(widths) > max_width:
            # Rich's last resort: reduce the columns evenly.
            widths = _ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
        widths = [s.at(w)[1] for s, w in zip(sizes, widths, strict=True)]
    return widths


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Narrow the widest wrapable columns until the total fits, as Rich's Table does."""
    # Rich's Table._collapse_widths (MIT licence), here so that tables need not import
    # rich.table.
    total_width = sum(widths)
    excess_width = total_width - max_width
    if any(wrapable):
        while total_width and excess_width > 0:
            max_column = max(width for width, allow in zip(widths, wrapable, strict=True)
                             if allow)
            second_max_column = max(width if allow and width != max_column else 0
                                    for width, allow in zip(widths, wrapable, strict=True))
            column_difference = max_column - second_max_column
            ratios = [1 if width == max_column and allow else 0
                      for width, allow in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not column_difference:
                break
            max_reduce = [min(excess_width, column_difference)] * len(widths)
            widths = _ratio_reduce(excess_width, ratios, max_reduce, widths)
            total_width = sum(widths)
            excess_width = total_width - max_width
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int],
                  values: list[int]) -> list[int]:
    """Take TOTAL from VALUES in proportion to RATIOS, each at most its maximum."""
    # rich._ratio.ratio_reduce (MIT licence): that module imports fractions and decimal.
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    total_remaining = total
    result: list[int] = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total_remaining / total_ratio))
            result.append(value - distributed)
            total_remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _cell_lines(cell: Plain, width: int, column: Column, pad: tuple[int, int]) -> list[str]:
    """Return the lines of one cell, each exactly WIDTH cells wide."""
    if width < 1:
        return []
    left, right = pad
    inner = width - left - right
    justify = column.justify
    shown = cell.shown()
    if len(shown) == 1:
        # Most cells: one line that fits, drawn without wrapping (as Plain.placed would).
        text, _, size = shown[0]
        room = max(inner - 2 * cell.pad, 1)
        if size <= room and not text[-1:].isspace():
            before = cell.pad + (room - size if justify == "right" else
                                 (room - size) // 2 if justify == "center" else 0)
            after = inner - before - size
            if after >= 0:
                return [" " * (left + before) + text + " " * (after + right)]
    if not (left or right or column.no_wrap) and justify not in ("right", "center"):
        filled = cell.filled(inner)
        if filled is not None:
            return filled
    lines = cell.text_lines(inner, justify, column.no_wrap)
    fitted = [line + " " * (inner - size) if size < inner else
              line if size == inner else set_cell_size(line, inner) for line, size in lines]
    if left or right:
        fitted = [" " * left + line + " " * right for line in fitted]
    return fitted


def _painted_lines(cell: Plain, width: int, column: Column, pad: tuple[int, int],
                   style: Style | None, paint: Paint) -> list[str]:
    """Return the lines of one cell in STYLE, segment by segment as Rich writes them."""
    if width < 1:
        return []
    left, right = pad
    inner = width - left - right
    lines = []
    for indent, used, _, runs, start, end in cell.placed(inner, column.justify,
                                                         column.no_wrap):
        segments = [(" " * indent, style)] if indent else []
        for piece, name in styled(runs, start, end):
            own = rich_style(name)
            segments.append((piece, style + own if style and own else style or own))
        if used > inner:
            segments = _cropped(segments, inner)
        elif used < inner:
            segments.append((" " * (inner - used), style))
        if left:
            segments.insert(0, (" " * left, style))
        if right:
            segments.append((" " * right, style))
        lines.append("".join(paint(text, style) for text, style in segments))
    return lines


def _cropped(segments: Sequence[tuple[str, Style | None]],
             width: int) -> list[tuple[str, Style | None]]:
    """Cut a line of segments at WIDTH cells, as Segment.adjust_line_length does."""
    kept, used = [], 0
    for text, style in segments:
        size = cells(text)
        if used + size < width:
            kept.append((text, style))
            used += size
        else:
            kept.append((set_cell_size(text, width - used), style))
            break
    return kept
