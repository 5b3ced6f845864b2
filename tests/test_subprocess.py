"""What CliRunner cannot show: the installed entry point, pipes, locales, colour, signals."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import FIXTURES

EXE = shutil.which("qalamoun")
ENTRY = [EXE] if EXE else [sys.executable, "-m", "qalamoun_cli"]


def run(*args: str, env: dict[str, str] | None = None, **kwargs):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*ENTRY, *args], capture_output=True, env=full_env, timeout=60,
                          **kwargs)


def test_module_and_entry_point_work_from_any_folder(tmp_path):
    for command in (ENTRY, [sys.executable, "-m", "qalamoun_cli"]):
        done = subprocess.run([*command, "timeline", "--from", "2015-06-16", "--to",
                               "2015-06-16", "--format", "json"], capture_output=True,
                              cwd=tmp_path, timeout=60)
        assert done.returncode == 0, done.stderr
        assert b'"id": "2015-06-16-' in done.stdout


def test_cli_module_imports_nothing_heavy():
    code = ("import sys, qalamoun_cli.cli.app; "
            "print(sorted(m for m in ('yaml', 'rapidfuzz', 'rich.table', 'pydantic') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_help_does_not_parse_the_dataset(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: [", encoding="utf-8")
    done = run("--data", str(broken), "timeline", "--help")
    assert done.returncode == 0
    assert b"--from" in done.stdout


def test_quick_exit_keeps_all_output_and_exit_codes(tmp_path):
    # The entry point leaves with os._exit: nothing buffered may be lost on the way out.
    for args in (["timeline", "--format", "json"], ["timeline", "--format", "csv"],
                 ["timeline"]):
        # Named by its path, the shipped folder's records say "data", not "qalamoun".
        done = run("--data", str(FIXTURES.parent.parent / "data"), *args)
        assert done.returncode == 0, done.stderr
        whole = run(*args)
        assert done.stdout.replace(b'"data"', b'"qalamoun"') == whole.stdout
    events = json.loads(run("timeline", "--format", "json").stdout)
    assert len(events) > 50
    assert run("timeline", "--format", "csv").stdout.count(b"\n") > len(events)
    nothing = run("place", "Nowhere at all")
    assert (nothing.returncode, nothing.stdout) == (1, b"")
    assert nothing.stderr.startswith(b"qalamoun: no place matches")
    assert run("timeline", "--from", "2015-13-01").returncode == 2
    assert run("--data", str(tmp_path / "absent"), "timeline").returncode == 66


def test_broken_pipe_is_quiet():
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run([*ENTRY, "timeline", "--format", "json"], stdout=writer,
                          stderr=subprocess.PIPE, timeout=60)
    os.close(writer)
    assert done.returncode == 141
    assert done.stderr == b""


def test_head_ends_without_error():
    shell = f"{' '.join(ENTRY)} timeline | head -1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert done.stderr == b""
    assert len(done.stdout.splitlines()) == 1


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"},
                                 {"LC_ALL": "C", "PYTHONUTF8": "0"}])
def test_non_utf8_output_prints_escapes_instead_of_crashing(env):
    done = run("place", "عرسال", env=env)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Arsal" in done.stdout


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_piped_output_has_no_colour(env):
    done = run("casualties", "--source", "SOHR", env=env)
    assert done.returncode == 0
    assert b"\x1b[" not in done.stdout


def test_force_color_colours_tables_but_never_json():
    env = {"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"}
    done = run("timeline", "--from", "2015-06-16", env=env)
    assert b"\x1b[" in done.stdout
    done = run("timeline", "--from", "2015-06-16", "--format", "json", env=env)
    assert b"\x1b[" not in done.stdout


@pytest.mark.parametrize("width", ["40", "20"])
def test_narrow_terminals_print_every_figure(width):
    done = run("casualties", "--scope", "campaign", env={"COLUMNS": width})
    assert done.returncode == 0
    text = done.stdout.decode()
    for figure in ("244–300", "42+", "75", "48", "47"):
        assert figure in text, (width, figure)


def test_piped_csv_keeps_hostile_data_verbatim():
    done = run("--data", str(FIXTURES / "hostile.yaml"), "timeline", "--format", "csv",
               env={"COLUMNS": "80"})
    assert done.returncode == 0
    assert b"\x1b" in done.stdout  # piped CSV keeps data verbatim (round-trip)


def test_ctrl_c_exits_130_quietly(tmp_path):
    # A dataset big enough that loading takes a moment, so the signal lands mid-run.
    big = tmp_path / "big.yaml"
    events = "".join(
        f"  - {{id: e{i}, date: {{text: x, start: 2015-05-13, end: 2015-05-13, "
        f"precision: day}}, section: s, type: clash, summary: fighting {i}}}\n"
        for i in range(60000))
    big.write_text("schema_version: 1\nevents:\n" + events, encoding="utf-8")
    process = _listening_process("--data", str(big), "timeline", "--format", "json")
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in err


def test_machine_formats_are_utf8_whatever_the_locale():
    import json

    for env in ({"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}):
        done = run("place", "Arsal", "--format", "json", env=env)
        assert done.returncode == 0
        assert json.loads(done.stdout.decode("utf-8"))[0]["place"]["arabic"] == "عرسال"
        done = run("places", "--format", "csv", env=env)
        assert "عرسال" in done.stdout.decode("utf-8")


# The installed script's own lines, plus a spy that tells the test on a pipe once
# the entry point has installed its SIGINT handler. A Ctrl-C before that lands in CPython's start-up
# (importing site, setting up the standard streams, the script's `import re`), which prints
# a traceback whatever a program does: the test waits until the process is in our code.
_ENTRY_THAT_SAYS_WHEN_IT_LISTENS = """
import _signal, os, sys
ready = int(sys.argv.pop(1))
real_signal = _signal.signal  # what signal.signal calls too
def spy(number, handler):
    previous = real_signal(number, handler)
    if number == _signal.SIGINT:
        _signal.signal = real_signal
        os.write(ready, b"listening")
        os.close(ready)
    return previous
