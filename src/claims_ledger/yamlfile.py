"""Reading one YAML file safely and fast, and finding where a value stands in it.

The read path uses PyYAML's C-accelerated safe loader with three changes: duplicate keys are
an error (PyYAML would keep the last silently), timestamps stay strings and only true/false
are booleans (no YAML 1.1 surprises), and aliases are bounded so a "billion laughs" file is an
error rather than a hang. Line and column are recovered only for files that fail, by
composing the file again and following the error's path to its node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000


class YamlProblem(Exception):
    """A file that is not acceptable ledger YAML, with the place it went wrong (1-based)."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers less timestamps, with YAML 1.2 booleans only."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in _BaseLoader.yaml_implicit_resolvers.items():
        kept = [
            (tag, regexp)
            for tag, regexp in entries
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        if kept:
            table[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).insert(0, ("tag:yaml.org,2002:bool", strict_bool))
    return table


class LedgerLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader for ledger files: see the module docstring for what differs."""

    yaml_implicit_resolvers = _resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
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

    def construct_undefined(self, node: yaml.Node) -> Any:
        mark = node.start_mark
        raise YamlProblem(
            "yaml-unsafe-tag",
            f"the tag {node.tag} is not allowed in ledger files: remove it",
            mark.line + 1,
            mark.column + 1,
        )


LedgerLoader.add_constructor(None, LedgerLoader.construct_undefined)


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


def parse(text: str) -> Any:
    """Parse one YAML document from text, raising YamlProblem for anything unacceptable."""
    loader = LedgerLoader(text)
    try:
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
        what = error.problem or str(error)
        if error.context:
            what = f"{error.context}: {what}"
        raise YamlProblem("yaml-syntax", f"YAML syntax error: {what}", line, column) from None
    except yaml.YAMLError as error:
        raise YamlProblem("yaml-syntax", f"YAML error: {error}") from None
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class YamlText:
    """A file's text, or why it has none."""

    text: str | None
    problem: YamlProblem | None = None


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> YamlText:
    """Read a file as UTF-8, refusing files over the size limit before reading them."""
    try:
        size = path.stat().st_size
        if size > limit:
            return YamlText(
                None,
                YamlProblem(
                    "file-too-large",
                    f"the file has {size} bytes, over the limit of {limit}: "
                    "a ledger record is a few hundred bytes; split or shorten it",
                ),
            )
        data = path.read_bytes()
    except OSError as error:
        return YamlText(None, YamlProblem("unreadable", f"cannot read the file: {error.strerror}"))
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
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
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
