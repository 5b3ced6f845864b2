"""Shell completion: names, ids and words from the compiled dataset, quoted for the shell.

A TAB never parses a large dataset (it could take seconds): one not compiled yet is
compiled only when its files are at most COMPILE_BYTES in all, else nothing is offered
until a command compiles it. It never prints an error into the user's shell; a value with
control characters, tabs or newlines is never offered. Matching ignores case (and spelling,
for names). No postponed annotations: Typer reads the signature of every completion
function on every run.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The most data (the total size of a dataset's files) a TAB compiles when no compiled copy
# exists yet: a first run on the shipped chronology (128 kB) takes about 0.5 s, on the
# 600 kB UCDP GED sample about 1.3 s (process start included, 2 cores under a load of 4).
# Larger datasets wait for their first command.
COMPILE_BYTES = 1 << 20

# The vocabularies completed, by kind: the vocabulary's name and its shipped words.
_WORDS = {"type": ("event_types", "EVENT_TYPES"), "place_kind": ("place_kinds", "PLACE_KINDS"),
          "actor_kind": ("actor_kinds", "ACTOR_KINDS"),
          "source_kind": ("source_kinds", "SOURCE_KINDS")}


def complete(kind: str) -> Callable[[Any, str], list[str]]:
    """Return a completion function for KIND: names of places, actors or sources; "side"
    (ids and names); "event" (ids); or a vocabulary ("type", "place_kind", ...)."""

    def names(ctx: Any, incomplete: str) -> list[str]:
        try:
            return [_Offered(value) for value in _names(ctx, kind, incomplete)]
        except Exception:  # completion must never print an error into the user's shell
            return []

    return names


class _Offered(str):
    """A value chosen here, which Typer must not filter again.

    Typer keeps only the values that begin with the typed word, case and spelling as typed
    (typer.core's compat_autocompletion): "nus" would lose "al-Nusra Front", and "CA"
    "capture". The matching above ignores both, so its values pass that test whole.
    """

    __slots__ = ()

    def startswith(self, *args: Any) -> bool:  # type: ignore[override]
        return True


def _names(ctx: Any, kind: str, incomplete: str) -> list[str]:
    from qalamoun_cli.cli.argv import completed_data
    from qalamoun_cli.names import fold
    from qalamoun_cli.safetext import sanitize_line

    # What is typed on the line wins over QALAMOUN_DATA, as when the command runs.
    data = completed_data() or ctx.find_root().params.get("data") \
        or [p for p in os.environ.get("QALAMOUN_DATA", "").split(os.pathsep) if p]
    chronology = _chronology([Path(d) for d in data])
    if chronology is None:
        return []  # not compiled yet, and too large to compile on a TAB
    key = fold(incomplete) if incomplete.strip() else ""
    typed = incomplete.casefold()
    found = []
    for value, folded in _candidates(chronology, kind):
        # Arabic names are offered like any other. A value with control characters, tabs
        # or newlines is not offered: the shell would print them raw, or split the value
        # into false candidates (a tab ends fish's value, a newline every shell's).
        if sanitize_line(value) == value and (not key or value.casefold().startswith(typed)
                                              or folded.startswith(key)):
            found.append(value)
    # Values that differ only in case ("Al-Nusra", "al-Nusra") keep one order on every run.
    return sorted(set(found), key=lambda value: (value.casefold(), value))


def _candidates(chronology: Any, kind: str) -> list[tuple[str, str]]:
    """Return what KIND completes to, each with its folded form ('' where names are not
    folded: ids and words match by their case-folded beginning only)."""
    if kind == "event":
        events = chronology.events
        ids = events.ids() if hasattr(events, "ids") else [e.id for e in events]
        return [(i, "") for i in ids]
    if kind == "side":
        from qalamoun_cli.names import fold

        return [(v, fold(v)) for side in chronology.sides.values() for v in (side.id, side.name)]
    if kind in _WORDS:
        from qalamoun_cli import model

        name, base = _WORDS[kind]
        return [(w, "") for w in chronology.words(name, getattr(model, base))]
    from qalamoun_cli.search import name_index

    index = name_index(chronology, kind)
    # Names, not ids: a filter is typed as a name.
    return [(name, folded) for record_id, name, folded
            in zip(index.ids, index.names, index.folded, strict=True) if name != record_id]


def _chronology(paths: list[Path]) -> Any:
    """Return the compiled datasets PATHS name, compiling them first if they are small."""
    from qalamoun_cli.dataset import compiled_dataset, dataset_groups, load_dataset

    chronology = compiled_dataset(paths)
    if chronology is None:
        _, groups = dataset_groups(paths)
        if sum(f.stat().st_size for files in groups for f in files) <= COMPILE_BYTES:
            chronology = load_dataset(paths)  # compiles into the cache, for the next TAB too
    return chronology


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
