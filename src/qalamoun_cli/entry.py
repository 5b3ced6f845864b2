"""The `qalamoun` entry point: quiet on Ctrl-C even while the CLI is still being imported."""

from __future__ import annotations

import signal


def _interrupted(signum: int, frame: object) -> None:
    raise SystemExit(130)


def main() -> None:
    """Import and run the CLI; a Ctrl-C during the imports exits 130 without a traceback."""
    signal.signal(signal.SIGINT, _interrupted)
    from qalamoun_cli.cli import main as run

    # From here the CLI maps KeyboardInterrupt to exit 130 itself.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    run()
