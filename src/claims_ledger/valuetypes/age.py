"""age: a person's age in whole years, as of an EDTF date, with a bound.

Ages compare as the birth dates they allow, even at the same as_of: 65 and 66 "in 2024" are
both true of someone whose birthday falls within that year, while 61 on 3 March 2024 and 70
in 2024 cannot both be. An age without its date cannot be compared: that is a review.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Pair, ValueKind, bound_words
from .date import DAYS_PER_YEAR, date_interval, date_words, edtf_problem
from .outcomes import Comparison, Outcome, compare_ranges, said
from .parts import Known, Part, parse_number
from .ranges import INF, Interval, bounded
from .record import EDTF, Bound, Record


class AgeValue(Record):
    age: Annotated[int, Field(ge=0, le=150)]
    as_of: EDTF | None = None
    bound: Bound = Bound.exact


def birth_interval(age: int, as_of: str, bound: str = "exact") -> Interval | None:
    """The days a birth date can fall on, given an age in whole years at a date.

    Ages are whole years, so "more than 60" means 61 or older; "about 66" keeps its margin
    as the fuzzy edge of the birth dates, as it does when two ages are compared directly.
    """
    when = date_interval(as_of)
    if when is None or when.low == -INF or when.high == INF:
        return None
    ages = bounded(float(age), bound)

    def born(ages: Interval) -> tuple[float, float]:
        youngest = ages.low + 1 if ages.low_open else ages.low
        oldest = ages.high - 1 if ages.high_open else ages.high
        # Born on day b, aged n on day d means b in (d - (n + 1) years, d - n years].
        low = when.low - (oldest + 1) * DAYS_PER_YEAR if oldest != INF else -INF
        high = when.high - youngest * DAYS_PER_YEAR if youngest != -INF else INF
        return low, high

    low, high = born(ages)
    fuzzy_low, fuzzy_high = born(ages.fuzzy)
    return Interval(
        low,
        high,
        low_open=low != -INF,
        fuzzy_low=fuzzy_low if fuzzy_low != low else None,
        fuzzy_high=fuzzy_high if fuzzy_high != high else None,
    )


def _typed_problem(text: str, _known: Known) -> str | None:
    parsed = parse_number(text)
    if not isinstance(parsed, int) or not 0 <= parsed <= 150:
        return f"{text!r} is not an age in whole years (0 to 150)"
    return None


class Age(ValueKind[AgeValue]):
    name = "age"
    model = AgeValue
    parts = (
        Part(
            "age",
            "Age in whole years",
            "An age in whole years (with --as-of).",
            _typed_problem,
            convert=parse_number,
        ),
        Part(
            "as_of",
            "As of what date (EDTF; empty if the text does not say)",
            "The EDTF date at which --age holds.",
            lambda text, _known: edtf_problem(text),
            optional=True,
        ),
    )
    bounded = True
    quoted = ("as_of",)

    def words(self, value: AgeValue) -> str:
        when = f" in {date_words(value.as_of)}" if value.as_of else ""
        return f"{bound_words(value.bound)}{value.age} years old{when}"

    def interval(self, value: AgeValue) -> Interval | None:
        return bounded(float(value.age), value.bound.value)

    def problem(self, value: AgeValue) -> str | None:
        if value.as_of is None:
            return None
        problem = edtf_problem(value.as_of)
        return f"as_of: {problem}" if problem else None

    def compare(self, pair: Pair[AgeValue]) -> Comparison:
        a, b = pair.a, pair.b
        if a == b:
            return Comparison(Outcome.agree, lambda: f"the same age: {pair.words()[0]}")
        if not (a.as_of and b.as_of):
            return Comparison(Outcome.review, said("an age without its date cannot be compared"))
        born_a = birth_interval(a.age, a.as_of, a.bound.value)
        born_b = birth_interval(b.age, b.as_of, b.bound.value)
        if born_a is None or born_b is None:
            return Comparison(
                Outcome.review, said("an age whose date is open cannot fix a birth year")
            )
        result = compare_ranges(born_a, born_b, pair.words)
        return Comparison(result.outcome, lambda: result.explanation + " (as birth dates)")


AGE = Age()
