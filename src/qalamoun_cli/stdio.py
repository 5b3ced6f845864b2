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
                replace: bool = True, follow_link: bool = True) -> None:
    """Make PATH whole or not at all: FILL(fd, temporary path) fills a file beside it, renamed.

    As replace_file, for writers that open the file by name themselves (SQLite). Without
    REPLACE an existing PATH is never replaced, even one created while FILL ran:
    FileExistsError, and the temporary file is removed. Without FOLLOW_LINK a symbolic link
    at PATH is a name like any other: refused (FileExistsError) or, with REPLACE, replaced
    itself; the file it points to is never opened. A SIGINT, SIGTERM or SIGHUP while FILL
    runs removes the temporary file before the process ends (see signals_remove).
    """
    import tempfile

    if follow_link:
        target = os.path.realpath(path)
        look = os.stat
    else:
        target, look = os.fspath(path), os.lstat
    try:
        info = look(target)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    else:
        link = stat.S_ISLNK(info.st_mode)
        if not (link or stat.S_ISREG(info.st_mode)):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if not replace:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        # A link replaced by a new file: the link's own mode means nothing.
        mode = 0o666 & ~_umask() if link else stat.S_IMODE(info.st_mode)
    folder, name = os.path.split(target)
    with signals_remove() as temporaries:
        with _signals_blocked():
            # mkstemp opens with O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600: a new file of
            # ours, never one planted at that name. Registered before a signal can land.
            fd, temporary = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.",
                                             suffix=".tmp")
            temporaries.append(temporary)
        try:
            try:
                # mkstemp's 0600 passes through the umask: 0277 would leave 0400.
                os.fchmod(fd, 0o600)
                fill(fd, temporary)
                # The final mode only now: SQLite opens the file by name, and a read-only
                # mode (an old file's 0444, a umask of 0277) would make it fail to write.
                os.fchmod(fd, mode)
                with _signals_blocked():
                    _still_ours(fd, temporary)
                    if replace:
                        # rename(2) replaces the name itself: a link there, never its target.
                        os.replace(temporary, target)
                    else:
                        _link_new(temporary, target, str(path))
                    temporaries.remove(temporary)
            finally:
                os.close(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _still_ours(fd: int, temporary: str) -> None:
    """Refuse to rename TEMPORARY into place if its name no longer leads to FD's file."""
    mine, named = os.fstat(fd), os.lstat(temporary)
    if (mine.st_dev, mine.st_ino) != (named.st_dev, named.st_ino):
        # Only someone who can rename files in that folder can do this; never publish theirs.
        raise OSError(errno.EINVAL, "the temporary file was replaced while it was written",
                      temporary)


@contextlib.contextmanager
def signals_remove():
    """Yield a list of temporary files that SIGINT, SIGTERM or SIGHUP remove before leaving.

    SIGINT exits 130 (quiet, as a Ctrl-C anywhere else); SIGTERM and SIGHUP then end the
    process by that signal, as they end it at any other moment. The handler removes the
    files itself rather than raising: an exception raised in a signal handler can land in a
    callback that Python ignores it in, and the file would stay. A signal the process
    ignores is left ignored. Only the main thread can set handlers; elsewhere the files are
    left to the caller's own cleanup.
    """
    import signal
    import threading

    temporaries: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield temporaries
        return

    def remove_and_leave(signum: int, _frame: object) -> None:
        for temporary in temporaries:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if signum == signal.SIGINT:
            from qalamoun_cli.errors import ExitCode

            os._exit(ExitCode.INTERRUPTED)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    before = {}
    for signum in _ending_signals():
        # Ignored stays ignored (`nohup`, a background job); None: set outside Python.
        if signal.getsignal(signum) not in (signal.SIG_IGN, None):
            before[signum] = signal.signal(signum, remove_and_leave)
    try:
        yield temporaries
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _ending_signals() -> list[int]:
    """Return the signals that end a run while a file is written: Ctrl-C, kill, hang-up."""
    import signal

    return [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
            if hasattr(signal, name)]


@contextlib.contextmanager
def _signals_blocked():
    """Hold the ending signals back for a few system calls (where pthread_sigmask exists)."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _ending_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


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
