"""percentage: a share of a whole, from 0 to 100, with a bound.

`value: {percentage: 40, bound: at-least}` admits 40% or more, so it is compatible with
"45%" and conflicts with "30%".
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ValueKind, bound_words, number_words
from .parts import Part, number_problem, parse_number
from .ranges import Interval, bounded
from .record import Bound, Record


class PercentageValue(Record):
    percentage: Annotated[
        Annotated[float, Field(ge=0, le=100)] | Annotated[int, Field(ge=0, le=100)],
        Field(description="a share of a whole, from 0 to 100: 40 for 40%"),
    ]
    bound: Bound = Bound.exact


class Percentage(ValueKind[PercentageValue]):
    name = "percentage"
    model = PercentageValue
    parts = (
        Part(
            "percentage",
            "Percentage (40 for 40%)",
            "A percentage, e.g. 40.",
            number_problem,
            convert=parse_number,
        ),
    )
    bounded = True
    summable = True

    def words(self, value: PercentageValue) -> str:
        return f"{bound_words(value.bound)}{number_words(value.percentage)}%"

    def interval(self, value: PercentageValue) -> Interval | None:
        return bounded(float(value.percentage), value.bound.value)


PERCENTAGE = Percentage()
