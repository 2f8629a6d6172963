"""Comparing two claims on one key: agree, compatible, conflict, or review.

Each value is read as the range of reality it admits. Disjoint ranges conflict; one inside
(or overlapping) the other is compatible; equal ranges agree. Where a rule cannot decide
(other units or currencies, categorical differences, or ranges that meet only through the
fuzzy edge of "about", "~" or "?"), the outcome is review, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    """An outcome and why. The why is worded only when read: a report compares every pair
    in every group, and shows only the few that disagree."""

    outcome: Outcome
    explain: Callable[[], str] = field(repr=False, compare=False)

    @property
    def explanation(self) -> str:
        return self.explain()


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


def _intervals(a: Interval, b: Interval, words: Callable[[], tuple[str, str]]) -> Comparison:
    if a == b:
        return Comparison(Outcome.agree, lambda: "{} and {} admit the same values".format(*words()))
    if a.contains(b) or b.contains(a):
        swap = a.contains(b)

        def within() -> str:
            left, right = words()
            inner, outer = (right, left) if swap else (left, right)
            return f"{inner} lies within {outer}"

        return Comparison(Outcome.compatible, within)
    if a.overlaps(b):
        return Comparison(
            Outcome.compatible, lambda: "{} and {} overlap, so both can be true".format(*words())
        )
    if a.fuzzy.overlaps(b.fuzzy):
        return Comparison(
            Outcome.review,
            lambda: (
                "{} and {} meet only within the margin of an approximate value: "
                "a tension to review, not a proven conflict".format(*words())
            ),
        )
    return Comparison(Outcome.conflict, lambda: "{} and {} cannot both be true".format(*words()))


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


def _said(text: str) -> Callable[[], str]:
    return lambda: text


def compare(
    a: Claim,
    b: Claim,
    within: Mapping[str, frozenset[str]] | None = None,
    interval: Callable[[Claim], Interval | None] = interval_of,
) -> Comparison:
    """How the values of two claims on the same key relate. Symmetric in its outcome.

    `within` maps an entity id to every entity it lies inside (Ufa: Bashkortostan, Russia),
    so "detained in Ufa" and "arrested in Russia" are compatible, not a review. `interval`
    reads a claim's value as a range: a caller comparing one claim many times may remember it.
    """
    va, vb = a.value, b.value

    def words() -> tuple[str, str]:
        return value_words(va), value_words(vb)

    kind_a, kind_b = value_type_of(va), value_type_of(vb)
    if kind_a != kind_b:
        return Comparison(
            Outcome.review, _said(f"a {kind_a} and a {kind_b} cannot be compared by rule")
        )
    if isinstance(va, TextValue) and isinstance(vb, TextValue):
        if " ".join(va.text.lower().split()) == " ".join(vb.text.lower().split()):
            return Comparison(Outcome.agree, _said("the same text"))
        return Comparison(
            Outcome.review, lambda: "different descriptions: {!r} and {!r}".format(*words())
        )
    if isinstance(va, EntityValue) and isinstance(vb, EntityValue):
        if va.entity == vb.entity:
            return Comparison(Outcome.agree, _said("the same entity"))
        nesting = within or {}
        if vb.entity in nesting.get(va.entity, ()):
            return Comparison(Outcome.compatible, _said(f"{va.entity} lies within {vb.entity}"))
        if va.entity in nesting.get(vb.entity, ()):
            return Comparison(Outcome.compatible, _said(f"{vb.entity} lies within {va.entity}"))
        return Comparison(Outcome.review, _said(f"different entities: {va.entity} and {vb.entity}"))
    if (
        isinstance(va, QuantityValue)
        and isinstance(vb, QuantityValue)
        and unit_of(va.unit) != unit_of(vb.unit)
    ):
        return Comparison(
            Outcome.review,
            _said(f"different units ({va.unit}, {vb.unit}): not converted by rule"),
        )
    if isinstance(va, MoneyValue) and isinstance(vb, MoneyValue) and va.currency != vb.currency:
        return Comparison(
            Outcome.review,
            _said(
                f"different currencies ({va.currency}, {vb.currency}): "
                "never converted at a made-up rate"
            ),
        )
    if isinstance(va, AgeValue) and isinstance(vb, AgeValue):
        # Ages compare as the birth dates they allow, even at the same as_of: 65 and 66
        # "in 2024" are both true of someone whose birthday falls within that year.
        if va == vb:
            return Comparison(Outcome.agree, lambda: f"the same age: {words()[0]}")
        if not (va.as_of and vb.as_of):
            return Comparison(Outcome.review, _said("an age without its date cannot be compared"))
        born_a = birth_interval(va.age, va.as_of, va.bound.value)
        born_b = birth_interval(vb.age, vb.as_of, vb.bound.value)
        if born_a is None or born_b is None:
            return Comparison(
                Outcome.review, _said("an age whose date is open cannot fix a birth year")
            )
        result = _intervals(born_a, born_b, words)
        return Comparison(result.outcome, lambda: result.explanation + " (as birth dates)")
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return Comparison(Outcome.review, _said("a value could not be read as a range"))
    return _intervals(ia, ib, words)
