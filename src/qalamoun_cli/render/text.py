"""Make untrusted text safe for a terminal while keeping it readable."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the line and paragraph separators
# (terminals differ on their width, which shifts table borders), and the bidi embeddings,
# overrides and isolates (which can make text read in another order than it is stored).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """Show control and bidi-control characters as visible escapes (\\x1b, \\u202e).

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
