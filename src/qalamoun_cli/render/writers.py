"""Writers of JSON, CSV and Markdown, straight to a stream: never through Rich."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from qalamoun_cli.safetext import escape_json, sanitize

# Writes are gathered into pieces of about this many characters. Standard output writes each
# piece with a system call of its own (stdio.FdWriter): a small output leaves in one write,
# as before records were written one at a time, and a large one streams in few writes.
CHUNK = 64 * 1024


class _Chunks:
    """A stream that passes writes on to STREAM in pieces of about CHUNK characters."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.parts, self.size = stream, [], 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.stream.write("".join(self.parts))
            self.parts, self.size = [], 0


def write_json(stream: TextIO, value: Any) -> None:
    """Write VALUE as indented JSON (UTF-8 text, not \\u escapes), then a newline.

    json.dumps escapes C0 controls; what else the sanitiser escapes (C1 and bidi controls,
    zero-width characters, U+2028 and U+2029, which end a line in JavaScript) is written
    as \\u escapes too, so that piping JSON to a terminal cannot drive it. The value is
    the same. The text is json.dumps(value, ensure_ascii=False, indent=2)'s, byte for byte
    (render/json_text.py writes it faster); a list is written an item at a time.
    """
    from qalamoun_cli.render.json_text import indented

    if type(value) is not list or not value:
        stream.write(escape_json(indented(value)) + "\n")
        return
    out = _Chunks(stream)
    sep = "[\n  "
    for item in value:
        out.write(escape_json(sep + indented(item, 1)))
        sep = ",\n  "
    out.write("\n]\n")
    out.flush()


def write_jsonl(stream: TextIO, records: Iterable[Any]) -> None:
    """Write each record as one line of compact JSON (JSON Lines), escaped as write_json does.

    Records are written as they come, so that a large result streams; none writes nothing.
    """
    from qalamoun_cli.render.json_text import compact

    out = _Chunks(stream)
    for record in records:
        out.write(escape_json(compact(record)) + "\n")
    out.flush()


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as RFC 4180 CSV; None becomes an empty cell.

    Cells are written as they are, so that CSV round-trips any text; only when the stream
    is a terminal are control characters shown as escapes, so that they cannot drive it.
    """
    import csv

    clean = sanitize if _isatty(stream) else None
    # Every text cell is quoted: the csv module leaves a lone "\r" unquoted otherwise,
    # which no reader can read back.
    out = _Chunks(stream)
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    for row in rows:
        # JSON's spelling for booleans: csv would write Python's True/False.
        cells = ["" if v is None else ("true" if v else "false") if isinstance(v, bool) else v
                 for v in row]
        if clean:
            cells = [clean(c) if isinstance(c, str) else c for c in cells]
        writer.writerow(cells)
    out.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# What a Markdown renderer would read as markup rather than text: HTML (tags, entities)
# becomes character references; emphasis, code, links and images, strikethrough and the
# cell separator get a backslash. An underscore between two letters or digits can neither
# open nor close emphasis (CommonMark) and is left as it is: part_of, as_reported.
_MARKDOWN = re.compile(r"[\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])|[&<>]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(text: str) -> str:
    """Return TEXT (sanitised) so that a Markdown table cell shows it literally."""
    return _MARKDOWN.sub(lambda m: _HTML.get(m.group()) or "\\" + m.group(),
                         sanitize(text)).replace("\n", "<br>")


def write_markdown(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a GitHub-flavoured Markdown table whose cells show their text literally."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return markdown_text(str(value))

    out = _Chunks(stream)
    out.write("| " + " | ".join(cell(h) for h in header) + " |\n")
    out.write("|" + "|".join("---" for _ in header) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(cell(v) for v in row) + " |\n")
    out.flush()
