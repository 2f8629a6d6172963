"""quantity: a count of something, in a unit that is a singular noun, with a bound.

`value: {quantity: 1040, unit: person, bound: more-than}` admits every count above 1,040,
so it is compatible with "1,200 people" and conflicts with "900 people". Counts in other
units ("person" and "household") are never converted: comparing them is a review.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Pair, ValueKind, bound_words, number_words
from .outcomes import Comparison, Outcome, said
from .parts import Part, number_problem, parse_number
from .ranges import Interval, bounded
from .record import Bound, Record


class QuantityValue(Record):
    quantity: float | int
    unit: Annotated[str, Field(min_length=1, max_length=60)]
    bound: Bound = Bound.exact


_IRREGULAR = {
    "people": "person",
    "persons": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
}


def unit_of(unit: str) -> str:
    """A unit's singular, so "people" and "person" count the same thing."""
    unit = unit.strip().lower()
    if unit in _IRREGULAR:
        return _IRREGULAR[unit]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def unit_words(unit: str, amount: float) -> str:
    """A unit as counted: "1 person", "12 people", "3 households" (units are singular nouns)."""
    if amount == 1:
        return unit
    head, _, last = unit.rpartition(" ")
    lower = last.lower()
    if lower in _PLURALS:
        last = _PLURALS[lower]
    elif lower in _PLURALS.values() or (lower.endswith("s") and not lower.endswith("ss")):
        pass  # written plural already
    elif lower.endswith(("ss", "x", "z", "ch", "sh")):
        last += "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("", "a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


class Quantity(ValueKind[QuantityValue]):
    name = "quantity"
    model = QuantityValue
    parts = (
        Part(
            "quantity",
            "Number",
            "A count, e.g. 1040 (with --unit; --bound for 'more than' etc.).",
            number_problem,
            convert=parse_number,
        ),
        Part(
            "unit",
            "Unit, a singular noun (person, case, year)",
            "The unit of --quantity, a singular noun: person, case.",
            lambda text, _known: None if 0 < len(text) <= 60 else "a unit is a short singular noun",
        ),
    )
    bounded = True
    summable = True

    def words(self, value: QuantityValue) -> str:
        amount = number_words(value.quantity)
        return f"{bound_words(value.bound)}{amount} {unit_words(value.unit, value.quantity)}"

    def interval(self, value: QuantityValue) -> Interval | None:
        return bounded(float(value.quantity), value.bound.value)

    def measure(self, value: QuantityValue) -> str | None:
        return unit_of(value.unit)

    def compare(self, pair: Pair[QuantityValue]) -> Comparison:
        a, b = pair.a, pair.b
        if unit_of(a.unit) != unit_of(b.unit):
            return Comparison(
                Outcome.review,
                said(f"different units ({a.unit}, {b.unit}): not converted by rule"),
            )
        return super().compare(pair)


QUANTITY = Quantity()
