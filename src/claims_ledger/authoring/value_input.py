"""Typed values as people type them: the parts of each value type, and a check for each part.

`claims new` takes a value part by part (--quantity 1040 --unit person --bound more-than);
each part is checked where it is given, so a mistake is named with the option that made it,
and the assembled value is validated by its model before anything is written. Each value
type declares its parts in its module (valuetypes/); this module reads them from the
registry, so a type registered later is typed like the others.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import LedgerError
from ..records.layout import ENTITIES
from ..records.loading import Ledger
from ..records.valuetypes import VALUE_TYPES
from ..records.valuetypes.parts import BOUND_HELP, Part, bound_problem
from ..records.valuetypes.parts import BOUNDS as BOUNDS
from ..records.valuetypes.parts import parse_number as parse_number
from ..records.valuetypes.parts import unknown_name as unknown_name

Asked = tuple[tuple[str, str, bool], ...]  # (field, prompt, optional) of each part, in order


class _Parts(Mapping[str, Asked]):
    """Each value type's parts, read from the registry when asked. bound is asked last."""

    def __getitem__(self, kind: str) -> Asked:
        return tuple((part.name, part.prompt, part.optional) for part in VALUE_TYPES[kind].parts)

    def __iter__(self) -> Iterator[str]:
        return iter(VALUE_TYPES)

    def __len__(self) -> int:
        return len(VALUE_TYPES)


class _Bounded(Set[str]):
    """The value types that take --bound (default exact), read from the registry when asked."""

    def __contains__(self, kind: object) -> bool:
        found = VALUE_TYPES.get(kind) if isinstance(kind, str) else None
        return found is not None and found.bounded

    def __iter__(self) -> Iterator[str]:
        return (name for name, kind in VALUE_TYPES.items() if kind.bounded)

    def __len__(self) -> int:
        return sum(1 for _ in self)


VALUE_PARTS: Mapping[str, Asked] = _Parts()
BOUNDED: Set[str] = _Bounded()


def _parts() -> dict[str, Part]:
    """Every part of every type by its name (one option); the first type to name it wins."""
    found: dict[str, Part] = {}
    for kind in VALUE_TYPES.values():
        for part in kind.parts:
            found.setdefault(part.name, part)
    return found


def value_options() -> list[str]:
    """The name of every value option, sorted: each part of each type, and bound."""
    return sorted({*_parts(), "bound"})


VALUE_OPTIONS = value_options()  # as the registry stood when the command line was built


def value_option_help() -> dict[str, str]:
    """Each value option's help in `claims new --help`, by name."""
    return {**{name: part.help for name, part in _parts().items()}, "bound": BOUND_HELP}


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


@dataclass(frozen=True, slots=True)
class _Known:
    entities: Collection[str]
    entities_file: str


def value_checks(ledger: Ledger) -> dict[str, Callable[[str], str | None]]:
    """The check of each part (and of bound), against the ledger's names where it needs them."""
    known = _Known(ledger.entities.keys(), ENTITIES)

    def bind(part: Part) -> Callable[[str], str | None]:
        return lambda text: part.check(text, known)

    checks = {name: bind(part) for name, part in _parts().items()}
    checks["bound"] = bound_problem
    return checks


def finish_value(kind: str, parts: dict[str, Any]) -> dict[str, Any]:
    """The value from its checked parts: numbers as numbers, the currency upper-case."""
    value = dict(parts)
    for name, part in _parts().items():
        if name in value and part.convert is not None:
            value[name] = part.convert(value[name])
    try:
        VALUE_TYPES[kind].model.model_validate(value)
    except ValidationError as error:
        raise LedgerError(f"the value is not a valid {kind}: {error.errors()[0]['msg']}") from None
    return value
