"""Finding where a value stands in a YAML file: only for files that fail, by composing the
file again and following the error's path to its node."""

from __future__ import annotations

from typing import Any

import yaml

from .yamlloader import LedgerLoader


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
