"""SVG export: a picture whose borders line up whatever monospace font the viewer has.

The rendering test draws the SVG with rsvg-convert (Debian's librsvg2-bin; .ci/run installs
it and the fonts) once per font, forced through a fontconfig file, and measures the PNG.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from qalamoun_cli.cli.output import save_svg
from qalamoun_cli.render.tables import make_console, show, table

SVG = "{http://www.w3.org/2000/svg}"
ARABIC = "عرسال"  # Arsal, as in the shipped data
ROWS = [
    ("arsal", "Arsal", ARABIC, "a long note that has to be wrapped over several lines"),
    ("tokyo", "東京 mix", "معبر الزمراني", "<script>&amp;</script>"),
    ("qusayr", "Qusa\u0301yr", "القصير", "short"),
]


def _svg(path: Path, title: str = "qalamoun test") -> tuple[str, str]:
    """Save a fixed four-column table as PATH through the CLI's SVG writer.

    Returns the SVG and the table as the terminal shows it.
    """
    console = make_console(record=True)
    console.width = 60
    show(console, table("Places", [("id", {}), ("name", {}), ("arabic", {}),
                                   ("note", {"max_width": 20})], ROWS))
    shown = console.export_text(clear=False)
    save_svg(console, path, title)
    return path.read_text(encoding="utf-8"), shown


def test_svg_text_is_escaped_selectable_and_borders_are_drawn(tmp_path):
    text, _ = _svg(tmp_path / "t.svg", title="qalamoun <show> & \udc80")
    root = ET.fromstring(text)  # well-formed XML, whatever the data holds
    assert root.find(f"{SVG}title").text == "qalamoun <show> & \ufffd"
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "qalamoun <show> & \ufffd" in lines
    body = "\n".join(lines)
    for word in ("Places", "arsal", ARABIC, "معبر الزمراني", "東", "<script>&amp;</scrip",
                 "Qus\u00e1yr", "wrapped"):
        assert word in body
    assert "<script>" not in text  # escaped in the file
    # Borders are shapes on the grid, not glyphs left to the viewer's font.
    assert not any(0x2500 <= ord(ch) <= 0x259F for ch in body)
    assert "url(" not in text and "@font-face" not in text


def test_svg_chart_bars_are_shapes(run, tmp_path):
    target = tmp_path / "stats.svg"
    assert run("stats", "--svg", str(target))[0] == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(line.startswith("Events per week") for line in lines)
    assert not any("█" in line for line in lines)
    assert root.find(f"{SVG}path") is not None


def test_every_box_drawing_character_is_drawn_inside_its_cell():
    from qalamoun_cli.render.svg import _arms, _glyph

    for code in range(0x2500, 0x25A0):
        rects, path = _glyph(chr(code), 0, 0)
        assert rects or path, hex(code)
        for x0, y0, x1, y1, _alpha in rects:
            assert 0 <= x0 < x1 <= 12 and 0 <= y0 < y1 <= 24, hex(code)
    light, heavy, double = 1, 2, 3
    assert _arms("┡")[0] == {"up": heavy, "right": heavy, "down": light}
    assert _arms("╤")[0] == {"down": light, "left": double, "right": double}
    assert _arms("╼")[0] == {"left": light, "right": heavy}
    assert _arms("┄")[:2] == ({"left": light, "right": light}, 3)


# Rendering with rsvg-convert.

FONTS = ["DejaVu Sans Mono", "Liberation Mono", "Noto Mono",
         # A proportional font too: the grid must not depend on the font at all.
         "DejaVu Serif"]


def _have_font(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", f":family={family}", "family"],
                           capture_output=True, text=True).stdout
    return bool(found.strip())


def _render(svg: Path, family: str, tmp_path: Path) -> list[list[int]]:
    """Render SVG with FAMILY as the viewer's only font (others only for missing glyphs)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <edit name="family" mode="prepend" binding="strong"><string>{family}</string></edit>
  </match>
</fontconfig>
""", encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    matched = subprocess.run(["fc-match", "Fira Code"], capture_output=True, text=True,
                             env=env).stdout
    assert family in matched, f"the font override did not take: {matched}"
    png = svg.with_suffix(".png")
    subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True, env=env)
    return _brightness(png.read_bytes())


def _brightness(data: bytes) -> list[list[int]]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG to rows of brightness over black."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        row = []
        for x in range(0, stride, bpp):
            r, g, b = line[x:x + 3]
            alpha = line[x + 3] if bpp == 4 else 255
            row.append((r * 3 + g * 6 + b) // 10 * alpha // 255)
        rows.append(row)
    return rows


def _runs(row: list[bool]) -> list[tuple[int, int]]:
    """Return the (start, end) columns of each run of True in ROW, end exclusive."""
    runs, start = [], None
    for x, on in enumerate([*row, False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            runs.append((start, x))
            start = None
    return runs


@pytest.mark.parametrize("family", FONTS)
def test_svg_table_borders_line_up_in_any_font(tmp_path, family):
    if not shutil.which("rsvg-convert"):
        pytest.skip("rsvg-convert is not installed (Debian: apt-get install librsvg2-bin; "
                    ".ci/run installs it)")
    if not _have_font(family):
        pytest.skip(f"font {family!r} is not installed (.ci/run installs fonts-liberation "
                    "and fonts-noto-mono)")
    svg = tmp_path / "table.svg"
    _, shown = _svg(svg)
    header = next(line for line in shown.splitlines() if line.startswith("┃"))
    borders = [i for i, ch in enumerate(header) if ch == "┃"]  # one character a cell here
    assert len(borders) == 5 and "東" in shown and ARABIC in shown
    image = _render(svg, family, tmp_path)
    bright = [[v > 150 for v in row] for row in image]  # the text colour is 199, the page 41
    width = len(image[0])
    # The table's top and bottom edges: the first and last rows of pixels crossed by a line
    # over most of the image.
    rules = [y for y, row in enumerate(bright)
             if max((b - a for a, b in _runs(row)), default=0) > width / 2]
    assert rules, "no horizontal border found"
    top, bottom = rules[0], rules[-1]
    left, right = max(_runs(bright[top]), key=lambda r: r[1] - r[0])
    # A vertical border is a column lit in every row from the top edge to the bottom one,
    # give or take one pixel.
    column = [True] * width
    for row in bright[top:bottom + 1]:
        near = [any(row[max(x - 1, 0):x + 2]) for x in range(width)]
        column = [c and n for c, n in zip(column, near, strict=True)]
    strokes = [(a, b) for a, b in _runs(column) if left - 2 <= a and b <= right + 2]
    assert len(strokes) == len(borders), f"{family}: vertical borders found at {strokes}"
    assert all(b - a <= 8 for a, b in strokes), strokes
    # They stand where the text puts them: on one grid of equal cells.
    middles = [(a + b - 1) / 2 for a, b in strokes]
    cell = (middles[-1] - middles[0]) / (borders[-1] - borders[0])
    for x, c in zip(middles, borders, strict=True):
        assert abs(x - (middles[0] + (c - borders[0]) * cell)) <= 1, (middles, cell)
    # And no text reaches a border: the pixels beside each one are dark, away from the
    # horizontal lines.
    near_rules = {y + d for y in rules for d in range(-2, 3)}
    for y in range(top, bottom + 1):
        if y in near_rules:
            continue
        for a, b in strokes:
            beside = bright[y][a - 4:a - 1] + bright[y][b + 1:b + 4]
            assert not any(beside), f"{family}: text touches the border at x={a}, y={y}"
