"""What the command line says on stderr: one line a message, sanitised, named after us.

A message echoes what the user typed and what the data holds: a 30,000-character query must
not flood the terminal, and control characters in it must not reach it.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

PROG = "qalamoun"
# Names and queries are cut at 80 characters (safetext.shown); paths are echoed longer,
# because their end is what tells them apart; a whole message is cut at 500.
PATH_SHOWN = 200
MESSAGE_SHOWN = 500


def say(text: str) -> None:
    """Write 'qalamoun: TEXT' to stderr, whole (ids listed in it are never cut)."""
    write_stderr(f"{PROG}: {text}")


def notice(message: str) -> None:
    """Write 'qalamoun: MESSAGE' to stderr, shortened to one line."""
    from qalamoun_cli.safetext import one_line

    write_stderr(f"{PROG}: {one_line(message, MESSAGE_SHOWN)}")


def fail(message: str, code: int) -> NoReturn:
    """Say MESSAGE and exit with CODE."""
    notice(message)
    sys.exit(code)


def shown(text: str) -> str:
    """Return a name or query as it is echoed: quoted, sanitised, cut."""
    from qalamoun_cli.safetext import shown as quoted

    return quoted(text)


def path_shown(path: Any) -> str:
    """Return a path as it is echoed: one line, up to PATH_SHOWN characters."""
    from qalamoun_cli.safetext import one_line

    return one_line(path, PATH_SHOWN)


def write_stderr(text: str) -> None:
    """Write TEXT to stderr as one line; whatever it echoes, no control reaches the terminal."""
    from qalamoun_cli.safetext import sanitize_line

    line = sanitize_line(text[:-1] if text.endswith("\n") else text)
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
