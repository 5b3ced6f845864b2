"""Read a command line once: the group options, wherever typed, and the command.

People write `qalamoun timeline --data mine/` as often as `qalamoun --data mine/ timeline`;
both mean the same. Click parses group options only before the command, so the process
moves them there; completion needs the --data value of a half-typed line, and start-up the
name of the command. This is the one place that knows which group options take a value.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from qalamoun_cli.errors import UsageProblem

# Group options that may follow the command: whether each takes a value.
GROUP_OPTIONS = {"--data": True, "--debug": False, "--skip-invalid": False}


class CommandLine(NamedTuple):
    """A command line split at its command; group options typed after it are in GROUP."""

    group: list[str]
    command: str | None
    rest: list[str]

    def args(self) -> list[str]:
        """Return the line with every group option before the command, as Click reads it."""
        return [*self.group, *([self.command] if self.command is not None else []),
                *self.rest]

    def data(self) -> list[str]:
        """Return the --data values given, in order (each names a dataset)."""
        values = []
        words = iter(self.group)
        for word in words:
            if word == "--data":
                value = next(words, None)
                if value is not None:
                    values.append(value)
            elif word.startswith("--data="):
                values.append(word.split("=", 1)[1])
        return values


def split(argv: list[str], *, strict: bool = True) -> CommandLine:
    """Split ARGV at its command (the first word that is neither an option nor a value).

    Arguments after `--` are left alone. STRICT refuses a --data with no value after the
    command (completion reads half-typed lines and passes False).
    """
    position = 0
    while position < len(argv) and argv[position].startswith("-"):
        if argv[position] == "--":
            return CommandLine([], None, argv)
        position += 1 + GROUP_OPTIONS.get(argv[position], False)
    if position >= len(argv):
        return CommandLine(argv, None, [])
    group, command, rest, after = argv[:position], argv[position], [], argv[position + 1:]
    i = 0
    while i < len(after):
        arg = after[i]
        if arg == "--":
            rest += after[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GROUP_OPTIONS and (name == arg or GROUP_OPTIONS[name]):
            takes = GROUP_OPTIONS[name] and name == arg
            if takes and i + 1 == len(after) and strict:
                raise UsageProblem(f"{name} needs a value (see 'qalamoun --help')")
            group += after[i:i + 1 + takes]
            i += 1 + takes
            continue
        rest.append(arg)
        i += 1
    return CommandLine(group, command, rest)


def completed_data() -> list[str]:
    """Return the --data values of the line being completed (bash's COMP_WORDS), if any.

    Click parses only the group options before the command when completing, and
    `qalamoun place --data mine/ Ja<TAB>` must complete from mine/.
    """
    import shlex

    line = os.environ.get("COMP_WORDS", "")
    try:
        words = shlex.split(line)
    except ValueError:  # an unclosed quote in the line being typed
        words = line.split()
    # The shell has not expanded ~ in the words it passes for completion.
    return [os.path.expanduser(d) for d in split(words[1:], strict=False).data()]
