"""Comparing two claims on one key: agree, compatible, conflict, or review.

Each value is read as the range of reality it admits. Disjoint ranges conflict; one inside
(or overlapping) the other is compatible; equal ranges agree. Where a rule cannot decide
(other units or currencies, categorical differences, or ranges that meet only through the
fuzzy edge of "about", "~" or "?"), the outcome is review, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from .models import (
    AgeValue,
    Claim,
    DateValue,
    DurationValue,
    EntityValue,
    MoneyValue,
    PercentageValue,
    QuantityValue,
    TextValue,
    value_type_of,
)
from .values import Interval, birth_interval, bounded, date_interval, duration_interval
from .wording import value_words


class Outcome(str, Enum):
    agree = "agree"
    compatible = "compatible"
    conflict = "conflict"
    review = "review"


@dataclass(frozen=True, slots=True)
class Comparison:
    outcome: Outcome
    explanation: str


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


def _intervals(a: Interval, b: Interval, words: tuple[str, str]) -> Comparison:
    left, right = words
    if a == b:
        return Comparison(Outcome.agree, f"{left} and {right} admit the same values")
    if a.contains(b) or b.contains(a):
        inner, outer = (right, left) if a.contains(b) else (left, right)
        return Comparison(Outcome.compatible, f"{inner} lies within {outer}")
    if a.overlaps(b):
        return Comparison(Outcome.compatible, f"{left} and {right} overlap, so both can be true")
    if a.fuzzy.overlaps(b.fuzzy):
        return Comparison(
            Outcome.review,
            f"{left} and {right} meet only within the margin of an approximate value: "
            "a tension to review, not a proven conflict",
        )
    return Comparison(Outcome.conflict, f"{left} and {right} cannot both be true")


def interval_of(claim: Claim) -> Interval | None:
    value = claim.value
    if isinstance(value, DateValue):
        return date_interval(value.date)
    if isinstance(value, QuantityValue):
        return bounded(float(value.quantity), value.bound.value)
    if isinstance(value, MoneyValue):
        return bounded(float(value.money), value.bound.value)
    if isinstance(value, PercentageValue):
        return bounded(float(value.percentage), value.bound.value)
    if isinstance(value, DurationValue):
        return duration_interval(value.duration, value.bound.value)
    if isinstance(value, AgeValue):
        return bounded(float(value.age), value.bound.value)
    return None


def compare(
    a: Claim,
    b: Claim,
    within: Mapping[str, frozenset[str]] | None = None,
) -> Comparison:
    """How the values of two claims on the same key relate. Symmetric in its outcome.

    `within` maps an entity id to every entity it lies inside (Ufa: Bashkortostan, Russia),
    so "detained in Ufa" and "arrested in Russia" are compatible, not a review.
    """
    va, vb = a.value, b.value
    words = (value_words(va), value_words(vb))
    kind_a, kind_b = value_type_of(va), value_type_of(vb)
    if kind_a != kind_b:
        return Comparison(Outcome.review, f"a {kind_a} and a {kind_b} cannot be compared by rule")
    if isinstance(va, TextValue) and isinstance(vb, TextValue):
        if " ".join(va.text.lower().split()) == " ".join(vb.text.lower().split()):
            return Comparison(Outcome.agree, "the same text")
        return Comparison(Outcome.review, f"different descriptions: {words[0]!r} and {words[1]!r}")
    if isinstance(va, EntityValue) and isinstance(vb, EntityValue):
        if va.entity == vb.entity:
            return Comparison(Outcome.agree, "the same entity")
        nesting = within or {}
        if vb.entity in nesting.get(va.entity, ()):
            return Comparison(Outcome.compatible, f"{va.entity} lies within {vb.entity}")
        if va.entity in nesting.get(vb.entity, ()):
            return Comparison(Outcome.compatible, f"{vb.entity} lies within {va.entity}")
        return Comparison(Outcome.review, f"different entities: {va.entity} and {vb.entity}")
    if (
        isinstance(va, QuantityValue)
        and isinstance(vb, QuantityValue)
        and unit_of(va.unit) != unit_of(vb.unit)
    ):
        return Comparison(
            Outcome.review, f"different units ({va.unit}, {vb.unit}): not converted by rule"
        )
    if isinstance(va, MoneyValue) and isinstance(vb, MoneyValue) and va.currency != vb.currency:
        return Comparison(
            Outcome.review,
            f"different currencies ({va.currency}, {vb.currency}): never converted at a made-up rate",
        )
    if isinstance(va, AgeValue) and isinstance(vb, AgeValue):
        # Ages compare as the birth dates they allow, even at the same as_of: 65 and 66
        # "in 2024" are both true of someone whose birthday falls within that year.
        if va == vb:
            return Comparison(Outcome.agree, f"the same age: {words[0]}")
        if not (va.as_of and vb.as_of):
            return Comparison(Outcome.review, "an age without its date cannot be compared")
        born_a = birth_interval(va.age, va.as_of, va.bound.value)
        born_b = birth_interval(vb.age, vb.as_of, vb.bound.value)
        if born_a is None or born_b is None:
            return Comparison(Outcome.review, "an age whose date is open cannot fix a birth year")
        result = _intervals(born_a, born_b, words)
        return Comparison(result.outcome, result.explanation + " (as birth dates)")
    ia, ib = interval_of(a), interval_of(b)
    if ia is None or ib is None:
        return Comparison(Outcome.review, "a value could not be read as a range")
    return _intervals(ia, ib, words)
