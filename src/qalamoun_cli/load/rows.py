"""Rows of a CSV file (plain or gzip-compressed), each with the line it starts on.

The standard datasets (UCDP GED, ACLED) are CSV files whose cells may hold a newline
(GED's `source_article` does): a row's line is its first physical line, which is where an
editor shows it. The bytes are decoded as UTF-8 in one go, so a wrong encoding is one
`file:line:column` problem before any row is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from qalamoun_cli.errors import MAX_FILE_BYTES, Problem

GZIP_MAGIC = b"\x1f\x8b"


class Unreadable(Exception):
    """The file cannot be read as CSV at all; PROBLEM says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def text_of(name: str, raw: bytes) -> str:
    """Return RAW (gunzipped when it is gzip) as text, or raise Unreadable."""
    from qalamoun_cli.load.nodes import decode

    if raw.startswith(GZIP_MAGIC):
        import gzip
        import zlib

        try:
            # Read to the cap and one byte more, never all of it: 300 KB of gzip may hold
            # gigabytes (the cap counts what is read, as for a plain file).
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise Unreadable(Problem(name, 0, 0, f"file is too large (over "
                                                     f"{MAX_FILE_BYTES} bytes uncompressed)"))
        except EOFError:
            raise Unreadable(Problem(name, 0, 0, "gzip: the compressed file is truncated "
                                                 "(it ends before its end marker)")) from None
        except (OSError, zlib.error) as exc:
            raise Unreadable(Problem(name, 0, 0, f"gzip: cannot decompress: {exc}")) from None
    text, problem = decode(name, raw)
    if problem is not None:
        raise Unreadable(problem)
    assert text is not None
    return text


def header_of(name: str, text: str) -> list[str]:
    """Return the first row of TEXT (the column names), or [] for an empty file.

    Raises Unreadable when a name is there twice: which of the two columns would count?
    """
    first = next(csv.reader(io.StringIO(text, newline="")), None)
    header = [] if first is None else [c.strip() for c in first]
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise Unreadable(Problem(name, 1, 0, f"the header names the column"
                                             f"{'s' if len(twice) > 1 else ''} "
                                             f"{', '.join(twice)} twice"))
    return header


def rows(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) for each row after the header; raise Unreadable on bad CSV.

    A row with fewer or more cells than the header is reported by the caller, which knows
    the columns; a quote left open at the end of the file (a truncated file) is raised
    here, at the line where the row that never ends begins.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        next(reader, None)
        line = reader.line_num + 1
        for cells in reader:
            if cells:  # a blank line is no row (csv yields [] for it)
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        message = str(exc)
        if "unexpected end of data" in message or "EOF" in message:
            message = "the file ends inside a quoted cell (a truncated file?)"
        raise Unreadable(Problem(name, line, 0, f"CSV: {message}")) from None
