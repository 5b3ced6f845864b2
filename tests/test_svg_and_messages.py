"""--svg takes only a file it can replace whole; a command never fails without a message."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import stat
import subprocess

import pytest

from qalamoun_cli import stdio
from tests.test_subprocess import ENTRY

# --undated: a date range alone says on stderr how many undated events it leaves out.
COMMAND = ("timeline", "--from", "2015-06-16", "--undated")


def _one_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("qalamoun: "), err
    assert "Traceback" not in err


def test_empty_svg_path_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*COMMAND, "--svg", "")
    assert (code, out, err) == (2, "", "qalamoun: --svg: the path is empty\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["--help", "-h", "--format"])
def test_option_looking_svg_value_creates_no_file(run, tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*COMMAND, "--svg", value)
    assert (code, out) == (2, "")
    _one_line(err)
    assert f"--svg: {value!r} looks like an option" in err
    assert list(tmp_path.iterdir()) == []


def test_svg_file_whose_name_begins_with_a_dash_can_be_written(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*COMMAND, "--svg", "./-x.svg")
    assert code == 0, err
    assert (tmp_path / "-x.svg").read_text(encoding="utf-8").startswith("<svg")


def test_svg_on_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    done = subprocess.run([*ENTRY, *COMMAND, "--svg", str(fifo)], capture_output=True,
                          timeout=30)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (f"qalamoun: --svg {str(fifo)!r}: not a regular file (a FIFO, "
                           f"device or socket); give a file name\n").encode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("target", ["/dev/null", "folder"])
def test_svg_on_a_device_or_folder_is_a_usage_error(run, tmp_path, target):
    path = tmp_path if target == "folder" else target
    code, out, err = run(*COMMAND, "--svg", str(path))
    assert (code, out) == (2, "")
    _one_line(err)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_svg_that_cannot_be_written_whole_leaves_nothing(run, tmp_path, monkeypatch):
    def disk_full(self, data):
        raise stdio.StreamWriteError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(stdio.FdWriter, "write", disk_full)
    target = tmp_path / "t.svg"
    code, _, err = run(*COMMAND, "--svg", str(target))
    assert code == 73
    assert err == f"qalamoun: --svg {target}: cannot write: No space left on device\n"
    assert list(tmp_path.iterdir()) == []
    target.write_text("old picture", encoding="utf-8")
    code, _, _ = run(*COMMAND, "--svg", str(target))
    assert code == 73
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_text(encoding="utf-8") == "old picture"


def test_svg_cut_short_by_a_full_disk_leaves_nothing(tmp_path):
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    target = tmp_path / "t.svg"
    done = subprocess.run([*ENTRY, *COMMAND, "--svg", str(target)], capture_output=True,
                          timeout=60, preexec_fn=limit_file_size)
    assert done.returncode == 73
    assert done.stderr == f"qalamoun: --svg {target}: cannot write: File too large\n".encode()
    assert list(tmp_path.iterdir()) == []


def test_svg_replaces_through_a_link_and_keeps_the_file_mode(run, tmp_path):
    real = tmp_path / "real.svg"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    code, _, err = run(*COMMAND, "--svg", str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("<svg")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.svg"
    assert run(*COMMAND, "--svg", str(fresh))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.svg", "link.svg", "real.svg"]


def test_geojson_of_no_places_says_nothing_matched(run):
    code, out, err = run("places", "--country", "Nowhere", "--format", "geojson")
    assert code == 1
    from qalamoun_cli.dataset import SHIPPED_LICENCE

    assert json.loads(out) == {"type": "FeatureCollection", "licence": SHIPPED_LICENCE,
                               "features": []}
    assert err == ("qalamoun: no place is in a country named 'Nowhere'; "
                   "closest: 'Syria/Lebanon', 'Syria', 'Lebanon'\n")


def test_country_of_the_data_with_no_such_place_is_nothing_matched(run):
    code, out, err = run("places", "--country", "LEBANON", "--kind", "border crossing")
    assert (code, out, err) == (1, "", "qalamoun: nothing matches\n")


def test_mistyped_command_is_suggested_once(run):
    code, out, err = run("timline")
    assert (code, out) == (2, "")
    assert err.count("Did you mean") == 1 and "'timeline'" in err
    _one_line(err)


@pytest.mark.parametrize("command", [("timeline",), ("casualties",), ("stats",)])
def test_svg_in_a_missing_folder_is_refused_before_any_output(run, tmp_path, command):
    target = tmp_path / "missing" / "x.svg"
    code, out, err = run(*command, "--svg", str(target))
    assert (code, out) == (73, "")
    assert err == f"qalamoun: {target}: cannot write: no such folder '{target.parent}'\n"
