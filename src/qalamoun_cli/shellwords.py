"""Quote completion values so that a shell reads each as one word meaning exactly the value.

Typer's completion scripts pass values to the shell without quoting them: bash inserts
each COMPREPLY entry into the command line as it is, and zsh evaluates what the program
prints. A name from the dataset such as "Brigade $(touch x)" must never run anything.
Fish needs nothing here: it escapes a completion itself when it inserts it.
"""

from __future__ import annotations

import re

# Characters that mean nothing to bash or zsh anywhere in a word, and that neither word
# splitting, globbing, brace, tilde or history expansion, nor bash's completion word
# breaks (COMP_WORDBREAKS has = and :) act on. Everything else ASCII is escaped.
# Non-ASCII characters (but the C1 controls) are never special to either shell and are
# kept, so that Arabic names stay readable on the command line.
_PLAIN = re.compile(r"[A-Za-z0-9_\-./,+@%\u00a0-\U0010ffff]")
# Pathname expansion runs on each COMPREPLY entry before bash inserts it: these must
# never be bare in an entry, even inside the quote the user opened (with extglob on, as
# bash-completion sets it, "@(" is a pattern too).
_GLOB = "*?[("


def open_quote(typed: str) -> str | None:
    """Return the quote left open at the end of TYPED, as bash reads it: ', ", $' or None."""
    state: str | None = None
    i = 0
    while i < len(typed):
        char = typed[i]
        if state is None:
            if char == "\\":
                i += 1
            elif char == "'":
                state = "$'" if i and typed[i - 1] == "$" else "'"
            elif char == '"':
                state = '"'
        elif state == "'":
            if char == "'":
                state = None
        elif state == "$'":
            if char == "\\":
                i += 1
            elif char == "'":
                state = None
        elif char == "\\":  # inside "..."
            i += 1
        elif char == '"':
            state = None
        i += 1
    return state


def bash_word(value: str, quote: str | None = None) -> str:
    """Return VALUE as bash must receive it in COMPREPLY to insert it as one word.

    QUOTE is the quote the user opened in the word being completed (see open_quote):
    bash inserts the entry after it and closes it behind a single match, so the entry is
    quoted for the inside of that quote.
    """
    if quote is None:
        return "".join(c if _PLAIN.fullmatch(c) else "\\" + c for c in value)
    if quote == "'":
        word = "".join("'\\''" if c == "'" else f"'\\{c}'" if c in _GLOB else c
                       for c in value)
    elif quote == "$'":
        word = "".join(f"\\x{ord(c):02x}" if c in "\\'" + _GLOB else c for c in value)
    else:
        # History expansion acts on ! even inside "...", and a backslash there would stay
        # in the word: close the quote around it, as around the glob characters.
        word = "".join("\\" + c if c in '$`"\\' else f'"\\{c}"' if c in _GLOB + "!" else c
                       for c in value)
    # Bash adds the closing quote only when the line does not already end with it; here
    # a final quote character reopens or is escaped, so close the word explicitly.
    closing = quote[-1]
    return word + closing if word.endswith(closing) else word


def zsh_word(value: str) -> str:
    """Return VALUE as a zsh $'...' string made of characters that nothing splits or expands.

    The completion script evaluates the program's output after splitting it at white
    space, so spaces are written as escapes too.
    """
    return "$'" + "".join(c if _PLAIN.fullmatch(c) else f"\\x{ord(c):02x}"
                          for c in value) + "'"
