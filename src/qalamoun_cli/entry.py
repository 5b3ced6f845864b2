"""The `qalamoun` entry point: quiet on Ctrl-C even while the CLI is still being imported."""

from __future__ import annotations

import gc
import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    raise SystemExit(130)


def main() -> None:
    """Import and run the CLI; a Ctrl-C during the imports exits 130 without a traceback."""
    # A run lives for a fraction of a second and builds few reference cycles: the cyclic
    # collector only re-scans the objects that imports and loading create (about 6% of
    # start-up, more when a large dataset is loaded).
    gc.disable()
    signal.signal(signal.SIGINT, _interrupted)
    from qalamoun_cli.cli import main as run

    # From here the CLI maps KeyboardInterrupt to exit 130 itself.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run()
    except SystemExit as exc:
        _exit_now(exc.code)
    _exit_now(0)


def _exit_now(code: object) -> None:
    """Exit without tearing the interpreter down.

    Freeing every module and object at exit took about a tenth of a run; nothing of ours
    needs it (files are closed where they are written, the cache is renamed into place),
    so flush the standard streams and leave.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        if sys.stderr is not None:
            sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`>&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            code = 141 if stream is sys.stdout else code
        except Exception as exc:  # noqa: BLE001 - leaving anyway; the exit code is what is left
            if stream is sys.stdout and code == 0:
                # Output was lost after the CLI's own checks: never report success.
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                _say(f"qalamoun: cannot write the output: {reason}\n")
                code = 74
    os._exit(code)


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - no stderr to complain to
        pass
