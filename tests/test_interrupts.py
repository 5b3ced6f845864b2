"""A Ctrl-C is exit 130 and silent wherever it lands, even where Python ignores exceptions."""

from __future__ import annotations

import subprocess
import sys

# Python runs weakref callbacks and __del__ methods (importlib runs some during every
# import) with exceptions "ignored": printed, then execution carries on. A Ctrl-C can land
# in one as well as anywhere else.
_HANDLER_IN_A_CALLBACK = """
import weakref
from qalamoun_cli.cli import process
class Thing: pass
thing = Thing()
weakref.finalize(thing, process.interrupted, 2, None)
del thing
print("carried on")
"""

_KEYBOARD_INTERRUPT_IN_A_CALLBACK = """
import weakref
import qalamoun_cli.cli.app
class Thing: pass
def interrupted():
    raise KeyboardInterrupt
def run():
    thing = Thing()
    weakref.finalize(thing, interrupted)
    del thing
    print("carried on")
qalamoun_cli.cli.app.main = run
from qalamoun_cli.__main__ import main
main()
"""


def _child(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)


def test_ctrl_c_while_importing_exits_even_inside_a_callback():
    done = _child(_HANDLER_IN_A_CALLBACK)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")


def test_ctrl_c_swallowed_by_a_callback_still_exits_130_quietly():
    done = _child(_KEYBOARD_INTERRUPT_IN_A_CALLBACK)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")
