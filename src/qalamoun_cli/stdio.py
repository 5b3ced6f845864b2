"""Standard streams that write every byte or fail loudly.

CPython's own stdout loses output in two cases that look like success: with
PYTHONUNBUFFERED=1 its text layer writes straight to the file and ignores a short write
(a full disk takes part of a chunk, the rest is dropped), and on a non-blocking file
descriptor (a pipe some other program set O_NONBLOCK on) a full pipe makes it drop data,
raise BlockingIOError, or fail at interpreter exit with code 120. Writing through
``FdWriter`` instead makes each write complete, wait for a full pipe to drain, or raise
``StreamWriteError``.
"""

from __future__ import annotations

import errno
import io
import os
import select
import sys
from typing import Any


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

    def close(self) -> None:
        # The descriptor belongs to the process: closing a wrapper must not close it.
        super().close()

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
