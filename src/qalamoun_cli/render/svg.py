"""Write what a recording console printed as an SVG image that does not depend on its font.

Rich's own export lays text out with the advance of Fira Code and leaves the rest to the
viewer's font: with any other font (and a viewer that ignores ``textLength``, as librsvg
does) the table borders drift, break between lines and cross the text. Here the console's
cells are a fixed grid:

- box-drawing and block characters are drawn as rectangles and paths on the grid, not as
  glyphs, so borders and chart bars line up exactly whatever font the viewer has;
- text is one ``<text>`` element per line, with a ``<tspan>`` placed at its cell's column
  for each word, each wide (East Asian) character and each piece between borders, and
  stretched to its cells with ``textLength`` where the viewer supports it. A word keeps
  its combining marks, and a phrase in a right-to-left script stays in one piece so that
  the viewer shapes it and orders its words. The text stays selectable and searchable.

Every piece of text is XML-escaped here; text from the data has already been through the
sanitiser (the table cells are built by ``render.tables.cell``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from html import escape

from rich.cells import cell_len
from rich.color import blend_rgb
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME

FONT_SIZE = 20
CELL_WIDTH = 12  # 0.6 em: the advance of most monospace fonts, so that little stretching is needed
LINE_HEIGHT = 24
BASELINE = 18  # from the top of a line
# Local fonts only, best first: the file must not make the viewer fetch anything.
FONT_FAMILY = ("'Fira Code', 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, "
               "'Noto Sans Mono', monospace")

_LIGHT, _HEAVY, _DOUBLE = 1, 2, 3
_STROKE = {_LIGHT: 2, _HEAVY: 4, _DOUBLE: 2}
_GAP = 3  # from the middle of a double line to the middle of each of its strokes
_BLOCK_INSET = 2
_PAD_X, _PAD_TOP, _PAD_BOTTOM = 8, 40, 8
_MARGIN = 1


def export_svg(console: Console, title: str) -> str:
    """Return what CONSOLE recorded as an SVG document titled TITLE; clear the record."""
    # Rich has no public way to read the recorded segments; its own exports read them so.
    with console._record_buffer_lock:
        segments = list(Segment.filter_control(console._record_buffer))
        console._record_buffer.clear()
    width = max(console.width, 1)
    lines = list(Segment.split_and_crop_lines(segments, length=width, include_new_lines=False))
    return _document(lines, width, _clean(title))


def _document(lines: list[list[Segment]], width: int, title: str) -> str:
    theme = SVG_EXPORT_THEME
    background = theme.background_color.hex
    x0, y0 = _MARGIN + _PAD_X, _MARGIN + _PAD_TOP
    backgrounds: list[tuple[float, float, float, float, str, float]] = []
    shapes: list[tuple[float, float, float, float, str, float]] = []
    strokes: list[tuple[str, str]] = []
    texts: list[str] = []
    for row, line in enumerate(lines):
        top = y0 + row * LINE_HEIGHT
        tspans: list[str] = []
        for column, cells, text, used, style in _cells(line):
            left = x0 + column * CELL_WIDTH
            fg, bg, attrs = _look(style)
            if bg != background:
                backgrounds.append((left, top, left + cells * CELL_WIDTH, top + LINE_HEIGHT,
                                    bg, 1.0))
            if style.underline:
                shapes.append((left, top + LINE_HEIGHT - 3, left + cells * CELL_WIDTH,
                               top + LINE_HEIGHT - 1.5, fg, 1.0))
            if style.strike:
                shapes.append((left, top + 12, left + cells * CELL_WIDTH, top + 13.5, fg, 1.0))
            if len(text) == 1 and _drawn(text):
                rects, path = _glyph(text, left, top)
                shapes += [(*r, fg, alpha) for *r, alpha in rects]
                if path:
                    strokes.append((path, fg))
            elif text.strip():
                stretch = (f' textLength="{_n(used * CELL_WIDTH)}" lengthAdjust="spacingAndGlyphs"'
                           if used else "")
                tspans.append(f'<tspan x="{_n(left)}"{stretch}{attrs}>{_xml(text)}</tspan>')
        if tspans:
            texts.append(f'<text y="{_n(top + BASELINE)}">{"".join(tspans)}</text>')

    frame_width = width * CELL_WIDTH + 2 * _PAD_X
    frame_height = len(lines) * LINE_HEIGHT + _PAD_TOP + _PAD_BOTTOM
    fg = theme.foreground_color.hex
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve"'
        f' width="{frame_width + 2 * _MARGIN}" height="{frame_height + 2 * _MARGIN}"'
        f' viewBox="0 0 {frame_width + 2 * _MARGIN} {frame_height + 2 * _MARGIN}">',
        f"<title>{_xml(title)}</title>",
        f'<rect x="{_MARGIN}" y="{_MARGIN}" width="{frame_width}" height="{frame_height}"'
        f' rx="8" fill="{background}" stroke="rgba(255,255,255,0.35)" stroke-width="1"/>',
        '<g transform="translate(26,22)"><circle cx="0" cy="0" r="7" fill="#ff5f57"/>'
        '<circle cx="22" cy="0" r="7" fill="#febc2e"/>'
        '<circle cx="44" cy="0" r="7" fill="#28c840"/></g>',
    ]
    if title:
        parts.append(
            f'<text x="{_n(_MARGIN + frame_width / 2)}" y="{_MARGIN + 26}" fill="{fg}"'
            f' text-anchor="middle" font-family="sans-serif" font-size="18"'
            f' font-weight="bold">{_xml(title)}</text>')
    parts += _paths(backgrounds)
    parts.append(f'<g font-family="{_xml(FONT_FAMILY)}" font-size="{FONT_SIZE}"'
                 f' style="white-space: pre">')
    parts += texts
    parts.append("</g>")
    parts += _paths(shapes)
    for colour, path in _grouped((colour, path) for path, colour in strokes):
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}"'
                     f' stroke-width="{_STROKE[_LIGHT]}"/>')
    parts.append("</svg>\n")
    return "\n".join(parts)


def _cells(line: list[Segment]) -> Iterator[tuple[int, int, str, int, Style]]:
    """Yield (column, cells, text, cells of text, style) for each piece of LINE placed alone.

    A piece is a character drawn as a shape, a wide character, a word with the spaces
    after it (or a run of spaces), or words in a right-to-left script next to each other.
    """
    clusters: list[list] = []  # [column, cells, text, style]
    column = 0
    for segment in line:
        style = segment.style or Style()
        for char in segment.text:
            size = cell_len(char)
            if size == 0 and clusters:
                # A combining mark stays with its letter; composed where Unicode can
                # (NFC), since some fonts cannot place a mark on a letter.
                clusters[-1][2] = unicodedata.normalize("NFC", clusters[-1][2] + char)
                continue
            clusters.append([column, size, char, style])
            column += size
    pieces: list[list] = []  # [column, cells, text, style, kind]
    for at, size, text, style in clusters:
        kind = "shape" if len(text) == 1 and _drawn(text) else "wide" if size == 2 else "text"
        last = pieces[-1] if pieces else None
        # A wide character takes the spaces after it, not the next letter.
        if (kind != "text" or last is None or last[4] == "shape" or style != last[3]
                or (text != " " and (last[4] == "wide" or last[2].endswith(" ")))):
            pieces.append([at, size, text, style, kind])
        else:
            last[1] += size
            last[2] += text
    merged: list[list] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        # Words in a right-to-left script stay together, for the viewer to order them.
        if (last and last[4] == piece[4] == "text" and last[3] == piece[3]
                and _rtl(last[2]) and _rtl(piece[2])):
            last[1] += piece[1]
            last[2] += piece[2]
        else:
            merged.append(piece)
    for at, size, text, style, _kind in merged:
        # One space is kept after a word, for the text to read as words when copied or
        # searched; the padding after it is left out of the run that is stretched.
        words, used = text.rstrip(" "), size
        if words and len(text) - len(words) > 1:
            used -= len(text) - len(words) - 1
            text = words + " "
        yield at, size, text, used, style


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


@cache
def _look(style: Style) -> tuple[str, str, str]:
    """Return the foreground and background colours of STYLE, and its text attributes."""
    theme = SVG_EXPORT_THEME
    color = (theme.foreground_color if style.color is None or style.color.is_default
             else style.color.get_truecolor(theme))
    bgcolor = (theme.background_color if style.bgcolor is None or style.bgcolor.is_default
               else style.bgcolor.get_truecolor(theme, foreground=False))
    if style.reverse:
        color, bgcolor = bgcolor, color
    if style.dim:
        color = blend_rgb(color, bgcolor, 0.4)
    attrs = f' fill="{color.hex}"'
    if style.bold:
        attrs += ' font-weight="bold"'
    if style.italic:
        attrs += ' font-style="italic"'
    return color.hex, bgcolor.hex, attrs


# Box drawing (U+2500-U+257F) and block elements (U+2580-U+259F).

def _drawn(char: str) -> bool:
    return 0x2500 <= ord(char) <= 0x259F


@cache
def _arms(char: str) -> tuple[dict[str, int], int, str]:
    """Return the arms of a box-drawing character, its dash count, and its kind.

    Arms map "up", "down", "left", "right" to a weight (_LIGHT, _HEAVY, _DOUBLE); the
    kind is "arc" or "diagonal" for those, else "". Read from the character's Unicode
    name, e.g. "BOX DRAWINGS DOWN LIGHT AND RIGHT HEAVY".
    """
    words = unicodedata.name(char).removeprefix("BOX DRAWINGS ").split()
    dashes = 0
    if "DASH" in words:
        at = words.index("DASH")
        dashes = {"DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}[words[at - 1]]
        del words[at - 1: at + 1]
    kind = ""
    if "ARC" in words:
        kind = "arc"
        words.remove("ARC")
    if "DIAGONAL" in words:
        return {}, 0, "diagonal"
    weights = {"LIGHT": _LIGHT, "SINGLE": _LIGHT, "HEAVY": _HEAVY, "DOUBLE": _DOUBLE}
    sides = {"UP": ("up",), "DOWN": ("down",), "LEFT": ("left",), "RIGHT": ("right",),
             "VERTICAL": ("up", "down"), "HORIZONTAL": ("left", "right")}
    arms: dict[str, int] = {}
    pending: list[str] = []
    weight = 0  # a weight written before its sides ("LIGHT DOWN AND RIGHT")
    for word in words:
        if word in weights:
            if pending:  # a weight written after its sides ("DOWN LIGHT AND ...")
                arms.update(dict.fromkeys(pending, weights[word]))
                pending = []
                weight = 0
            else:
                weight = weights[word]
        elif word in sides:
            if weight:
                arms.update(dict.fromkeys(sides[word], weight))
            else:
                pending += sides[word]
    return arms, dashes, kind


def _glyph(char: str, left: float, top: float
           ) -> tuple[list[tuple[float, float, float, float, float]], str]:
    """Return the rectangles (x0, y0, x1, y1, opacity) and stroked path that draw CHAR."""
    code = ord(char)
    if code >= 0x2580:
        # Blocks keep a little space between lines, as the font's glyphs did: bars of a
        # chart on lines one after the other would otherwise run into one shape.
        top, height = top + _BLOCK_INSET, LINE_HEIGHT - 2 * _BLOCK_INSET
        return [(left + a * CELL_WIDTH, top + b * height, left + c * CELL_WIDTH,
                 top + d * height, alpha) for a, b, c, d, alpha in _block(code)], ""
    right, bottom = left + CELL_WIDTH, top + LINE_HEIGHT
    cx, cy = left + CELL_WIDTH / 2, top + LINE_HEIGHT / 2
    arms, dashes, kind = _arms(char)
    if kind == "diagonal":
        path = ""
        if code in (0x2571, 0x2573):
            path += f"M{_n(right)},{_n(top)}L{_n(left)},{_n(bottom)}"
        if code in (0x2572, 0x2573):
            path += f"M{_n(left)},{_n(top)}L{_n(right)},{_n(bottom)}"
        return [], path
    if kind == "arc":
        # A light corner with a round bend: the arms run from the cell's edges to the bend.
        r = CELL_WIDTH / 2
        ends = {"up": (cx, top), "down": (cx, bottom), "left": (left, cy), "right": (right, cy)}
        near = {"up": (cx, cy - r), "down": (cx, cy + r),
                "left": (cx - r, cy), "right": (cx + r, cy)}
        first, second = sorted(arms)  # ("down", "right"), ("left", "up")...
        (ax, ay), (bx, by) = near[first], near[second]
        sweep = 1 if (ax - cx) * (by - cy) - (ay - cy) * (bx - cx) < 0 else 0
        path = (f"M{_n(ends[first][0])},{_n(ends[first][1])}L{_n(ax)},{_n(ay)}"
                f"A{_n(r)},{_n(r)} 0 0 {sweep} {_n(bx)},{_n(by)}"
                f"L{_n(ends[second][0])},{_n(ends[second][1])}")
        return [], path
    rects: list[tuple[float, float, float, float, float]] = []
    across = {"up": ("left", "right"), "down": ("left", "right"),
              "left": ("up", "down"), "right": ("up", "down")}
    opposite = {"up": "down", "down": "up", "left": "right", "right": "left"}
    for arm, weight in arms.items():
        w = _STROKE[weight]
        vertical = arm in ("up", "down")
        edge = {"up": top, "down": bottom, "left": left, "right": right}[arm]
        centre = cy if vertical else cx
        sign = -1 if arm in ("up", "left") else 1  # from the centre towards the edge
        axis = cx if vertical else cy
        if weight == _DOUBLE:
            # Each stroke of a double line stops where it meets the line across it.
            for side, offset in ((0, -_GAP), (1, _GAP)):
                same = arms.get(across[arm][side], 0)
                other = arms.get(across[arm][1 - side], 0)
                if same == _DOUBLE:
                    back = -(_GAP - w / 2)
                elif same:
                    back = 0
                elif other == _DOUBLE:
                    back = _GAP + w / 2
                elif other:
                    back = _STROKE[other] / 2
                else:
                    back = 0
                start = centre - sign * back
                rects.append(_bar(vertical, axis + offset, w, start, edge))
            continue
        crossing = [arms[a] for a in across[arm] if a in arms]
        if _DOUBLE in crossing and opposite[arm] not in arms:
            back = -(_GAP - _STROKE[_DOUBLE] / 2)  # a stem that ends on a double line
        else:
            back = max((_STROKE[c] for c in crossing if c != _DOUBLE), default=0) / 2
        start = centre - sign * back
        if dashes:
            length = (LINE_HEIGHT if vertical else CELL_WIDTH) / dashes
            begin = top if vertical else left
            for k in range(dashes):
                a = begin + k * length + length * 0.2
                rects.append(_bar(vertical, axis, w, a, a + length * 0.6))
            break  # a dashed character is one straight line: both arms at once
        rects.append(_bar(vertical, axis, w, start, edge))
    return rects, ""


def _bar(vertical: bool, axis: float, width: float, start: float, end: float
         ) -> tuple[float, float, float, float, float]:
    a, b = min(start, end), max(start, end)
    if vertical:
        return axis - width / 2, a, axis + width / 2, b, 1.0
    return a, axis - width / 2, b, axis + width / 2, 1.0


_QUARTERS = {"ul": (0, 0, .5, .5), "ur": (.5, 0, 1, .5), "ll": (0, .5, .5, 1),
             "lr": (.5, .5, 1, 1)}
_QUADRANTS = {0x2596: "ll", 0x2597: "lr", 0x2598: "ul", 0x2599: "ul ll lr",
              0x259A: "ul lr", 0x259B: "ul ur ll", 0x259C: "ul ur lr", 0x259D: "ur",
              0x259E: "ur ll", 0x259F: "ur ll lr"}


def _block(code: int) -> list[tuple[float, float, float, float, float]]:
    """Return the parts of block element CODE as fractions of its cell, with opacity."""
    if code == 0x2580:
        return [(0, 0, 1, .5, 1)]
    if 0x2581 <= code <= 0x2588:  # lower one eighth ... full block
        return [(0, 1 - (code - 0x2580) / 8, 1, 1, 1)]
    if 0x2589 <= code <= 0x258F:  # left seven eighths ... left one eighth
        return [(0, 0, (0x2590 - code) / 8, 1, 1)]
    if code == 0x2590:
        return [(.5, 0, 1, 1, 1)]
    if 0x2591 <= code <= 0x2593:  # light, medium and dark shade
        return [(0, 0, 1, 1, (code - 0x2590) / 4)]
    if code == 0x2594:
        return [(0, 0, 1, 1 / 8, 1)]
    if code == 0x2595:
        return [(7 / 8, 0, 1, 1, 1)]
    return [(*_QUARTERS[q], 1) for q in _QUADRANTS[code].split()]


def _paths(rects: list[tuple[float, float, float, float, str, float]]) -> list[str]:
    """Return one path per colour for RECTS, touching rectangles merged (no seams)."""
    merged = _merge(_merge(rects, horizontal=True), horizontal=False)
    out = []
    rectangles = (((colour, alpha), f"M{_n(x0)},{_n(y0)}H{_n(x1)}V{_n(y1)}H{_n(x0)}Z")
                  for x0, y0, x1, y1, colour, alpha in merged)
    for (colour, alpha), d in _grouped(rectangles):
        opacity = "" if alpha == 1 else f' fill-opacity="{_n(alpha)}"'
        out.append(f'<path d="{d}" fill="{colour}"{opacity}/>')
    return out


def _merge(rects, *, horizontal: bool):
    if horizontal:
        key = lambda r: (r[4], r[5], r[1], r[3], r[0])  # noqa: E731
    else:
        key = lambda r: (r[4], r[5], r[0], r[2], r[1])  # noqa: E731
    out: list[list] = []
    for r in sorted(rects, key=key):
        last = out[-1] if out else None
        if horizontal and last and last[4:6] == [r[4], r[5]] and last[1] == r[1] \
                and last[3] == r[3] and r[0] <= last[2]:
            last[2] = max(last[2], r[2])
        elif not horizontal and last and last[4:6] == [r[4], r[5]] and last[0] == r[0] \
                and last[2] == r[2] and r[1] <= last[3]:
            last[3] = max(last[3], r[3])
        else:
            out.append(list(r))
    return out


def _grouped(pairs: Iterable[tuple[object, str]]) -> Iterator[tuple[object, str]]:
    """Join the path data of PAIRS (key, data) by key, keys in the order first seen."""
    groups: dict[object, list[str]] = {}
    for group, data in pairs:
        groups.setdefault(group, []).append(data)
    for group, parts in groups.items():
        yield group, "".join(parts)


def _n(value: float) -> str:
    return format(round(value, 2), "g")


def _xml(text: str) -> str:
    return escape(_clean(text), quote=True)


def _clean(text: str) -> str:
    """Replace what XML 1.0 cannot hold (C0 controls, lone surrogates...) by U+FFFD."""
    return "".join(ch if _xml_char(ch) else "\ufffd" for ch in text)


def _xml_char(ch: str) -> bool:
    code = ord(ch)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)
