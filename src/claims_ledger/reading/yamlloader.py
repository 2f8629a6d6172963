"""The safe loader for ledger YAML and its limits.

It is PyYAML's C-accelerated safe loader with these changes: duplicate keys are an error
(PyYAML would keep the last silently), timestamps stay strings and only true/false are
booleans (no YAML 1.1 surprises), numbers must be finite and at most 300 digits long, and
the size of a document with its aliases expanded can be measured, so that a "billion laughs"
file is an error rather than a hang.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from .yamlproblem import YamlProblem

try:
    from yaml import CSafeLoader as BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]

MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 100
MAX_NUMBER_DIGITS = 300  # a float holds up to about 1e308; Python refuses str(int) past 4,300


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
    for first, entries in BaseLoader.yaml_implicit_resolvers.items():
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


class LedgerLoader(BaseLoader):  # type: ignore[misc,valid-type]
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


def expanded_size(root: yaml.Node) -> int:
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
