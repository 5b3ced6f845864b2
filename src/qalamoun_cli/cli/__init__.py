"""The command line: everything that knows Typer and Click.

This file imports nothing: the entry point (``qalamoun_cli.__main__``) must install its
Ctrl-C handler before Typer is imported, and importing a package runs its ``__init__`` first.
The app and the one list of commands are in ``app``.
"""
