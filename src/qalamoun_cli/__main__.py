"""The `qalamoun` entry point (also `python -m qalamoun_cli`): quiet on Ctrl-C from the start.

The Ctrl-C handler is installed before Typer and the CLI are imported (a tenth of a second),
so that an early Ctrl-C exits 130 without a traceback; see cli.process.
"""

# The C module, not signal.py: importing that builds its enums (about 7 ms, most of the
# time before the handler below is installed), and a Ctrl-C then printed a traceback.
import _signal as signal
import gc
import sys


def main() -> None:
    """Import and run the CLI; a Ctrl-C during the imports exits 130 without a traceback."""
    # A run lives for a fraction of a second and builds few reference cycles: the cyclic
    # collector only re-scans the objects that imports and loading create (about 6% of
    # start-up, more when a large dataset is loaded).
    gc.disable()
    from qalamoun_cli.cli import process  # the standard library and the exit codes only

    signal.signal(signal.SIGINT, process.interrupted)
    sys.unraisablehook = process.unraisable
    from qalamoun_cli.cli.app import main as run

    # From here the CLI maps KeyboardInterrupt to exit 130 itself (and so does this
    # function, for one that comes before or after the CLI's own handling).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run()
    except SystemExit as exc:
        process.exit_now(exc.code)
    except KeyboardInterrupt:
        process.exit_now(process.ExitCode.INTERRUPTED)
    process.exit_now(0)


if __name__ == "__main__":
    main()