_signal.signal = spy
from qalamoun_cli.__main__ import main
sys.exit(main())
"""


def _listening_process(*args: str) -> subprocess.Popen:
    """Start the CLI and return once its SIGINT handler is installed."""
    import select

    reader, writer = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", _ENTRY_THAT_SAYS_WHEN_IT_LISTENS, str(writer), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(writer,))
    os.close(writer)
    try:
        assert select.select([reader], [], [], 60)[0], "the CLI never started"
        assert os.read(reader, 9) == b"listening"
    finally:
        os.close(reader)
    return process


@pytest.mark.parametrize("delay", [0, 0.005, 0.02, 0.05, 0.1, 0.3])
def test_ctrl_c_while_starting_is_quiet(delay):
    process = _listening_process("timeline")
    time.sleep(delay)  # 0: inside the imports of the CLI; later: loading, printing, exiting
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) in ((130, b""), (0, b""))


def test_processes_building_the_cache_at_once_all_succeed(tmp_path):
    # Four cold runs on one dataset write the same entry at the same time: each must answer
    # fully, and one whole entry must remain, readable by the next run.
    data = tmp_path / "data.yaml"
    data.write_bytes((FIXTURES.parent.parent / "examples" / "minimal.yaml").read_bytes())
    env = {**os.environ, "QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    command = [*ENTRY, "--data", str(data), "timeline", "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(4)]
    outputs = [process.communicate(timeout=60) for process in runs]
    assert [process.returncode for process in runs] == [0] * 4, outputs
    assert len({out for out, _ in outputs}) == 1
    assert len(list((tmp_path / "cache").glob("*.sqlite"))) == 1
    assert not list((tmp_path / "cache").glob(".tmp-*"))
    again = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert again.stdout == outputs[0][0]


@pytest.mark.parametrize(("args", "closed_out", "closed_err"), [
    (["timeline", "--format", "json"], 141, 0),
    (["timeline"], 141, 0),
    (["--version"], 141, 0),
    (["timeline", "--from", "2015-13-01"], 2, 2),
    (["place", "Nowhere at all"], 1, 1),
])
def test_closed_stdout_or_stderr_keeps_the_exit_code_without_traceback(args, closed_out,
                                                                        closed_err):
    stdout_closed = subprocess.run(["bash", "-c", '"$@" >&-', "_", *ENTRY, *args],
                                   stderr=subprocess.PIPE, timeout=60)
    assert stdout_closed.returncode == closed_out
    assert b"Traceback" not in stdout_closed.stderr
    assert stdout_closed.stderr.count(b"\n") <= 1
    stderr_closed = subprocess.run(["bash", "-c", '"$@" 2>&-', "_", *ENTRY, *args],
                                   stdout=subprocess.DEVNULL, timeout=60)
    assert stderr_closed.returncode == closed_err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["timeline", "--format", "json"], ["timeline"], ["--version"]])
def test_output_that_cannot_be_written_is_exit_74_in_one_line(args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*ENTRY, *args], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 74
    assert done.stderr == b"qalamoun: cannot write the output: No space left on device\n"
