"""Output that is written whole or fails loudly: the standard streams, and saved files.

CPython's own stdout loses output in two cases that look like success: with
PYTHONUNBUFFERED=1 its text layer writes straight to the file and ignores a short write
(a full disk takes part of a chunk, the rest is dropped), and on a non-blocking file
descriptor (a pipe some other program set O_NONBLOCK on) a full pipe makes it drop data,
raise BlockingIOError, or fail at interpreter exit with code 120. Writing through
``FdWriter`` instead makes each write complete, wait for a full pipe to drain, or raise
``StreamWriteError``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import select
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


class StreamWriteError(OSError):
    """Writing a standard stream failed (disk full, I/O error): the output is incomplete."""


class FdWriter(io.RawIOBase):
    """Write to a file descriptor, whole buffers only; never closes it."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        done = 0
        while done < total:
            try:
                written = os.write(self.fd, view[done:])
            except BrokenPipeError:
                raise
            except (BlockingIOError, InterruptedError):
                _wait_writable(self.fd)
                continue
            except OSError as exc:
                raise StreamWriteError(exc.errno, exc.strerror) from None
            if written == 0:
                # No progress and no error: retrying would spin; the rest would be lost.
                raise StreamWriteError(errno.EIO, os.strerror(errno.EIO))
            done += written
        return total


def _wait_writable(fd: int) -> None:
    """Block until FD can take more bytes (a non-blocking pipe that the reader drains)."""
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    poller.poll()  # an error or hang-up is reported by the next write itself


def install() -> None:
    """Replace sys.stdout and sys.stderr by streams over FdWriter, keeping their settings.

    Only the process's own streams are replaced: a test harness's capture stays as it is.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or stream is not getattr(sys, f"__{name}__"):
            continue
        try:
            fd = stream.fileno()
            stream.flush()
        except (OSError, ValueError, AttributeError):
            continue
        is_stderr = name == "stderr"
        buffered = io.BufferedWriter(FdWriter(fd), buffer_size=io.DEFAULT_BUFFER_SIZE)
        replacement = io.TextIOWrapper(
            buffered, encoding=stream.encoding, errors=stream.errors, newline="\n",
            line_buffering=is_stderr or stream.line_buffering, write_through=is_stderr)
        setattr(sys, name, replacement)


def replace_file(path: Path, data: bytes) -> None:
    """Write DATA to PATH whole or not at all: into a temporary file beside it, renamed.

    A full disk leaves the old file (or none) and no temporary file, never a torn one. A
    symbolic link is followed, as writing through it would be; an existing PATH that is
    not a regular file (a FIFO, a device) is refused with OSError, never replaced.
    """
    write_whole(path, lambda fd, _: FdWriter(fd).write(data))


def write_whole(path: Path, fill: Callable[[int, str], object], *,
                replace: bool = True) -> None:
    """Make PATH whole or not at all: FILL(fd, temporary path) fills a file beside it, renamed.

    As replace_file, for writers that open the file by name themselves (SQLite). Without
    REPLACE an existing PATH is never replaced, even one created while FILL ran:
    FileExistsError, and the temporary file is removed.
    """
    import tempfile

    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    else:
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if not replace:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        mode = stat.S_IMODE(info.st_mode)
    folder, name = os.path.split(target)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, mode)
            fill(fd, temporary)
        finally:
            os.close(fd)
        if replace:
            os.replace(temporary, target)
        else:
            _link_new(temporary, target, str(path))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _link_new(temporary: str, target: str, shown: str) -> None:
    """Give TEMPORARY the name TARGET only if no file has it (a hard link fails if one has)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), shown) from None
    except OSError as exc:
        # A file system without hard links (FAT, some network shares): check, then rename;
        # a file created between the two would be replaced.
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), shown) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
