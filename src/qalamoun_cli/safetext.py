"""Make untrusted text safe for a terminal while keeping it readable.

The one sanitiser: tables, messages and the machine formats all escape the same set of
characters. Pure Python, so that the domain can shorten and escape what its messages echo.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the line and paragraph separators
# (terminals differ on their width, which shifts table borders), the bidi embeddings,
# overrides, isolates and marks (which can make text read in another order than it is
# stored), and the zero-width and invisible characters (which make two different names
# look the same). Also lone surrogates: a path or argument that is not UTF-8 arrives with
# its bytes as U+DC80-U+DCFF, and writing those back would put a raw byte such as 0x9b
# (CSI on an 8-bit terminal) on the screen. And U+FFFE and U+FFFF, noncharacters that XML
# 1.0 cannot hold (KML would not parse).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\u200b-\u200d\u2060-\u2064\ufeff\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """Show control, bidi-control and invisible characters as visible escapes (\\x1b, \\u202e).

    Backslashes are left alone, so that the result is stable: sanitize(sanitize(s)) ==
    sanitize(s).
    """
    return _UNSAFE.sub(_escape, text)


def sanitize_line(text: str) -> str:
    """Like sanitize, and also show newlines and tabs as escapes (for one-line messages)."""
    return sanitize(text).replace("\n", "\\n").replace("\t", "\\t")


def shorten(text: str, limit: int = 80) -> str:
    """Cut TEXT to LIMIT characters with an ellipsis, for echoing user input in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: object, limit: int = 80) -> str:
    """Return TEXT (a name, a query, a path) as it may appear inside a one-line message."""
    return shorten(sanitize_line(str(text)), limit)


def shown(text: object, limit: int = 80) -> str:
    """Return TEXT quoted for a message: repr of its first LIMIT characters, sanitised."""
    return sanitize_line(repr(shorten(str(text), limit)))


def escape_json(text: str) -> str:
    """Write the characters sanitize escapes as JSON \\u escapes: the same value, inert.

    TEXT is JSON already: those characters can only be inside its strings.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
