"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, written faster.

With an indent, the standard library encodes in Python through a generator a nesting level,
each piece passed up through every level above it: about a quarter of a second for the
9 MB report of a 100,000-claim ledger. Here each container appends its pieces to one list,
and strings go to the same C function json uses. Anything but str, int, float, bool, None,
lists, tuples and dicts with str keys is handed to json.dumps itself, which words it (or
refuses it) as it always did.
"""

from __future__ import annotations

import json
from itertools import repeat
from json.encoder import encode_basestring  # the C encoder json uses, when it has one
from typing import Any

_INFINITY = float("inf")
_STR = repeat(str)  # each key an instance of str (map stops at the dict's last key)


def dumps(value: Any, depth: int = 0) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, as it reads `depth` levels deep
    in a document (each line after the first indented by 2 * depth more spaces)."""
    out: list[str] = []
    _write(value, "\n" + "  " * depth, out)
    return "".join(out)


def _float(value: float) -> str:
    """A float as json words it (allow_nan: NaN and the infinities as JavaScript has them)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append the text of `value`, whose own line starts with `newline` (then indented)."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            separator = "," + inner
            kind = type(item)  # the commonest leaves written here, not by a call each
            if kind is str:
                out.append(encode_basestring(item))
            elif item is None:
                out.append("null")
            elif kind is int:
                out.append(int.__repr__(item))
            else:
                _write(item, inner, out)
        out.append(newline + "]")
    elif isinstance(value, dict) and all(map(isinstance, value, _STR)):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator)
            separator = "," + inner
            out.append(encode_basestring(key))
            out.append(": ")
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
            elif item is None:
                out.append("null")
            elif kind is int:
                out.append(int.__repr__(item))
            else:
                _write(item, inner, out)
        out.append(newline + "}")
    else:  # other keys or values: json's own wording, or its TypeError
        out.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))
