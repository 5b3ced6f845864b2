"""JSON and CSV output, written straight to a stream: never through Rich."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def write_json(stream: TextIO, value: Any) -> None:
    """Write VALUE as indented JSON (UTF-8 text, not \\u escapes), then a newline.

    json.dumps escapes C0 controls; C1 and bidi controls are escaped too so that piping
    JSON to a terminal cannot drive it.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    stream.write(_escape_c1(text) + "\n")


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as RFC 4180 CSV; None becomes an empty cell.

    Cells are written as they are, so that CSV round-trips any text; only when the stream
    is a terminal are control characters shown as escapes, so that they cannot drive it.
    """
    import csv

    from qalamoun_cli.render.text import sanitize

    clean = sanitize if _isatty(stream) else None
    # Every text cell is quoted: the csv module leaves a lone "\r" unquoted otherwise,
    # which no reader can read back.
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    for row in rows:
        # JSON's spelling for booleans: csv would write Python's True/False.
        cells = ["" if v is None else ("true" if v else "false") if isinstance(v, bool) else v
                 for v in row]
        if clean:
            cells = [clean(c) if isinstance(c, str) else c for c in cells]
        writer.writerow(cells)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


_C1_AND_BIDI = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_c1(text: str) -> str:
    return _C1_AND_BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_markdown(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a GitHub-flavoured Markdown table; pipes and line breaks in cells are escaped."""
    from qalamoun_cli.render.text import sanitize

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        text = sanitize(str(value))
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    stream.write("| " + " | ".join(cell(h) for h in header) + " |\n")
    stream.write("|" + "|".join("---" for _ in header) + "|\n")
    for row in rows:
        stream.write("| " + " | ".join(cell(v) for v in row) + " |\n")
