"""Pin the terminal for the whole run, and share runners and fixture datasets."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

for _name in ("FORCE_COLOR", "GITHUB_ACTIONS", "PY_COLORS", "CLICOLOR_FORCE", "QALAMOUN_DATA",
              "TTY_COMPATIBLE"):
    os.environ.pop(_name, None)
os.environ.update({"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "120", "LINES": "40"})
# Keep the compiled-dataset cache out of the user's home.
os.environ["QALAMOUN_CACHE_DIR"] = tempfile.mkdtemp(prefix="qalamoun-test-cache-")
atexit.register(shutil.rmtree, os.environ["QALAMOUN_CACHE_DIR"], ignore_errors=True)

# Property tests: "ci" runs the same examples every time, so that a landing never depends on
# luck; "dev" (the default elsewhere) draws new ones on every run, to keep finding bugs. Timing
# is not what the tests check, and a shared CI machine can be slow: no deadline, no too_slow.
# Both start from Hypothesis's own defaults, not from whatever profile it chose by itself.
_base = settings.get_profile("default")
settings.register_profile("ci", _base, derandomize=True, database=None, max_examples=200,
                          deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", _base, derandomize=False, deadline=None, print_blob=True)
_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))

from typer.testing import CliRunner  # noqa: E402

from qalamoun_cli.cli.app import app  # noqa: E402

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
