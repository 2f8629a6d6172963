"""The line reader: most ledger files, read about three times faster than the loader.

Most ledger files use a small part of YAML: block mappings and sequences, one-line scalars,
comments, `[a, b]` lists. Those are read line by line into exactly what the loader would
build; anything outside that part (a block scalar, an anchor, a tag, a duplicate key, a
syntax error, an unusual character) raises NotPlain and goes to the loader, so every
message and every value is the loader's own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any

import yaml

from .yamlloader import FLOAT_TAG, INT_TAG, LedgerLoader, ledger_int


class NotPlain(Exception):
    """The text uses YAML beyond what the line reader handles: the full loader reads it."""


# Characters the line reader refuses outright (tabs, CR, controls, BOM, line separators,
# surrogates, U+FFFE and U+FFFF): what the loader does with them is left to the loader.
# Each class of these patterns names the few characters it stands for, not the many it
# does not: a class spanning U+00A0 to U+FFFF took `re` 5 to 10 ms to compile, a process.
_UNUSUAL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# the first character of a plain flow item: a letter, digit or _ of ASCII, or any from U+00A0
_ITEM_START = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x9f]"
# indent, "- " (an item), "key:" (a plain key), the rest of the line
_LINE = re.compile(r"^( *)(- +|-$)?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"(?: +#.*| *)$')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_EMPTY_LIST = re.compile(r"\[ *\](?: +#.*| *)$")
_EMPTY_MAP = re.compile(r"\{ *\}(?: +#.*| *)$")
# A plain item takes its trailing spaces with it (the caller strips them): a lazy item
# followed by ` *` would try every split of a long run of spaces, quadratic in its length.
# The possessive `*+` never gives back what it took, so a failed match fails in one pass.
_FLOW_ITEM = re.compile(
    r" *+(?:\"([^\"\\]*+)\" *+|'((?:[^']|'')*+)' *+"
    rf"|({_ITEM_START}[^,\[\]{{}}#\"':]*+))([,\]])"
)
_FLOW_PAIR = re.compile(
    r" *+([A-Za-z_][A-Za-z0-9_-]*+): ++(?:\"([^\"\\]*+)\" *+|'((?:[^']|'')*+)' *+"
    rf"|({_ITEM_START}[^,\[\]{{}}#\"':]*+))([,}}])"
)
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_(/.~$+")
_CONSTRUCT = yaml.constructor.SafeConstructor()
_KEY_IS_TEXT: dict[str, bool] = {}
_TEXT_KEYS: set[str] = set()  # the keys of _KEY_IS_TEXT that are text: one lookup a line


def _plain(text: str) -> Any:
    """A one-line plain scalar resolved with the loader's own implicit resolvers."""
    if ": " in text or text.endswith(":"):
        raise NotPlain
    first = text[0]
    if first not in _PLAIN_START and first < "\xa0" and (first != "-" or text[1:2] in ("", " ")):
        raise NotPlain
    for tag, regexp in LedgerLoader.yaml_implicit_resolvers.get(first, ()):
        if regexp.match(text):
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return first in "tT"
            if tag == INT_TAG:
                value = ledger_int(text)
                if isinstance(value, str):
                    raise NotPlain  # the loader refuses it, with its place
                return value
            if tag == FLOAT_TAG:
                number = _CONSTRUCT.construct_yaml_float(yaml.ScalarNode(tag, text))
                if not math.isfinite(number):
                    raise NotPlain
                return number
            raise NotPlain  # merge keys and the like
    return text


# One-line scalars recur across files (statuses, nulls, ids, dates): each is read once a
# process. Only short ones, only immutable values (never a flow list or mapping).
_SCALARS: dict[str, Any] = {}
_SCALARS_KEPT = 50_000
_SCALAR_LENGTH = 80


_UNSEEN = object()


