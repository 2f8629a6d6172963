"""Building a record from data jsonschema-rs has passed, with Rust's regex engine.

The models match their patterns with Python's `re` (one call back into Python for each
slug, id and date of a claim: a fifth of building it). Data jsonschema-rs passed already
matches the same patterns there, where `$` is the end of the text and `\\d` an ASCII digit:
on such text Rust's engine and Python's agree for a pattern made only of anchors, literal
characters, ranges, `\\d`, groups and repeats. A model any of whose own patterns is not
such a pattern (`\\s` in an address, a lookahead in a duration) keeps Python's engine, so
its every match stays Python's. The validator is the model's own core schema with only that
setting changed: it builds the same instances of the same classes.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator

# A pattern both engines read alike on text jsonschema-rs passed: literal characters, `.`,
# \d, classes of those (no class within a class, as Rust reads `[[:alpha:]]`), anchors,
# plain and (?: groups (no lookaround, no inline flag), alternation and counted repeats.
_LITERAL = r"[A-Za-z0-9 /_:@%=,'\"<>!~#.-]|\\d"
_NEUTRAL = re.compile(
    rf"(?:{_LITERAL}|\[\^?(?:{_LITERAL})+\]|[*+?^$|)]|\((?!\?)|\(\?:|\{{\d+(?:,\d*)?\}})*+"
)
# what Rust reads in a class as an operation on sets, Python as characters
_SET_OPERATIONS = ("--", "&&", "~~")

_MADE: dict[type[BaseModel], tuple[Any, SchemaValidator]] = {}


def neutral(pattern: object) -> bool:
    """Whether Rust's regex engine and Python's match a pattern alike (see the module)."""
    return (
        isinstance(pattern, str)
        and _NEUTRAL.fullmatch(pattern) is not None
        and not any(operation in pattern for operation in _SET_OPERATIONS)
    )


def prechecked_validator(model: type[BaseModel]) -> SchemaValidator:
    """The validator of `model` with Rust's engine wherever that matches alike, made once
    for each build of the model (a model rebuilt when a value type is registered gets a
    new one)."""
    schema = model.__pydantic_core_schema__
    made = _MADE.get(model)
    if made is None or made[0] is not schema:
        made = _MADE[model] = (schema, _made(model, schema))
    return made[1]


def _made(model: type[BaseModel], schema: Any) -> SchemaValidator:
    """The validator from the changed schema, each model in it built anew: by default the
    validator of a model class already built is taken whole, its setting with it. Where the
    option to build anew is not there, the model's own validator (Python's engine)."""
    top = schema["schema"] if schema["type"] == "definitions" else schema
    try:  # (the model's own setting, Python's engine, for any pattern outside a model)
        return SchemaValidator(_with_rust(schema), top["config"], _use_prebuilt=False)  # type: ignore[call-arg]
    except TypeError:  # pragma: no cover - a pydantic-core without the option
        return model.__pydantic_validator__  # type: ignore[return-value]


def _with_rust(node: Any) -> Any:
    """A copy of a core schema (its dicts and lists; the classes and functions in it are
    shared) whose models with neutral patterns only use Rust's engine."""
    if isinstance(node, list):
        return [_with_rust(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _with_rust(value) for key, value in node.items()}
    config = copied.get("config")
    is_model = copied.get("type") == "model" and isinstance(config, dict)
    if is_model and all(map(neutral, _own_patterns(node["schema"]))):
        copied["config"] = {**config, "regex_engine": "rust-regex"}
    return copied


def _own_patterns(node: Any) -> list[Any]:
    """The patterns in a model's schema, not those of the models within it (they have their
    own setting)."""
    if isinstance(node, list):
        return [pattern for item in node for pattern in _own_patterns(item)]
    if not isinstance(node, dict) or node.get("type") == "model":
        return []
    found = [node["pattern"]] if "pattern" in node else []
    for value in node.values():
        found += _own_patterns(value)
    return found
