"""The process: the standard streams, the arguments, and every way out as one exit code.

Every failure leaves as one line on stderr and a documented exit code (errors.ExitCode). A
closed stdout ends here, as 141: Rich (render/tables) and Click (cli/parsing) only pass the
BrokenPipeError on to this module, whose run() and exit_now() map it. Imports only the
standard library at module level: the entry point (``qalamoun_cli.__main__``) uses it before
Typer is loaded.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from qalamoun_cli.cli.messages import PROG, fail, shown
from qalamoun_cli.errors import ExitCode

COMPLETE_VAR = f"_{PROG.upper()}_COMPLETE"


class StdoutClosed(Exception):
    """The reader of stdout went away (`qalamoun ... | head -1`)."""


def run(invoke: Callable[[list[str]], Any], args: list[str] | None,
        complete_var: str | None = None) -> NoReturn:
    """Run INVOKE on the command line and exit with the code of its outcome.

    ARGS defaults to sys.argv[1:]. INVOKE parses and runs the command (Click, not in
    standalone mode); whatever it raises is said in one line and mapped to its exit code.
    """
    import click

    from qalamoun_cli import stdio
    from qalamoun_cli.cli.argv import split
    from qalamoun_cli.errors import QalamounError

    argv = [_utf8_arg(a) for a in (sys.argv[1:] if args is None else args)]
    stdio.install()
    # Started with stdout or stderr closed (`>&-`): Python leaves None there. Write into
    # the void, keep the exit code, and report a lost stdout as 141 like a closed pipe.
    stdout_closed = sys.stdout is None
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    _tolerate_encoding(sys.stdout)
    _tolerate_encoding(sys.stderr)
    if os.environ.get(complete_var or COMPLETE_VAR):
        from qalamoun_cli.cli.completion import quote_completions

        quote_completions()
    try:
        result = invoke(split(argv).args())
    except click.exceptions.NoArgsIsHelpError as exc:
        # Bare `qalamoun`: the help, as --help prints it, and the usage exit code; like
        # every non-zero exit, it also says on stderr what was wrong.
        sys.stdout.write(exc.ctx.get_help() + "\n")
        fail(f"a command is needed (see '{exc.ctx.command_path} --help')", ExitCode.USAGE)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else PROG
        fail(f"{exc.format_message()} (see '{command} --help')", ExitCode.USAGE)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except click.Abort:
        fail("aborted", ExitCode.INTERRUPTED)
    except QalamounError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except (BrokenPipeError, StdoutClosed):
        _stdout_closed()
    except stdio.StreamWriteError as exc:
        _output_failed(exc)
    except OSError as exc:
        # Not the output (that is StreamWriteError) and not a file the loader reports
        # itself: a file vanished or changed under us, or a bug.
        if "--debug" in argv:
            raise
        fail(_os_error_message(exc), ExitCode.INTERNAL)
    except Exception as exc:
        if "--debug" in argv:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc}; rerun with --debug for the "
             f"traceback and report it", ExitCode.INTERNAL)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()
    except OSError as exc:
        _output_failed(exc)
    code = result if isinstance(result, int) else 0
    sys.exit(ExitCode.STDOUT_CLOSED if stdout_closed and code == 0 else code)


def _os_error_message(exc: OSError) -> str:
    where = f" on {shown(str(exc.filename))}" if exc.filename is not None else ""
    reason = exc.strerror or type(exc).__name__
    return (f"internal error: {reason}{where}; rerun with --debug for the traceback and "
            f"report it")


def _output_failed(exc: OSError) -> NoReturn:
    _silence_stdout()
    fail(f"cannot write the output: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)


def _stdout_closed() -> NoReturn:
    _silence_stdout()
    sys.exit(ExitCode.STDOUT_CLOSED)


def _utf8_arg(arg: Any) -> Any:
    """Recover a UTF-8 argument that a non-UTF-8 locale decoded into surrogate escapes."""
    if isinstance(arg, str) and any("\udc80" <= ch <= "\udcff" for ch in arg):
        try:
            return os.fsencode(arg).decode("utf-8")
        except (UnicodeError, ValueError):
            return arg
    return arg


def is_utf8(stream: Any) -> bool:
    """Return whether STREAM encodes text as UTF-8."""
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"


def _tolerate_encoding(stream: Any) -> None:
    """Let a non-UTF-8 stream (LANG=C, PYTHONIOENCODING=ascii) print escapes, not crash."""
    if not is_utf8(stream) and hasattr(stream, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at devnull so that no second EPIPE is printed.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def interrupted(signum: int, frame: object) -> None:
    """Leave at once on Ctrl-C while the CLI is imported or its output flushed: exit 130.

    Not by raising: an exception raised in a signal handler surfaces in whatever runs at
    that moment, and in a weakref callback or __del__ (importlib runs some during every
    import) Python prints "Exception ignored" and carries on. Nothing needs cleaning up then.
    """
    os._exit(ExitCode.INTERRUPTED)


def unraisable(hook_args: object) -> None:
    """Exit 130 when a Ctrl-C was swallowed by a callback; report anything else as usual."""
    if issubclass(getattr(hook_args, "exc_type", type(None)), KeyboardInterrupt):
        os._exit(ExitCode.INTERRUPTED)
    sys.__unraisablehook__(hook_args)  # type: ignore[arg-type]


def exit_now(code: object) -> NoReturn:
    """Flush the standard streams and exit with CODE, without tearing the interpreter down.

    Freeing every module and object at exit took about a tenth of a run; nothing of ours
    needs it (files are closed where they are written, the cache is renamed into place).
    Output lost at this last flush never leaves with success.
    """
    import _signal

    _signal.signal(_signal.SIGINT, interrupted)  # a Ctrl-C while flushing: still quiet
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
            code = ExitCode.STDOUT_CLOSED if stream is sys.stdout else code
        except Exception as exc:  # noqa: BLE001 - leaving anyway; the exit code is what is left
            if stream is sys.stdout and code == 0:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                _last_words(f"{PROG}: cannot write the output: {reason}\n")
                code = ExitCode.OUTPUT_FAILED
    os._exit(int(code))


def _last_words(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - no stderr to complain to
        pass