def scalar(rest: str) -> Any:
    """The value written after `key: ` or `- ` on one line."""
    value = _SCALARS.get(rest, _UNSEEN)  # (a KeyError caught costs more than the lookup)
    if value is not _UNSEEN:
        return value
    value = read_scalar(rest)
    if len(rest) <= _SCALAR_LENGTH and not isinstance(value, list | dict):
        if len(_SCALARS) >= _SCALARS_KEPT:
            _SCALARS.clear()
        _SCALARS[rest] = value
    return value


def scalars(rests: Sequence[str]) -> list[Any]:
    """The values of many lines at once: the cached ones in one pass, then the others."""
    try:  # all of them cached, as a plan's are nearly always: no scan for a miss
        return list(map(_SCALARS.__getitem__, rests))
    except KeyError:
        pass
    values = list(map(_SCALARS.get, rests, repeat(_UNSEEN)))
    if _UNSEEN in values:
        at = -1
        for _ in range(values.count(_UNSEEN)):
            at = values.index(_UNSEEN, at + 1)
            values[at] = scalar(rests[at])
    return values


# First characters of a plain scalar that no implicit resolver of the loader looks at: such
# a scalar, without `: `, ` #`, a final `:` or trailing spaces, is its own text.
_TEXT_START = frozenset(
    char
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
    if char not in LedgerLoader.yaml_implicit_resolvers
)


def read_scalar(rest: str) -> Any:
    """The value written after `key: ` or `- ` on one line, read afresh (never cached)."""
    first = rest[0]
    # The two commonest values, a quoted text without escapes and a plain text no resolver
    # reads, are told by a few string tests: the same values the regexes below would give.
    if first in _TEXT_START:
        if ": " not in rest and " #" not in rest and rest[-1] not in " :":
            return rest
    elif first == '"' and rest.find('"', 1) == len(rest) - 1 and "\\" not in rest:
        return rest[1:-1]
    if first == '"':
        match = _DOUBLE.match(rest)
        if match is None:
            raise NotPlain
        value = match.group(1)
        return value.replace('\\"', '"').replace("\\\\", "\\") if "\\" in value else value
    if first == "'":
        match = _SINGLE.match(rest)
        if match is None:
            raise NotPlain
        return match.group(1).replace("''", "'")
    if first == "[":
        return _flow_list(rest)
    if first == "{":
        return _flow_map(rest)
    cut = rest.find(" #")
    return _plain((rest if cut == -1 else rest[:cut]).rstrip(" "))


def _flow_list(rest: str) -> list[Any]:
    if _EMPTY_LIST.match(rest):
        return []
    items: list[Any] = []
    position = 1
    while True:
        match = _FLOW_ITEM.match(rest, position)
        if match is None:
            raise NotPlain
        double, single, plain, end = match.groups()
        if double is not None:
            items.append(double)
        elif single is not None:
            items.append(single.replace("''", "'"))
        else:
            items.append(_plain(plain.rstrip(" ")))
        position = match.end()
        if end == "]":
            break
    _end_of_flow(rest, position)
    return items


def _flow_map(rest: str) -> dict[str, Any]:
    """A one-line `{key: value, ...}` of plain keys and one-line scalars (as in `lines:`)."""
    if _EMPTY_MAP.match(rest):
        return {}
    mapping: dict[str, Any] = {}
    position = 1
    while True:
        match = _FLOW_PAIR.match(rest, position)
        if match is None:
            raise NotPlain
        key, double, single, plain, end = match.groups()
        if key in mapping or not _key_is_text(key):
            raise NotPlain
        if double is not None:
            mapping[key] = double
        elif single is not None:
            mapping[key] = single.replace("''", "'")
        else:
            mapping[key] = _plain(plain.rstrip(" "))
        position = match.end()
        if end == "}":
            break
    _end_of_flow(rest, position)
    return mapping


def _end_of_flow(rest: str, position: int) -> None:
    """Only a comment may follow a flow collection on its line."""
    tail = rest[position:]
    after = tail.lstrip(" ")
    if after and (after[0] != "#" or after == tail):
        raise NotPlain


