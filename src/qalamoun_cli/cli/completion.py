"""Shell completion: names from the compiled dataset, quoted for the shell that asks.

A TAB never parses a dataset (it could take seconds) and never prints an error into the
user's shell; a name with control characters is never offered. No postponed annotations:
Typer reads the signature of every completion function on every run.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def complete(kind: str) -> Callable[[Any, str], list[str]]:
    """Return a completion function for names of KIND (place, actor or source)."""

    def names(ctx: Any, incomplete: str) -> list[str]:
        try:
            return _names(ctx, kind, incomplete)
        except Exception:  # completion must never print an error into the user's shell
            return []

    return names


def _names(ctx: Any, kind: str, incomplete: str) -> list[str]:
    from qalamoun_cli.cli.argv import completed_data
    from qalamoun_cli.dataset import compiled_dataset
    from qalamoun_cli.names import fold
    from qalamoun_cli.safetext import sanitize_line
    from qalamoun_cli.search import name_index

    # What is typed on the line wins over QALAMOUN_DATA, as when the command runs.
    data = completed_data() or ctx.find_root().params.get("data") \
        or [p for p in os.environ.get("QALAMOUN_DATA", "").split(os.pathsep) if p]
    chronology = compiled_dataset([Path(d) for d in data])
    if chronology is None:
        return []  # not compiled yet: the first command will; a TAB never parses
    index = name_index(chronology, kind)
    key = fold(incomplete) if incomplete.strip() else ""
    typed = incomplete.casefold()
    found = []
    for record_id, name, folded in zip(index.ids, index.names, index.folded, strict=True):
        # Offer names, not ids; Arabic names are offered like any other. A name with
        # control characters, tabs or newlines is not offered: the shell would print them
        # raw, or split the name into false candidates.
        if name != record_id and sanitize_line(name) == name \
                and (not key or folded.startswith(key) or name.casefold().startswith(typed)):
            found.append(name)
    # Names that differ only in case ("Al-Nusra", "al-Nusra") keep one order on every run.
    return sorted(set(found), key=lambda name: (name.casefold(), name))


def quote_completions() -> None:
    """Make bash and zsh completion quote every value (see shellwords).

    Typer's scripts hand values to the shell as they are: bash inserts them into the
    command line, zsh evaluates them. Fish escapes what it inserts and is left alone.
    """
    from click.shell_completion import (
        CompletionItem,
        add_completion_class,
        get_completion_class,
    )

    from qalamoun_cli.shellwords import bash_word, open_quote, zsh_word

    bash, zsh = get_completion_class("bash"), get_completion_class("zsh")
    if bash is not None and not getattr(bash, "quotes_values", False):
        class QuotingBash(bash):
            quotes_values = True

            def format_completion(self, item: CompletionItem) -> str:
                if item.type in ("file", "dir"):
                    return ""  # no entry: the script's `-o default` completes paths
                return bash_word(item.value, open_quote(_word_being_completed()))

        add_completion_class(QuotingBash, "bash")
    if zsh is not None and not getattr(zsh, "quotes_values", False):
        class QuotingZsh(zsh):
            quotes_values = True

            def complete(self) -> str:
                args, incomplete = self.get_completion_args()
                items = self.get_completions(args, incomplete)
                # Commands and options come with help and are our own words: Typer's
                # output describes them. Values come from the data.
                if not items or any(item.help for item in items):
                    return super().complete()
                if any(item.type in ("file", "dir") for item in items):
                    return "_files"
                return "compadd -U -V unsorted -- " + " ".join(
                    zsh_word(item.value) for item in items)

        add_completion_class(QuotingZsh, "zsh")


def _word_being_completed() -> str:
    """Return the word under completion as typed, quotes included (bash's COMP_WORDS).

    The completion script joins the words with newlines; joined otherwise, the end of
    the line is the word's end.
    """
    words = os.environ.get("COMP_WORDS", "")
    parts = words.split("\n")
    try:
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:
        cword = -1
    return parts[cword] if len(parts) > 1 and 0 <= cword < len(parts) else words
