"""The `qalamoun` entry point: quiet on Ctrl-C even while the CLI is still being imported."""

from __future__ import annotations

# The C module, not signal.py: importing that builds its enums (about 7 ms, most of the
# time before the handler below is installed), and a Ctrl-C then printed a traceback.
import _signal as signal
import gc
import os
import sys


def _interrupted(signum: int, frame: object) -> None:
    # Leave at once, not by raising: an exception raised in a signal handler surfaces in
    # whatever runs at that moment, and in a weakref callback or __del__ (importlib runs
    # some during every import) Python prints "Exception ignored" and carries on.
    # Nothing needs cleaning up while the CLI is imported or its output flushed.
    os._exit(130)


def _unraisable(unraisable: object) -> None:
    """Exit 130 when a Ctrl-C was swallowed by a callback; report anything else as usual."""
    if issubclass(getattr(unraisable, "exc_type", type(None)), KeyboardInterrupt):
        os._exit(130)
    sys.__unraisablehook__(unraisable)  # type: ignore[arg-type]


def main() -> None:
    """Import and run the CLI; a Ctrl-C during the imports exits 130 without a traceback."""
    # A run lives for a fraction of a second and builds few reference cycles: the cyclic
    # collector only re-scans the objects that imports and loading create (about 6% of
    # start-up, more when a large dataset is loaded).
    gc.disable()
    signal.signal(signal.SIGINT, _interrupted)
    sys.unraisablehook = _unraisable
    from qalamoun_cli.cli import main as run

    # From here the CLI maps KeyboardInterrupt to exit 130 itself (and so does this
    # function, for one that comes before or after the CLI's own handling).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run()
    except SystemExit as exc:
        _exit_now(exc.code)
    except KeyboardInterrupt:
        _exit_now(130)
    _exit_now(0)


def _exit_now(code: object) -> None:
    """Exit without tearing the interpreter down.

    Freeing every module and object at exit took about a tenth of a run; nothing of ours
    needs it (files are closed where they are written, the cache is renamed into place),
    so flush the standard streams and leave.
    """
    signal.signal(signal.SIGINT, _interrupted)  # a Ctrl-C while flushing: still quiet
    if code is None:
        code = 0
    elif not isinstance(code, int):
        if sys.stderr is not None:
            sys.stderr.write(f"{code}\n")
        code = 1
    from qalamoun_cli.errors import ExitCode  # loaded with the CLI: costs nothing here

    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`>&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            code = ExitCode.STDOUT_CLOSED if stream is sys.stdout else code
        except Exception as exc:  # noqa: BLE001 - leaving anyway; the exit code is what is left
            if stream is sys.stdout and code == 0:
                # Output was lost after the CLI's own checks: never report success.
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                _say(f"qalamoun: cannot write the output: {reason}\n")
                code = ExitCode.OUTPUT_FAILED
    os._exit(int(code))


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - no stderr to complain to
        pass
