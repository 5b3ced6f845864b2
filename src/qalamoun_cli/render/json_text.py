"""JSON text: indented exactly as json.dumps(indent=2) writes it, in 40% of the time.

With an indent, json.dumps runs the pure-Python encoder (Python 3.11's C encoder cannot
indent), whose nested generators pass every piece of text up through each level.
``indented`` builds the same pieces into one list without generators, escaping strings with
the C escaper json.dumps uses; values that are not plain JSON types (subclasses, tuples,
non-string keys) go to json.dumps itself. benchmarks/output.py measures it (docs/
performance.md); tests/test_json_text.py checks that it writes what json.dumps writes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C escaper, as json.dumps uses
from typing import Any

_INT = int.__repr__
_INFINITY = float("inf")


def indented(value: Any, depth: int = 0) -> str:
    """Return json.dumps(VALUE, ensure_ascii=False, indent=2), as if nested DEPTH levels deep."""
    out: list[str] = []
    _encode(value, "\n" + "  " * depth, out)
    return "".join(out)


def compact(value: Any) -> str:
    """Return VALUE as JSON on one line, through the C encoder (no spaces, UTF-8 text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _as_json_dumps(value: Any, pad: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad)


def _float(value: float) -> str:
    # What json.dumps writes (allow_nan): JavaScript's names for what JSON cannot say.
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _encode(value: Any, pad: str, out: list[str]) -> None:
    """Append VALUE's text to OUT; PAD is a newline and the indentation of its line."""
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        start, inner = len(out), pad + "  "
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                # json.dumps turns numbers, booleans and None into keys (or refuses others).
                del out[start:]
                out.append(_as_json_dumps(value, pad))
                return
            out.append(sep)
            out.append(_string(key))
            out.append(": ")
            # Strings and nulls, the commonest values, without a call (a quarter of the time).
            if type(item) is str:
                out.append(_string(item))
            elif item is None:
                out.append("null")
            else:
                _item(item, inner, out)
            sep = "," + inner
        out.append(pad + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            if type(item) is str:
                out.append(_string(item))
            else:
                _item(item, inner, out)
            sep = "," + inner
        out.append(pad + "]")
    else:
        _item(value, pad, out)


def _item(value: Any, pad: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(_INT(value))
    elif kind is float:
        out.append(_float(value))
    elif kind is dict or kind is list:
        _encode(value, pad, out)
    else:
        out.append(_as_json_dumps(value, pad))
