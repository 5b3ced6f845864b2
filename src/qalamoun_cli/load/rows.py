"""Rows of a CSV file (plain or gzip-compressed), each with the line it starts on.

The standard datasets (UCDP GED, ACLED) are CSV files whose cells may hold a newline
(GED's `source_article` does): a row's line is its first physical line, which is where an
editor shows it. The bytes are checked as UTF-8 before any row is read, so a wrong
encoding is one `file:line:column` problem; the rows are then decoded as they are read.
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


def text_of(name: str, raw: bytes) -> bytes:
    """Return RAW, gunzipped when it is gzip and checked to be UTF-8, or raise Unreadable.

    The bytes are checked a piece at a time and read as text through lines_of: the file
    as one string (up to four bytes a character, twice over in a StringIO) would be most of
    the memory a 400,000-row file takes.
    """
    from qalamoun_cli.load.nodes import utf8_problem

    raw = gunzipped(name, raw)
    problem = utf8_problem(name, raw)  # where the first bad byte is, as for YAML
    if problem is not None:
        raise Unreadable(problem)
    return raw


def gunzipped(name: str, raw: bytes) -> bytes:
    """Return RAW, gunzipped (up to the cap) when it is gzip, or raise Unreadable."""
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
    return raw


def lines_of(raw: bytes) -> io.TextIOWrapper:
    """Return the text of RAW (UTF-8, checked by text_of; a BOM skipped) as a stream.

    newline="": lines end at \n, \r or \r\n and keep their ends, as csv needs them (the
    same lines as io.StringIO(text, newline="") gives).
    """
    stream = io.BytesIO(raw)  # shares RAW's memory until written to (never)
    if raw.startswith(b"\xef\xbb\xbf"):
        stream.seek(3)
    return io.TextIOWrapper(stream, encoding="utf-8", newline="")


def header_of(name: str, raw: bytes) -> list[str]:
    """Return the first row of RAW (the column names), or [] for an empty file.

    Raises Unreadable when a name is there twice: which of the two columns would count?
    """
    first = next(csv.reader(lines_of(raw)), None)
    header = [] if first is None else [c.strip() for c in first]
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise Unreadable(Problem(name, 1, 0, f"the header names the column"
                                             f"{'s' if len(twice) > 1 else ''} "
                                             f"{', '.join(twice)} twice"))
    return header


def rows(name: str, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) for each row after the header; raise Unreadable on bad CSV.

    A row with fewer or more cells than the header is reported by the caller, which knows
    the columns; a quote left open at the end of the file (a truncated file) is raised
    here, at the line where the row that never ends begins.
    """
    # A cell may be as long as a file may be (GED's source_article can be long): the csv
    # module's own limit, 128 KiB, would refuse the whole file in its own words.
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(lines_of(raw), strict=True)
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
