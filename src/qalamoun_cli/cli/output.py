"""The one place where a result becomes output: table, JSON (Lines), CSV, Markdown, GeoJSON,
KML, TimelineJS, SVG.

A command hands its result to ``Output.emit``, which picks the form the --format option
chose, writes it, saves the SVG image, and says "nothing matches" with exit 1 when the
result is empty. A result that lacks the form is a bug: the command offered a format its
result cannot be written in (tests/test_cli_formats.py keeps the two in step).
"""

import sys
from pathlib import Path
from typing import Any

import click
import typer

from qalamoun_cli.cli.messages import path_shown, say
from qalamoun_cli.cli.process import is_utf8
from qalamoun_cli.errors import ExitCode, OutputError, UsageProblem
from qalamoun_cli.render.results import Result


class Output:
    """Where a command's result goes: FMT on stdout, and the table also as SVG to SVG."""

    def __init__(self, fmt: str, svg: Path | None) -> None:
        if svg is not None and fmt != "table":
            raise UsageProblem(f"--svg saves a table or chart: it needs --format table, "
                               f"not {fmt}")
        self.fmt, self.svg = fmt, svg

    def emit(self, result: Result) -> None:
        """Write RESULT in the chosen format; exit 1 (saying so) when nothing was found."""
        fmt = self.fmt
        if fmt not in result.formats():
            raise ValueError(f"{type(result).__name__} cannot be written as {fmt}")
        if fmt == "json":
            from qalamoun_cli.render.writers import write_json

            write_json(machine_stdout(), result.json())
        elif fmt == "jsonl":
            from qalamoun_cli.render.writers import write_jsonl

            write_jsonl(machine_stdout(), result.jsonl())
        elif fmt in ("csv", "markdown"):
            from qalamoun_cli.render.writers import write_csv, write_markdown

            header, rows = result.rows()
            write = write_markdown if fmt == "markdown" else write_csv
            write(machine_stdout(), header, rows)
        elif fmt in ("geojson", "timelinejs"):
            from qalamoun_cli.render.writers import write_json

            made, notes = getattr(result, fmt)(_terms(result))
            write_json(machine_stdout(), made)
            for note in notes:
                say(note)
        elif fmt == "kml":
            document, notes = result.kml(_terms(result))
            out = machine_stdout()
            out.write(document)
            out.flush()
            for note in notes:
                say(note)
        elif result.drawable():
            from qalamoun_cli.render.tables import make_console

            console = make_console(record=self.svg is not None)
            result.draw(console)
            if self.svg is not None:
                save_svg(console, self.svg, result.title)
        if not result.found:
            say(result.nothing)
            raise typer.Exit(ExitCode.NOTHING_FOUND)


def _terms(result: Result) -> Any:
    """Return the terms of the dataset RESULT is from, which a map or export carries."""
    from qalamoun_cli.terms import dataset_terms

    # The datasets read are the group options' (cli/app.py), in the current context.
    settings = click.get_current_context().find_root().obj
    return dataset_terms(settings.data if settings is not None else [], result.chronology)


def emit_count(number: int) -> None:
    """Write NUMBER alone on stdout (--count); exit 1 when it is 0, as grep -c does."""
    out = machine_stdout()
    out.write(f"{number}\n")
    out.flush()
    if not number:
        raise typer.Exit(ExitCode.NOTHING_FOUND)


def save_svg(console: Any, path: Path, title: str) -> None:
    """Save what CONSOLE recorded as an SVG image at PATH, replacing the file whole."""
    from qalamoun_cli.render.svg import export_svg
    from qalamoun_cli.stdio import replace_file

    # Not Rich's save_svg: its picture is right only in Fira Code (see render/svg.py).
    image = export_svg(console, title)
    try:
        replace_file(path, image.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"--svg {path_shown(path)}: cannot write: "
                          f"{exc.strerror or exc}") from None


def machine_stdout() -> Any:
    """Return where machine formats go: stdout, as UTF-8 whatever the locale says.

    JSON must be UTF-8 (RFC 8259) and CSV is read as UTF-8 by the tools that load it; the
    backslash escapes that keep tables printable on an ASCII terminal would corrupt them.
    """
    stream = sys.stdout
    if not is_utf8(stream) and hasattr(stream, "buffer"):
        return _Utf8Writer(stream)
    return stream


class _Utf8Writer:
    """Write text to a stream's byte buffer as UTF-8."""

    def __init__(self, stream: Any) -> None:
        stream.flush()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.buffer.write(text.encode("utf-8", "surrogatepass"))
        return len(text)

    def flush(self) -> None:
        self.stream.buffer.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()
