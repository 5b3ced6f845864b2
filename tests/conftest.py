"""Pin the terminal for the whole run, and share runners and fixture datasets."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

for _name in ("FORCE_COLOR", "GITHUB_ACTIONS", "PY_COLORS", "CLICOLOR_FORCE", "QALAMOUN_DATA",
              "TTY_COMPATIBLE"):
    os.environ.pop(_name, None)
os.environ.update({"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "120", "LINES": "40"})
# Keep the compiled-dataset cache out of the user's home.
os.environ["QALAMOUN_CACHE_DIR"] = tempfile.mkdtemp(prefix="qalamoun-test-cache-")
atexit.register(shutil.rmtree, os.environ["QALAMOUN_CACHE_DIR"], ignore_errors=True)

from typer.testing import CliRunner  # noqa: E402

from qalamoun_cli.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "minimal.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def run():
    """Invoke the CLI in-process; return (exit_code, stdout, stderr)."""

    def invoke(*args: str, env: dict[str, str] | None = None):
        runner = CliRunner()
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture
def run_json(run):
    """Invoke the CLI with --format json and return (exit_code, parsed stdout)."""

    def invoke(*args: str):
        code, out, err = run(*args, "--format", "json")
        assert code in (0, 1), err
        return code, json.loads(out)

    return invoke
