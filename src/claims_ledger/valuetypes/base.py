"""What a value type is: its model, how it is typed, worded, ranged and compared.

Each module of this package defines one subclass of ValueKind and one instance of it, and
the registry in `__init__` lists the instances; nothing outside this package names a type.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from .outcomes import Comparison, Outcome, compare_ranges, said
from .parts import Part
from .ranges import Interval
from .record import Bound, Record

V = TypeVar("V", bound=Record)


@dataclass(frozen=True, slots=True)
class Pair(Generic[V]):
    """Two values of one type to compare, and what comparing them may need of the run.

    `words` and `ranges` are asked only when needed: a report compares every pair of every
    group, and a caller comparing one claim many times remembers its range.
    """

    a: V
    b: V
    words: Callable[[], tuple[str, str]]
    ranges: Callable[[], tuple[Interval | None, Interval | None]]
    within: Mapping[str, frozenset[str]]  # an entity id: every entity it lies inside


class ValueKind(ABC, Generic[V]):
    """One value type. Its name is the type key of its values (`date: "2019"`), the name it
    has in the registry and a property's value_type."""

    name: str
    model: type[V]  # the pydantic model; no docstring, which would change the schemas
    parts: tuple[Part, ...]  # how `claims new` takes it, option by option
    bounded: bool = False  # takes --bound (about, more-than ...)
    quoted: tuple[str, ...] = ()  # fields `claims fmt` always double-quotes (dates, periods)
    summable: bool = False  # parts of a whole (part_of) add up to it

    @abstractmethod
    def words(self, value: V) -> str:
        """The value as a report says it: "more than 1,040 people", "spring 2020"."""

    def interval(self, value: V) -> Interval | None:
        """The range of reality the value admits; None when it is not a range."""
        return None

    def problem(self, value: V) -> str | None:
        """Why a schema-valid value is still unusable (bad EDTF, unknown currency), or None."""
        return None

    def measure(self, value: V) -> str | None:
        """What an amount is counted in (a unit, a currency): only like is summed with like."""
        return None

    def compare(self, pair: Pair[V]) -> Comparison:
        """How two values of this type relate; by default as the ranges they admit."""
        a, b = pair.ranges()
        if a is None or b is None:
            return Comparison(Outcome.review, said("a value could not be read as a range"))
        return compare_ranges(a, b, pair.words)


_BOUND_WORDS = {
    "exact": "",
    "about": "about ",
    "more-than": "more than ",
    "at-least": "at least ",
    "fewer-than": "fewer than ",
    "at-most": "at most ",
}


def bound_words(bound: Bound) -> str:
    """The words before a bounded amount: "more than ", or nothing for an exact one."""
    return _BOUND_WORDS.get(bound.value, "")


def number_words(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,}"
