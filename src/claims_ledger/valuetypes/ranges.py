"""What a value admits of reality, as an interval on a line (days for dates, numbers for
amounts): the common ground on which values of one type are compared and summed."""

from __future__ import annotations

from dataclasses import dataclass

INF = float("inf")


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a claim admits. `low_open`/`high_open` exclude the end itself.

    `fuzzy_*` widen it for "about", "~" and "?": values there are a tension, not a conflict.
    None as a bound means the text leaves that side open (never a bound we made up).
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    fuzzy_low: float | None = None
    fuzzy_high: float | None = None

    @property
    def fuzzy(self) -> Interval:
        return Interval(
            self.low if self.fuzzy_low is None else self.fuzzy_low,
            self.high if self.fuzzy_high is None else self.fuzzy_high,
            self.low_open and self.fuzzy_low is None,
            self.high_open and self.fuzzy_high is None,
        )

    def contains(self, other: Interval) -> bool:
        """Every value of `other` is a value of self."""
        low_ok = self.low < other.low or (
            self.low == other.low and (not self.low_open or other.low_open)
        )
        high_ok = self.high > other.high or (
            self.high == other.high and (not self.high_open or other.high_open)
        )
        return low_ok and high_ok

    def overlaps(self, other: Interval) -> bool:
        """Some value is admitted by both."""
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        return not (other.high == self.low and (other.high_open or self.low_open))


ABOUT = 0.10  # "about 300" admits 270..330 as a tension, not a conflict


def bounded(amount: float, bound: str) -> Interval:
    """The interval a bound puts around an amount: "more than 1,040" is (1040, inf)."""
    return bounded_range(amount, amount, bound)


def bounded_range(low: float, high: float, bound: str) -> Interval:
    """The interval a bound puts around a value that itself spans [low, high].

    "More than" lies beyond all of it, "at least" reaches down to its lowest, "about" keeps
    it and widens it by ABOUT as a fuzzy margin.
    """
    if bound == "more-than":
        return Interval(high, INF, low_open=True)
    if bound == "at-least":
        return Interval(low, INF)
    if bound == "fewer-than":
        return Interval(-INF, low, high_open=True)
    if bound == "at-most":
        return Interval(-INF, high)
    if bound == "about":
        return Interval(
            low,
            high,
            fuzzy_low=low - abs(low) * ABOUT,
            fuzzy_high=high + abs(high) * ABOUT,
        )
    return Interval(low, high)
