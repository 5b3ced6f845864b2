"""Bounded fuzzing of the whole CLI: random command lines, random datasets, hostile text.

These are the checks that found the holes of the trust issue, kept so that they cannot come
back: whatever the arguments and the data, a run ends with a documented exit code, never a
traceback; a failure says why on stderr; JSON always parses; and no control, bidi or
zero-width character from the data reaches a terminal.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE, FIXTURES, ROOT
from tests.test_subprocess import ENTRY

# 0 ok, 1 nothing found, 2 usage, 65 invalid data, 66 unreadable input, 74 output error.
# 70 (internal error or damaged cache) is documented too, but no input should cause it here.
EXPECTED_CODES = {0, 1, 2, 65, 66}

# What must never reach a terminal raw: C0 but newline (tab is laid out by the tables), DEL,
# C1, line/paragraph separators, bidi controls and zero-width characters.
RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f"
    "\u2060\ufeff\u061c]")

HOSTILE = ("\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \x1b]8;;http://evil.example\x1b\\link"
           "\x1b]8;;\x1b\\ \x9b2J \x85 \u202eesrever\u202c \u2066iso\u2069 zero\u200bwidth"
           "\u2060\ufeff \u2028sep\u2029 \x7f [bold]b[/] :fire: <script>alert(1)</script> "
           "<img src=x onerror=alert(1)> [x](javascript:alert(1)) | *star* `tick`")

COMMANDS = ["timeline", "place", "casualties", "show", "places", "actors", "sources", "stats",
            "validate"]
FORMATS = ["table", "json", "csv", "markdown", "geojson", "kml", "timelinejs"]


def _invoke(run, args: list[str], env: dict[str, str] | None = None):
    """Run the CLI in-process; an exception escaping it fails the test as a traceback would."""
    code, out, err = run(*args, env=env)
    return code, out, err


def _check_run(args: list[str], code: int, out: str, err: str) -> None:
    assert code in EXPECTED_CODES, (args, code, err)
    assert "Traceback" not in err and "internal error" not in err, (args, err)
    if code != 0:
        assert err.strip(), (args, code, "a failure must say why on stderr")
    assert not RAW_UNSAFE.search(err), (args, err)
    fmt = _format_of(args)
    if code == 0 and fmt in ("json", "geojson", "timelinejs") and out.strip():
        json.loads(out)
    if code == 0 and fmt == "kml":
        import xml.etree.ElementTree as ET

        ET.fromstring(out.encode("utf-8"))  # well-formed, whatever the text held


def _format_of(args: list[str]) -> str:
    for flag in ("--format", "-f"):
        if flag in args:
            index = args.index(flag)
            if index + 1 < len(args):
                return args[index + 1]
    return "table"


# --- random command lines ---------------------------------------------------------------------

_VALUES = st.one_of(
    st.sampled_from(["2015-05-13", "2015-06-21", "2015-02-30", "2015-13-01", "0001-01-01",
                     "9999-12-31", "15-05-13", "", " ", "-", "--", "--help", "Arsal",
                     "Tallat Mussa", "SOHR", "Hezbollah", "pro-government", "killed",
                     "capture", "campaign", "incident", "json", "table", "csv", "0", "-1",
                     "9" * 60, "Jaroud Jarajir", "x" * 3000, HOSTILE]),
    st.text(max_size=30),
)

_OPTIONS = ["--from", "--to", "--place", "-p", "--actor", "-a", "--source", "-s", "--type",
            "-t", "--format", "-f", "--party", "--outcome", "--scope", "--totals", "--limit",
            "--country", "--kind", "--side", "--located", "--debug", "--svg", "--data",
            "--version", "--bogus", "-h", "--help"]

_TOKEN = st.one_of(st.sampled_from(_OPTIONS), _VALUES)


@st.composite
def argvs(draw) -> list[str]:
    argv: list[str] = []
    if draw(st.booleans()):
        argv.append(draw(st.sampled_from(COMMANDS + ["timline", "", "--data", "-x"])))
    else:
        argv.append(draw(st.sampled_from(COMMANDS)))
    for _ in range(draw(st.integers(0, 6))):
        option = draw(st.sampled_from(_OPTIONS))
        if option in ("--svg", "--data", "--debug", "--version", "--help", "-h"):
            # Files are written and read in their own tests; here they stay harmless.
            continue
        argv.append(option)
        if draw(st.integers(0, 4)):
            argv.append(draw(_VALUES))
    if draw(st.booleans()):
        argv.append(draw(_TOKEN))
    return [token for token in argv if token not in ("--svg", "--data", "--help", "-h")]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=argvs(), dataset=st.sampled_from(["shipped", "example", "hostile", "awkward"]))
def test_random_command_lines_end_cleanly(run, argv, dataset):
    data = {"shipped": [], "example": ["--data", str(EXAMPLE)],
            "hostile": ["--data", str(FIXTURES / "hostile.yaml")],
            "awkward": ["--data", str(FIXTURES / "awkward.yaml")]}[dataset]
    args = [*data, *argv]
    code, out, err = _invoke(run, args)
    _check_run(args, code, out, err)


# --- random datasets --------------------------------------------------------------------------

_BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _paths(node, prefix=()):
    """Yield the path of every node below NODE (mappings by key, lists by index)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


_PATHS = [path for path in _paths(_BASE) if path]

_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.floats(),
    st.text(max_size=20), st.sampled_from([HOSTILE, "2015-05-13", "9999-12-31", "0001-01-01",
                                           "", "sohr", "opposition", "killed", "day", "x" * 500]),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5),
                                                               st.integers(), max_size=2),
)


def _set(tree, path, value):
    node = tree
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _delete(tree, path):
    node = tree
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]


