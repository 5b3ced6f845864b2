"""Unusable or absurd terminal widths fall back to a readable one, never to nothing."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.test_subprocess import ENTRY

# --undated: a date range alone says on stderr how many undated events it leaves out.
COMMAND = ["timeline", "--from", "2015-06-01", "--undated"]


def _run(columns: str | None, *args: str, lines: str = "40"):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["LINES"] = lines
    if columns is not None:
        env["COLUMNS"] = columns
    # No terminal on any standard stream: the width cannot come from one.
    done = subprocess.run([*ENTRY, *COMMAND, *args], stdin=subprocess.DEVNULL,
                          capture_output=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    return done.stdout


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "", " ", "²", "١٢٠", "12x", "0080x"])
def test_unusable_columns_mean_the_default_width(columns):
    out = _run(columns)
    assert out == _run(None) == _run("80")
    assert b"Hezbollah" in out


@pytest.mark.parametrize("columns", ["100000000", "99999999999999999999999"])
def test_absurd_columns_are_clamped(columns):
    out = _run(columns)
    assert out == _run("1000")
    assert b"Hezbollah" in out
    assert max(len(line.decode()) for line in out.splitlines()) <= 1000


def test_tiny_columns_are_raised_to_a_readable_minimum():
    assert _run("1") == _run("5") == _run("20")


@pytest.mark.parametrize("lines", ["0", "-1", "²"])
def test_unusable_lines_are_ignored(lines):
    assert _run("80", lines=lines) == _run("80")


@pytest.mark.parametrize("columns", ["0", "-5", "100000000"])
def test_svg_at_an_unusable_width_is_the_table(tmp_path, columns):
    svg = tmp_path / "out.svg"
    _run(columns, "--svg", str(svg))
    reference = tmp_path / "reference.svg"
    _run("80" if columns != "100000000" else "1000", "--svg", str(reference))
    assert "Hezbollah" in svg.read_text(encoding="utf-8")
    assert svg.read_bytes() == reference.read_bytes()
