"""Files that change under a command: one line and 66 (input) or 70, never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from qalamoun_cli import cache
from tests.conftest import EXAMPLE
from tests.test_subprocess import ENTRY


def _error(code: int, path: Path | str | None = None) -> OSError:
    return OSError(code, os.strerror(code), None if path is None else str(path))


@pytest.fixture
def dataset(tmp_path, monkeypatch):
    data = tmp_path / "data.yaml"
    shutil.copy(EXAMPLE, data)
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    return data


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.EIO])
def test_data_file_failing_when_stamped_is_66_in_one_line(run, dataset, monkeypatch, code):
    # Listed, then gone (renamed, removed, permissions changed) when its times are read.
    def stamp(paths):
        raise _error(code, paths[0])

    monkeypatch.setattr(cache, "_stamp", stamp)
    status, out, err = run("--data", str(dataset), "timeline", "--format", "json")
    assert (status, out) == (66, "")
    assert err.count("\n") == 1 and err.startswith(f"qalamoun: {dataset}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.EIO])
def test_data_file_failing_when_read_is_66_in_one_line(run, dataset, monkeypatch, code):
    real_open = Path.open

    def failing_open(self, *args, **kwargs):
        if self.suffix == ".yaml":
            raise _error(code, self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    for args in (["--data", str(dataset), "timeline"], ["validate", str(dataset)]):
        status, out, err = run(*args)
        assert (status, out) == (66, "")
        assert err.count("\n") == 1 and err.startswith(f"qalamoun: {dataset}: ")


def test_other_os_errors_are_70_in_one_line_and_raised_with_debug(run, dataset, monkeypatch):
    def get(self, digest):
        raise _error(errno.EIO, "/somewhere/else.cache")

    monkeypatch.setattr(cache.Cache, "get", get)
    status, out, err = run("--data", str(dataset), "timeline")
    assert (status, out) == (70, "")
    assert err == ("qalamoun: internal error: Input/output error on '/somewhere/else.cache'; "
                   "rerun with --debug for the traceback and report it\n")
    with pytest.raises(OSError, match="Input/output error"):
        run("--data", str(dataset), "--debug", "timeline")


def test_stamp_error_on_another_file_is_not_blamed_on_the_data(run, dataset, monkeypatch):
    def stamp(paths):
        raise _error(errno.EACCES, "/not/the/data.yaml")

    monkeypatch.setattr(cache, "_stamp", stamp)
    status, _, err = run("--data", str(dataset), "timeline")
    assert status == 70 and err.count("\n") == 1


@pytest.mark.parametrize("target", ["file", "folder"])
def test_renaming_the_data_while_commands_run(tmp_path, target):
    folder = tmp_path / "ds"
    folder.mkdir()
    data, moved = folder / "data.yaml", folder / "moved.txt"
    shutil.copy(EXAMPLE, data)
    stop = threading.Event()

    def rename_back_and_forth() -> None:
        while not stop.is_set():
            try:
                os.rename(data, moved)
                os.rename(moved, data)
            except OSError:
                pass

    env = {**os.environ, "QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    command = [*ENTRY, "--data", str(data if target == "file" else folder), "timeline",
               "--format", "json"]
    thread = threading.Thread(target=rename_back_and_forth)
    thread.start()
    outcomes = []
    try:
        # At least 10 runs however slow the machine (a count that depended on its speed
        # failed on a loaded one); more while the 5 s last.
        deadline = time.monotonic() + 5
        while len(outcomes) < 10 or (len(outcomes) < 60 and time.monotonic() < deadline):
            done = subprocess.run(command, capture_output=True, env=env, timeout=60)
            outcomes.append((done.returncode, done.stderr))
    finally:
        stop.set()
        thread.join()
    for status, err in outcomes:
        assert b"Traceback" not in err, err
        assert status in (0, 66), err
        assert err.count(b"\n") == (status != 0), err