def _key_is_text(key: str) -> bool:
    """A plain key the loader reads as a string (not `yes`, `1` or `null`).

    YAML limits a key written without `?` to 1,024 characters; the loader refuses a longer one.
    """
    is_text = _KEY_IS_TEXT.get(key)
    if is_text is None:
        is_text = _KEY_IS_TEXT[key] = len(key) <= 1024 and isinstance(_plain(key), str)
        if is_text:
            _TEXT_KEYS.add(key)
    return is_text


Token = tuple[int, str | None, str]  # column, key (None for a "- " item), rest of the line


def _tokens(text: str) -> list[Token]:
    """One token a line that is not blank or a comment; a comment after `key:` or `-`
    leaves the rest empty, so the builders below test the rest alone."""
    tokens: list[Token] = []
    append = tokens.append
    for indent, dash, key, rest in _LINE.findall(text):
        if rest and rest[0] == "#":
            rest = ""
        if dash:
            if not key:
                append((len(indent), None, rest))
                continue
            append((len(indent), None, ""))
            if key not in _TEXT_KEYS and not _key_is_text(key):
                raise NotPlain
            append((len(indent) + len(dash), key, rest))
        elif key:
            if key not in _TEXT_KEYS and not _key_is_text(key):
                raise NotPlain
            append((len(indent), key, rest))
        elif rest:
            raise NotPlain
    return tokens


Leaf = Callable[[str], Any]  # what a line's value becomes: the value, or a slot of a plan


def _mapping(tokens: list[Token], at: int, end: int, column: int, leaf: Leaf) -> tuple[Any, int]:
    mapping: dict[str, Any] = {}
    while at < end:
        where, key, rest = tokens[at]
        if where < column:
            break
        if where > column or key is None or key in mapping:
            raise NotPlain
        at += 1
        if rest:
            mapping[key] = leaf(rest)
            continue
        if at < end:
            below, below_key, _ = tokens[at]
            if below > column:
                if below_key is None:
                    mapping[key], at = _sequence(tokens, at, end, below, leaf)
                else:
                    mapping[key], at = _mapping(tokens, at, end, below, leaf)
                continue
            if below == column and below_key is None:
                mapping[key], at = _sequence(tokens, at, end, column, leaf)
                continue
        mapping[key] = None
    return mapping, at


def _sequence(tokens: list[Token], at: int, end: int, column: int, leaf: Leaf) -> tuple[Any, int]:
    items: list[Any] = []
    while at < end:
        where, key, rest = tokens[at]
        if where < column or key is not None:
            break
        if where > column:
            raise NotPlain
        at += 1
        if rest:
            items.append(leaf(rest))
            continue
        if at < end:
            below, below_key, _ = tokens[at]
            if below > column:
                if below_key is None:
                    value, at = _sequence(tokens, at, end, below, leaf)
                else:
                    value, at = _mapping(tokens, at, end, below, leaf)
                items.append(value)
                continue
        items.append(None)
    return items, at


def build(text: str, leaf: Leaf) -> Any:
    """What the lines of a usual text build, each line's value given by leaf; NotPlain
    when their structure is beyond the line reader."""
    tokens = _tokens(text)
    if not tokens:
        return None
    column, key, _ = tokens[0]
    builder = _sequence if key is None else _mapping
    value, at = builder(tokens, 0, len(tokens), column, leaf)
    if at != len(tokens):
        raise NotPlain
    return value


# Printable ASCII and the line break: what most ledger files hold, told without a regex.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def usual(text: str) -> bool:
    """Whether text holds none of the characters the line reader refuses outright."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PLAIN_ASCII)
    return _UNUSUAL.search(text) is None


def parse_plain(text: str) -> Any:
    """What the loader would build from text in the common subset; NotPlain otherwise."""
    if not usual(text):
        raise NotPlain
    return build(text, scalar)
