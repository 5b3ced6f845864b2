"""Refresh the example outputs in README.md by running the commands they show.

Run: python scripts/update_readme.py   (with qalamoun installed)
Each block between `<!-- output: COMMAND -->` and `<!-- end output -->` is replaced by the
command and its real output at 100 columns, so the README never shows invented output; the
exit-code table is made from qalamoun_cli/errors.py, the one list of exit codes.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- output: (?P<command>.+?) -->\n).*?(<!-- end output -->)", re.S)


def render(match: re.Match[str]) -> str:
    command = match.group("command")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(shlex.split(command), capture_output=True, text=True, env=env,
                          check=False)
    output = (done.stdout + done.stderr).rstrip()
    output = "\n".join(line.rstrip() for line in output.splitlines())
    return f"{match.group(1)}```console\n$ {command}\n{output}\n```\n{match.group(3)}"


EXIT_CODES = re.compile(r"(<!-- exit-codes: [^\n]*-->\n).*?(\n<!-- end exit-codes -->)", re.S)


def main() -> None:
    from qalamoun_cli.errors import exit_codes_table

    text = README.read_text(encoding="utf-8")
    text = EXIT_CODES.sub(lambda m: m.group(1) + exit_codes_table() + m.group(2), text)
    README.write_text(BLOCK.sub(render, text), encoding="utf-8")


if __name__ == "__main__":
    main()
