"""Every pinned command prints exactly its golden output (refresh: scripts/update_golden.py)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT
from tests.golden_cases import CASES, WIDTH, normalise


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_golden_output(run, name, args, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run(*args, env={"COLUMNS": WIDTH, "LINES": "40"})
    got = (f"$ qalamoun {' '.join(args)}\nexit: {code}\n--- stdout\n{normalise(out)}\n"
           f"--- stderr\n{normalise(err)}\n")
    expected = (ROOT / "tests" / "golden" / f"{name}.txt").read_text(encoding="utf-8")
    assert got == expected, f"{name}: run scripts/update_golden.py and review the diff"


def test_every_golden_file_has_a_case():
    files = {path.stem for path in (ROOT / "tests" / "golden").glob("*.txt")}
    assert files == {name for name, _ in CASES}
    assert os.environ["COLUMNS"] == "120"  # the suite's width; goldens set their own