@st.composite
def datasets(draw) -> str:
    tree = copy.deepcopy(_BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_PATHS))
        try:
            if draw(st.booleans()):
                _set(tree, path, draw(_LEAVES))
            else:
                _delete(tree, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path's parent
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=datasets(), command=st.sampled_from([
    ["validate"], ["timeline"], ["timeline", "--format", "json"], ["casualties"],
    ["casualties", "--totals", "--format", "json"], ["place", "Arsal"], ["stats"],
    ["places", "--format", "geojson"], ["show", "2015-05-13-tallat-mussa-captured"]]))
def test_random_datasets_are_answered_or_refused_cleanly(run, text, command):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.yaml"
        path.write_text(text, encoding="utf-8")
        args = ["--data", str(path), *command]
        if command == ["validate"]:
            args = ["validate", str(path)]
        code, out, err = _invoke(run, args)
        _check_run(args, code, out, err)
        if code == 65:
            # An invalid dataset names the file and the position of each problem.
            assert re.search(r"data\.yaml:\d+:\d+: ", err + out), err


# --- hostile text in every field --------------------------------------------------------------

# Fields whose values refer to other records or to a vocabulary: hostile text there makes the
# dataset invalid (checked separately), not displayable.
_REFERENCES = {"id", "side", "kind", "parent", "part_of", "source", "party", "outcome",
               "places", "actors", "sources", "type", "precision", "anchor", "start", "end",
               "coord_precision", "country", "schema_version", "lat", "lon", "low", "high"}


def _poison(node, key=None):
    """Append the hostile text to every free-text string below NODE."""
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    if isinstance(node, str) and key not in _REFERENCES:
        return f"{node} {HOSTILE}"
    return node


@pytest.fixture(scope="module")
def hostile_everywhere(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "everywhere.yaml"
    path.write_text(yaml.safe_dump(_poison(_BASE), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _commands(path: Path) -> list[list[str]]:
    poisoned_place = f"Arsal {HOSTILE}"
    return [
        ["timeline"], ["place", "Arsal"], ["place", poisoned_place], ["place", "Qqqqzzzz"],
        ["casualties"], ["casualties", "--totals"], ["casualties", "--scope", "campaign"],
        ["show", "2015-05-13-tallat-mussa-captured"], ["places"], ["actors"], ["sources"],
        ["stats"], ["timeline", "--place", "Nowhere at all"],
        ["timeline", "--source", "SOHR Syrian"],
    ]


def test_every_field_hostile_dataset_is_valid(run, hostile_everywhere):
    code, out, err = run("validate", str(hostile_everywhere))
    assert code == 0, err


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_in_every_field_piped(run, hostile_everywhere, fmt):
    for command in _commands(hostile_everywhere):
        args = ["--data", str(hostile_everywhere), *command, "--format", fmt]
        code, out, err = run(*args)
        if code == 2 and "--format" in err:
            continue  # a format this command does not offer
        _check_run(args, code, out, err)
        if fmt in ("json", "geojson", "timelinejs"):
            if code == 0:
                # Escaped on the wire, verbatim once parsed.
                assert not RAW_UNSAFE.search(out), (args, out)
                if fmt == "json" and command[0] in ("timeline", "show", "actors"):
                    assert any(HOSTILE in text for text in _strings(json.loads(out))), args
        elif fmt == "csv":
            # Piped CSV is the data verbatim, for programs: it parses, and gives the text back.
            cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
            if code == 0 and command[0] in ("timeline", "actors", "sources", "places"):
                assert any(HOSTILE in c for c in cells), args
        else:
            assert not RAW_UNSAFE.search(out), (args, out)
        if fmt == "markdown" and code == 0:
            # Escaped so that a Markdown renderer shows them as text: no tag, no link.
            assert "<script>" not in out and "<img " not in out, args
            assert not re.search(r"(?<!\\)\]\(javascript:", out), args


def _strings(node):
    """Yield every string inside a parsed JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _run_on_terminal(args: list[str], columns: int = 100) -> tuple[int, bytes, bytes]:
    """Run the entry point with stdout on a pseudo-terminal; return (code, stdout, stderr)."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([*ENTRY, *args], stdout=slave, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(master)
    err = process.stderr.read()
    process.stderr.close()
    return process.wait(timeout=60), b"".join(chunks), err


_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_hostile_text_in_every_field_on_a_terminal(hostile_everywhere, fmt):
    for command in (["timeline"], ["casualties"], ["place", "Qqqqzzzz"],
                    ["show", "2015-05-13-tallat-mussa-captured"], ["stats"]):
        args = ["--data", str(hostile_everywhere), *command, "--format", fmt]
        code, out, err = _run_on_terminal(args)
        text, errors = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if code == 2 and "--format" in errors:
            continue
        assert code in EXPECTED_CODES, (args, code, errors)
        assert "Traceback" not in errors, errors
        # Colour is ours to write (SGR); nothing else from the data may reach the terminal.
        assert not RAW_UNSAFE.search(_SGR.sub("", text).replace("\r", "")), (args, text)
        assert not RAW_UNSAFE.search(errors), (args, errors)


def test_hostile_identifiers_are_reported_harmlessly(run, tmp_path):
    tree = copy.deepcopy(_BASE)
    tree["events"][0]["id"] = HOSTILE
    tree["events"][0]["places"] = [HOSTILE]
    tree["sources"][0]["kind"] = HOSTILE
    path = tmp_path / "ids.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    for args in (["validate", str(path)], ["--data", str(path), "timeline"]):
        code, out, err = run(*args)
        assert code == 65, (args, err)
        assert "Traceback" not in err
        assert not RAW_UNSAFE.search(err) and not RAW_UNSAFE.search(out), (args, err)
        assert re.search(r"ids\.yaml:\d+:\d+: ", err + out)
