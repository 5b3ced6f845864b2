"""The project's exceptions and the exit-code table.

Domain code raises these; only the CLI turns them into exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    NOTHING_FOUND = 1
    USAGE = 2
    BAD_DATA = 65
    MISSING_INPUT = 66
    INTERNAL = 70
    CANNOT_CREATE = 73
    OUTPUT_FAILED = 74
    INTERRUPTED = 130
    STDOUT_CLOSED = 141


# The one table of exit codes: (short words for --help, the README's sentence). The
# epilog of --help and the README's table are made from it (scripts/update_readme.py).
EXIT_CODES: dict[ExitCode, tuple[str, str]] = {
    ExitCode.OK: ("ok", "success"),
    ExitCode.NOTHING_FOUND: (
        "nothing found",
        "nothing found (no event, place or claim matches): JSON output is `[]` (for "
        "`stats`, an object with empty lists), JSON Lines output empty; or a name or word "
        "typed to select them (`--place`, `--side`, `--type`, ...) names none: nothing on "
        "stdout, the closest names on stderr"),
    ExitCode.USAGE: (
        "usage error",
        "usage error: bad option value, bad date, reversed range, empty query, ambiguous name, "
        "an option that takes one value given twice, an `--svg` FILE that cannot be one, an "
        "`export` file that exists (without `--force`)"),
    ExitCode.BAD_DATA: (
        "invalid data",
        "invalid data (YAML syntax, schema, duplicate keys, anchors, unknown references, "
        "impossible dates); `file:line:column: message` on stderr"),
    ExitCode.MISSING_INPUT: (
        "missing input",
        "missing or unreadable input (`--data` path, dataset file), also one moved or removed "
        "while the command reads it"),
    ExitCode.INTERNAL: (
        "internal error",
        "internal error (a bug, or an unexpected operating-system error): one line on stderr; "
        "rerun with `--debug` for the traceback. Also a damaged compiled-dataset cache entry: "
        "it is removed, and the next run rebuilds it"),
    ExitCode.CANNOT_CREATE: (
        "cannot write file",
        "a file the command was asked to write (`--svg FILE`, `export sqlite OUT.db`) cannot "
        "be written (no such folder, no permission, disk full); an old file of that name is "
        "left as it was"),
    ExitCode.OUTPUT_FAILED: (
        "cannot write output",
        "the output cannot be written whole (disk full, `/dev/full`, I/O error), even when "
        "only its end was lost"),
    ExitCode.INTERRUPTED: (
        "interrupted",
        "interrupted (Ctrl-C); SIGTERM and SIGHUP end qalamoun by that signal, as they end "
        "any program (status 143 and 129 in a shell). Any of the three while a file is "
        "written (`--svg`, `export`) first removes its temporary file"),
    ExitCode.STDOUT_CLOSED: (
        "stdout closed",
        "the reader of stdout went away (`qalamoun … \\| head -1`): quiet, like other Unix "
        "tools"),
}


def exit_codes_epilog() -> str:
    """Return the exit codes in one sentence, for --help."""
    return "Exit codes: " + ", ".join(f"{int(code)} {short}"
                                      for code, (short, _) in EXIT_CODES.items()) + "."


def exit_codes_table() -> str:
    """Return the exit codes as the README's Markdown table."""
    rows = [f"| {int(code)} | {long} |" for code, (_, long) in EXIT_CODES.items()]
    return "\n".join(["| code | meaning |", "|---|---|", *rows])


class QalamounError(Exception):
    """Base of every error the user is meant to see as a message."""

    exit_code = ExitCode.INTERNAL


# The most a data file may hold, read or uncompressed: every reader applies it.
MAX_FILE_BYTES = 256 * 1024 * 1024


class Problem(NamedTuple):
    """One thing wrong with a data file, at a 1-based line and column.

    Column 0: the problem is about the line (a CSV row names its column in MESSAGE). A
    WARNING does not make the file invalid: a standard dataset's figures as published,
    kept and marked (see load/tables.py).
    """

    path: str
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        text = self.message if not self.warning else f"warning: {self.message}"
        if self.line <= 0:
            return f"{self.path}: {text}"
        if self.column <= 0:
            return f"{self.path}:{self.line}: {text}"
        return f"{self.path}:{self.line}:{self.column}: {text}"


class DataError(QalamounError):
    """The dataset is invalid; carries every problem found."""

    exit_code = ExitCode.BAD_DATA

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        first = str(self.problems[0]) if self.problems else "invalid dataset"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''}; run 'qalamoun validate')" \
            if more > 0 else ""
        super().__init__(first + suffix)


class MissingInputError(QalamounError):
    """A file or folder the user named cannot be read."""

    exit_code = ExitCode.MISSING_INPUT


class UsageProblem(QalamounError):
    """An option value that parses but makes no sense (reversed range, unknown name)."""

    exit_code = ExitCode.USAGE


class BadValue(UsageProblem):
    """A value given to a query cannot be used.

    The message names the value, not where it was typed: the CLI adds the option's name.
    """


class UnknownName(BadValue):
    """A name or word typed to select records names none: nothing can be found (exit 1).

    The message gives the closest names; a malformed or ambiguous value stays a usage error.
    """

    exit_code = ExitCode.NOTHING_FOUND


class CacheDamaged(QalamounError):
    """An entry of the compiled-dataset cache could not be read back (it has been removed)."""

    exit_code = ExitCode.INTERNAL


class OutputError(QalamounError):
    """A file the user asked us to write (--svg, export) cannot be written."""

    exit_code = ExitCode.CANNOT_CREATE
