"""How two values of one type relate: agree, compatible, conflict, or review, and why.

Disjoint ranges conflict; one inside (or overlapping) the other is compatible; equal ranges
agree; ranges that meet only through the fuzzy edge of "about", "~" or "?" are a review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from .ranges import Interval


class Outcome(str, Enum):
    agree = "agree"
    compatible = "compatible"
    conflict = "conflict"
    review = "review"


@dataclass(frozen=True, slots=True)
class Comparison:
    """An outcome and why. The why is worded only when read, and then kept: a report
    compares every pair in every group and shows only the few that disagree, while a pair
    of values shared by many claims is read once for each of them."""

    outcome: Outcome
    explain: Callable[[], str] = field(repr=False, compare=False)
    _worded: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def explanation(self) -> str:
        worded = self._worded
        if worded is None:
            worded = self.explain()
            object.__setattr__(self, "_worded", worded)  # frozen: a memo, not a change
        return worded


def said(text: str) -> Callable[[], str]:
    """An explanation already worded."""
    return lambda: text


def compare_ranges(a: Interval, b: Interval, words: Callable[[], tuple[str, str]]) -> Comparison:
    """How two ranges of reality relate; `words` gives the two values in words, when read."""
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
