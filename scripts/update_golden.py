"""Refresh the golden outputs in tests/golden/ by running the commands they pin.

Run: python scripts/update_golden.py   (with qalamoun installed, from the repository)
Review the diff: a change there is a change users see.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.golden_cases import CASES, WIDTH, normalise  # noqa: E402


def main() -> None:
    os.chdir(ROOT)
    os.environ.update({"COLUMNS": WIDTH, "LINES": "40", "NO_COLOR": "1", "TERM": "dumb"})
    from typer.testing import CliRunner

    from qalamoun_cli.cli.app import app

    folder = ROOT / "tests" / "golden"
    for name, args in CASES:
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        text = (f"$ qalamoun {' '.join(args)}\nexit: {result.exit_code}\n--- stdout\n"
                f"{normalise(result.stdout)}\n--- stderr\n{normalise(result.stderr)}\n")
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
