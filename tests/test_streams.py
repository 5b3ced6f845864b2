"""Output is written whole or the run fails with 74: full disks, short writes, O_NONBLOCK."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import threading
import time

import pytest

from tests.test_subprocess import ENTRY

COMMANDS = [["timeline"], ["timeline", "--format", "json"], ["timeline", "--format", "csv"],
            ["timeline", "--format", "jsonl"]]
BUFFERING = [pytest.param({"PYTHONUNBUFFERED": "1"}, id="unbuffered"),
             pytest.param({}, id="buffered")]
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, "COLUMNS": "120", **extra}


def _whole(args: list[str]) -> bytes:
    done = subprocess.run([*ENTRY, *args], capture_output=True, env=_env({}), timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("extra", BUFFERING)
@pytest.mark.parametrize("args", COMMANDS)
def test_full_device_is_exit_74_in_one_line(args, extra):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*ENTRY, *args], stdout=full, stderr=subprocess.PIPE,
                              env=_env(extra), timeout=60)
    assert (done.returncode, done.stderr) == (
        74, b"qalamoun: cannot write the output: No space left on device\n")


def _limit_file_size(limit: int):
    def limit_it() -> None:
        # A write past the limit is cut short, then fails with EFBIG: a disk filling up.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_it


@pytest.mark.parametrize("extra", BUFFERING)
@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize("limit", [10_000, 8192])
def test_disk_filling_up_mid_output_is_exit_74_in_one_line(tmp_path, args, extra, limit):
    with open(tmp_path / "out", "wb") as out:
        done = subprocess.run([*ENTRY, *args], stdout=out, stderr=subprocess.PIPE,
                              env=_env(extra), timeout=60, preexec_fn=_limit_file_size(limit))
    assert done.returncode == 74, done.stderr
    assert done.stderr == b"qalamoun: cannot write the output: File too large\n"
    assert (tmp_path / "out").stat().st_size == limit


def _read_slowly(fd: int, into: list[bytes], first_line_only: bool = False) -> None:
    time.sleep(0.3)  # let the writer fill the pipe and meet EAGAIN
    with os.fdopen(fd, "rb", buffering=0) as reader:
        while chunk := reader.read(1024):
            into.append(chunk)
            if first_line_only and b"\n" in b"".join(into):
                return
            time.sleep(0.001)


def _non_blocking_pipe() -> tuple[int, int]:
    reader, writer = os.pipe2(os.O_NONBLOCK)
    os.set_blocking(reader, True)  # only the writer's end is non-blocking
    fcntl.fcntl(writer, F_SETPIPE_SZ, 4096)  # smaller than any of the outputs
    return reader, writer


@pytest.mark.parametrize("extra", BUFFERING)
@pytest.mark.parametrize("args", COMMANDS)
def test_non_blocking_stdout_gets_every_byte(args, extra):
    reader, writer = _non_blocking_pipe()
    got: list[bytes] = []
    thread = threading.Thread(target=_read_slowly, args=(reader, got))
    thread.start()
    try:
        process = subprocess.Popen([*ENTRY, *args], stdout=writer, stderr=subprocess.PIPE,
                                   env=_env(extra))
    finally:
        os.close(writer)
    _, err = process.communicate(timeout=60)
    thread.join(timeout=60)
    assert (process.returncode, err) == (0, b"")
    assert b"".join(got) == _whole(args)


@pytest.mark.parametrize("args", COMMANDS)
def test_reader_leaving_early_loses_nothing_it_read(args):
    # `qalamoun … | head -1`: exit 0 when the output fit into the pipe before the reader
    # left (the reader has it all; it chose to read one line), 141 when a write came after;
    # quiet either way, and what was read is the start of the whole output.
    reader, writer = os.pipe()
    got: list[bytes] = []
    thread = threading.Thread(target=_read_slowly, args=(reader, got, True))
    thread.start()
    try:
        process = subprocess.Popen([*ENTRY, *args], stdout=writer, stderr=subprocess.PIPE,
                                   env=_env({}))
    finally:
        os.close(writer)
    _, err = process.communicate(timeout=60)
    thread.join(timeout=60)
    assert process.returncode in (0, 141)
    assert err == b""
    assert _whole(args).startswith(b"".join(got))
