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


class QalamounError(Exception):
    """Base of every error the user is meant to see as a message."""

    exit_code = ExitCode.INTERNAL


class Problem(NamedTuple):
    """One thing wrong with a data file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


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


class CacheDamaged(QalamounError):
    """An entry of the compiled-dataset cache could not be read back (it has been removed)."""

    exit_code = ExitCode.INTERNAL


class OutputError(QalamounError):
    """A file the user asked us to write (--svg) cannot be written."""

    exit_code = ExitCode.CANNOT_CREATE
