"""Reading one YAML file safely and fast, and finding where a value stands in it.

The read path uses PyYAML's C-accelerated safe loader with three changes: duplicate keys are
an error (PyYAML would keep the last silently), timestamps stay strings and only true/false
are booleans (no YAML 1.1 surprises), aliases are bounded so a "billion laughs" file is an
error rather than a hang, nesting is bounded so a file of brackets is an error rather than
a crash, and numbers must be finite and at most 300 digits long. Line and column are recovered only for files that fail, by
composing the file again and following the error's path to its node.

Most ledger files use a small part of YAML: block mappings and sequences, one-line scalars,
comments, `[a, b]` lists. Those are read by a line-based reader that builds exactly what the
loader would build, about three times faster; anything outside that part (a block scalar, an
anchor, a tag, a duplicate key, a syntax error, an unusual character) goes to the loader, so
every message and every value is the loader's own.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 100
MAX_NUMBER_DIGITS = 300  # a float holds up to about 1e308; Python refuses str(int) past 4,300


class YamlProblem(Exception):
    """A file that is not acceptable ledger YAML, with the place it went wrong (1-based)."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column

    def finding(self, file: str) -> Finding:
        """The problem as a finding in `file` (at its first character when not placed)."""
        return Finding(self.code, self.message, file, self.line or 1, self.column or 1)


INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
# YAML 1.2 core schema numbers: no octal "012" (it is twelve), no sexagesimal "1:20", no "1_000".
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers with YAML 1.2 booleans and numbers, and no timestamps."""
    dropped = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", INT_TAG, FLOAT_TAG)
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in _BaseLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in entries if tag not in dropped]
        if kept:
            table[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).insert(0, ("tag:yaml.org,2002:bool", strict_bool))
    for first in "-+0123456789":
        table.setdefault(first, []).append((INT_TAG, _INT_12))
    for first in "-+.0123456789":
        table.setdefault(first, []).append((FLOAT_TAG, _FLOAT_12))
    return table


def yaml12_int(text: str) -> int:
    """An integer as YAML 1.2 reads it: decimal even with leading zeros, 0o octal, 0x hex."""
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


_TOO_BIG = 10**MAX_NUMBER_DIGITS


def ledger_int(text: str) -> int | str:
    """The integer, or why no ledger value can be it (a message).

    Python refuses to convert more than 4,300 decimal digits (and to print such an integer),
    and a float overflows past about 1e308, so a number that long is a mistake, not a value.
    """
    if len(text) <= MAX_NUMBER_DIGITS + 3:  # room for a sign and 0x
        value = yaml12_int(text)
        if abs(value) < _TOO_BIG:
            return value
    return (
        f"the number {_shown(text)} has more than {MAX_NUMBER_DIGITS} digits: no ledger value "
        "is that large; check it, or quote it if it is text"
    )


def nonfinite_message(text: str, value: float) -> str | None:
    """Why a float cannot be a ledger value (NaN or infinity: JSON has neither), or None."""
    if math.isfinite(value):
        return None
    reads = "not-a-number" if math.isnan(value) else "infinity"
    return (
        f"the number {_shown(text)} is not finite (YAML reads it as {reads}): write a finite "
        "number, or quote it if it is text"
    )


def _shown(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:8]}...{text[-8:]} ({len(text)} characters)"


class LedgerLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader for ledger files: see the module docstring for what differs."""

    yaml_implicit_resolvers = _resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!set [a]`: PyYAML says what is wrong
            return super().construct_mapping(node, deep=deep)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                hash(key)  # `key in seen` takes a set key as a frozenset; a set is no key
            except TypeError:
                mark = key_node.start_mark
                raise YamlProblem(
                    "yaml-syntax",
                    "a mapping key must be a plain value, not a list or mapping",
                    mark.line + 1,
                    mark.column + 1,
                ) from None
            if duplicate:
                mark = key_node.start_mark
                raise YamlProblem(
                    "yaml-duplicate-key",
                    f"duplicate key {key!r}: YAML would keep only the last one; "
                    "remove or rename one of them",
                    mark.line + 1,
                    mark.column + 1,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructors fail with plain exceptions on a value their tag cannot read
        (`!!float x` a ValueError, `!!bool x` a KeyError, an empty `!!float` an IndexError):
        each becomes a problem at the node."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, LookupError, TypeError, AttributeError, OverflowError):
            shown = _shown(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(
                "yaml-syntax",
                f"{shown!r} cannot be read as {tag}: remove the tag or fix the value",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            ) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        mark = node.start_mark
        raise YamlProblem(
            "yaml-unsafe-tag",
            f"the tag {node.tag} is not allowed in ledger files: remove it",
            mark.line + 1,
            mark.column + 1,
        )


def _refuse(node: yaml.Node, message: str) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem("schema", message, mark.line + 1, mark.column + 1)


def _construct_int(loader: LedgerLoader, node: yaml.ScalarNode) -> int:
    value = ledger_int(loader.construct_scalar(node))
    if isinstance(value, str):
        raise _refuse(node, value)
    return value


def _construct_float(loader: LedgerLoader, node: yaml.ScalarNode) -> float:
    value: float = loader.construct_yaml_float(node)
    problem = nonfinite_message(node.value, value)
    if problem:
        raise _refuse(node, problem)
    return value


LedgerLoader.add_constructor(None, LedgerLoader.construct_undefined)
LedgerLoader.add_constructor(INT_TAG, _construct_int)
LedgerLoader.add_constructor(FLOAT_TAG, _construct_float)


def _expanded_size(root: yaml.Node) -> int:
    """Node count with every alias expanded, computed once per distinct node."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = (
            [child for pair in node.value for child in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if done:
            sizes[key] = 1 + sum(sizes.get(id(child), 0) for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                return sizes[key]
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


class _NotPlain(Exception):
    """The text uses YAML beyond what the line reader handles: the full loader reads it."""


# Characters the line reader refuses outright (tabs, CR, controls, BOM, line separators):
# what the loader does with them is left to the loader.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
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
    r"|([A-Za-z0-9_\u00a0-\U0010ffff][^,\[\]{}#\"':]*+))([,\]])"
)
_FLOW_PAIR = re.compile(
    r" *+([A-Za-z_][A-Za-z0-9_-]*+): ++(?:\"([^\"\\]*+)\" *+|'((?:[^']|'')*+)' *+"
    r"|([A-Za-z0-9_\u00a0-\U0010ffff][^,\[\]{}#\"':]*+))([,}])"
)
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_(/.~$+")
_CONSTRUCT = yaml.constructor.SafeConstructor()
_KEY_IS_TEXT: dict[str, bool] = {}
_TEXT_KEYS: set[str] = set()  # the keys of _KEY_IS_TEXT that are text: one lookup a line


def _plain(text: str) -> Any:
    """A one-line plain scalar resolved with the loader's own implicit resolvers."""
    if ": " in text or text.endswith(":"):
        raise _NotPlain
    first = text[0]
    if first not in _PLAIN_START and first < "\xa0" and (first != "-" or text[1:2] in ("", " ")):
        raise _NotPlain
    for tag, regexp in LedgerLoader.yaml_implicit_resolvers.get(first, ()):
        if regexp.match(text):
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return first in "tT"
            if tag == INT_TAG:
                value = ledger_int(text)
                if isinstance(value, str):
                    raise _NotPlain  # the loader refuses it, with its place
                return value
            if tag == FLOAT_TAG:
                number = _CONSTRUCT.construct_yaml_float(yaml.ScalarNode(tag, text))
                if not math.isfinite(number):
                    raise _NotPlain
                return number
            raise _NotPlain  # merge keys and the like
    return text


# One-line scalars recur across files (statuses, nulls, ids, dates): each is read once a
# process. Only short ones, only immutable values (never a flow list or mapping).
_SCALARS: dict[str, Any] = {}
_SCALARS_KEPT = 50_000
_SCALAR_LENGTH = 80


def _scalar(rest: str) -> Any:
    """The value written after `key: ` or `- ` on one line."""
    try:
        return _SCALARS[rest]
    except KeyError:
        pass
    value = _read_scalar(rest)
    if len(rest) <= _SCALAR_LENGTH and not isinstance(value, list | dict):
        if len(_SCALARS) >= _SCALARS_KEPT:
            _SCALARS.clear()
        _SCALARS[rest] = value
    return value


def _read_scalar(rest: str) -> Any:
    first = rest[0]
    if first == '"':
        match = _DOUBLE.match(rest)
        if match is None:
            raise _NotPlain
        value = match.group(1)
        return value.replace('\\"', '"').replace("\\\\", "\\") if "\\" in value else value
    if first == "'":
        match = _SINGLE.match(rest)
        if match is None:
            raise _NotPlain
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
            raise _NotPlain
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
            raise _NotPlain
        key, double, single, plain, end = match.groups()
        if key in mapping or not _key_is_text(key):
            raise _NotPlain
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
        raise _NotPlain


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
    tokens: list[Token] = []
    append = tokens.append
    for indent, dash, key, rest in _LINE.findall(text):
        column = len(indent)
        if dash:
            if not key:
                append((column, None, rest if rest and rest[0] != "#" else ""))
                continue
            append((column, None, ""))
            column += len(dash)
        elif not key:
            if not rest or rest[0] == "#":
                continue
            raise _NotPlain
        if key not in _TEXT_KEYS and not _key_is_text(key):
            raise _NotPlain
        append((column, key, rest))
    return tokens


def _block(tokens: list[Token], at: int, end: int) -> tuple[Any, int]:
    column, key, _ = tokens[at]
    if key is None:
        return _sequence(tokens, at, end, column)
    return _mapping(tokens, at, end, column)


def _mapping(tokens: list[Token], at: int, end: int, column: int) -> tuple[Any, int]:
    mapping: dict[str, Any] = {}
    while at < end:
        where, key, rest = tokens[at]
        if where < column:
            break
        if where > column or key is None or key in mapping:
            raise _NotPlain
        at += 1
        if rest and rest[0] != "#":
            mapping[key] = _scalar(rest)
        elif at < end and tokens[at][0] > column:
            mapping[key], at = _block(tokens, at, end)
        elif at < end and tokens[at][0] == column and tokens[at][1] is None:
            mapping[key], at = _sequence(tokens, at, end, column)
        else:
            mapping[key] = None
    return mapping, at


def _sequence(tokens: list[Token], at: int, end: int, column: int) -> tuple[Any, int]:
    items: list[Any] = []
    while at < end:
        where, key, rest = tokens[at]
        if where < column or key is not None:
            break
        if where > column:
            raise _NotPlain
        at += 1
        if rest:
            items.append(_scalar(rest))
        elif at < end and tokens[at][0] > column:
            value, at = _block(tokens, at, end)
            items.append(value)
        else:
            items.append(None)
    return items, at


def _parse_plain(text: str) -> Any:
    """What the loader would build from text in the common subset; _NotPlain otherwise."""
    if _UNUSUAL.search(text):
        raise _NotPlain
    tokens = _tokens(text)
    if not tokens:
        return None
    value, at = _block(tokens, 0, len(tokens))
    if at != len(tokens):
        raise _NotPlain
    return value


def _too_deep(text: str) -> yaml.Mark | None:
    """Where collections first nest deeper than MAX_DEPTH, or None.

    libyaml's composer recurses in C: 50,000 nested "[" (100 kB) crash the interpreter and
    5,000 already cost seconds. Every collection opens with one of `[ { - ? :`, so their count
    bounds the depth; only a file past that bound pays for an event scan, which stops at the
    limit.

    Newer libyaml builds refuse nesting of their own past some depth (1,000 in PyYAML 6.0.3),
    and their scanner reads up to 1,024 characters ahead before the first event comes out, so
    that limit can fire before ours is seen. The text up to where it fired nests less than
    libyaml's limit, so libyaml scans that prefix instead: its events are the full text's (a
    collection whose `:` would lie past the cut spans the hundreds of levels on both sides of
    it, more than the 1,024 characters a key may take). Should the prefix not settle it,
    PyYAML's pure-Python parser, which has no limit of its own, scans the whole text.
    """
    if sum(text.count(char) for char in "[{-?:") <= MAX_DEPTH:
        return None
    try:
        return _first_too_deep(_BaseLoader, text)
    except _ParserLimit as limit:
        cut = _offset(text, limit.mark)
    try:
        found = _first_too_deep(_BaseLoader, text[:cut])
    except _ParserLimit:
        found = None
    if found is not None:
        return found
    try:
        return _first_too_deep(yaml.SafeLoader, text)
    except _ParserLimit:  # pragma: no cover - the pure-Python parser has no nesting limit
        return None


def _offset(text: str, mark: yaml.Mark) -> int:
    """The index in text of a mark's line and column (both counted in characters)."""
    start = 0
    for _ in range(mark.line):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start + mark.column


class _ParserLimit(Exception):
    """The parser gave up on nesting of its own accord, before our limit was found."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


def _first_too_deep(loader_class: type, text: str) -> yaml.Mark | None:
    """The first collection start past MAX_DEPTH, or None (also for a syntax error)."""
    loader = None
    depth = 0
    try:
        loader = loader_class(text)
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if _is_nesting_limit(error):
            mark = error.problem_mark  # type: ignore[attr-defined]
            raise _ParserLimit(mark) from None
        return None  # parsing proper reports it, with its place
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _is_nesting_limit(error: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), not a syntax error."""
    return isinstance(error, yaml.MarkedYAMLError) and "nesting depth" in (error.problem or "")


def _too_deep_problem(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        "yaml-syntax",
        f"lists and mappings nest more than {MAX_DEPTH} levels deep: "
        "a ledger record needs a few; write it flat",
        line,
        column,
    )


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """A character YAML does not allow, at its line and column, in one line of words."""
    character = error.character
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index == -1:
        line, column = 1, 1
    else:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
    shown = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return YamlProblem(
        "yaml-syntax",
        f"the character {shown} is not allowed in YAML (no control or special characters "
        "are): remove it",
        line,
        column,
    )


# A line holding `key: "quoted value" more text` (or a list item's): the group is the quote
# mark; what follows the closing mark is neither a comment nor the end of the line.
_QUOTED_THEN_TEXT = re.compile(
    r"""^[ \t]*(?:-[ \t]+)*(?:[^\s#'"][^#]*?:[ \t]+)?"""
    r"""(?:(")(?:[^"\\]|\\.)*"|(')(?:[^']|'')*')[ \t]*[^\s#]"""
)


def _text_after_quote(text: str, mark: yaml.Mark | None) -> str | None:
    """The plain-words message for text after a quoted value's closing quote mark, when the
    error's line is such a line and the error stands past the closing mark; else None."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    found = _QUOTED_THEN_TEXT.match(lines[mark.line])
    if found is None or mark.column < found.end() - 1:
        return None
    inside = '\\"' if found.group(1) else "''"
    return (
        "text after the closing quote mark of a quoted value: put the whole value inside "
        f"the quotes (and write a quote mark inside it as {inside} ) or remove the text "
        "after it"
    )


def parse(text: str) -> Any:
    """Parse one YAML document from text, raising YamlProblem for anything unacceptable."""
    try:
        return _parse_plain(text)
    except (_NotPlain, RecursionError):  # deep nesting: the loader path bounds it
        pass
    loader = None
    try:
        deep = _too_deep(text)
        if deep is not None:
            raise _too_deep_problem(deep.line + 1, deep.column + 1)
        loader = LedgerLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text and _expanded_size(node) > MAX_EXPANDED_NODES:
            raise YamlProblem(
                "yaml-alias-limit",
                f"anchors and aliases expand to more than {MAX_EXPANDED_NODES} values: "
                "write the values out instead of using aliases",
                1,
                1,
            )
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if _is_nesting_limit(error):
            raise _too_deep_problem(line, column) from None
        after_quote = _text_after_quote(text, mark)
        if after_quote is not None:
            raise YamlProblem("yaml-syntax", after_quote, line, column) from None
        what = error.problem or str(error)
        if error.context:
            what = f"{error.context}: {what}"
        raise YamlProblem("yaml-syntax", f"YAML syntax error: {what}", line, column) from None
    except yaml.reader.ReaderError as error:
        raise _reader_problem(text, error) from None
    except yaml.YAMLError as error:
        what = " ".join(str(error).split())
        raise YamlProblem("yaml-syntax", f"YAML error: {what}") from None
    finally:
        if loader is not None:
            loader.dispose()


# O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a file.
_OWN_FILE = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def not_a_file(mode: int) -> str:
    """Why a path that is not a regular file is refused, naming what it is."""
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    return f"the path is {what}, not a regular file: it was not read; commit a plain file"


@dataclass(frozen=True, slots=True)
class YamlText:
    """A file's text, or why it has none."""

    text: str | None
    problem: YamlProblem | None = None


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> YamlText:
    """Read a file as UTF-8, refusing files over the size limit before reading them.

    Only a regular file is read: a FIFO or a device would block or never end, so it is
    opened without waiting (O_NONBLOCK) and refused after one fstat, unread.
    """
    try:
        fd = os.open(path, _OWN_FILE | _NOFOLLOW)  # a link is the caller's to refuse
    except OSError as error:
        return YamlText(None, YamlProblem("unreadable", f"cannot read the file: {error.strerror}"))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return YamlText(None, YamlProblem("unreadable", not_a_file(info.st_mode)))
        size = info.st_size
        if size > limit:
            return YamlText(
                None,
                YamlProblem(
                    "file-too-large",
                    f"the file has {size} bytes, over the limit of {limit}: "
                    "a ledger record is a few hundred bytes; split or shorten it",
                ),
            )
        chunks = []
        while chunk := os.read(fd, max(size + 1, 4096)):
            chunks.append(chunk)
            size -= len(chunk)
            if size < -limit:  # it grew while being read
                break
        data = b"".join(chunks)
    except OSError as error:
        return YamlText(None, YamlProblem("unreadable", f"cannot read the file: {error.strerror}"))
    finally:
        os.close(fd)
    if len(data) > limit:
        return YamlText(
            None, YamlProblem("file-too-large", f"the file grew over the limit of {limit}")
        )
    try:
        return YamlText(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return YamlText(
            None,
            YamlProblem(
                "unreadable",
                "the file is not UTF-8: save it as UTF-8",
                line,
                column,
            ),
        )


def read_own_text(path: str, limit: int = MAX_FILE_BYTES) -> str | None:
    """The text of a regular UTF-8 file that is not a symbolic link, in one open, or None.

    The fast path for claim files: one open that refuses a link, one fstat, one read. None
    means "not simply readable" (a link, not a regular file, too large, not UTF-8, an error,
    or a system without O_NOFOLLOW); the caller then takes the slow path, which says why.
    """
    if not _NOFOLLOW:
        return None
    try:
        fd = os.open(path, _OWN_FILE | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        while chunk := os.read(fd, max(info.st_size + 1, 4096)):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:
                return None
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def locate(text: str, pointer: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the node at `pointer`, or of its nearest existing parent.

    A missing key points at the mapping that lacks it, which is where the fix goes.
    """
    try:
        node = yaml.compose(text, Loader=LedgerLoader)
    except yaml.YAMLError:
        return (1, 1)
    if node is None:
        return (1, 1)
    for step in pointer:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if _is_key(key_node, step):
                    child = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            child = node.value[step]
        if child is None:
            break
        node = child
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _is_key(node: yaml.Node, step: Any) -> bool:
    """Whether a key node reads as the key `step` (`null:` and `~:` as None, `1:` as 1)."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    if step is None:
        return node.tag == "tag:yaml.org,2002:null"
    if isinstance(step, bool):
        return node.tag == "tag:yaml.org,2002:bool" and (node.value[:1] in "tT") == step
    return node.value == str(step)
