"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, written faster.

With an indent, the standard library encodes in Python through a generator a nesting level,
each piece passed up through every level above it: about a quarter of a second for the
9 MB report of a 100,000-claim ledger. Here each container appends its pieces to one list,
and strings go to the same C function json uses. Anything but str, int, float, bool, None,
lists, tuples and dicts with str keys is handed to json.dumps itself, which words it (or
refuses it) as it always did.

`native_dumps` writes the same text for a value made of those types alone (a report's
findings, as their as_dict gives them) with pydantic-core's serializer, in Rust, in
about half the time.
"""

from __future__ import annotations

import json
from itertools import repeat
from json.encoder import encode_basestring  # the C encoder json uses, when it has one
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

_INFINITY = float("inf")
_STR = repeat(str)  # each key an instance of str (map stops at the dict's last key)


def dumps(value: Any, depth: int = 0) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, as it reads `depth` levels deep
    in a document (each line after the first indented by 2 * depth more spaces)."""
    out: list[str] = []
    _write(value, "\n" + "  " * depth, out)
    return "".join(out)


def _may_differ(text: str) -> bool:
    """Whether pydantic-core's text may differ from json's: where it holds a float under
    1e-4 (json writes 1e-05 and 1e-07, pydantic-core 0.00001 and 1e-7). Found in a string as
    well, it is a false alarm, and the text is then written by `dumps`, as it would be for
    such a float. (A loop over each "e-": a regular expression took five to seven times as
    long.)"""
    if "0.0000" in text:
        return True
    find = text.find
    at = find("e-")
    while at != -1:
        if (
            text[at - 1 : at].isdigit()
            and text[at + 2 : at + 3].isdigit()
            and not text[at + 3 : at + 4].isdigit()
        ):
            return True
        at = find("e-", at + 2)
    return False


def native_dumps(value: Any, depth: int = 0) -> str:
    """`dumps(value, depth)` for a value of JSON's own types alone (str, int, float, bool,
    None, lists, tuples, dicts with str keys): anything else pydantic-core would word its
    own way (a date as ISO text, a set as a list) where json refuses it, so a caller passes
    nothing else. A lone surrogate, which pydantic-core cannot encode, and a float it may
    write otherwise (see _may_differ) are written by `dumps`."""
    try:
        text = to_json(value, indent=2, inf_nan_mode="constants").decode()
    except PydanticSerializationError:
        return dumps(value, depth)
    if _may_differ(text):
        return dumps(value, depth)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


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
