"""The value types of the ledger, in order: the one registry every other place reads.

Its order is the order of the claim schema's `oneOf`, of a property's `value_type` enum, of
the type keys `claims fmt` writes first and of the value options of `claims new`. A new
value type is a module of this package (its model and its ValueKind, see base.py) and its
line below. Everything built from the registry when the models are imported (the models'
value union, cached schema validators) registers with `on_change` to be built again when a
type is added later, as a test adds a toy type with `registered`.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any

from pydantic import Discriminator, Tag

from . import age, date, duration, entity, money, percentage, quantity, text
from .base import ValueKind

VALUE_TYPES: dict[str, ValueKind[Any]] = {
    "date": date.DATE,
    "quantity": quantity.QUANTITY,
    "money": money.MONEY,
    "percentage": percentage.PERCENTAGE,
    "duration": duration.DURATION,
    "age": age.AGE,
    "text": text.TEXT,
    "entity": entity.ENTITY,
}

_SHIPPED = dict(VALUE_TYPES)
_by_model: dict[type, ValueKind[Any]] = {}
_rebuilds: list[Callable[[], None]] = []


def _checked() -> None:
    """Refuse a registry whose names and models disagree, at start-up rather than mid-run."""
    for name, kind in VALUE_TYPES.items():
        if kind.name != name or name not in kind.model.model_fields:
            raise ValueError(f"value type {name!r}: its name must be its model's type key")
    _by_model.clear()
    _by_model.update({kind.model: kind for kind in VALUE_TYPES.values()})


_checked()


def kind_of(value: Any) -> ValueKind[Any] | None:
    """The value type of a built value (None for anything else)."""
    return _by_model.get(type(value))


def value_type_of(raw: Any) -> str | None:
    """The type of a value: a built value's class, or the first type key of a raw mapping."""
    known = _by_model.get(type(raw))
    if known is not None:
        return known.name
    if isinstance(raw, dict):
        for key in VALUE_TYPES:
            if key in raw:
                return key
    return None


def value_union() -> Any:
    """A claim's value: every type's model, tagged by its type key, in registry order."""
    tagged = [Annotated[kind.model, Tag(name)] for name, kind in VALUE_TYPES.items()]
    return Annotated[functools.reduce(operator.or_, tagged), Discriminator(value_type_of)]


def value_type_enum() -> type[Enum]:
    """A property's value_type: the names of the registry, as an enum named ValueType."""
    return Enum("ValueType", {name: name for name in VALUE_TYPES}, type=str)


def value_keys() -> tuple[str, ...]:
    """A value's keys in canonical order: the type keys, then the other fields, bound last."""
    keys = dict.fromkeys(VALUE_TYPES)
    for kind in VALUE_TYPES.values():
        keys.update(dict.fromkeys(name for name in kind.model.model_fields if name != "bound"))
    return (*keys, "bound")


def as_shipped() -> bool:
    """Whether the registry holds the package's own types and no other: what is built from
    it is then a function of the package's source alone."""
    return VALUE_TYPES.keys() == _SHIPPED.keys() and all(
        VALUE_TYPES[name] is kind for name, kind in _SHIPPED.items()
    )


def on_change(rebuild: Callable[[], None]) -> Callable[[], None]:
    """Have `rebuild` run whenever a type is added or removed (a decorator)."""
    _rebuilds.append(rebuild)
    return rebuild


@contextmanager
def registered(kind: ValueKind[Any]) -> Iterator[ValueKind[Any]]:
    """The registry with one more type, last, for a while; as it was afterwards."""
    if kind.name in VALUE_TYPES:
        raise ValueError(f"value type {kind.name!r} is registered already")
    VALUE_TYPES[kind.name] = kind
    try:
        _changed()
        yield kind
    finally:
        del VALUE_TYPES[kind.name]
        _changed()


def _changed() -> None:
    _checked()
    for rebuild in _rebuilds:
        rebuild()
