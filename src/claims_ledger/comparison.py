"""Comparing two claims on one key: agree, compatible, conflict, or review.

Each value is read as the range of reality it admits, and its value type (valuetypes/)
decides how two of its values relate. Disjoint ranges conflict; one inside (or overlapping)
the other is compatible; equal ranges agree. Where a rule cannot decide (other units or
currencies, categorical differences, or ranges that meet only through the fuzzy edge of
"about", "~" or "?"), the outcome is review, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .models import Claim
from .valuetypes import VALUE_TYPES, kind_of, value_type_of
from .valuetypes.base import Pair
from .valuetypes.outcomes import Comparison as Comparison
from .valuetypes.outcomes import Outcome as Outcome
from .valuetypes.outcomes import said
from .valuetypes.quantity import unit_of as unit_of
from .valuetypes.ranges import Interval
from .wording import value_words


def interval_of(claim: Claim) -> Interval | None:
    """The range of reality a claim's value admits; None for a value that is not a range."""
    kind = kind_of(claim.value)
    return kind.interval(claim.value) if kind is not None else None


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
    if kind_a != kind_b or kind_a is None:
        return Comparison(
            Outcome.review, said(f"a {kind_a} and a {kind_b} cannot be compared by rule")
        )
    pair = Pair(va, vb, words, lambda: (interval(a), interval(b)), within or {})
    return VALUE_TYPES[kind_a].compare(pair)
